package publish

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/go/ir"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/escape/owned"
	"github.com/cowlint/cowlint/internal/hb"
	"github.com/cowlint/cowlint/internal/held"
)

// The serialization rule (issue 14 §1). Copy-on-write writers must be
// serialised: a Store (or Swap) of a value derived from a Load of the same
// variable replaces whatever another writer stored in between, and that
// writer's update is lost. The race detector cannot see it: every access
// is atomic.
//
//	old := cfg.Load()
//	n := *old
//	n.Limits = maps.Clone(old.Limits)
//	n.Limits[k] = v
//	cfg.Store(&n) // reported: two concurrent writers, one update lost
//
// It is checked on the IR the flow phases already built: the value stored
// is followed back through aliases, copies (n := *old), the fields stored
// into a local before it is published, the parts of composite values, and
// the arguments of calls (maps.Clone(old.Limits), newConfig(old)), a new
// map filled from the old one by a range loop, to a Load of the same
// variable (identity.ID; for one reached only through a pointer in a
// local or parameter, as in a generic helper's p *atomic.Pointer[T], that
// pointer variable, within the function). Methods summarised as
// returning a snapshot of their receiver's variable or publishing into it
// (box.Get(), box.Set(v), from any package) count as its Load and Store
// when called on the same receiver expression. Silent when:
//   - one exclusive lock is held on every path both at the Load and at the
//     Store (internal/held, over the function's syntax), and every other
//     writer of the variable in the package (Store, Swap, CompareAndSwap)
//     holds it too, in either mode: a writer without it stores between
//     the Load and the Store and its update is lost (the finding names
//     it). Writers that run alone do not count: init, main of a command,
//     a sequential test, a constructor storing into the object it
//     allocated before anything else can see it. Writers in other
//     packages, and behind summarised methods (box.Set), are out of
//     sight;
//   - the function compares-and-swaps the same variable (a CAS retry loop);
//   - the value stored is the loaded value itself (a restore);
//   - the function is init, or main of a command, and no goroutine it
//     started can be running at the Store (internal/hb: each start is
//     joined on every path to it, or cannot reach it);
//   - the file is a test.
//   - the function is a command's single reloader goroutine and the only
//     writer of the variable (see confined).
// Writers confined to one goroutine some other way (a goroutine a
// library's constructor starts per object, a helper the reloader calls)
// are not recognised: silence them with //cowlint:ignore publish and the
// reason.

// atomicAccess is one Load, Store or Swap of an atomic pointer variable
// in the function, with the variable's identity.
type atomicAccess struct {
	call *ir.Call
	expr *ast.CallExpr
	kind atomicop.Kind
	key  string // identity.ID.Key of the variable
	name string // the variable as written
	val  ir.Value
}

