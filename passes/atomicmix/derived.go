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
//
// Cost: the body's assignments are indexed once (b.derivation), and the
// locals derived from each loaded local are computed once, by a worklist
// over that index, in time proportional to the assignments reading the
// locals it reaches; a Store is then judged in the size of its value.
func (c *checker) derivedUse(b *bodyOps, decl *ast.FuncDecl, v *types.Var, val ast.Expr) *types.Var {
	writes := c.writesIn(decl)
	if writes.address[v] {
		return nil
	}
	d := b.derivation
	if d == nil {
		d = c.indexDerivation(b, writes)
		b.derivation = d
	}
	derived, ok := d.from[v]
	if !ok {
		derived = d.derive(v)
		d.from[v] = derived
	}
	info := c.pass.TypesInfo
	var found *types.Var
	ast.Inspect(val, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && found == nil {
			if w, ok := info.Uses[id].(*types.Var); ok {
				if changed, ok := derived[w]; ok && (changed || isArithExpr(val)) {
					found = w
				}
			}
		}
		return found == nil
	})
	return found
}

// derivation indexes the assignments to the locals of one body for
// derivedUse.
type derivation struct {
	// assigns are the plain assignments (not compound ones, which keep
	// a local derived) to locals whose address is never taken.
	assigns []derivedAssign
	// readers lists, for each local, the assignments whose right-hand
	// side reads it.
	readers map[*types.Var][]int
	// pending counts, for each local, its assignments that do not read
	// the local itself: each must read a derived local for it to be
	// derived. A local assigned from a multi-valued call, a range
	// clause or a declaration without a value is absent: never derived.
	pending map[*types.Var]int
	// compound records the locals changed by a compound assignment.
	compound map[*types.Var]bool
	// from caches, per loaded local, the locals derived from it, each
	// with whether it holds a value other than the loaded one.
	from map[*types.Var]map[*types.Var]bool
}

type derivedAssign struct {
	lhs  *types.Var
	self bool // the right-hand side reads lhs (w = w * 2)
}

// indexDerivation collects the assignments to locals in b's own body (not
// its closures') and what their right-hand sides read.
func (c *checker) indexDerivation(b *bodyOps, writes *varWrites) *derivation {
	info := c.pass.TypesInfo
	d := &derivation{
		readers:  map[*types.Var][]int{},
		pending:  map[*types.Var]int{},
		compound: map[*types.Var]bool{},
		from:     map[*types.Var]map[*types.Var]bool{},
	}
	never := map[*types.Var]bool{}
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
	add := func(w *types.Var, rhs ast.Expr) {
		if rhs == nil {
			never[w] = true
			return
		}
		if writes.address[w] {
			return
		}
		i := len(d.assigns)
		a := derivedAssign{lhs: w}
		seen := map[*types.Var]bool{}
		ast.Inspect(rhs, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if r, ok := info.Uses[id].(*types.Var); ok && !seen[r] {
					seen[r] = true
					if r == w {
						a.self = true
					} else {
						d.readers[r] = append(d.readers[r], i)
					}
				}
			}
			return true
		})
		d.assigns = append(d.assigns, a)
		if !a.self {
			d.pending[w]++
		} else if _, ok := d.pending[w]; !ok {
			d.pending[w] = 0
		}
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
				if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					d.compound[w] = true
					continue
				}
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				}
				add(w, rhs)
			}
		case *ast.IncDecStmt:
			if w := lhsVar(n.X); w != nil {
				d.compound[w] = true
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if w := lhsVar(e); w != nil {
					never[w] = true
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if w := lhsVar(name); w != nil {
					var rhs ast.Expr
					if len(n.Values) == len(n.Names) {
						rhs = n.Values[i]
					}
					add(w, rhs)
				}
			}
		}
		return true
	})
	for w := range never {
		delete(d.pending, w)
	}
	return d
}

// derive returns the locals derived from v: v, changed if a compound
// assignment changes it, and every local (changed) whose plain assignments
// all read a derived local or itself, at least one a derived local (the
// least fixpoint, from v).
func (d *derivation) derive(v *types.Var) map[*types.Var]bool {
	derived := map[*types.Var]bool{v: d.compound[v]}
	pending := map[*types.Var]int{} // pending assignments left, once touched
	hit := map[int]bool{}
	work := []*types.Var{v}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for _, i := range d.readers[x] {
			a := d.assigns[i]
			w := a.lhs
			if hit[i] {
				continue
			}
			hit[i] = true
			if _, done := derived[w]; done {
				continue
			}
			base, ok := d.pending[w]
			if !ok {
				continue // never derived
			}
			n, touched := pending[w]
			if !touched {
				n = base
			}
			if !a.self {
				n--
			}
			pending[w] = n
			if n == 0 { // every other assignment read a derived local, and this one did
				derived[w] = true
				work = append(work, w)
			}
		}
	}
	return derived
}
