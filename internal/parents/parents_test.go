package parents

import (
	"go/ast"
	"go/parser"
	"testing"
)

func TestOf(t *testing.T) {
	e, err := parser.ParseExpr("f((x) + 1)")
	if err != nil {
		t.Fatal(err)
	}
	var idents []*ast.Ident
	m := Build(e, func(n ast.Node) {
		if id, ok := n.(*ast.Ident); ok {
			idents = append(idents, id)
		}
	})
	if len(idents) != 2 || idents[0].Name != "f" || idents[1].Name != "x" {
		t.Fatalf("visit saw %v, want f then x", idents)
	}
	call := e.(*ast.CallExpr)
	bin := call.Args[0].(*ast.BinaryExpr)
	if got := m.Of(idents[1]); got != ast.Node(bin) {
		t.Errorf("Of(x) = %T, want the binary expression (parentheses skipped)", got)
	}
	if _, ok := m[idents[1]].(*ast.ParenExpr); !ok {
		t.Errorf("m[x] = %T, want the parenthesis itself", m[idents[1]])
	}
	if got := m.Of(bin); got != ast.Node(call) {
		t.Errorf("Of(x + 1) = %T, want the call", got)
	}
	if got := m.Of(call); got != nil {
		t.Errorf("Of(root) = %T, want nil", got)
	}
}