// checkSerialized reports Stores of values derived from a Load of the same
// variable by a writer that holds no lock from the Load to the Store.
func (c *checker) checkSerialized(f *funcFlow) {
	var decl ast.Node
	var entry *hb.Goroutines // for init and a command's main
	switch d := f.fn.Source().(type) {
	case *ast.FuncDecl:
		if runsOnce(c, d) {
			entry = hb.BodyGoroutines(c.pass.TypesInfo, d, hb.Options{})
		}
		decl = d
	case *ast.FuncLit:
		decl = d
	default:
		return
	}
	if c.sequentialTest(decl) {
		return // a test that runs alone and starts no goroutine has one writer
	}
	info := c.pass.TypesInfo
	var accesses []atomicAccess
	cas := map[string]bool{}
	loads := map[ir.Value]*atomicAccess{}
	for _, b := range f.fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ir.Call)
			if !ok {
				continue
			}
			expr, _ := call.Source().(*ast.CallExpr)
			if expr == nil {
				continue
			}
			if a, ok := c.methodAccess(call, expr); ok {
				accesses = append(accesses, a)
				continue
			}
			shape, ok := atomicop.Func(staticFunc(call.Common()))
			if !ok || !isPointerOp(shape) {
				continue
			}
			op, ok := atomicop.Classify(info, expr)
			if !ok {
				continue
			}
			key := c.varKey(op)
			if key == "" {
				continue
			}
			if shape.Kind == atomicop.CompareAndSwap {
				cas[key] = true
				continue
			}
			a := atomicAccess{call: call, expr: expr, kind: shape.Kind, key: key, name: atomicName(op)}
			if shape.Kind != atomicop.Load {
				i := shape.ValueArg()
				if shape.Typed {
					i++
				}
				if i < len(call.Common().Args) {
					a.val = call.Common().Args[i]
				}
			}
			accesses = append(accesses, a)
		}
	}
	for i := range accesses {
		if accesses[i].kind == atomicop.Load {
			loads[accesses[i].call] = &accesses[i]
		}
	}
	if len(loads) == 0 {
		return
	}
	var locks *held.Func
	for _, st := range accesses {
		if st.kind == atomicop.Load || st.val == nil || cas[st.key] {
			continue
		}
		ld := f.derivedFromLoad(st.val, st.key, loads)
		if ld == nil {
			continue
		}
		if entry != nil && entry.AloneAt(st.expr.Pos()) {
			continue // init or main, with no goroutine of its own running yet
		}
		if c.confined(decl, st.key) {
			continue // one goroutine, started once, is the only writer
		}
		if locks == nil {
			locks = c.locksOf(decl)
		}
		across := heldAcross(locks, ld.expr.Pos(), st.expr.Pos())
		var free *writer
		var freeLock string
		serialised := false
		for _, l := range across {
			if strings.HasPrefix(st.key, "method:") {
				serialised = true // the writers behind summarised methods are not enumerated
				break
			}
			w := c.freeWriter(st.key, l.Class)
			if w == nil {
				serialised = true
				break
			}
			if free == nil {
				free, freeLock = w, l.Inst.String()
				if !l.Inst.Known() {
					freeLock = lockName(l.Class)
				}
			}
		}
		if serialised || c.seen(st.expr.Pos()) {
			continue
		}
		d := analysis.Diagnostic{
			Pos: st.expr.Pos(),
			End: st.expr.End(),
			Message: fmt.Sprintf("%s of a value derived from %s at %s with no lock held from Load to %s: concurrent writers lose updates (hold one writer mutex from Load to %s, or retry with CompareAndSwap)",
				types.ExprString(st.expr.Fun), types.ExprString(ld.expr.Fun), c.where(ld.expr.Pos()), kindVerb(st.kind), kindVerb(st.kind)),
			Related: []analysis.RelatedInformation{{Pos: ld.expr.Pos(), End: ld.expr.End(), Message: "loaded here"}},
		}
		if free != nil {
			d.Message = fmt.Sprintf("%s of a value derived from %s at %s: %s is held from Load to %s, but %s at %s writes %s without it, and that update is lost (every writer must hold the writer mutex, or retry with CompareAndSwap)",
				types.ExprString(st.expr.Fun), types.ExprString(ld.expr.Fun), c.where(ld.expr.Pos()), freeLock, kindVerb(st.kind),
				types.ExprString(free.call.Fun), c.where(free.call.Pos()), st.name)
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: free.call.Pos(), End: free.call.End(), Message: "writes without " + freeLock})
		}
		c.pass.Report(d)
	}
}

// methodAccess recognises a call to a method summarised as returning a
// snapshot of its receiver's atomic variable (box.Get()) or as publishing
// an argument into it (box.Set(v)), from this package or another: a Load
// or a Store of the variable named by the receiver expression and the
// method's type.
func (c *checker) methodAccess(call *ir.Call, expr *ast.CallExpr) (atomicAccess, bool) {
	fn := staticFunc(call.Common())
	if fn == nil || methodKey(fn) == "" || pkgPath(fn) == "sync/atomic" {
		return atomicAccess{}, false
	}
	sel, ok := ast.Unparen(expr.Fun).(*ast.SelectorExpr)
	if !ok {
		return atomicAccess{}, false
	}
	recv := types.ExprString(sel.X)
	typ := strings.SplitN(methodKey(fn), ".", 2)[0]
	key := "method:" + pkgPath(fn) + "." + typ + ":" + recv
	a := atomicAccess{call: call, expr: expr, key: key, name: recv}
	if _, ok := c.facts.snapshot(fn); ok {
		a.kind = atomicop.Load
		return a, true
	}
	pubs := c.facts.publishes(fn).sorted()
	if len(pubs) == 1 && pubs[0] > 0 && pubs[0] < len(call.Common().Args) {
		a.kind = atomicop.Store
		a.val = call.Common().Args[pubs[0]]
		return a, true
	}
	return atomicAccess{}, false
}

