package guard_test

import (
	"fmt"
	"go/ast"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/internal/directive"
	"github.com/cowlint/cowlint/internal/guard"
)

func init() {
	// Let ignore directives name the test analyzer.
	directive.Analyzers = append(directive.Analyzers, "flagbad")
}

var flagbad = &analysis.Analyzer{
	Name: "flagbad",
	Doc:  "test-only: report calls to bad",
	Run: guard.Run(func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "bad" {
						pass.Reportf(call.Pos(), "call to bad")
					}
				}
				return true
			})
		}
		return nil, nil
	}),
}

func TestDirectivesAndGenerated(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), flagbad, "g")
}

var explode = &analysis.Analyzer{
	Name: "explode",
	Doc:  "test-only: reports in fine, then panics in explode",
	Run: guard.Run(func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				fn := d.(*ast.FuncDecl)
				guard.At(pass, fn.Pos())
				if fn.Name.Name == "explode" {
					var m map[string]int
					m["boom"]++ // a real runtime panic
				}
				pass.Reportf(fn.Pos(), "visited %s", fn.Name.Name)
			}
		}
		return nil, nil
	}),
}

// recorder satisfies analysistest.Testing and keeps what it is told.
type recorder struct{ errors []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestPanicBecomesError(t *testing.T) {
	rec := new(recorder)
	results := analysistest.Run(rec, analysistest.TestData(), explode, "boom")
	if len(results) != 1 {
		t.Fatalf("got %d results, want 1", len(results))
	}
	err := results[0].Err
	if err == nil {
		t.Fatal("a panicking analyzer returned no error")
	}
	msg := err.Error()
	for _, want := range []string{
		`analyzer explode panicked`,
		`package boom`,
		`boom.go:6:1`, // the position recorded by guard.At: func explode
		`assignment to entry in nil map`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if !regexp.MustCompile(`(?m)^panic\(`).MatchString(msg) {
		t.Errorf("error lacks the stack from the panic:\n%s", msg)
	}
}

// Under go vet a panic is a diagnostic in category InternalError at the
// position being analyzed, and the analyzer's earlier diagnostics survive.
func TestPanicAsDiagnostic(t *testing.T) {
	guard.PanicsAsDiagnostics = true
	defer func() { guard.PanicsAsDiagnostics = false }()
	rec := new(recorder)
	results := analysistest.Run(rec, analysistest.TestData(), explode, "boom")
	if len(results) != 1 {
		t.Fatalf("got %d results, want 1", len(results))
	}
	res := results[0]
	if res.Err != nil {
		t.Fatalf("got error %v, want a diagnostic", res.Err)
	}
	var internal, visited int
	for _, d := range res.Diagnostics {
		posn := res.Pass.Fset.Position(d.Pos)
		switch {
		case d.Category == guard.InternalError:
			internal++
			if posn.Line != 6 || !strings.Contains(d.Message, "analyzer explode panicked analyzing package boom") {
				t.Errorf("internal error diagnostic at %v: %q", posn, d.Message)
			}
		case d.Message == "visited fine":
			visited++
		}
	}
	if internal != 1 || visited != 1 {
		t.Errorf("got %d internal-error and %d earlier diagnostics, want 1 and 1: %v", internal, visited, res.Diagnostics)
	}
}
