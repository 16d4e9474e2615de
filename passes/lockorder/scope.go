package lockorder

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/lockop"
)

// Locks that outlive their scope on purpose: handed back to the caller.

// handedBack returns the classes of the mutexes fw's body hands to its
// caller through a result (return &c.rlock, lock = &c.rlock with lock a
// named result) or an out-parameter (*out = &c.mu): a lock still held
// where its mutex leaves that way is the caller's to release (a Kafka
// client's waitResponse returns the read lock it holds, and its callers
// defer lock.Unlock()). Nil when there is none.
func (fw *funcWalk) handedBack() map[string]bool {
	if fw.decl == nil {
		return nil
	}
	info := fw.a.pass.TypesInfo
	outs := map[types.Object]bool{} // named results and parameters
	for _, list := range []*ast.FieldList{fw.decl.Params, fw.decl.Results} {
		if list == nil {
			continue
		}
		for _, f := range list.List {
			for _, n := range f.Names {
				if obj := info.Defs[n]; obj != nil {
					outs[obj] = true
				}
			}
		}
	}
	var out map[string]bool
	add := func(e ast.Expr) {
		if class, ok := fw.a.mutexClass(e); ok {
			setKey(&out, class, true)
		}
	}
	// toCaller reports whether storing into lhs reaches the caller: a
	// named result, or memory behind a parameter (*out, p.lock).
	toCaller := func(lhs ast.Expr) bool {
		lhs = ast.Unparen(lhs)
		if id, ok := lhs.(*ast.Ident); ok {
			obj := info.Uses[id]
			return obj != nil && outs[obj] && fw.decl.Results != nil && isResult(info, fw.decl.Results, obj)
		}
		for {
			switch e := lhs.(type) {
			case *ast.StarExpr:
				lhs = ast.Unparen(e.X)
				continue
			case *ast.SelectorExpr:
				lhs = ast.Unparen(e.X)
				continue
			case *ast.Ident:
				obj := info.Uses[e]
				return obj != nil && outs[obj] && isPointer(obj.Type())
			}
			return false
		}
	}
	ast.Inspect(fw.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, e := range n.Results {
				add(e)
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, lhs := range n.Lhs {
				if toCaller(lhs) {
					add(n.Rhs[i])
				}
			}
		}
		return true
	})
	return out
}

func isResult(info *types.Info, results *ast.FieldList, obj types.Object) bool {
	for _, f := range results.List {
		for _, n := range f.Names {
			if info.Defs[n] == obj {
				return true
			}
		}
	}
	return false
}

// mutexClass returns the lock class of the mutex an expression hands out:
// &x.mu with mu a sync.Mutex or RWMutex, or a *sync.Mutex or *RWMutex
// value (a field or variable naming one).
func (a *analyzer) mutexClass(e ast.Expr) (string, bool) {
	info := a.pass.TypesInfo
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x := ast.Unparen(u.X)
		if !isSyncMutex(info.TypeOf(x)) {
			return "", false
		}
		e = x
	} else if t := info.TypeOf(e); t == nil || !isPointer(t) || !isSyncMutex(t.Underlying().(*types.Pointer).Elem()) {
		return "", false
	}
	switch e.(type) {
	case *ast.Ident, *ast.SelectorExpr:
	default:
		return "", false
	}
	id, ok := held.ClassOf(info, lockop.Op{Shape: lockop.Shape{Mutex: "Mutex"}, MutexExpr: e})
	if !ok {
		return "", false
	}
	return classOf(id).Key, true
}

// isSyncMutex reports whether t is sync.Mutex or sync.RWMutex.
func isSyncMutex(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex"
}

// Locks taken again before they are released: a branch out of an inner
// loop, or a goto back, with the lock held.

// lockEvent is the first lock operation on a class in a block: an
// acquisition (pos) or a release.
type lockEvent struct {
	acquire bool
	shared  bool
	pos     token.Pos
}