func kindVerb(k atomicop.Kind) string {
	if k == atomicop.Swap {
		return "Swap"
	}
	return "Store"
}

// heldAcross returns the exclusive locks certainly held from the Load to
// the Store: held at both, from the same acquisition (a lock released and
// taken again in between lets another writer in).
func heldAcross(f *held.Func, load, store token.Pos) []held.Lock {
	var out []held.Lock
	for _, l := range f.At(load) {
		if l.Shared {
			continue
		}
		for _, m := range f.At(store) {
			if !m.Shared && m.Class == l.Class && m.Inst == l.Inst && m.Site == l.Site {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// lockName names a lock class in a message without its package path:
// Server.mu, pkg.mu.
func lockName(class string) string {
	name, ok := strings.CutPrefix(class, "expr:")
	if ok {
		return name
	}
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.Index(name, "."); i >= 0 && strings.Contains(name[i+1:], ".") {
		name = name[i+1:]
	}
	return name
}

// A writer is a Store, Swap or CompareAndSwap of an atomic pointer
// variable somewhere in the package, with the function it is in.
type writer struct {
	call *ast.CallExpr
	body ast.Node // the innermost *ast.FuncDecl or *ast.FuncLit
	decl *ast.FuncDecl
}

// freeWriter returns a writer of the variable key in the package that may
// run concurrently with others and does not hold lock (in either mode):
// its update lands between another writer's Load and Store, and a mutex
// serialises the writers only if every one of them holds it. Writers that
// run alone do not count (init, main of a command, a sequential test, a
// constructor storing into an object it allocated and has not shared).
// Writers in other packages are out of sight.
func (c *checker) freeWriter(key, lock string) *writer {
	if c.writers == nil {
		c.writers = c.indexWriters()
		c.free = map[[2]string]*writer{}
		c.writerLocks = map[ast.Node]*held.Func{}
	}
	k := [2]string{key, lock}
	if w, ok := c.free[k]; ok {
		return w
	}
	var found *writer
	for _, w := range c.writers[key] {
		locks := c.writerLocks[w.body]
		if locks == nil {
			locks = c.locksOf(w.body)
			c.writerLocks[w.body] = locks
		}
		if slices.ContainsFunc(locks.At(w.call.Pos()), func(l held.Lock) bool { return l.Class == lock }) {
			continue
		}
		if c.runsAlone(w) || c.sequentialTest(w.body) || c.constructorWrite(w) {
			continue
		}
		found = w
		break
	}
	c.free[k] = found
	return found
}

// varKey names the variable an atomic operation acts on: its identity
// (identity.ID.Key), or, for one reached only through a pointer
// parameter that the function never reassigns (a generic helper's
// p *atomic.Pointer[T]: p.Load() ... p.Store(n)), that parameter: one
// variable within the function, whatever its callers pass. A local
// pointer may be rebound (slot = &i.children[j] in a loop, internal/sync's
// HashTrieMap) and names no one variable. Writers through other pointers
// are out of sight.
func (c *checker) varKey(op atomicop.Op) string {
	info := c.pass.TypesInfo
	if key := op.ID(info).Key; key != "" {
		return key
	}
	var ptr ast.Expr
	if op.Typed {
		if sel, ok := ast.Unparen(op.Call.Fun).(*ast.SelectorExpr); ok && len(op.Embedded) == 0 {
			ptr = sel.X
		}
	} else {
		ptr = op.Addr
	}
	id, ok := ast.Unparen(ptr).(*ast.Ident)
	if !ok {
		return ""
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || !c.fixedParam(v) {
		return ""
	}
	return fmt.Sprintf("ptr:%s:%d", v.Name(), v.Pos())
}

// fixedParam reports whether v is a parameter of a function declared or
// written in the package that its body never assigns nor takes the
// address of.
func (c *checker) fixedParam(v *types.Var) bool {
	if r, ok := c.fixed[v]; ok {
		return r
	}
	if c.fixed == nil {
		c.fixed = map[*types.Var]bool{}
	}
	var body *ast.BlockStmt
	for _, f := range c.pass.Files {
		if v.Pos() < f.FileStart || v.Pos() >= f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var ft *ast.FuncType
			var b *ast.BlockStmt
			switch n := n.(type) {
			case *ast.FuncDecl:
				ft, b = n.Type, n.Body
			case *ast.FuncLit:
				ft, b = n.Type, n.Body
			default:
				return body == nil
			}
			if ft.Params != nil && ft.Params.Pos() <= v.Pos() && v.Pos() < ft.Params.End() {
				body = b
			}
			return body == nil
		})
	}
	r := body != nil
	if r {
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
						r = false
					}
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && c.pass.TypesInfo.Uses[id] == v {
					r = false
				}
			}
			return r
		})
	}
	c.fixed[v] = r
	return r
}

