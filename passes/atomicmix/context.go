package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/cowlint/cowlint/internal/atomicop"
)

// funcContext is what the silencing rules need to know about one function
// declaration: which locals still hold memory no other goroutine can see,
// where the goroutines it starts are joined, and which locks are held
// where. It is built only for functions with a finding to judge.
type funcContext struct {
	decl    *ast.FuncDecl
	private map[*types.Var]*privateVar
	starts  []token.Pos // go statements and closures passed to calls
	waits   []token.Pos // WaitGroup.Wait and errgroup Wait calls, outside closures
	loops   []ast.Node  // loops outside closures
	locks   map[ast.Node]*lockMap
	info    *types.Info
}

// A privateVar is a local whose memory is private to the function until it
// escapes: a variable of non-pointer type, or a pointer to an object the
// function allocated (&T{...}, new(T)).
type privateVar struct {
	escapes []escape
}

// An escape is the first point after which another goroutine may see a
// private variable.
type escape struct {
	pos token.Pos
	// goroutine is set when the variable escapes into a closure (a go
	// statement, a function literal passed along): joining the
	// goroutines the function started makes it private again.
	goroutine bool
}

func newFuncContext(info *types.Info, decl *ast.FuncDecl) *funcContext {
	c := &funcContext{decl: decl, private: map[*types.Var]*privateVar{}, locks: map[ast.Node]*lockMap{}, info: info}
	c.findPrivate()
	return c
}

// local returns v when it is declared inside the function.
func (c *funcContext) local(obj types.Object) *types.Var {
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	if v.Pos() < c.decl.Pos() || v.Pos() >= c.decl.End() {
		return nil
	}
	return v
}

// findPrivate walks the declaration once, finding private locals and
// their escapes, goroutine starts, joins and loops.
func (c *funcContext) findPrivate() {
	info := c.info
	// Parameters and receivers of non-pointer type are private copies.
	declare := func(id *ast.Ident, rhs ast.Expr, defined bool) {
		v := c.local(info.Defs[id])
		if v == nil {
			return
		}
		if !isPointer(v.Type()) || (defined && allocates(info, rhs)) {
			c.private[v] = &privateVar{}
		}
	}
	for _, fl := range []*ast.FieldList{c.decl.Recv, c.decl.Type.Params} {
		if fl == nil {
			continue
		}
		for _, f := range fl.List {
			for _, n := range f.Names {
				declare(n, nil, false)
			}
		}
	}
	var stack []ast.Node
	closure := func() *ast.FuncLit { // outermost enclosing closure
		for _, n := range stack {
			if fl, ok := n.(*ast.FuncLit); ok {
				return fl
			}
		}
		return nil
	}
	ast.Inspect(c.decl.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		lit := closure()
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						var rhs ast.Expr
						if len(n.Rhs) == len(n.Lhs) {
							rhs = n.Rhs[i]
						}
						declare(id, rhs, rhs != nil)
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				switch {
				case len(n.Values) == 0:
					declare(id, nil, false)
					if v := c.local(info.Defs[id]); v != nil {
						c.private[v] = &privateVar{} // var v T: zero value, private
					}
				case len(n.Values) == len(n.Names):
					declare(id, n.Values[i], true)
				}
			}
		case *ast.GoStmt:
			c.starts = append(c.starts, n.Pos())
		case *ast.FuncLit:
			if call, ok := parentOf(stack).(*ast.CallExpr); ok && call.Fun != n {
				c.starts = append(c.starts, n.Pos())
			}
		case *ast.CallExpr:
			if lit == nil && isJoin(info, n) {
				c.waits = append(c.waits, n.Pos())
			}
		case *ast.ForStmt, *ast.RangeStmt:
			if lit == nil {
				c.loops = append(c.loops, n)
			}
		case *ast.Ident:
			c.use(n, stack, lit)
		}
		stack = append(stack, n)
		return true
	})
}

func parentOf(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			return stack[i]
		}
	}
	return nil
}

