package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/identity"
)

// Elements of slices and arrays.
//
// The mixed-access rule names memory by identity, which an element
// (s.counts[i]) does not have. The lost-update rule only needs to know
// that a Load and a Store act on the same element: the same index
// expression, written alike, whose variables keep their values in between.
// Indexes may hold constants and local variables only (a call or shared
// memory may give another element each time), and a local in the target
// must not have its address taken or be assigned in another function body
// (a call could change it). Assignments in the body itself end a
// Load-to-Store path (see storesReached).

// elementID names the elements of the slice or array an atomic
// operation's target indexes, by the container: s.counts[i] is an element
// of shards.counts, keyed shards.counts[]. Invalid for other targets.
func elementID(info *types.Info, op atomicop.Op) identity.ID {
	if op.Target == nil || len(op.Embedded) > 0 {
		return identity.ID{}
	}
	ix, ok := ast.Unparen(op.Target).(*ast.IndexExpr)
	if !ok {
		return identity.ID{}
	}
	switch deref(info.TypeOf(ix.X)).Underlying().(type) {
	case *types.Slice, *types.Array:
	default:
		return identity.ID{}
	}
	id := accessID(info, ix.X)
	if !id.Valid() {
		return identity.ID{}
	}
	id.Key += "[]"
	id.Short += "[]"
	return id
}

// varWrites is where the local variables of one declaration are
// assigned, by function body, and which have their address taken.
type varWrites struct {
	writes  map[*types.Var][]localWrite
	address map[*types.Var]bool
}

type localWrite struct {
	pos    token.Pos
	body   ast.Node
	define bool // a declaration, not an assignment
}

// writesIn returns the assignments of decl's locals.
func (c *checker) writesIn(decl *ast.FuncDecl) *varWrites {
	if w, ok := c.varWrites[decl]; ok {
		return w
	}
	info := c.pass.TypesInfo
	w := &varWrites{writes: map[*types.Var][]localWrite{}, address: map[*types.Var]bool{}}
	var stack, bodies []ast.Node
	record := func(e ast.Expr, define bool) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		if v, ok := obj.(*types.Var); ok {
			w.writes[v] = append(w.writes[v], localWrite{pos: id.Pos(), body: bodies[len(bodies)-1], define: define})
		}
	}
	ast.Inspect(decl, func(n ast.Node) bool {
		if n == nil {
			switch stack[len(stack)-1].(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				bodies = bodies[:len(bodies)-1]
			}
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			bodies = append(bodies, n)
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				record(l, n.Tok == token.DEFINE)
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				record(id, true)
			}
		case *ast.IncDecStmt:
			record(n.X, false)
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if e != nil {
					record(e, n.Tok == token.DEFINE)
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok {
					w.address[v] = true
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	c.varWrites[decl] = w
	return w
}

// elementVars reports whether u's target is named the same way wherever
// its local variables keep their values (see the comment at the top of the
// file), and returns those locals when it indexes a slice or an array
// (s.counts[i], a[i].n); a target without an index is always the same.
func (c *checker) elementVars(u *atomicUse) ([]*types.Var, bool) {
	info := c.pass.TypesInfo
	var vars []*types.Var
	local := func(id *ast.Ident) bool {
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return false
		}
		vars = append(vars, v)
		return true
	}
	// index accepts constants and locals, with operators.
	var index func(e ast.Expr) bool
	index = func(e ast.Expr) bool {
		if tv, ok := info.Types[e]; ok && tv.Value != nil {
			return true
		}
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return local(e)
		case *ast.BinaryExpr:
			return index(e.X) && index(e.Y)
		case *ast.UnaryExpr:
			return e.Op != token.AND && e.Op != token.ARROW && index(e.X)
		}
		return false
	}
	// target accepts a variable, fields, dereferences and stable indexes.
	var target func(e ast.Expr) bool
	target = func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			if v, ok := info.Uses[e].(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
				return true // a package variable
			}
			return local(e)
		case *ast.SelectorExpr:
			if _, ok := info.Selections[e]; !ok {
				return true // a qualified package variable
			}
			return target(e.X)
		case *ast.StarExpr:
			return target(e.X)
		case *ast.IndexExpr:
			return target(e.X) && index(e.Index)
		}
		return false
	}
	indexed := false
	ast.Inspect(u.op.Target, func(n ast.Node) bool {
		_, ok := n.(*ast.IndexExpr)
		indexed = indexed || ok
		return !indexed
	})
	if !indexed {
		return nil, true // a variable or a field: no index to change
	}
	if !target(u.op.Target) {
		return nil, false
	}
	w := c.writesIn(u.fn.decl)
	for _, v := range vars {
		if w.address[v] {
			return nil, false
		}
		for _, wr := range w.writes[v] {
			if wr.body != u.body && !wr.define {
				return nil, false
			}
		}
	}
	return vars, true
}