// confined reports whether body, the function holding a Load-then-Store
// of the variable key, runs on one goroutine only and every other writer
// of the variable runs alone, so that no second writer exists: body is
// started by a go statement that runs once (in init or a command's main,
// outside any loop or function literal) and is referred to nowhere else
// (a function literal started in place, or an unexported function
// without receiver named once in the package, a method could be called
// through an interface), and the variable's other writers in the package
// are in body itself or run alone (before the go statement in main, in
// init, a sequential test, a constructor). The single reloader goroutine
// a command starts is the common case:
//
//	func main() { go reload(sig); ... }
//	func reload(sig <-chan os.Signal) { for range sig { old := cfg.Load(); ...; cfg.Store(n) } }
func (c *checker) confined(body ast.Node, key string) bool {
	if c.pass.Pkg.Name() != "main" || strings.HasPrefix(key, "method:") || strings.HasPrefix(key, "ptr:") {
		return false
	}
	if c.starts == nil {
		c.starts = c.indexStarts()
	}
	var started any = body
	if d, ok := body.(*ast.FuncDecl); ok {
		fn, _ := c.pass.TypesInfo.Defs[d.Name].(*types.Func)
		if fn == nil || d.Recv != nil || fn.Exported() || c.starts.refs[fn] != 1 {
			return false
		}
		started = fn
	}
	if !c.starts.once[started] {
		return false
	}
	if c.writers == nil {
		c.freeWriter(key, "") // builds the index of writers
	}
	for _, w := range c.writers[key] {
		if w.body != body && !c.runsAlone(w) && !c.sequentialTest(w.body) && !c.constructorWrite(w) {
			return false
		}
	}
	return true
}

// goStarts indexes the functions go statements start: those started by a
// go statement that runs once (in init or a command's main, outside any
// loop or function literal), by literal or *types.Func, and the number of
// references to each package-level function.
type goStarts struct {
	once map[any]bool
	refs map[*types.Func]int
}

func (c *checker) indexStarts() *goStarts {
	info := c.pass.TypesInfo
	gs := &goStarts{once: map[any]bool{}, refs: map[*types.Func]int{}}
	for id, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() == c.pass.Pkg && id != nil {
			gs.refs[fn]++
		}
	}
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil || !runsOnce(c, decl) {
				continue
			}
			if fn, _ := info.Defs[decl.Name].(*types.Func); fn != nil && gs.refs[fn] > 0 || hasGoto(decl.Body) {
				continue // main called again, or a goto that may run a go statement twice
			}
			ast.Inspect(decl.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit:
					return false // may run more than once, or elsewhere
				case *ast.GoStmt:
					switch fun := ast.Unparen(n.Call.Fun).(type) {
					case *ast.FuncLit:
						gs.once[fun] = true
					case *ast.Ident:
						if fn, ok := info.Uses[fun].(*types.Func); ok {
							gs.once[fn] = true
						}
					}
				}
				return true
			})
		}
	}
	return gs
}

// hasGoto reports whether body holds a goto statement.
func hasGoto(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO {
			found = true
		}
		return !found
	})
	return found
}

// runsAlone reports whether w is in init or a command's main, with no
// goroutine they started running at it.
func (c *checker) runsAlone(w *writer) bool {
	return w.decl != nil && w.body == ast.Node(w.decl) && runsOnce(c, w.decl) &&
		hb.BodyGoroutines(c.pass.TypesInfo, w.decl, hb.Options{}).AloneAt(w.call.Pos())
}

