package owned

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/escape"
	"github.com/cowlint/cowlint/internal/hb"
	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/retain"
)

// A Body answers, for one function body (a declaration or a literal),
// whether a local still holds memory no other goroutine can see at a
// point: before every escape of it that reaches the point on the
// control-flow graph, or after the goroutines it escaped into have been
// joined there (internal/hb). A local is private when it has a
// non-pointer type (its own memory) or holds an object the body
// allocated (&T{...}, new(T)); a pointer receiver or parameter is
// private once the caller says every call passes a private object
// (Enter).
//
// A use escapes the local unless it reads or writes the memory itself
// (v.f, *v), takes the address of a value for a sync/atomic function or
// a method of a sync type, stores it into its own fields (x.desc =
// desc{x}), or hands it to a function of the package that keeps nothing
// of it (internal/retain). A capture by a function literal escapes at the
// literal, into a goroutine when the literal runs on one; joining what
// the literal signals (hb.Signals) makes the local private again.
type Body struct {
	body    ast.Node // *ast.FuncDecl or *ast.FuncLit
	info    *types.Info
	private map[*types.Var]*privateVar
	// params are the pointer receiver and parameters, with their
	// escapes: private once Enter says so.
	params     map[*types.Var]*privateVar
	retained   *retain.Params
	goroutines *hb.Goroutines
	// inPlace and calls are the body's literals run in place and their
	// calls (escape.InPlace), found on first use.
	inPlace map[*ast.FuncLit]ast.Node
	calls   map[*ast.FuncLit][]escape.Call
}

// A privateVar is a local whose memory is private to the function until it
// escapes: a variable of non-pointer type, or a pointer to an object the
// function allocated (&T{...}, new(T)).
type privateVar struct {
	escapes []escapePoint
	// plain and closures tell whether an escape into something other
	// than a function literal, or into one, reaches a point (built on
	// first use, see privateExcept).
	plain, closures func(token.Pos) bool
}

// An escapePoint is the first point after which another goroutine may see a
// private variable.
type escapePoint struct {
	pos token.Pos
	// closure is set when the variable escapes into a function literal
	// (a go statement, a callback): joining the goroutines the function
	// started makes it private again.
	closure bool
	// spawned is set when that function literal runs on another
	// goroutine: in a go statement, errgroup's Go, a parallel subtest.
	spawned bool
	// keys are what the function literal signals when done (see
	// hb.Signals), for a closure escape.
	keys []string
	// lit is the closure of a closure escape.
	lit *ast.FuncLit
}

// NewBody finds the private locals of body, a *ast.FuncDecl or
// *ast.FuncLit, and their escapes; goroutines are the body's starts and
// joins (hb.BodyGoroutines), retained says which calls keep their
// arguments.
func NewBody(info *types.Info, body ast.Node, goroutines *hb.Goroutines, retained *retain.Params) *Body {
	b := &Body{retained: retained, body: body, private: map[*types.Var]*privateVar{}, params: map[*types.Var]*privateVar{}, info: info, goroutines: goroutines}
	b.findPrivate()
	return b
}

func (b *Body) signature() (*ast.FieldList, *ast.FuncType, *ast.BlockStmt) {
	switch b := b.body.(type) {
	case *ast.FuncDecl:
		return b.Recv, b.Type, b.Body
	case *ast.FuncLit:
		return nil, b.Type, b.Body
	}
	return nil, nil, nil
}

// Local returns obj, a variable, when it is declared inside the body.
func (b *Body) Local(obj types.Object) *types.Var {
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	if v.Pos() < b.body.Pos() || v.Pos() >= b.body.End() {
		return nil
	}
	return v
}

// findPrivate walks the body once, finding private locals and their
// escapes.
func (b *Body) findPrivate() {
	info := b.info
	declare := func(id *ast.Ident, rhs ast.Expr, defined bool) {
		v := b.Local(info.Defs[id])
		if v == nil {
			return
		}
		if !IsPointer(v.Type()) || (defined && Allocates(info, rhs)) {
			b.private[v] = &privateVar{}
		} else if rhs == nil && !defined {
			b.params[v] = &privateVar{}
		}
	}
	// Parameters and receivers of non-pointer type are private copies.
	recv, ftype, body := b.signature()
	for _, fl := range []*ast.FieldList{recv, ftype.Params} {
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
	ast.Inspect(body, func(n ast.Node) bool {
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
					if v := b.Local(info.Defs[id]); v != nil {
						b.private[v] = &privateVar{} // var v T: zero value, private
					}
				case len(n.Values) == len(n.Names):
					declare(id, n.Values[i], true)
				}
			}
		case *ast.Ident:
			b.use(n, stack, lit)
		}
		stack = append(stack, n)
		return true
	})
}