// use records the escape, if any, of a private local at one use of it.
func (c *funcContext) use(id *ast.Ident, stack []ast.Node, lit *ast.FuncLit) {
	v := c.local(c.info.Uses[id])
	if v == nil {
		return
	}
	pv := c.private[v]
	if pv == nil {
		return
	}
	if lit != nil {
		// Captured by a closure, which may run on another goroutine
		// from the moment it is created.
		pv.escapes = append(pv.escapes, escape{pos: lit.Pos(), goroutine: true})
		return
	}
	parent := parentOf(stack)
	if sel, ok := parent.(*ast.SelectorExpr); ok && sel.X == id {
		if s := c.info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
			return // v.f accesses the private memory itself
		}
	}
	if !isPointer(v.Type()) {
		// A value is copied, not shared, except through its address.
		switch p := parent.(type) {
		case *ast.UnaryExpr:
			if p.Op != token.AND || isAtomicAddr(c.info, p, stack) {
				return
			}
		case *ast.SelectorExpr:
			if !isPtrMethod(c.info, p) {
				return
			}
		default:
			return
		}
	}
	pv.escapes = append(pv.escapes, escape{pos: id.Pos()})
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Pointer)
	return ok
}

// isPtrMethod reports whether sel is a method with a pointer receiver
// (calling it takes the variable's address).
func isPtrMethod(info *types.Info, sel *ast.SelectorExpr) bool {
	s := info.Selections[sel]
	if s == nil || s.Kind() == types.FieldVal {
		return false
	}
	sig, ok := s.Obj().Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	return isPointer(sig.Recv().Type())
}

// isAtomicAddr reports whether u, on top of stack, is the address argument
// of a sync/atomic function: atomic.AddInt64(&n, 1).
func isAtomicAddr(info *types.Info, u *ast.UnaryExpr, stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == u && i > 0 {
			call, ok := stack[i-1].(*ast.CallExpr)
			if !ok || len(call.Args) == 0 || call.Args[0] != u {
				return false
			}
			op, ok := atomicop.Classify(info, call)
			return ok && !op.Typed
		}
	}
	return false
}

// allocates reports whether e allocates a new object: &T{...}, new(T) or
// T{...}.
func allocates(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		_, ok := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && ok
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			b, ok := info.Uses[id].(*types.Builtin)
			return ok && b.Name() == "new"
		}
	}
	return false
}

// isJoin reports whether call waits for goroutines: sync.WaitGroup.Wait or
// an errgroup Group's Wait.
func isJoin(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Wait" {
		return false
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	fn := s.Obj()
	if fn.Pkg() == nil {
		return false
	}
	recv := s.Recv()
	if p, ok := types.Unalias(recv).(*types.Pointer); ok {
		recv = p.Elem()
	}
	n, ok := types.Unalias(recv).(*types.Named)
	if !ok {
		return false
	}
	name, path := n.Obj().Name(), fn.Pkg().Path()
	return (path == "sync" && name == "WaitGroup") || (strings.HasSuffix(path, "/errgroup") && name == "Group")
}

// privateAt reports whether the memory reached through the local base is
// private to the function at pos: before the local's first escape, or
// after the goroutines it escaped into have been joined.
func (c *funcContext) privateAt(base *types.Var, pos token.Pos) bool {
	pv := c.private[base]
	if pv == nil {
		return false
	}
	if len(pv.escapes) == 0 {
		return true
	}
	first, last, allGoroutine := pv.escapes[0].pos, pv.escapes[0].pos, true
	for _, e := range pv.escapes {
		first, last = min(first, e.pos), max(last, e.pos)
		allGoroutine = allGoroutine && e.goroutine
	}
	if pos < first && !c.inLoopWith(pos, first, base) {
		return true
	}
	return allGoroutine && c.joinedBetween(last, pos)
}

// joinedBetween reports whether a join lies between after and pos.
func (c *funcContext) joinedBetween(after, pos token.Pos) bool {
	for _, w := range c.waits {
		if after < w && w < pos {
			return true
		}
	}
	return false
}

// joinedAt reports whether every goroutine the function starts has been
// joined before pos.
func (c *funcContext) joinedAt(pos token.Pos) bool {
	if len(c.starts) == 0 {
		return false
	}
	return c.joinedBetween(slices.Max(c.starts), pos)
}

// inLoopWith reports whether a loop declared after v contains both pos
// and the escape: a later iteration may run after the escape.
func (c *funcContext) inLoopWith(pos, esc token.Pos, v *types.Var) bool {
	for _, l := range c.loops {
		if l.Pos() > v.Pos() && l.Pos() <= pos && pos < l.End() && l.Pos() <= esc && esc < l.End() {
			return true
		}
	}
	return false
}

// heldAt returns the locks held at pos in the function body fn (the
// FuncDecl or a FuncLit inside it).
func (c *funcContext) heldAt(fn ast.Node, pos token.Pos) []heldLock {
	m := c.locks[fn]
	if m == nil {
		m = buildLockMap(c.info, fn)
		c.locks[fn] = m
	}
	return m.at(pos)
}
