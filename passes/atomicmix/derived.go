package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"
)

// derivedUse returns a local that val uses and that holds a value computed
// from v (the loaded value) in b's body, other than v itself unchanged.
//
// Representation: the AST, as for the rest of the lost-update rule, whose
// pairing of a Load with the Store it reaches walks go/cfg over the AST and
// names the variable by expression. The derivation is a must-analysis over
// locals whose address is never taken: a local is derived when every
// assignment to it in the body (its declaration included) is computed from
// derived locals, and compound assignments (w |= bit) and w++ keep it so.
// A local reassigned from something else (w = reload()) on any path is not
// derived, so a Store of a full reload stays silent; the price is that a
// clamp (if v > max { v = max }) is not seen either.
func (c *checker) derivedUse(b *bodyOps, decl *ast.FuncDecl, v *types.Var, val ast.Expr) *types.Var {
	info := c.pass.TypesInfo
	writes := c.writesIn(decl)
	// Collect the assignments to locals in b's own body.
	type assign struct {
		rhs      ast.Expr // nil for an assignment from a multi-valued call or range
		compound bool
	}
	assigns := map[*types.Var][]assign{}
	lhsVar := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		w, _ := obj.(*types.Var)
		if w == nil || w.IsField() || w.Pkg() == nil || w.Parent() == w.Pkg().Scope() {
			return nil
		}
		return w
	}
	ast.Inspect(funcBody(b.body), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				w := lhsVar(lhs)
				if w == nil {
					continue
				}
				a := assign{compound: n.Tok != token.ASSIGN && n.Tok != token.DEFINE}
				if len(n.Lhs) == len(n.Rhs) {
					a.rhs = n.Rhs[i]
				}
				assigns[w] = append(assigns[w], a)
			}
		case *ast.IncDecStmt:
			if w := lhsVar(n.X); w != nil {
				assigns[w] = append(assigns[w], assign{compound: true})
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if w := lhsVar(e); w != nil {
					assigns[w] = append(assigns[w], assign{})
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if w := lhsVar(name); w != nil {
					a := assign{}
					if len(n.Values) == len(n.Names) {
						a.rhs = n.Values[i]
					}
					assigns[w] = append(assigns[w], a)
				}
			}
		}
		return true
	})
	// v is derived, changed when assigned by a compound assignment.
	derived := map[*types.Var]bool{v: true}
	changed := map[*types.Var]bool{}
	for _, a := range assigns[v] {
		if a.compound {
			changed[v] = true
		}
	}
	// A local is derived when all its assignments but compound ones
	// are computed from derived locals. Iterate to a fixpoint.
	for progress := true; progress; {
		progress = false
		for w, as := range assigns {
			if derived[w] || writes.address[w] || len(as) == 0 {
				continue
			}
			ok, seeded := true, false
			for _, a := range as {
				switch {
				case a.compound:
				case a.rhs != nil && c.usesAny(a.rhs, derived, nil):
					seeded = true
				case a.rhs != nil && c.usesAny(a.rhs, map[*types.Var]bool{w: true}, nil):
					// w = w * 2: derived if w is
				default:
					ok = false
				}
			}
			if ok && seeded {
				derived[w], changed[w] = true, true
				progress = true
			}
		}
	}
	if writes.address[v] {
		return nil
	}
	var found *types.Var
	ast.Inspect(val, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && found == nil {
			if w, ok := info.Uses[id].(*types.Var); ok && derived[w] && (changed[w] || isArithExpr(val)) {
				found = w
			}
		}
		return found == nil
	})
	return found
}

// usesAny reports whether e uses a local in derived other than self.
func (c *checker) usesAny(e ast.Expr, derived map[*types.Var]bool, self *types.Var) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if w, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && w != self && derived[w] {
				found = true
			}
		}
		return !found
	})
	return found
}