// use records the escape, if any, of a private local at one use of it.
func (b *Body) use(id *ast.Ident, stack []ast.Node, lit *ast.FuncLit) {
	v := b.Local(b.info.Uses[id])
	if v == nil {
		return
	}
	pv := b.private[v]
	if pv == nil {
		if pv = b.params[v]; pv == nil {
			return
		}
	}
	at := []token.Pos{id.Pos()}
	if lit != nil {
		if calls, ok := b.inPlaceAt(stack); ok {
			// In a literal run in place: the use happens at its
			// calls, on this goroutine; capturing v shares nothing.
			at, lit = calls, nil
		}
	}
	if lit != nil {
		// Captured by a closure, which may run on another goroutine
		// from the moment it is created.
		spawned, keys := false, hb.Signals(b.info, lit)
		if call, ok := parentOfLit(stack, lit).(*ast.CallExpr); ok {
			var g *ast.GoStmt
			if g, spawned = parentOfLit(stack, call).(*ast.GoStmt); spawned && call.Fun == ast.Expr(lit) {
				keys = hb.GoSignals(b.info, g)
			}
			if run, ok := runKeys(b.info, call, lit); ok {
				keys = run
				spawned = spawned || StartsGoroutine(b.info, call, lit)
			}
		}
		pv.escapes = append(pv.escapes, escapePoint{pos: lit.Pos(), closure: true, spawned: spawned, keys: keys, lit: lit})
		return
	}
	parent := escape.Parent(stack)
	if sel, ok := parent.(*ast.SelectorExpr); ok && sel.X == id {
		if s := b.info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
			return // v.f accesses the private memory itself
		}
	}
	if star, ok := parent.(*ast.StarExpr); ok {
		// *v reads or writes the memory itself, unless its address is
		// taken again.
		if u, ok := parentOfLit(stack, star).(*ast.UnaryExpr); !ok || u.Op != token.AND {
			return
		}
	}
	if !IsPointer(v.Type()) {
		// A value is copied, not shared, except through its address.
		switch p := parent.(type) {
		case *ast.UnaryExpr:
			if p.Op != token.AND || isAtomicAddr(b.info, p, stack) {
				return
			}
		case *ast.SelectorExpr:
			if !isPtrMethod(b.info, p) || isSyncMethod(b.info, p) {
				return
			}
		default:
			return
		}
	}
	// Storing it into its own fields (x.desc = desc{x}) makes it
	// reachable only through itself.
	if selfStore(b.info, v, id, stack) {
		return
	}
	// Handing the object to a function of the package that keeps
	// nothing of it (see internal/retain) leaves it private.
	if call, index, ok := argOf(b.info, id, stack); ok && b.retained != nil && !inGo(stack) && !b.retained.RetainsArg(call, index) {
		return
	}
	for _, n := range stack {
		if g, ok := n.(*ast.GoStmt); ok {
			// An argument of a go statement escapes into the
			// goroutine, which only a join of the WaitGroups and
			// channels passed with it makes private again.
			if keys := hb.ArgSignals(b.info, g.Call); len(keys) > 0 {
				pv.escapes = append(pv.escapes, escapePoint{pos: g.Pos(), closure: true, spawned: true, keys: keys})
				return
			}
		}
	}
	for _, pos := range at {
		pv.escapes = append(pv.escapes, escapePoint{pos: pos})
	}
}

// inPlaceAt returns, for a use inside function literals (the stack of
// its ancestors), the calls in the body at which it runs when every
// literal holding it runs in place (escape.InPlace) and the outermost
// is called only in the body itself, outside go statements within the
// literals (a defer in a literal runs before the literal returns).
func (b *Body) inPlaceAt(stack []ast.Node) ([]token.Pos, bool) {
	if b.inPlace == nil {
		b.inPlace, b.calls = escape.InPlace(b.info, b.body)
	}
	var outer *ast.FuncLit
	for _, n := range stack {
		switch n := n.(type) {
		case *ast.FuncLit:
			if _, ok := b.inPlace[n]; !ok {
				return nil, false
			}
			if outer == nil {
				outer = n
			}
		case *ast.GoStmt:
			if outer != nil {
				return nil, false
			}
		}
	}
	var at []token.Pos
	for _, c := range b.calls[outer] {
		if c.Body != b.body {
			return nil, false
		}
		at = append(at, c.Pos)
	}
	return at, len(at) > 0
}

