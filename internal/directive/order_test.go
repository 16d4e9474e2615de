package directive

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

// TestOrder checks the grammar of lockorder's //cowlint:order directive.
func TestOrder(t *testing.T) {
	for _, tc := range []struct {
		text    string
		order   []string
		problem bool
	}{
		{"//cowlint:order Server.mu < Conn.mu", []string{"Server.mu", "Conn.mu"}, false},
		{"//cowlint:order A.mu<B.mu < example.com/x.C.mu // why", []string{"A.mu", "B.mu", "example.com/x.C.mu"}, false},
		{"//cowlint:order Node.mu < Node.mu", []string{"Node.mu", "Node.mu"}, false},
		{"//cowlint:order Server.mu", nil, true},
		{"//cowlint:order Server.mu <", nil, true},
		{"//cowlint:order Server mu < Conn.mu", nil, true},
		{"//cowlint:order", nil, true},
	} {
		src := "package p\n\n" + tc.text + "\nvar x int\n"
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		ds := Parse(fset, []*ast.File{f})
		if len(ds) != 1 {
			t.Fatalf("%q: %d directives", tc.text, len(ds))
		}
		d := ds[0]
		if d.Verb != Order || !slices.Equal(d.Order, tc.order) || (d.Problem != "") != tc.problem {
			t.Errorf("%q: got order %q, problem %q; want %q, problem %v", tc.text, d.Order, d.Problem, tc.order, tc.problem)
		}
	}
}
