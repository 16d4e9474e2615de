package held

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Aliases returns the alias function of InstanceOf and Config for the
// local variables declared in nodes: a variable defined once (:= or var
// with a value), never assigned again nor address-taken, stands for its
// value when that is a selector chain (c := s.conn) or a function literal
// (unlock := func() {...}).
func Aliases(info *types.Info, nodes ...ast.Node) func(*types.Var) ast.Expr {
	return AliasesOf(info, nil, nodes...)
}

// AliasesOf is Aliases over nodes already listed (a pre-scan's lists of a
// body's nodes, see internal/prescan: they must include every
// *ast.AssignStmt, *ast.ValueSpec, *ast.RangeStmt, *ast.IncDecStmt and
// address-of *ast.UnaryExpr of the body) and over the subtrees of walk,
// which it walks itself. A pass that has its function bodies pre-scanned
// lists them and walks only the rest of its files.
func AliasesOf(info *types.Info, listed [][]ast.Node, walk ...ast.Node) func(*types.Var) ast.Expr {
	aliases := map[*types.Var]ast.Expr{}
	assigned := map[*types.Var]int{}
	count := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		if v, ok := obj.(*types.Var); ok {
			assigned[v]++
			return v
		}
		return nil
	}
	visit := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				v := count(lhs)
				if v != nil && n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					aliases[v] = n.Rhs[i]
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				v := count(name)
				if v != nil && len(n.Names) == len(n.Values) {
					aliases[v] = n.Values[i]
				}
			}
		case *ast.RangeStmt:
			count(n.Key)
			if n.Value != nil {
				count(n.Value)
			}
		case *ast.IncDecStmt:
			count(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				count(n.X) // address taken: may change
			}
		}
		return true
	}
	for _, nodes := range listed {
		for _, n := range nodes {
			visit(n)
		}
	}
	for _, root := range walk {
		ast.Inspect(root, visit)
	}
	for v, e := range aliases {
		_, isLit := e.(*ast.FuncLit)
		if assigned[v] != 1 || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() || !(isSelectorChain(e) || isLit) {
			delete(aliases, v)
		}
	}
	return func(v *types.Var) ast.Expr { return aliases[v] }
}

func isSelectorChain(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		return isSelectorChain(e.X)
	case *ast.Ident:
		return true
	}
	return false
}