// firstEvents returns, for each class a block locks or releases, the
// first such operation: direct lock operations (TryLock aside), calls
// whose callee certainly acquires it or releases it, closures run in
// place; a deferred release counts as a release.
func (a *analyzer) firstEvents(b *cfg.Block) map[string]lockEvent {
	var out map[string]lockEvent
	note := func(class string, ev lockEvent) {
		if _, ok := out[class]; !ok {
			setKey(&out, class, ev)
		}
	}
	visiting := map[*ast.FuncLit]bool{}
	for _, n := range b.Nodes {
		if g, ok := n.(*ast.GoStmt); ok {
			n = &ast.CallExpr{Fun: ast.NewIdent("_"), Args: g.Call.Args} // the goroutine's body runs elsewhere
		}
		var visit func(m ast.Node) bool
		visit = func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return a.runsHere(n, m)
			case *ast.CallExpr:
				if lit := a.localFunc(m); lit != nil && !visiting[lit] {
					visiting[lit] = true
					ast.Inspect(lit.Body, visit)
				}
				if op, ok := a.classify(m); ok {
					if class, ok := a.classOfOp(op); ok && !op.Kind.Try() {
						note(class.Key, lockEvent{acquire: op.Kind.Acquires(), shared: op.Kind.Shared(), pos: m.Pos()})
					}
				} else if sum := a.calleeSummary(m); sum != nil {
					for _, rel := range sum.Releases {
						if !rel.Reacquired {
							note(rel.Class, lockEvent{pos: m.Pos()})
						}
					}
					for _, acq := range sum.Acquires {
						if acq.Certain {
							note(acq.Class, lockEvent{acquire: true, shared: acq.Shared, pos: m.Pos()})
						}
					}
				}
			}
			return true
		}
		ast.Inspect(n, visit)
	}
	return out
}

// relockedFrom returns, for each block, the classes that some path from
// its start locks again before any release (with the position of that
// acquisition), and the classes that some path from its start releases
// before any acquisition: two backward may-analyses over the first lock
// event of each class in each block, solved like releasedFrom.
func (a *analyzer) relockedFrom(g *cfg.CFG) (relock map[*cfg.Block]map[string]lockEvent, release map[*cfg.Block]map[string]bool) {
	n := len(g.Blocks)
	first := make([]map[string]lockEvent, n)
	preds := make([][]*cfg.Block, n)
	relock = make(map[*cfg.Block]map[string]lockEvent, n)
	release = make(map[*cfg.Block]map[string]bool, n)
	some := false
	for _, b := range g.Blocks {
		first[b.Index] = a.firstEvents(b)
		for class, ev := range first[b.Index] {
			some = true
			if ev.acquire {
				m := relock[b]
				setKey(&m, class, ev)
				relock[b] = m
			} else {
				m := release[b]
				setKey(&m, class, true)
				release[b] = m
			}
		}
		for _, succ := range b.Succs {
			preds[succ.Index] = append(preds[succ.Index], b)
		}
	}
	if !some {
		return relock, release
	}
	work := make([]*cfg.Block, 0, n)
	queued := make([]bool, n)
	for _, b := range g.Blocks {
		work = append(work, b)
		queued[b.Index] = true
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		queued[b.Index] = false
		for _, p := range preds[b.Index] {
			grew := false
			for class, ev := range relock[b] {
				if _, seen := first[p.Index][class]; seen {
					continue
				}
				if _, ok := relock[p][class]; !ok {
					m := relock[p]
					setKey(&m, class, ev)
					relock[p] = m
					grew = true
				}
			}
			for class := range release[b] {
				if _, seen := first[p.Index][class]; seen {
					continue
				}
				if !release[p][class] {
					m := release[p]
					setKey(&m, class, true)
					release[p] = m
					grew = true
				}
			}
			if grew && !queued[p.Index] {
				queued[p.Index] = true
				work = append(work, p)
			}
		}
	}
	return relock, release
}

// The caller side of lock helpers.

