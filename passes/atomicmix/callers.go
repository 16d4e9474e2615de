package atomicmix

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/cowlint/cowlint/internal/escape"
	"github.com/cowlint/cowlint/internal/escape/owned"
	"github.com/cowlint/cowlint/internal/retain"
)

// Parameters private on entry, from the calls.
//
// A function that sets up an object before it is shared (an init
// method, a helper of a constructor) writes it plainly while no other
// goroutine can reach it. Which functions do so is decided by their
// callers, not their names: a receiver or parameter is private on entry
// when the function is unexported, is never used as a value (a method
// value, a callback, a method of an interface of the package), and at
// every one of its calls the argument is private at that point in the
// caller: an object the caller allocated and has not yet let escape, or
// a receiver or parameter that is itself private on entry to the caller.
// Exported functions have callers out of sight (in importers analysed
// after them), so nothing here proves what their callers pass: their
// receiver and parameters are private on entry only when the function is
// one of the known APIs internal/escape lists (OwnedOnEntry: std's
// internal/poll FD.Init, which os and net call on new FDs only), or when
// its doc comment says it runs alone (//cowlint:exclusive, see runsAlone).

// privateOnEntry reports whether v, the receiver or a parameter of decl,
// is private on entry.
func (c *checker) privateOnEntry(decl *ast.FuncDecl, v *types.Var) bool {
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok || decl.Name.Name == "_" {
		return false
	}
	if fn.Exported() {
		_, ok := escape.OwnedOnEntry(fn)
		return ok
	}
	index := -1 // the receiver
	if decl.Recv == nil || !slices.ContainsFunc(decl.Recv.List, func(f *ast.Field) bool { return defines(c.pass.TypesInfo, f, v) }) {
		sig := fn.Type().(*types.Signature)
		for i := range sig.Params().Len() {
			if sig.Params().At(i) == v {
				index = i
			}
		}
		if index < 0 || sig.Variadic() && index == sig.Params().Len()-1 {
			return false
		}
	} else if c.inInterface(fn) {
		return false // interface calls name the interface's method
	}
	key := entryKey{fn, index}
	if r, ok := c.entry[key]; ok {
		return r // computed, or in progress: a recursive call proves nothing
	}
	c.entry[key] = false
	r := c.callsPassPrivate(fn, index)
	c.entry[key] = r
	return r
}

type entryKey struct {
	fn    *types.Func
	index int // -1: the receiver
}

func defines(info *types.Info, f *ast.Field, v *types.Var) bool {
	return slices.ContainsFunc(f.Names, func(n *ast.Ident) bool { return info.Defs[n] == v })
}

// inInterface reports whether an interface type of the package has a
// method named like the method fn.
func (c *checker) inInterface(fn *types.Func) bool {
	if c.ifaceMethods == nil {
		c.ifaceMethods = map[string]bool{}
		for _, obj := range c.pass.TypesInfo.Defs {
			if m, ok := obj.(*types.Func); ok {
				if recv := m.Type().(*types.Signature).Recv(); recv != nil && types.IsInterface(recv.Type()) {
					c.ifaceMethods[m.Name()] = true
				}
			}
		}
	}
	return c.ifaceMethods[fn.Name()]
}

// callsPassPrivate reports whether fn is used only as the callee of calls
// whose receiver (index -1) or argument index is private at the call.
func (c *checker) callsPassPrivate(fn *types.Func, index int) bool {
	if c.funcUses == nil {
		c.funcUses = map[*types.Func][]*ast.Ident{}
		for id, obj := range c.pass.TypesInfo.Uses {
			if f, ok := obj.(*types.Func); ok && f.Pkg() == c.pass.Pkg {
				f = f.Origin()
				c.funcUses[f] = append(c.funcUses[f], id)
			}
		}
	}
	uses := c.funcUses[fn.Origin()]
	if len(uses) == 0 {
		return false // never called here: callers are out of sight
	}
	nodes := make([]ast.Node, len(uses))
	for i, id := range uses {
		nodes[i] = id
	}
	slices.SortFunc(nodes, func(a, b ast.Node) int { return cmp.Compare(a.Pos(), b.Pos()) })
	paths := pathsTo(c.pass, nodes)
	for _, n := range nodes {
		path := paths[n]
		arg, body, ok := callArg(path, index)
		if !ok || !c.privateArg(body, arg) && !lastReference(c.pass.TypesInfo, path, arg) {
			return false
		}
	}
	return true
}