// indexWriters finds the writers of every atomic pointer variable of the
// package, by identity key.
func (c *checker) indexWriters() map[string][]*writer {
	info := c.pass.TypesInfo
	out := map[string][]*writer{}
	for _, f := range c.pass.Files {
		var stack []ast.Node
		var decls []*ast.FuncDecl
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				if top := stack[len(stack)-1]; top != nil {
					if _, ok := top.(*ast.FuncDecl); ok {
						decls = decls[:len(decls)-1]
					}
				}
				stack = stack[:len(stack)-1]
				return true
			}
			switch n := n.(type) {
			case *ast.FuncDecl:
				decls = append(decls, n)
			case *ast.CallExpr:
				if op, ok := atomicop.Classify(info, n); ok && op.Kind != atomicop.Load && isPointerOp(op.Shape) {
					if key := c.varKey(op); key != "" && len(decls) > 0 {
						var body ast.Node = decls[len(decls)-1]
						for _, s := range slices.Backward(stack) {
							if lit, ok := s.(*ast.FuncLit); ok {
								body = lit
								break
							}
						}
						out[key] = append(out[key], &writer{call: n, body: body, decl: decls[len(decls)-1]})
					}
				}
			}
			stack = append(stack, n)
			return true
		})
	}
	return out
}

// constructorWrite reports whether w stores into memory reached from a
// local of its body that no other goroutine can see at the store
// (internal/escape/owned): an object the function allocated (v := &T{},
// new(T), var v T) before any escape of it reaches the store, or after
// the goroutines it escaped into were joined.
func (c *checker) constructorWrite(w *writer) bool {
	op, ok := atomicop.Classify(c.pass.TypesInfo, w.call)
	if !ok || w.body == nil {
		return false
	}
	root := op.Target
	for {
		switch x := ast.Unparen(root).(type) {
		case *ast.SelectorExpr:
			root = x.X
			continue
		case *ast.IndexExpr:
			root = x.X
			continue
		case *ast.StarExpr:
			root = x.X
			continue
		}
		break
	}
	id, ok := ast.Unparen(root).(*ast.Ident)
	if !ok {
		return false
	}
	if c.owned == nil {
		c.owned = map[ast.Node]*owned.Body{}
	}
	b := c.owned[w.body]
	if b == nil {
		b = owned.NewBody(c.pass.TypesInfo, w.body, hb.BodyGoroutines(c.pass.TypesInfo, w.body, hb.Options{}), nil)
		c.owned[w.body] = b
	}
	v := b.Local(c.pass.TypesInfo.Uses[id])
	return v != nil && b.At(v, w.call.Pos())
}

// derivedFromLoad walks back from the stored value v to a Load of the
// variable key it was derived from. The walk through pure aliases alone
// (the loaded value stored back unchanged: a restore) does not count.
func (f *funcFlow) derivedFromLoad(v ir.Value, key string, loads map[ir.Value]*atomicAccess) *atomicAccess {
	type item struct {
		v       ir.Value
		derived bool // went through a copy, a field or a call
	}
	seen := map[item]bool{}
	stack := []item{{v, false}}
	for steps := 0; len(stack) > 0 && steps < 4000; steps++ {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.v == nil || seen[it] {
			continue
		}
		seen[it] = true
		if ld := loads[it.v]; ld != nil {
			if ld.key == key && it.derived {
				return ld
			}
			continue
		}
		for _, p := range f.aliasPreds(it.v) {
			stack = append(stack, item{p, it.derived})
		}
		for _, p := range derivationPreds(it.v) {
			stack = append(stack, item{p, true})
		}
	}
	return nil
}

