// Package parents maps the nodes of a syntax tree to their parents: the
// upward step go/ast does not give, which the passes ask when judging an
// expression by the statement or call it sits in (a Load compared in a
// loop's condition, a region value stored by an assignment).
//
// The map is built by one walk of the tree; a caller gathering more from
// the tree passes a visit function and needs no second walk.
package parents

import "go/ast"

// A Map gives each node under the root it was built from its parent;
// the root has none.
type Map map[ast.Node]ast.Node

// Build walks root once, records each node's parent, and calls visit (if
// not nil) on each node, parents before children.
func Build(root ast.Node, visit func(ast.Node)) Map {
	m := Map{}
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			m[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		if visit != nil {
			visit(n)
		}
		return true
	})
	return m
}

// Of returns the parent of n, skipping parentheses: the node the value
// of n is used by. It is nil for the root and for nodes not under it.
func (m Map) Of(n ast.Node) ast.Node {
	p := m[n]
	for {
		if _, ok := p.(*ast.ParenExpr); !ok {
			return p
		}
		p = m[p]
	}
}
