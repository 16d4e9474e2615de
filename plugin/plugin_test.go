package plugin

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/suite"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil) // no settings: everything, defaults
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	all := suite.Analyzers()
	if len(got) != len(all) {
		t.Errorf("BuildAnalyzers gave %d analyzers, the suite has %d", len(got), len(all))
	}
	for i := range min(len(got), len(all)) {
		if got[i] != all[i] {
			t.Errorf("analyzer %d is %s, want the suite's own %s (shared by pointer)", i, got[i].Name, all[i].Name)
		}
	}
	if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", mode, register.LoadModeTypesInfo)
	}
}

// fakeAnalyzers are three analyzers, one with flags, to test settings
// whatever the suite holds.
func fakeAnalyzers() ([]*analysis.Analyzer, *int, *bool) {
	var limit int
	var strict bool
	withFlags := &analysis.Analyzer{Name: "withflags"}
	withFlags.Flags.IntVar(&limit, "limit", 10, "a limit")
	withFlags.Flags.BoolVar(&strict, "strict", false, "be strict")
	return []*analysis.Analyzer{{Name: "one"}, {Name: "two"}, withFlags}, &limit, &strict
}

func names(as []*analysis.Analyzer) string {
	var n []string
	for _, a := range as {
		n = append(n, a.Name)
	}
	return strings.Join(n, ",")
}

func TestSettings(t *testing.T) {
	for _, tc := range []struct {
		settings Settings
		want     string
	}{
		{Settings{}, "one,two,withflags"},
		{Settings{Enable: []string{"two"}}, "two"},
		{Settings{Disable: []string{"one"}}, "two,withflags"},
		{Settings{Enable: []string{"one", "two"}, Disable: []string{"two"}}, "one"},
	} {
		all, _, _ := fakeAnalyzers()
		got, err := tc.settings.apply(all)
		if err != nil {
			t.Errorf("%+v: %v", tc.settings, err)
		} else if names(got) != tc.want {
			t.Errorf("%+v: got %s, want %s", tc.settings, names(got), tc.want)
		}
	}
}

func TestOptions(t *testing.T) {
	all, limit, strict := fakeAnalyzers()
	// Values as YAML decodes them: numbers, booleans, strings.
	s := Settings{Options: map[string]map[string]any{"withflags": {"limit": 3, "strict": true}}}
	if _, err := s.apply(all); err != nil {
		t.Fatal(err)
	}
	if *limit != 3 || !*strict {
		t.Errorf("limit=%d strict=%v, want 3 true", *limit, *strict)
	}
}

func TestSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		raw  any
		want string
	}{
		{map[string]any{"enabel": []string{"one"}}, `unknown field "enabel" (known settings: enable, disable, options)`},
		{map[string]any{"enable": "one"}, "cannot unmarshal string"},
	} {
		_, err := New(tc.raw)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%v) = %v, want an error containing %q", tc.raw, err, tc.want)
		}
	}
	for _, tc := range []struct {
		settings Settings
		want     string
	}{
		{Settings{Enable: []string{"three"}}, `enable: unknown analyzer "three" (known: one, two, withflags)`},
		{Settings{Disable: []string{"three"}}, `disable: unknown analyzer "three"`},
		{Settings{Options: map[string]map[string]any{"three": {}}}, `options: unknown analyzer "three"`},
		{Settings{Options: map[string]map[string]any{"one": {"x": 1}}}, `options: analyzer one has no flags (asked to set "x")`},
		{Settings{Options: map[string]map[string]any{"withflags": {"limt": 1}}}, `options: analyzer withflags has no flag "limt" (known: limit, strict)`},
		{Settings{Options: map[string]map[string]any{"withflags": {"limit": "many"}}}, `options: withflags.limit: parse error`},
	} {
		all, _, _ := fakeAnalyzers()
		_, err := tc.settings.apply(all)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want an error containing %q", tc.settings, err, tc.want)
		}
	}
}