// At reports whether the memory reached through the local base is
// private to the function at pos: before the local's first escape, or
// after the goroutines it escaped into have been joined.
func (b *Body) At(base *types.Var, pos token.Pos) bool {
	return b.privateExcept(base, pos, token.NoPos)
}

// Before reports whether base is private just before the use of it
// at pos (a call it is passed to): its escape there does not count.
func (b *Body) Before(base *types.Var, pos token.Pos) bool {
	return b.privateExcept(base, pos, pos)
}

func (b *Body) privateExcept(base *types.Var, pos, skip token.Pos) bool {
	pv := b.private[base]
	if pv == nil {
		return false
	}
	if !skip.IsValid() {
		// The common question, asked for many points: which escapes
		// reach a point is found once per local.
		if pv.plain == nil {
			var plain, closures []token.Pos
			for _, e := range pv.escapes {
				if e.closure {
					closures = append(closures, e.pos)
				} else {
					plain = append(plain, e.pos)
				}
			}
			g, cuts := b.goroutines.Graph(), []token.Pos{base.Pos()}
			pv.plain, pv.closures = g.Reach(plain, cuts), g.Reach(closures, cuts)
		}
		if pv.plain(pos) {
			return false
		}
		if !pv.closures(pos) {
			return true
		}
	}
	for _, e := range pv.escapes {
		if e.pos == skip || !b.reaches(e.pos, pos, base) {
			continue
		}
		if !e.closure || b.goroutines.Leaky(e.lit) || !b.goroutines.Joined(e.pos, pos, e.keys) {
			return false
		}
	}
	return true
}

// reaches reports whether a path of the body's control-flow graph leads
// from the escape at esc to pos without passing v's declaration (which
// makes a new variable: a loop's next iteration does not reach back to
// the last one's escape).
func (b *Body) reaches(esc, pos token.Pos, v *types.Var) bool {
	if esc == pos {
		return true
	}
	return !b.goroutines.Graph().Joined(esc, pos, []token.Pos{v.Pos()})
}

// Private reports whether v is a private local of the body, or a
// receiver or parameter Enter made private.
func (b *Body) Private(v *types.Var) bool { return b.private[v] != nil }

// Enter makes v, a pointer receiver or parameter of the body, private on
// entry (every call passes a private object), and returns it.
func (b *Body) Enter(v *types.Var) *types.Var {
	if b.private[v] == nil {
		b.private[v] = b.params[v]
	}
	return v
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
	return IsPointer(sig.Recv().Type())
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

// Allocates reports whether e allocates a new object: &T{...}, new(T) or
// T{...}.
func Allocates(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		_, ok := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && ok
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				return b.Name() == "new"
			}
		}
		// (*T)(unsafe.Pointer(&local)): a typed view of a local
		// variable's own memory.
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			if inner, ok := ast.Unparen(e.Args[0]).(*ast.CallExpr); ok && len(inner.Args) == 1 {
				if tv, ok := info.Types[inner.Fun]; ok && tv.IsType() && types.Unalias(tv.Type) == types.Typ[types.UnsafePointer] {
					if u, ok := ast.Unparen(inner.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND {
						if id, ok := ast.Unparen(u.X).(*ast.Ident); ok {
							v, ok := info.Uses[id].(*types.Var)
							return ok && v.Pkg() != nil && v.Parent() != v.Pkg().Scope() && !IsPointer(v.Type())
						}
					}
				}
			}
		}
	}
	return false
}

// methodOf returns the package and type name of the receiver of the
// method selected by sel.
func methodOf(info *types.Info, sel *ast.SelectorExpr) (pkg, typ string, ok bool) {
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || s.Obj().Pkg() == nil {
		return "", "", false
	}
	recv := s.Recv()
	if p, ok := types.Unalias(recv).(*types.Pointer); ok {
		recv = p.Elem()
	}
	n, ok := types.Unalias(recv).(*types.Named)
	if !ok {
		return "", "", false
	}
	return s.Obj().Pkg().Path(), n.Obj().Name(), true
}

