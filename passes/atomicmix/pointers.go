package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/identity"
)

// Operations that reach their variable through a local pointer:
//
//	p := &c.n             // or p := c.counter(), a method returning &c.n
//	atomic.StoreInt64(p, 0)
//
// name the variable the pointer was taken from, so that they meet the
// other operations on it (the lost-update rules) and its plain accesses
// (the mixed-access rule). A local qualifies when it is defined once, from
// one value, and never assigned again nor has its address taken; a
// method qualifies when it is declared in this package and its body is
// one return of a field path on its receiver (return &c.n), or of the
// receiver itself through a conversion (return (*int64)(c), with c of a
// named int64 type). Conversions that keep the memory are seen through
// (atomicop.PeelConversions). Pointers from other packages' methods, from
// parameters or from any other computation stay opaque.

// pointerTarget resolves op's variable through a local pointer: it
// returns op with Target (and Embedded) naming the variable, or op
// unchanged.
func (s *scan) pointerTarget(info *types.Info, decl *ast.FuncDecl, op atomicop.Op) atomicop.Op {
	if op.Target != nil || decl == nil {
		return op
	}
	var ptr ast.Expr
	if op.Typed {
		sel, ok := ast.Unparen(op.Call.Fun).(*ast.SelectorExpr)
		if !ok || len(op.Embedded) > 0 {
			return op
		}
		ptr = sel.X
	} else {
		ptr = op.Addr
	}
	if target, embedded := s.resolvePointer(info, decl, ptr, 0); target != nil {
		op.Target, op.Embedded = target, embedded
	}
	return op
}

// resolvePointer returns the variable the pointer expression e points to,
// as an addressable expression and the fields below it (nil if e is not
// resolved).
func (s *scan) resolvePointer(info *types.Info, decl *ast.FuncDecl, e ast.Expr, depth int) (ast.Expr, []*types.Var) {
	if depth > 4 {
		return nil, nil
	}
	e = ast.Unparen(atomicop.PeelConversions(info, e))
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return x.X, nil
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return nil, nil
		}
		def := s.localPointers(info, decl)[v]
		if def == nil {
			return nil, nil
		}
		return s.resolvePointer(info, decl, def, depth+1)
	case *ast.CallExpr:
		return s.accessorTarget(info, x)
	}
	return nil, nil
}

// localPointers returns, for the locals of decl that are defined once from
// one value and never assigned again nor have their address taken, that
// value.
func (s *scan) localPointers(info *types.Info, decl *ast.FuncDecl) map[*types.Var]ast.Expr {
	if m, ok := s.pointers[decl]; ok {
		return m
	}
	defs := map[*types.Var]ast.Expr{}
	bad := map[*types.Var]bool{}
	note := func(id *ast.Ident, value ast.Expr) {
		v, ok := info.Defs[id].(*types.Var)
		if !ok {
			v, ok = info.Uses[id].(*types.Var)
		}
		if !ok {
			return
		}
		if _, seen := defs[v]; seen || value == nil || info.Defs[id] == nil {
			bad[v] = true
			return
		}
		defs[v] = value
	}
	ast.Inspect(decl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				var value ast.Expr
				if len(n.Lhs) == len(n.Rhs) && n.Tok == token.DEFINE {
					value = n.Rhs[i]
				}
				note(id, value)
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				var value ast.Expr
				if len(n.Names) == len(n.Values) {
					value = n.Values[i]
				}
				note(id, value)
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
				note(id, nil)
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					note(id, nil)
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok {
					bad[v] = true
				}
			}
		}
		return true
	})
	for v := range bad {
		delete(defs, v)
	}
	if s.pointers == nil {
		s.pointers = map[*ast.FuncDecl]map[*types.Var]ast.Expr{}
	}
	s.pointers[decl] = defs
	return defs
}

// accessorTarget resolves a call of a method of this package that returns
// a pointer into its receiver: x.counter() with
// func (c *C) counter() *int64 { return &c.n } names x.n; with
// func (c *counter) p() *int64 { return (*int64)(c) } it names x itself
// (when x is a variable, not a pointer).
func (s *scan) accessorTarget(info *types.Info, call *ast.CallExpr) (ast.Expr, []*types.Var) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) > 0 {
		return nil, nil
	}
	selection := info.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal || len(selection.Index()) != 1 {
		return nil, nil
	}
	fn, ok := selection.Obj().(*types.Func)
	if !ok {
		return nil, nil
	}
	path, ok := s.accessor(info, fn.Origin())
	if !ok {
		return nil, nil
	}
	if len(path) == 0 {
		base := identity.ReceiverTarget(info, sel.X, nil)
		if base == nil {
			return nil, nil
		}
		return base, nil
	}
	return sel.X, path
}

// accessor reports whether method fn, declared in this package, returns a
// pointer into its receiver, and the fields leading there (none when it
// returns the receiver itself).
func (s *scan) accessor(info *types.Info, fn *types.Func) ([]*types.Var, bool) {
	if a, ok := s.accessors[fn]; ok {
		return a.path, a.ok
	}
	var res accessorResult
	defer func() {
		if s.accessors == nil {
			s.accessors = map[*types.Func]accessorResult{}
		}
		s.accessors[fn] = res
	}()
	decl := s.declOf(fn)
	if decl == nil || decl.Body == nil || decl.Recv == nil || len(decl.Recv.List) != 1 || len(decl.Recv.List[0].Names) != 1 || len(decl.Body.List) != 1 {
		return nil, false
	}
	recv, _ := info.Defs[decl.Recv.List[0].Names[0]].(*types.Var)
	ret, ok := decl.Body.List[0].(*ast.ReturnStmt)
	if recv == nil || !ok || len(ret.Results) != 1 {
		return nil, false
	}
	if _, isPtr := recv.Type().Underlying().(*types.Pointer); !isPtr {
		return nil, false // a copy of the receiver: a pointer into it is fresh memory
	}
	e := ast.Unparen(atomicop.PeelConversions(info, ret.Results[0]))
	if id, ok := e.(*ast.Ident); ok && info.Uses[id] == recv {
		res.ok = true
		return nil, true
	}
	u, ok := e.(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil, false
	}
	var path []*types.Var
	x := ast.Unparen(u.X)
	for {
		fsel, ok := x.(*ast.SelectorExpr)
		if !ok {
			break
		}
		sl := info.Selections[fsel]
		if sl == nil || sl.Kind() != types.FieldVal {
			return nil, false
		}
		path = append(append(identity.EmbeddedPath(sl), sl.Obj().(*types.Var)), path...)
		x = ast.Unparen(fsel.X)
	}
	if id, ok := x.(*ast.Ident); !ok || info.Uses[id] != recv || len(path) == 0 {
		return nil, false
	}
	res = accessorResult{path, true}
	return path, true
}

type accessorResult struct {
	path []*types.Var
	ok   bool
}

// declOf returns the declaration of fn in this package, or nil.
func (s *scan) declOf(fn *types.Func) *ast.FuncDecl {
	if s.decls == nil {
		s.decls = map[*types.Func]*ast.FuncDecl{}
		for _, f := range s.files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if obj, ok := s.info.Defs[fd.Name].(*types.Func); ok {
						s.decls[obj] = fd
					}
				}
			}
		}
	}
	return s.decls[fn]
}
