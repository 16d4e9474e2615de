package publish_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/passes/publish"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), publish.Analyzer, "basic", "snapshot", "slot", "synced", "traps", "dynamic", "dyna", "dynb", "serialize", "serializemain", "wholestore", "a", "b")
}

// TestSyntactic checks the syntactic check that a function over the size
// budget gets: on its own fixtures (budget 0: every function gets it),
// and on every fixture package, that it reports nothing the full analysis
// does not report the same way.
func TestSyntactic(t *testing.T) {
	dir := analysistest.TestData()
	restore := publish.SetSizeBudget(0)
	analysistest.Run(t, dir, publish.Analyzer, "syntactic")
	restore()

	entries, err := os.ReadDir(filepath.Join(dir, "src"))
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string // every fixture package (not module stubs such as golang.org)
	for _, e := range entries {
		if e.IsDir() && !strings.Contains(e.Name(), ".") {
			pkgs = append(pkgs, e.Name())
		}
	}
	findings := func() map[string]bool {
		out := map[string]bool{}
		for _, r := range analysistest.Run(quiet{}, dir, publish.Analyzer, pkgs...) {
			for _, d := range r.Diagnostics {
				out[r.Pass.Fset.Position(d.Pos).String()+": "+d.Message] = true
			}
		}
		return out
	}
	full := findings()
	restore = publish.SetSizeBudget(0)
	defer restore()
	syntactic := findings()
	if len(syntactic) == 0 {
		t.Fatal("the syntactic check found nothing in the fixtures")
	}
	for d := range syntactic {
		if !full[d] && !strings.Contains(d, "cowlint:ignore directive for publish silences nothing") { // a serialization finding it does not look for
			t.Errorf("the syntactic check reports what the full analysis does not: %s", d)
		}
	}
	t.Logf("the syntactic check finds %d of the full analysis's %d findings", len(syntactic), len(full))
}

// quiet ignores analysistest's complaints about expectations: TestSyntactic
// compares the findings of two runs instead.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}