// parentOfLit returns the parent of n, which is on the stack, ignoring
// parentheses.
func parentOfLit(stack []ast.Node, n ast.Node) ast.Node {
	for i := len(stack) - 1; i > 0; i-- {
		if stack[i] == n {
			return escape.Parent(stack[:i])
		}
	}
	return nil
}

// StartsGoroutine reports whether call runs its function literal argument
// lit on another goroutine (see hb.StartOf).
func StartsGoroutine(info *types.Info, call *ast.CallExpr, lit *ast.FuncLit) bool {
	arg, _, ok := hb.StartOf(info, call)
	return ok && arg < len(call.Args) && ast.Unparen(call.Args[arg]) == ast.Expr(lit)
}

// runKeys reports whether call runs its argument lit on another
// goroutine, or runs and joins it (t.Run, b.RunParallel), and returns
// what joins it: what lit signals, and the group that ran it or the
// call's own join.
func runKeys(info *types.Info, call *ast.CallExpr, lit *ast.FuncLit) ([]string, bool) {
	if call.Fun == ast.Expr(lit) {
		return nil, false
	}
	isArg := func(i int) bool { return i < len(call.Args) && ast.Unparen(call.Args[i]) == ast.Expr(lit) }
	if j, ok := hb.JoinOf(info, call); ok && slices.ContainsFunc(call.Args, func(a ast.Expr) bool { return ast.Unparen(a) == ast.Expr(lit) }) {
		return []string{j.Key}, true
	}
	if arg, key, ok := hb.StartOf(info, call); ok && isArg(arg) {
		keys := hb.Signals(info, lit)
		if key != "" {
			keys = append(keys, key)
		}
		return keys, true
	}
	return nil, false
}

// isSyncMethod reports whether sel is a method of a sync or sync/atomic
// type (mu.Lock(), v.Store(x)), which does not retain its receiver.
func isSyncMethod(info *types.Info, sel *ast.SelectorExpr) bool {
	pkg, _, ok := methodOf(info, sel)
	return ok && (pkg == "sync" || pkg == "sync/atomic")
}

// argOf returns the call that id (or &id) is an argument of, and its
// index, or the call of a method on id (index -1).
func argOf(info *types.Info, id *ast.Ident, stack []ast.Node) (*ast.CallExpr, int, bool) {
	var e ast.Expr = id
	parent := escape.Parent(stack)
	if u, ok := parent.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e, parent = u, parentOfLit(stack, u)
	}
	switch p := parent.(type) {
	case *ast.CallExpr:
		for i, a := range p.Args {
			if ast.Unparen(a) == e {
				return p, i, true
			}
		}
	case *ast.SelectorExpr:
		if s := info.Selections[p]; s != nil && s.Kind() == types.MethodVal && e == ast.Expr(id) {
			if call, ok := parentOfLit(stack, p).(*ast.CallExpr); ok && call.Fun == ast.Expr(p) {
				return call, -1, true
			}
		}
	}
	return nil, 0, false
}

// inGo reports whether a go statement is on the stack.
func inGo(stack []ast.Node) bool {
	return slices.ContainsFunc(stack, func(n ast.Node) bool { _, ok := n.(*ast.GoStmt); return ok })
}

// selfStore reports whether id, a use of v, is inside the right-hand side
// of an assignment whose every target is memory inside v's own object
// (v.f = ..., v.arr[i] = ... for an array field).
func selfStore(info *types.Info, v *types.Var, id *ast.Ident, stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN || id.Pos() < n.TokPos {
				return false
			}
			for _, l := range n.Lhs {
				if rootVar(info, l) != v || ast.Unparen(l) == ast.Expr(id) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// rootVar returns the variable at the root of a path within one object's
// own memory (x.f.g[i] for an array, *x for a local pointer x), nil for
// any other expression: a slice's or map's elements live in storage of
// their own, and *x.p is another object.
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	return identity.Root(info, e, func(step identity.Step, operand ast.Expr) bool {
		switch step {
		case identity.StepField, identity.StepArray:
			return true
		case identity.StepDeref:
			_, ok := ast.Unparen(operand).(*ast.Ident)
			return ok
		}
		return false
	})
}

// IsPointer reports whether t's underlying type is a pointer.
func IsPointer(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Pointer)
	return ok
}