// derivationPreds returns the values v was computed from, besides its
// aliases: the pointer a copy was loaded through (*old), the object a
// field or element was read from, what was stored into a local before it
// was taken, a composite value's parts, a call's arguments (a
// constructor or clone fed the old value), the keys and values put into a
// new map, and the map or string a range loop reads.
func derivationPreds(v ir.Value) []ir.Value {
	switch v := v.(type) {
	case *ir.UnOp:
		if v.Op == token.MUL {
			return []ir.Value{v.X}
		}
	case *ir.Load:
		return []ir.Value{v.X}
	case *ir.Field:
		return []ir.Value{v.X}
	case *ir.FieldAddr:
		return []ir.Value{v.X}
	case *ir.Index:
		return []ir.Value{v.X}
	case *ir.IndexAddr:
		return []ir.Value{v.X}
	case *ir.MapLookup:
		return []ir.Value{v.X}
	case *ir.Slice:
		return []ir.Value{v.X}
	case *ir.CompositeValue:
		return v.Values
	case *ir.Extract:
		return []ir.Value{v.Tuple}
	case *ir.Call:
		return v.Common().Args
	case *ir.Range:
		return []ir.Value{v.X}
	case *ir.Next:
		return []ir.Value{v.Iter}
	case *ir.MakeMap:
		// A map filled from the old one: for k, v := range old { n[k] = v }.
		var vals []ir.Value
		if refs := v.Referrers(); refs != nil {
			for _, r := range *refs {
				if u, ok := r.(*ir.MapUpdate); ok && u.Map == ir.Value(v) {
					vals = append(vals, u.Key, u.Value)
				}
			}
		}
		return vals
	case *ir.Alloc:
		var vals []ir.Value
		var visit func(addr ir.Value, depth int)
		visit = func(addr ir.Value, depth int) {
			refs := addr.Referrers()
			if refs == nil || depth > 4 {
				return
			}
			for _, r := range *refs {
				switch r := r.(type) {
				case *ir.Store:
					if r.Addr == addr {
						vals = append(vals, r.Val)
					}
				case *ir.FieldAddr:
					visit(r, depth+1)
				case *ir.IndexAddr:
					visit(r, depth+1)
				}
			}
		}
		visit(v, 0)
		return vals
	}
	return nil
}

// runsOnce reports whether decl is an init function or main of a
// command: the language runs each once, on the main goroutine, with no
// goroutine of the package running but those it starts itself (or
// earlier init functions left running, which hb does not see).
func runsOnce(c *checker, decl *ast.FuncDecl) bool {
	return decl.Recv == nil && (decl.Name.Name == "init" || decl.Name.Name == "main" && c.pass.Pkg.Name() == "main")
}

// sequentialTest reports whether body (a declaration or a literal) is, or
// is inside, a test function that go test runs alone and that starts no
// goroutine: TestXxx(t *testing.T) in a _test.go file that calls
// t.Parallel nowhere (nor its subtests) and holds no go statement nor a
// call starting one (hb.StartOf). Everything it does runs on one
// goroutine at a time, so a Load-then-Store in it has no concurrent
// writer in the test itself (tests save and restore configuration).
func (c *checker) sequentialTest(body ast.Node) bool {
	if !strings.HasSuffix(c.pass.Fset.File(body.Pos()).Name(), "_test.go") {
		return false
	}
	var decl *ast.FuncDecl
	for _, f := range c.pass.Files {
		if f.FileStart <= body.Pos() && body.Pos() < f.FileEnd {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= body.Pos() && body.End() <= fd.End() {
					decl = fd
				}
			}
		}
	}
	if decl == nil || decl.Recv != nil || !strings.HasPrefix(decl.Name.Name, "Test") || decl.Body == nil {
		return false
	}
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 1 || types.TypeString(sig.Params().At(0).Type(), nil) != "*testing.T" {
		return false
	}
	alone := true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			alone = false
		case *ast.CallExpr:
			if hb.IsParallel(c.pass.TypesInfo, n) {
				alone = false
			} else if _, _, ok := hb.StartOf(c.pass.TypesInfo, n); ok {
				alone = false
			}
		}
		return alone
	})
	return alone
}

// locksOf analyses the locks held in decl, a declaration starting with
// the locks every call of it holds (held.Entries) or a literal.
func (c *checker) locksOf(decl ast.Node) *held.Func {
	d, ok := decl.(*ast.FuncDecl)
	if !ok {
		return held.Analyze(c.pass.TypesInfo, decl, held.Config{})
	}
	if c.entries == nil {
		c.entries = held.NewEntries(c.pass.TypesInfo, c.pass.Files, nil)
	}
	return c.entries.Func(d)
}
