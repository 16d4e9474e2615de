package suite_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/directive"
	"github.com/cowlint/cowlint/internal/docs"
	"github.com/cowlint/cowlint/suite"
)

// The names ignore directives accept are exactly the registered analyzers
// that report findings (directive only checks the directives).
func TestDirectiveNamesMatchSuite(t *testing.T) {
	var names []string
	for _, a := range suite.Analyzers() {
		if a.Name != "directive" {
			names = append(names, a.Name)
		}
	}
	slices.Sort(names)
	known := slices.Sorted(slices.Values(directive.Analyzers))
	if !slices.Equal(names, known) {
		t.Errorf("directive.Analyzers = %v, registered analyzers = %v", known, names)
	}
}

// Every analyzer follows the house style: a doc extracted from doc.go whose
// first line is "name: title" (title lowercase, no period, at most 60 characters),
// a URL, and Run. And it is valid as a set.
func TestAnalyzerMetadata(t *testing.T) {
	as := suite.Analyzers()
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		first, _, _ := strings.Cut(a.Doc, "\n")
		if !strings.HasPrefix(first, a.Name+": ") {
			t.Errorf("%s: Doc does not start with %q: %q", a.Name, a.Name+": ", first)
		}
		title := docs.Title(a.Doc)
		if len(title) > 60 || strings.HasSuffix(title, ".") || title == "" || !unicode.IsLower(rune(title[0])) {
			t.Errorf("%s: title line %q must be lowercase, without a period, at most 60 characters after the name", a.Name, first)
		}
		if a.URL == "" {
			t.Errorf("%s: no URL", a.Name)
		}
	}
}

// Every analyzer's Doc is its doc.go's "# Analyzer <name>" section, and its
// doc_gen.go is exactly what go generate writes from doc.go today: a doc.go
// edited without rerunning go generate fails here.
func TestDocsGenerated(t *testing.T) {
	for _, a := range suite.Analyzers() {
		dir := filepath.Join("..", "passes", a.Name)
		src, err := os.ReadFile(filepath.Join(dir, "doc.go"))
		if err != nil {
			t.Fatal(err)
		}
		text := docs.MustExtract(string(src), a.Name)
		if a.Doc != text {
			t.Errorf("%s: Doc differs from doc.go's section: run go generate ./passes/%s", a.Name, a.Name)
		}
		want, err := docs.Generate(a.Name, text)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, "doc_gen.go"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: doc_gen.go is not what go generate writes: run go generate ./passes/%s", a.Name, a.Name)
		}
	}
}

// ownAnalyzers lists the suite's analyzers and the ones of ours they
// require (internal/prescan), each once: those of x/tools and honnef are
// not ours to wrap.
func ownAnalyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] || !strings.HasPrefix(a.URL, "https://github.com/cowlint/cowlint") {
			return
		}
		seen[a] = true
		out = append(out, a)
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for _, a := range suite.Analyzers() {
		visit(a)
	}
	return out
}

// Every analyzer of ours, required ones included, has its Run wrapped by
// guard.Run: fed a pass without type
// information, each one that gets far enough to use it panics, and the
// panic must come back as an error naming the analyzer.
func TestEveryAnalyzerRecoversPanics(t *testing.T) {
	const src = `package p

import (
	"sync"
	"sync/atomic"
)

var mu sync.Mutex
var n atomic.Int64

func F() { mu.Lock(); n.Store(1); mu.Unlock() }
`
	for _, a := range ownAnalyzers() {
		t.Run(a.Name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			pkg := types.NewPackage("example.com/p", "p")
			pkg.SetImports([]*types.Package{types.NewPackage("sync", "sync"), types.NewPackage("sync/atomic", "atomic")})
			pass := &analysis.Pass{
				Analyzer:          a,
				Fset:              fset,
				Files:             []*ast.File{f},
				Pkg:               pkg,
				TypesInfo:         nil, // any use panics
				ResultOf:          map[*analysis.Analyzer]any{},
				Report:            func(analysis.Diagnostic) {},
				ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
				ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
				ExportObjectFact:  func(types.Object, analysis.Fact) {},
				ExportPackageFact: func(analysis.Fact) {},
				AllObjectFacts:    func() []analysis.ObjectFact { return nil },
				AllPackageFacts:   func() []analysis.PackageFact { return nil },
			}
			// Required analyzers run first, so that the analyzer itself
			// gets far enough to meet the missing type information.
			for _, r := range a.Requires {
				rp := *pass
				rp.Analyzer = r
				res, err := r.Run(&rp)
				if err != nil {
					t.Fatalf("required analyzer %s: %v", r.Name, err)
				}
				pass.ResultOf[r] = res
			}
			var runErr error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s let a panic escape (is Run wrapped by guard.Run?): %v", a.Name, r)
					}
				}()
				_, runErr = a.Run(pass)
			}()
			switch {
			case runErr == nil:
				t.Logf("%s needed no type information on this input", a.Name)
			case !strings.Contains(runErr.Error(), "analyzer "+a.Name+" panicked analyzing package example.com/p"):
				t.Errorf("%s: error does not name the analyzer and package: %v", a.Name, runErr)
			}
		})
	}
}