// condResult returns what the last result of a function of type typ
// says when a conditional helper holds its lock: "true" for a bool, "a
// nil error" for an error; "" for other functions.
func (fw *funcWalk) condResult() string {
	if fw.decl == nil || fw.decl.Results == nil || len(fw.decl.Results.List) == 0 {
		return ""
	}
	t := fw.a.pass.TypesInfo.TypeOf(fw.decl.Results.List[len(fw.decl.Results.List)-1].Type)
	switch {
	case t == nil:
	case types.Identical(t, types.Typ[types.Bool]):
		return "true"
	case types.Identical(t, types.Universe.Lookup("error").Type()):
		return "a nil error"
	}
	return ""
}

// passedThrough returns the call whose results an exit returns as its
// own (return c.cleanup(), return v, c.try()), when that call's callee
// is a conditional helper: nil otherwise.
func (fw *funcWalk) passedThrough(e exitState) (*ast.CallExpr, *lockSummary) {
	if e.ret == nil || len(e.ret.Results) == 0 {
		return nil, nil
	}
	call, ok := ast.Unparen(e.ret.Results[len(e.ret.Results)-1]).(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	sum := fw.a.calleeSummary(call)
	if sum == nil || len(sum.CondHolds) == 0 {
		return nil, nil
	}
	return call, sum
}

// condHolds computes a function's conditional holds (see
// lockSummary.CondHolds): the exported classes held at every exit that
// returns true (or a nil error), or passed up from a conditional helper
// returned as the result, and at no other exit.
func (fw *funcWalk) condHolds(holds []acquisition) ([]acquisition, string) {
	on := fw.condResult()
	if on == "" || len(fw.exits) == 0 {
		return nil, ""
	}
	type cand struct {
		acq   acquisition
		count int
	}
	cands := map[string]*cand{}
	yes := 0
	var others []exitState
	for _, e := range fw.exits {
		if call, sum := fw.passedThrough(e); call != nil {
			if sum.CondOn != on {
				return nil, ""
			}
			yes++
			fn := typeutil.StaticCallee(fw.a.pass.TypesInfo, call).Origin()
			for _, acq := range sum.CondHolds {
				acq.Path = fw.basePath(fw.a.instanceAt(call, acq.Path))
				acq.Via = appendVia(funcName(fn), acq.Via)
				acq.Site = ""
				if c, ok := cands[acq.Class]; ok {
					c.count++
				} else {
					cands[acq.Class] = &cand{acq: acq, count: 1}
				}
			}
			continue
		}
		if fw.conditionalHelper(e) {
			yes++
			for _, h := range e.held.sortedHeld() {
				if !h.must || !h.class.exported() {
					continue
				}
				if _, ok := e.held.dropped[h.class.Key]; ok {
					continue
				}
				if c, ok := cands[h.class.Key]; ok {
					c.count++
				} else {
					cands[h.class.Key] = &cand{acq: acquisition{Class: h.class.Key, Short: h.class.Short, Global: h.class.Kind == identity.Global, Shared: h.shared, Path: fw.basePath(h.inst), Via: h.via}, count: 1}
				}
			}
			continue
		}
		others = append(others, e)
	}
	if yes == 0 {
		return nil, ""
	}
	var out []acquisition
	for class, c := range cands {
		if c.count != yes || slices.ContainsFunc(holds, func(h acquisition) bool { return h.Class == class }) {
			continue
		}
		if slices.ContainsFunc(others, func(e exitState) bool { return e.heldClass(class) }) {
			continue
		}
		out = append(out, c.acq)
	}
	if len(out) == 0 {
		return nil, ""
	}
	sortAcquisitions(out)
	return out, on
}

// chainEnd says how a function that returns holding a lock leaves it,
// when nothing can release it after: a goroutine's body, a test, main or
// init. Empty for other functions, which are lock helpers to their
// callers.
func (fw *funcWalk) chainEnd() string {
	if strings.HasSuffix(fw.name, "(go func)") {
		return "the goroutine ends holding it"
	}
	fd := fw.a.declOf(fw.body)
	if fd == nil || fd.Recv != nil {
		return ""
	}
	name := fd.Name.Name
	switch {
	case name == "init" || (name == "main" && fw.a.pass.Pkg.Name() == "main"):
	case strings.HasSuffix(fw.a.pass.Fset.File(fd.Pos()).Name(), "_test.go") &&
		(strings.HasPrefix(name, "Test") || strings.HasPrefix(name, "Benchmark") || strings.HasPrefix(name, "Fuzz") || strings.HasPrefix(name, "Example")):
	default:
		return ""
	}
	return name + " returns holding it"
}

// declOf returns the declaration whose body is body, nil for a literal's.
func (a *analyzer) declOf(body *ast.BlockStmt) *ast.FuncDecl {
	if a.bodies == nil {
		a.bodies = make(map[*ast.BlockStmt]*ast.FuncDecl, len(a.decls))
		for _, fd := range a.decls {
			a.bodies[fd.Body] = fd
		}
	}
	return a.bodies[body]
}

// releasedAnywhere returns the classes a body may release in any way:
// an unlock or a call to an unlock helper (or to any possible callee of a
// dynamic call that is one), in the body or in any literal
// inside it (a goroutine it hands the lock to, a callback), and a method
// value of an Unlock or of an unlock helper (t.Cleanup(c.Release)); all
// is set when it names a release it cannot attribute to a class.
func (a *analyzer) releasedAnywhere(body *ast.BlockStmt) (classes map[string]bool, all bool) {
	info := a.pass.TypesInfo
	classes = map[string]bool{}
	calls := map[*ast.SelectorExpr]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				calls[sel] = true
			}
			if op, ok := a.classify(n); ok {
				if op.Kind.Releases() {
					if class, ok := a.classOfOp(op); ok {
						classes[class.Key] = true
					} else {
						all = true
					}
				}
			} else if sum := a.calleeSummary(n); sum != nil {
				for _, rel := range sum.Releases {
					classes[rel.Class] = true
				}
			} else if res, ok := a.resolve(n); ok {
				// A dynamic call: a release any possible callee makes
				// may be how the lock is released.
				for _, c := range res.Callees {
					if c.Func == nil {
						continue
					}
					if sum := a.summaryOf(c.Func); sum != nil {
						for _, rel := range sum.Releases {
							classes[rel.Class] = true
						}
					}
				}
			}
		case *ast.SelectorExpr:
			if calls[n] {
				return true
			}
			fn, ok := info.Uses[n.Sel].(*types.Func)
			if !ok {
				return true
			}
			if shape, ok := lockop.Func(fn); ok && shape.Kind.Releases() {
				all = true // a method value of Unlock: c.mu.Unlock passed on
			} else if sum := a.summaryOf(fn); sum != nil {
				for _, rel := range sum.Releases {
					classes[rel.Class] = true
				}
			}
		}
		return true
	})
	return classes, all
}

