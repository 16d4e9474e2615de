// Package plugin registers cowlint as a golangci-lint v2 module plugin
// named "cowlint", exposing every cowlint analyzer.
//
// A custom golangci-lint is built with this package linked in (see
// docs/integrations.md: golangci-lint custom with a .custom-gcl.yml, or a small wrapper
// module), and .golangci.yml enables it:
//
//	version: "2"
//	linters:
//	  default: none
//	  enable: [cowlint]
//	  settings:
//	    custom:
//	      cowlint:
//	        type: module
//	        description: Go concurrency bugs
//	        settings:
//	          disable: [publish]
//	          options:
//	            lockorder: {dot: /tmp/lockgraphs}
//
// The settings are decoded strictly: an unknown setting, analyzer or
// analyzer flag is an error that says what is known.
package plugin

import (
	"flag"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/suite"
)

// Name is the plugin's name: the key under linters.settings.custom in
// .golangci.yml.
const Name = "cowlint"

func init() {
	register.Plugin(Name, New)
}

// Settings are cowlint's settings in .golangci.yml
// (linters.settings.custom.cowlint.settings).
type Settings struct {
	// Enable, if not empty, lists the only analyzers to run.
	Enable []string `json:"enable"`
	// Disable lists analyzers not to run.
	Disable []string `json:"disable"`
	// Options sets analyzer flags, as on the command line's
	// -analyzer.flag=value: analyzer name -> flag name -> value.
	Options map[string]map[string]any `json:"options"`
}

// New is the plugin's constructor, called by golangci-lint with the raw
// settings.
func New(rawSettings any) (register.LinterPlugin, error) {
	// One finding, one issue: golangci-lint would make each related
	// location an issue of its own.
	guard.RelatedInMessage = true
	settings, err := register.DecodeSettings[Settings](rawSettings)
	if err != nil {
		return nil, fmt.Errorf("cowlint: %w (known settings: enable, disable, options)", err)
	}
	analyzers, err := settings.apply(suite.Analyzers())
	if err != nil {
		return nil, fmt.Errorf("cowlint: %w", err)
	}
	return &linter{analyzers: analyzers}, nil
}

// apply selects the analyzers and sets their flags.
func (s Settings) apply(all []*analysis.Analyzer) ([]*analysis.Analyzer, error) {
	byName := map[string]*analysis.Analyzer{}
	var names []string
	for _, a := range all {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	known := func(setting string, list []string) error {
		for _, n := range list {
			if byName[n] == nil {
				return fmt.Errorf("%s: unknown analyzer %q (known: %s)", setting, n, strings.Join(names, ", "))
			}
		}
		return nil
	}
	if err := known("enable", s.Enable); err != nil {
		return nil, err
	}
	if err := known("disable", s.Disable); err != nil {
		return nil, err
	}

	optionNames := make([]string, 0, len(s.Options))
	for n := range s.Options {
		optionNames = append(optionNames, n)
	}
	sort.Strings(optionNames)
	if err := known("options", optionNames); err != nil {
		return nil, err
	}
	for _, name := range optionNames {
		if err := setFlags(byName[name], s.Options[name]); err != nil {
			return nil, err
		}
	}

	var selected []*analysis.Analyzer
	for _, a := range all {
		if (len(s.Enable) == 0 || slices.Contains(s.Enable, a.Name)) && !slices.Contains(s.Disable, a.Name) {
			selected = append(selected, a)
		}
	}
	return selected, nil
}

// setFlags sets an analyzer's flags from their .golangci.yml values.
func setFlags(a *analysis.Analyzer, values map[string]any) error {
	flagNames := make([]string, 0, len(values))
	for n := range values {
		flagNames = append(flagNames, n)
	}
	sort.Strings(flagNames)
	for _, n := range flagNames {
		f := a.Flags.Lookup(n)
		if f == nil {
			var known []string
			a.Flags.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
			if len(known) == 0 {
				return fmt.Errorf("options: analyzer %s has no flags (asked to set %q)", a.Name, n)
			}
			return fmt.Errorf("options: analyzer %s has no flag %q (known: %s)", a.Name, n, strings.Join(known, ", "))
		}
		if err := f.Value.Set(fmt.Sprint(values[n])); err != nil {
			return fmt.Errorf("options: %s.%s: %v", a.Name, n, err)
		}
	}
	return nil
}

// linter is the register.LinterPlugin golangci-lint asks for analyzers.
type linter struct {
	analyzers []*analysis.Analyzer
}

func (l *linter) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return l.analyzers, nil
}

// GetLoadMode asks for type information: cowlint's analyzers need it.
func (l *linter) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
