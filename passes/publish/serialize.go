package publish

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/go/ir"

	"github.com/cowlint/cowlint/internal/atomicop"
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
// the arguments of calls (maps.Clone(old.Limits), newConfig(old)), to a
// Load of the same variable (identity.ID). Methods summarised as
// returning a snapshot of their receiver's variable or publishing into it
// (box.Get(), box.Set(v), from any package) count as its Load and Store
// when called on the same receiver expression. Silent when:
//   - one exclusive lock is held on every path both at the Load and at the
//     Store (internal/held, over the function's syntax);
//   - the function compares-and-swaps the same variable (a CAS retry loop);
//   - the value stored is the loaded value itself (a restore);
//   - the function is init, or main of a command, and no goroutine it
//     started can be running at the Store (internal/hb: each start is
//     joined on every path to it, or cannot reach it);
//   - the file is a test.
// Writers confined to one goroutine some other way (a single reloader
// goroutine started once) are not recognised: silence them with
// //cowlint:ignore publish and the reason.

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
			entry = hb.BodyGoroutines(c.pass.TypesInfo, d.Body)
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
			key := op.ID(info).Key
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
		if locks == nil {
			locks = c.locksOf(decl)
		}
		if heldAcross(locks, ld.expr.Pos(), st.expr.Pos()) {
			continue
		}
		if c.seen(st.expr.Pos()) {
			continue
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: st.expr.Pos(),
			End: st.expr.End(),
			Message: fmt.Sprintf("%s of a value derived from %s at %s with no lock held from Load to %s: concurrent writers lose updates (hold one writer mutex from Load to %s, or retry with CompareAndSwap)",
				types.ExprString(st.expr.Fun), types.ExprString(ld.expr.Fun), c.where(ld.expr.Pos()), kindVerb(st.kind), kindVerb(st.kind)),
			Related: []analysis.RelatedInformation{{Pos: ld.expr.Pos(), End: ld.expr.End(), Message: "loaded here"}},
		})
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

// heldAcross reports whether one exclusive lock is certainly held from the
// Load to the Store: held at both, from the same acquisition (a lock
// released and taken again in between lets another writer in).
func heldAcross(f *held.Func, load, store token.Pos) bool {
	for _, l := range f.At(load) {
		if l.Shared {
			continue
		}
		for _, m := range f.At(store) {
			if !m.Shared && m.Class == l.Class && m.Inst == l.Inst && m.Site == l.Site {
				return true
			}
		}
	}
	return false
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
// was taken, a composite value's parts, and a call's arguments (a
// constructor or clone fed the old value).
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