// reportUnreleased reports the locks a lock helper leaves held that
// nothing releases: held where a chain of helpers ends (a goroutine, a
// test, main), or taken by a conditional helper whose result the call
// discards. Each is reported once, at the call that takes the lock,
// naming the helpers it went through.
func (r *bodyRun) reportUnreleased() {
	fw := r.fw
	a := fw.a
	var released map[string]bool
	all := false
	releases := func(class string) bool {
		if released == nil {
			released, all = a.releasedAnywhere(fw.body)
		}
		return all || released[class] || fw.handoff[class]
	}
	// Conditional helpers whose result is discarded.
	ast.Inspect(fw.body, func(n ast.Node) bool {
		var call *ast.CallExpr
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ExprStmt:
			call, _ = ast.Unparen(n.X).(*ast.CallExpr)
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && allBlank(n.Lhs) {
				call, _ = ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			}
		}
		if call == nil {
			return true
		}
		fn, label := a.certainCallee(call)
		if fn == nil {
			return true
		}
		sum := a.summaryOf(fn)
		if sum == nil || len(sum.CondHolds) == 0 {
			return true
		}
		for _, acq := range sum.CondHolds {
			if releases(acq.Class) {
				continue
			}
			n := acq.Short
			if inst := a.instanceAt(call, acq.Path); inst.Known() && !acq.Global {
				n = inst.String()
			}
			a.report(analysis.Diagnostic{
				Pos: call.Pos(), End: call.End(),
				Message: fmt.Sprintf("%s is held by %s when it returns %s, and this call discards the result: never released (test the result and unlock where it is held)",
					n, strings.Join(appendVia(label, acq.Via), " -> "), sum.CondOn),
			})
		}
		return true
	})
	// Helper chains that end here.
	end := fw.chainEnd()
	if end == "" {
		return
	}
	seen := map[token.Pos]bool{}
	var calls map[token.Pos]*ast.CallExpr
	for _, e := range r.exits {
		for _, h := range e.held.sortedHeld() {
			if len(h.via) == 0 || !h.class.exported() || seen[h.site] || releases(h.class.Key) {
				continue
			}
			if calls == nil {
				calls = map[token.Pos]*ast.CallExpr{}
				ast.Inspect(fw.body, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						calls[call.Pos()] = call
					}
					return true
				})
			}
			if call := calls[h.site]; call == nil || a.releaseHandle(a.pass.TypesInfo.TypeOf(call), h.class.Key, 0) {
				continue // an unlock function, a guard, a Locker: released through it
			}
			seen[h.site] = true
			verb := "locked"
			if h.shared {
				verb = "read-locked"
			}
			n := name(h.class, h.inst)
			a.report(analysis.Diagnostic{
				Pos: h.site,
				Message: fmt.Sprintf("%s, %s through %s, is never released: %s (a lock helper's lock is its caller's to unlock)",
					n, verb, strings.Join(h.via, " -> "), end),
			})
		}
	}
}

