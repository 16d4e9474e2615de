package driver_test

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/guard"
)

// The test binary doubles as a cowlint command over these two analyzers
// (see TestMain), so that the driver is tested with a fact that crosses a
// package boundary, related positions, a suggested fix and a panic.

// unsafeCall reports calls to functions whose name starts with "Unsafe",
// known in the calling package only through a fact exported by the
// declaring package. Its fix calls the function named without the prefix.
var unsafeCall = &analysis.Analyzer{
	Name:      "unsafecall",
	Doc:       "unsafecall: report calls to functions marked unsafe in their package\n\nA test analyzer of the driver.",
	URL:       "https://example.com/unsafecall",
	FactTypes: []analysis.Fact{new(markedUnsafe)},
	Run:       guard.Run(runUnsafeCall),
}

// markedUnsafe marks a function declared with a name starting "Unsafe".
type markedUnsafe struct{}

func (*markedUnsafe) AFact()         {}
func (*markedUnsafe) String() string { return "markedUnsafe" }

func runUnsafeCall(pass *analysis.Pass) (any, error) {
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if strings.HasPrefix(fn.Name.Name, "Unsafe") {
				pass.ExportObjectFact(pass.TypesInfo.Defs[fn.Name], new(markedUnsafe))
			}
			checkCalls(pass, fn)
		}
	}
	return nil, nil
}

func checkCalls(pass *analysis.Pass, fn *ast.FuncDecl) {
	ast.Inspect(fn, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		callee, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
		if !ok || !pass.ImportObjectFact(callee, new(markedUnsafe)) {
			return true
		}
		pass.Report(analysis.Diagnostic{
			Pos:     call.Pos(),
			End:     call.End(),
			Message: "call to " + callee.Pkg().Name() + "." + callee.Name() + ", marked unsafe in its package",
			Related: []analysis.RelatedInformation{{Pos: fn.Name.Pos(), End: fn.Name.End(), Message: "in function " + fn.Name.Name}},
			SuggestedFixes: []analysis.SuggestedFix{{
				Message:   "call " + strings.TrimPrefix(callee.Name(), "Unsafe") + "Safe instead",
				TextEdits: []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("Safe")}},
			}},
		})
		return true
	})
}

// panicky panics on the package named boom, and reports nothing elsewhere.
var panicky = &analysis.Analyzer{
	Name: "panicky",
	Doc:  "panicky: panic on package boom\n\nA test analyzer of the driver.",
	Run: guard.Run(func(pass *analysis.Pass) (any, error) {
		if pass.Pkg.Name() == "boom" {
			guard.At(pass, pass.Files[0].Package)
			panic("boom")
		}
		return nil, nil
	}),
}