// callArg returns, for the identifier naming the callee at the head of
// path, the call's receiver (index -1) or argument index, and the
// innermost function body holding the call.
func callArg(path []ast.Node, index int) (ast.Expr, ast.Node, bool) {
	if len(path) < 3 {
		return nil, nil, false
	}
	id := path[0].(*ast.Ident)
	var call *ast.CallExpr
	var recv ast.Expr
	if sel, ok := path[1].(*ast.SelectorExpr); ok && sel.Sel == id {
		call, _ = path[2].(*ast.CallExpr)
		recv = sel.X
		if call == nil || call.Fun != ast.Expr(sel) {
			return nil, nil, false
		}
	} else if call, _ = path[1].(*ast.CallExpr); call == nil || call.Fun != ast.Expr(id) {
		return nil, nil, false
	}
	var arg ast.Expr
	if index < 0 {
		arg = recv
	} else if index < len(call.Args) && !call.Ellipsis.IsValid() {
		arg = call.Args[index]
	}
	if arg == nil {
		return nil, nil, false
	}
	for _, n := range path {
		switch n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return arg, n, true
		case *ast.GoStmt, *ast.DeferStmt:
			return nil, nil, false // runs elsewhere or later
		}
	}
	return nil, nil, false
}

// lastReference reports whether the call at the head of path runs only
// once its argument e's reference count has dropped to zero (see
// retain.LastReference): its caller then owns the object alone.
func lastReference(info *types.Info, path []ast.Node, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	for i, n := range path {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.IfStmt:
			if i > 0 && path[i-1] == ast.Node(n.Body) {
				if v, ok := retain.LastReference(info, n.Cond); ok && info.Uses[id] == types.Object(v) {
					return true
				}
			}
		}
	}
	return false
}

// privateArg reports whether e, an argument of a call in body, denotes an
// object no other goroutine can reach at the call: a fresh allocation,
// the address of a private local, or a private local pointer.
func (c *checker) privateArg(body ast.Node, e ast.Expr) bool {
	e = ast.Unparen(e)
	if owned.Allocates(c.pass.TypesInfo, e) {
		return true
	}
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	if ta, ok := e.(*ast.TypeAssertExpr); ok {
		e = ast.Unparen(ta.X) // el.(*eventLog): the same object
	}
	// A field stored inside the object (s.Stream.wq, with Stream and wq
	// struct values) is as private as the object; a pointer field points
	// to another one.
	if _, ok := e.(*ast.SelectorExpr); ok && isPointer(c.pass.TypesInfo.TypeOf(e)) {
		return false
	}
	for {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			break
		}
		if s := c.pass.TypesInfo.Selections[sel]; s == nil || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
			return false
		}
		x := ast.Unparen(sel.X)
		if _, ok := x.(*ast.Ident); !ok && isPointer(c.pass.TypesInfo.TypeOf(x)) {
			return false // through a pointer field: another object
		}
		e = x
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	ctx := c.context(body)
	if strings.HasSuffix(c.pass.Fset.File(id.Pos()).Name(), "_test.go") && ctx.testBody() && !ctx.goroutines.Parallel && ctx.sequentialAt(id.Pos()) {
		return true // sequential test code, as silent() judges its own accesses
	}
	if lv := ctx.local(v); lv != nil && ctx.owned.Private(lv) {
		return ctx.privateBefore(lv, id.Pos())
	}
	if decl, ok := body.(*ast.FuncDecl); ok && pointerParam(body, v) {
		// The caller's own receiver or parameter, private on entry,
		// and not yet escaped.
		return c.privateOnEntry(decl, v) && ctx.privateBefore(c.entryVar(ctx, v), id.Pos())
	}
	return false
}

// entryVar makes v, a pointer receiver or parameter of ctx's body private
// on entry, private in ctx, and returns it.
func (c *checker) entryVar(ctx *funcContext, v *types.Var) *types.Var { return ctx.owned.Enter(v) }