// certainCallee returns the one function a call runs, and how findings
// name it: its static callee, or the single callee of a complete dynamic
// resolution (internal/callres), named with the resolution. Nil when the
// call may run several functions or none is known.
func (a *analyzer) certainCallee(call *ast.CallExpr) (*types.Func, string) {
	if fn := typeutil.StaticCallee(a.pass.TypesInfo, call); fn != nil {
		fn = fn.Origin()
		return fn, funcName(fn)
	}
	res, ok := a.resolve(call)
	if !ok || !res.Complete || len(res.Callees) != 1 || res.Callees[0].Func == nil {
		return nil, ""
	}
	return res.Callees[0].Func.Origin(), a.dynamicLabel(call, res, 0)
}

func allBlank(es []ast.Expr) bool {
	for _, e := range es {
		if id, ok := e.(*ast.Ident); !ok || id.Name != "_" {
			return false
		}
	}
	return true
}

// releaseHandle reports whether a call's result of type t may be how its
// caller releases the lock of class it returns holding: a function
// (unlock := c.lock()), the lock itself (a mutex pointer) or a Locker, a
// value whose type (or pointer) has a method that releases class by its
// summary (a guard: g.Finish() unlocking c.mu, in this package or,
// through its fact, in another), or a struct holding one of these. What a
// method is named says nothing: a Close that leaves the lock held is no
// way to release it.
func (a *analyzer) releaseHandle(t types.Type, class string, depth int) bool {
	if t == nil || depth > 2 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Tuple:
		for i := range u.Len() {
			if a.releaseHandle(u.At(i).Type(), class, depth) {
				return true
			}
		}
		return false
	case *types.Signature:
		return true
	case *types.Pointer:
		if isSyncMutex(u.Elem()) {
			return true
		}
	case *types.Interface:
		return lockop.IsLockerInterface(t)
	}
	if a.releasingMethod(t, class) {
		return true
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok {
		for i := range st.NumFields() {
			if a.releaseHandle(st.Field(i).Type(), class, depth+1) {
				return true
			}
		}
	}
	return false
}

