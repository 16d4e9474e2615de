package held_test

import (
	"go/ast"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/lockop"
)

// probe reports, at each call of a function named probe, the locks
// certainly held there according to the analysis of the enclosing
// declaration, by instance (or class when the instance is unknown), "!"
// marking read locks. Lock operations are classified with the package's
// Lockers (a mutex's method taken as a value is an operation).
var probe = &analysis.Analyzer{
	Name: "probe",
	Doc:  "reports the locks held at each probe() call",
	Run: func(pass *analysis.Pass) (any, error) {
		lockers := lockop.NewLockers(pass.TypesInfo, pass.Files)
		entries := held.NewEntries(pass.TypesInfo, pass.Files, func(*ast.FuncDecl) held.Config { return held.Config{Lockers: lockers} })
		for _, file := range pass.Files {
			for _, decl := range file.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				f := entries.Func(fd)
				ast.Inspect(fd, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "probe" {
						return true
					}
					var names []string
					for _, l := range f.At(call.Pos()) {
						name := l.Class
						if l.Inst.Known() {
							name = l.Inst.String()
						}
						if l.Shared {
							name += "!"
						}
						names = append(names, name)
					}
					pass.Reportf(call.Pos(), "held: %s", strings.Join(names, " "))
					return true
				})
			}
		}
		return nil, nil
	},
}

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "held")
}
