package prescan

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

const src = `package p

func f(p *int) {
	g(h(1), func() { k(); m(n()) })
	*p++
	x := &p
	_ = -1
	var y, z = 1, 2
	for i := range y + z {
		_ = i
	}
	go func() { q() }()
	defer r()
	return
}

func nobody()

func g2() (int, int) {
	switch v := any(1).(type) {
	case int:
		_ = v
	}
	return 1, 2
}
`

// TestScan checks the lists against a plain ast.Inspect and the calls
// Calls finds inside a literal's body.
func TestScan(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := run(&analysis.Pass{Fset: fset, Files: []*ast.File{file}})
	if err != nil {
		t.Fatal(err)
	}
	res := got.(*Result)
	if len(res.Funcs) != 2 {
		t.Fatalf("got %d functions, want 2 (bodiless nobody skipped)", len(res.Funcs))
	}
	for _, fn := range res.Funcs {
		var nodes []ast.Node
		var calls []*ast.CallExpr
		ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				calls = append(calls, n)
				nodes = append(nodes, n)
			case *ast.AssignStmt, *ast.IncDecStmt, *ast.ReturnStmt, *ast.TypeSwitchStmt, *ast.DeferStmt, *ast.GoStmt, *ast.FuncLit, *ast.RangeStmt, *ast.ValueSpec, *ast.CompositeLit, *ast.SendStmt:
				nodes = append(nodes, n)
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					nodes = append(nodes, n)
				}
			}
			return true
		})
		if !slices.Equal(fn.Nodes, nodes) || !slices.Equal(fn.Calls, calls) {
			t.Errorf("%s: nodes or calls differ from ast.Inspect's", fn.Decl.Name.Name)
		}
		if c, ok := res.Calls(fn.Decl.Body); !ok || !slices.Equal(c, fn.Calls) {
			t.Errorf("%s: Calls(body) = %d calls, %v", fn.Decl.Name.Name, len(c), ok)
		}
	}
	// The first literal of f holds k(), m(n()) and n().
	var lit *ast.FuncLit
	for _, n := range res.Funcs[0].Nodes {
		if l, ok := n.(*ast.FuncLit); ok {
			lit = l
			break
		}
	}
	calls, ok := res.Calls(lit.Body)
	var names []string
	for _, c := range calls {
		names = append(names, c.Fun.(*ast.Ident).Name)
	}
	if !ok || !slices.Equal(names, []string{"k", "m", "n"}) {
		t.Errorf("Calls(literal body) = %v, %v; want [k m n], true", names, ok)
	}
	if _, ok := res.Calls(&ast.BlockStmt{Lbrace: file.End() + 1, Rbrace: file.End() + 2}); ok {
		t.Errorf("Calls(body outside every function) reported ok")
	}
}

// A panic in the pre-scan (here on a malformed syntax tree) is recovered
// and named by guard, and Of then tells the passes that require it that
// there is no result.
func TestPanicRecovered(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", "package p\n\nfunc f() {}\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Decls[0].(*ast.FuncDecl).Body.List = []ast.Stmt{nil} // ast.Inspect panics on a nil statement
	pass := &analysis.Pass{
		Analyzer: Analyzer,
		Fset:     fset,
		Files:    []*ast.File{f},
		Pkg:      types.NewPackage("example.com/p", "p"),
		ResultOf: map[*analysis.Analyzer]any{},
		Report:   func(analysis.Diagnostic) {},
	}
	res, err := Analyzer.Run(pass)
	if err == nil || !strings.Contains(err.Error(), "analyzer cowlintprescan panicked analyzing package example.com/p") {
		t.Fatalf("Run = %v, %v; want an error naming the analyzer and package", res, err)
	}
	pass.ResultOf[Analyzer] = res
	if _, ok := Of(pass); ok {
		t.Errorf("Of reports a result after the pre-scan failed")
	}
}