// releasingMethod reports whether a method of t, or of *t, releases class
// (its summary lists it among its releases, not taken again before it
// returns).
func (a *analyzer) releasingMethod(t types.Type, class string) bool {
	if _, ok := t.Underlying().(*types.Pointer); !ok {
		if _, ok := types.Unalias(t).(*types.Named); ok {
			t = types.NewPointer(t) // the pointer's method set holds the value's
		}
	}
	ms := types.NewMethodSet(t)
	for i := range ms.Len() {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok {
			continue
		}
		sum := a.summaryOf(fn)
		if sum == nil {
			continue
		}
		for _, rel := range sum.Releases {
			if rel.Class == class && !rel.Reacquired {
				return true
			}
		}
	}
	return false
}

// condHeld applies, on one branch of a condition, what a conditional
// helper's tested result says: where leaf evaluating to val means the
// helper returned true (or a nil error), its locks are held (if
// c.lockIfOpen() {...}, if err := c.lock(); err != nil {...} else
// {...}, if ok := c.tryAcquire(); ok {...}). It reports whether it added
// any.
func (r *bodyRun) condHeld(s *heldSet, leaf ast.Expr, val bool) bool {
	a := r.fw.a
	call, held := r.fw.condCall(leaf, val)
	if call == nil || !held {
		return false
	}
	sum := a.calleeSummary(call)
	fn := typeutil.StaticCallee(a.pass.TypesInfo, call).Origin()
	for _, h := range sum.CondHolds {
		s.add(heldLock{class: lockClass{Key: h.Class, Short: h.Short, Kind: acqKind(h)}, inst: a.instanceAt(call, h.Path), shared: h.Shared, must: true, site: call.Pos(), via: appendVia(funcName(fn), h.Via)})
	}
	return len(sum.CondHolds) > 0
}

// condCall returns the conditional helper's call a condition leaf tests,
// and whether leaf evaluating to val means that the helper holds its
// locks; nil when leaf tests none.
func (fw *funcWalk) condCall(leaf ast.Expr, val bool) (*ast.CallExpr, bool) {
	a := fw.a
	info := a.pass.TypesInfo
	helper := func(e ast.Expr, on string) *ast.CallExpr {
		e = ast.Unparen(e)
		if id, ok := e.(*ast.Ident); ok {
			c := fw.initCall(info.Uses[id])
			if c == nil {
				return nil
			}
			e = c
		}
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return nil
		}
		sum := a.calleeSummary(call)
		if sum == nil || len(sum.CondHolds) == 0 || sum.CondOn != on {
			return nil
		}
		return call
	}
	switch e := ast.Unparen(leaf).(type) {
	case *ast.BinaryExpr:
		if e.Op != token.EQL && e.Op != token.NEQ {
			return nil, false
		}
		x, y := e.X, e.Y
		if isNil(info, x) {
			x, y = y, x
		}
		if !isNil(info, y) {
			return nil, false
		}
		if call := helper(x, "a nil error"); call != nil {
			return call, (e.Op == token.EQL) == val
		}
	default:
		if call := helper(e, "true"); call != nil {
			return call, val
		}
	}
	return nil, false
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// initCall returns the call that defines v in an if statement's init
// (if err := c.lock(); err != nil), when v is assigned nowhere else: nil
// otherwise.
func (fw *funcWalk) initCall(v types.Object) *ast.CallExpr {
	if v == nil {
		return nil
	}
	if fw.ifInits == nil {
		fw.ifInits = map[types.Object]*ast.CallExpr{}
		info := fw.a.pass.TypesInfo
		assigned := map[types.Object]int{}
		ast.Inspect(fw.body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						if obj := info.ObjectOf(id); obj != nil {
							assigned[obj]++
						}
					}
				}
			case *ast.IfStmt:
				as, ok := n.Init.(*ast.AssignStmt)
				if !ok || as.Tok != token.DEFINE || len(as.Rhs) != 1 {
					return true
				}
				call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
				if !ok {
					return true
				}
				if id, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident); ok {
					if obj := info.Defs[id]; obj != nil {
						fw.ifInits[obj] = call
					}
				}
			}
			return true
		})
		for obj := range fw.ifInits {
			if assigned[obj] != 1 {
				delete(fw.ifInits, obj)
			}
		}
	}
	return fw.ifInits[v]
}
