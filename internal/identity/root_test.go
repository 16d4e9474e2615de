package identity

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// TestRoot checks Root's walk and the steps it gives the policy, on the
// right-hand side of each assignment to _ in src.
func TestRoot(t *testing.T) {
	const src = `package p

type T struct {
	f   int
	arr [2]int
	s   []int
	m   map[int]int
	p   *T
}

var g T

func F(x T, p *T, a [2]T, s []T, m map[int]T) {
	_ = x.f
	_ = p.f
	_ = x.arr[0]
	_ = x.s[0]
	_ = x.m[0]
	_ = *p
	_ = *x.p
	_ = a[1].f
	_ = s[1].f
	_ = m[1].f
	_ = g.p.f
	_ = F
	_ = len(s)
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	names := map[Step]string{StepField: "field", StepArray: "array", StepIndex: "index", StepMap: "map", StepDeref: "deref"}
	want := []struct{ root, steps string }{
		{"x", "field"},
		{"p", "field"},
		{"x", "array field"},
		{"x", "index field"},
		{"x", "map field"},
		{"p", "deref"},
		{"x", "deref field"},
		{"a", "field array"},
		{"s", "field index"},
		{"m", "field map"},
		{"g", "field field"},
		{"", ""}, // a function, not a variable
		{"", ""}, // a call, not a path
	}
	i := 0
	ast.Inspect(f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		var steps string
		v := Root(info, as.Rhs[0], func(s Step, _ ast.Expr) bool {
			if steps != "" {
				steps += " "
			}
			steps += names[s]
			return true
		})
		root := ""
		if v != nil {
			root = v.Name()
		}
		if i >= len(want) {
			t.Fatalf("more assignments than expectations")
		}
		if v == nil {
			steps = "" // steps walked before finding no variable
		}
		if root != want[i].root || steps != want[i].steps {
			t.Errorf("%s: Root = %q with steps %q, want %q with %q", fset.Position(as.Pos()), root, steps, want[i].root, want[i].steps)
		}
		i++
		return false
	})
	if i != len(want) {
		t.Errorf("%d assignments, want %d", i, len(want))
	}
	// A refused step ends the walk with no root: x.m[0] without map
	// entries, x.f with it.
	var rhs []ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			rhs = append(rhs, as.Rhs[0])
		}
		return true
	})
	noMap := func(s Step, _ ast.Expr) bool { return s != StepMap }
	if v := Root(info, rhs[4], noMap); v != nil {
		t.Errorf("Root(x.m[0]) refusing map entries = %v, want nil", v)
	}
	if v := Root(info, rhs[0], noMap); v == nil || v.Name() != "x" {
		t.Errorf("Root(x.f) refusing map entries = %v, want x", v)
	}
}
