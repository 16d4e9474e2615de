package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/lockop"
)

// Representation: the AST with golang.org/x/tools/go/cfg, built per
// function and only for functions that contain a lock operation or call a
// function whose summary touches locks. Lock operations are syntactic
// (lockop.Classify), lock classes come from types (held.ClassOf), and the
// held set needs only a control-flow graph with true/false condition edges
// (for TryLock): an IR (buildssa, honnef's buildir) would cost more than the
// whole performance budget on every package, and the vast majority of
// functions never touch a mutex. The fixpoint, the walk of each node and
// the held set itself are internal/held's, shared with atomicmix; this pass
// adds its events (summaries, order edges, reports) and its state (a lock
// payload, the caller's locks released, the precision rules' facts).

// funcWalk collects what one function (or closure analysed on its own) does
// to locks: the acquisitions that make up its summary, and its exits.
type funcWalk struct {
	a     *analyzer
	fn    *types.Func             // the declared function walked, nil for a closure
	name  string                  // for call chains and edges
	roots map[types.Object]string // receiver ("recv") and parameters ("p0", ...) of a declared function
	decl  *ast.FuncType
	// handoff lists the classes handed between goroutines in the
	// enclosing declaration (see handoffs): no double lock for those.
	handoff map[string]bool
	body    *ast.BlockStmt
	// acq lists the acquisitions its summary reports, acqIndex where
	// each key is in it (a slice of large values and a map of small ones:
	// every declared function fills them).
	acq      []acquisition
	acqIndex map[acqKey]int
	exits    []exitState                    // of the top-level body, in report mode
	inits    map[string]bool                // completion flags whose initialisation it runs
	ifInits  map[types.Object]*ast.CallExpr // variables defined by an if's init call (initCall)
	calls    map[int][]acquisition          // parameters called with locks held (see callsParam)
	yields   []acquisition                  // locks held where the iterator it returns yields (iter.go)
	ambient  []ambientLocks                 // iterators' locks held over range-over-func bodies (iter.go), nil until computed
	running  map[*ast.FuncLit]bool          // literals run in place of a call, being walked (runCallback)
	// inlined remembers the runs of closures called in place during the
	// fixpoints (see inline).
	inlined map[*ast.FuncLit][]inlineMemo
}

type acqKey struct {
	class, recv string
	shared      bool
}

type exitState struct {
	ret  *ast.ReturnStmt
	held *heldSet
}

// bodyRun is the flow analysis of one body: a function's, or an
// immediately invoked closure's inside its caller's walk.
type bodyRun struct {
	fw        *funcWalk
	g         *cfg.CFG
	reporting bool // report findings and record edges (final pass only)
	wanted    bool // whether the final pass reports
	final     bool
	top       bool // the function's own body, not an inlined closure
	condTry   map[*ast.CallExpr]bool
	exits     []exitState
	walk      held.Walker[*heldSet]
	// outer is set for a function literal run in place of a dynamic call
	// (a closure stored in a field): its acquisitions happen at the call,
	// through the literal.
	outer *outerCall
	// inside names the callback this body runs as, when it is one run in
	// place by a callee (see runCallback): findings inside say so.
	inside string
	// empty is the entry state of a body without blocks: its exit.
	empty *heldSet
}

type outerCall struct {
	pos token.Pos
	via string
}

// newBodyRun prepares the flow analysis of body for fw: internal/held's
// traversal, with this pass's events.
func newBodyRun(fw *funcWalk, body *ast.BlockStmt, wanted, top bool) *bodyRun {
	r := &bodyRun{fw: fw, g: fw.a.cfgOf(body), wanted: wanted, top: top}
	r.walk = held.Walker[*heldSet]{
		Info: fw.a.pass.TypesInfo, Alias: fw.a.aliasOf,
		Call: r.call, Literal: r.closure, Inline: r.inline, Go: r.handOff, Defer: r.deferred,
	}
	return r
}

// walkFunc analyses a function body or a closure run on its own (entry
// state empty) and returns what it collected; fn is the declared
// function, nil for a closure.
func (a *analyzer) walkFunc(fn *types.Func, name string, roots map[types.Object]string, handoff map[string]bool, typ *ast.FuncType, body *ast.BlockStmt, pos token.Pos) *funcWalk {
	guard.At(a.pass, pos)
	fw := &funcWalk{a: a, fn: fn, name: name, roots: roots, handoff: handoff, decl: typ, body: body, inits: map[string]bool{}}
	r := newBodyRun(fw, body, true, true)
	r.run(newHeldSet())
	fw.exits = r.exits
	return fw
}

// run computes the fixpoint from entry, then walks every live block once
// more with reporting on (see exit for the state it ends in). When every
// edge of the graph goes forward (no loop, and blocks numbered in an order
// that respects the edges, as straight-line code and an if without else
// are), one walk in block order does both: each block's entry state is
// final when it is reached.
func (r *bodyRun) run(entry *heldSet) {
	blocks := r.g.Blocks
	if len(blocks) == 0 {
		r.empty = entry
		return
	}
	var in []*heldSet
	outs := make([][]*heldSet, len(blocks))
	if forwardOnly(r.g) {
		r.reporting, r.final = r.wanted, true
		in = make([]*heldSet, len(blocks))
		in[0] = entry
		for i, b := range blocks {
			if in[i] == nil || !b.Live {
				continue
			}
			outs[i] = r.transfer(b, in[i])
			for j, succ := range b.Succs {
				out := outs[i][min(j, len(outs[i])-1)]
				if in[succ.Index] == nil {
					in[succ.Index] = out.Clone()
				} else {
					in[succ.Index].Join(out)
				}
			}
		}
	} else {
		in = held.Fixpoint(r.g, entry, r.transfer)
		r.reporting, r.final = r.wanted, true
		for i, b := range blocks {
			if in[i] == nil || !b.Live {
				continue
			}
			outs[i] = r.transfer(b, in[i])
		}
	}
	if r.top {
		r.reportLeaks(in, outs)
		r.reportUnreleased()
	}
}

// exit returns the state at the exits of the body run joined (after the
// body's deferred releases): only an inlined closure's caller asks, so
// that a declared function's walk does not copy its exit states once more.
func (r *bodyRun) exit() *heldSet {
	if r.empty != nil {
		return r.empty
	}
	var exit *heldSet
	for _, e := range r.exits {
		if exit == nil {
			exit = e.held.Clone()
		} else {
			exit.Join(e.held)
		}
	}
	if exit == nil {
		exit = newHeldSet() // never returns
	}
	return exit
}

// forwardOnly reports whether every edge of g goes to a block of higher
// index.
func forwardOnly(g *cfg.CFG) bool {
	for _, b := range g.Blocks {
		for _, succ := range b.Succs {
			if succ.Index <= b.Index {
				return false
			}
		}
	}
	return true
}

// transfer runs the nodes of b over a copy of in and returns the states on
// b's outgoing edges: one per successor when b ends in a condition that
// tells something on each branch (a TryLock that succeeded, a completion
// flag seen unset, a last reference dropped).
func (r *bodyRun) transfer(b *cfg.Block, in *heldSet) []*heldSet {
	s := in.Clone()
	var cond ast.Expr
	if len(b.Succs) == 2 && len(b.Nodes) > 0 {
		cond, _ = b.Nodes[len(b.Nodes)-1].(ast.Expr)
		if cond != nil {
			if r.condTry == nil {
				r.condTry = map[*ast.CallExpr]bool{}
			}
			for _, want := range []bool{true, false} {
				held.Implied(cond, want, func(leaf ast.Expr, _ bool) {
					if c := held.TryCall(r.fw.a.pass.TypesInfo, leaf); c != nil {
						r.condTry[c] = true
					}
				})
			}
		}
	}
	for _, n := range b.Nodes {
		r.walk.Node(n, s)
	}
	if ret := b.Return(); ret != nil && r.final {
		exit := s.Clone()
		exit.ApplyDeferred()
		r.exits = append(r.exits, exitState{ret: ret, held: exit})
	}
	if cond == nil {
		return []*heldSet{s}
	}
	t, f := s.Clone(), s
	tChanged, fChanged := r.branch(t, cond, true), r.branch(f, cond, false)
	if !tChanged && !fChanged {
		return []*heldSet{s}
	}
	return []*heldSet{t, f}
}

// branch applies to s what cond evaluating to want implies, and reports
// whether it implied anything.
func (r *bodyRun) branch(s *heldSet, cond ast.Expr, want bool) bool {
	a := r.fw.a
	info := a.pass.TypesInfo
	changed := false
	held.Implied(cond, want, func(leaf ast.Expr, val bool) {
		if c := held.TryCall(info, leaf); c != nil && val {
			r.tryAcquired(s, c)
			changed = true
			return
		}
		if flag, whenSet, ok := flagOf(info, leaf); ok {
			if val != whenSet {
				r.flagUnset(s, flag)
				changed = true
			}
			return
		}
		if obj, whenLast, ok := a.lastRef(leaf); ok && val == whenLast {
			setKey(&s.owned, obj, true)
			changed = true
			return
		}
		if r.condHeld(s, leaf, val) {
			changed = true
		}
	})
	return changed
}

func (r *bodyRun) tryAcquired(s *heldSet, call *ast.CallExpr) {
	op, _ := r.fw.a.classify(call)
	class, ok := r.fw.a.classOfOp(op)
	if !ok {
		return
	}
	s.add(heldLock{class: class, inst: r.fw.a.instanceOfOp(op), shared: op.Kind.Shared(), must: true, site: call.Pos()})
}

// handOff releases the locks a new goroutine unlocks: go
// ac.resetTransportAndUnlock() hands ac.mu over to it, and so does a
// goroutine whose function calls an unlock helper (go func() {
// <-ready; unlockMutex(m) }()). A lock the function does not hold itself
// is its caller's: the summary says the function releases it.
func (r *bodyRun) handOff(s *heldSet, g *ast.GoStmt) {
	a := r.fw.a
	lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
	if !ok {
		lit = a.localFunc(g.Call) // go unlock()
	}
	if lit != nil {
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			call, ok := m.(*ast.CallExpr)
			if !ok {
				return true
			}
			if op, ok := a.classify(call); ok {
				if op.Kind.Releases() {
					if class, ok := a.classOfOp(op); ok {
						r.release(s, class, a.instanceOfOp(op))
					}
				}
				return true
			}
			if sum := a.calleeSummary(call); sum != nil {
				for _, rel := range sum.Releases {
					if !rel.Reacquired {
						r.applyRelease(s, call, rel)
					}
				}
			}
			return true
		})
		return
	}
	if sum := a.calleeSummary(g.Call); sum != nil {
		for _, rel := range sum.Releases {
			if !rel.Reacquired {
				r.applyRelease(s, g.Call, rel)
			}
		}
	}
}

// closure analyses a function literal that is not called in place: it
// runs later, on its own, with nothing held.
func (r *bodyRun) closure(lit *ast.FuncLit, what string) {
	if !r.reporting || r.fw.a.quiet || !r.fw.a.relevant(lit.Body) {
		return
	}
	if r.fw.returnsIterator(lit) {
		r.fw.walkIterator(lit)
		return
	}
	r.fw.a.walkFunc(nil, r.fw.name+" ("+what+")", nil, r.fw.handoff, lit.Type, lit.Body, lit.Pos())
}

// inline runs an immediately invoked closure with the caller's locks.
func (r *bodyRun) inline(s *heldSet, lit *ast.FuncLit) {
	if !r.fw.a.relevant(lit.Body) {
		return
	}
	entry := s.Clone()
	entry.ClearDeferred()
	var out *heldSet
	if !r.reporting {
		// While the caller's fixpoint runs, the closure's run is a pure
		// function of its entry state: run it once per state, not once
		// per visit of the caller's block (with closures nested in
		// closures, that would be exponential in the depth).
		for _, m := range r.fw.inlined[lit] {
			if m.entry.equal(entry) {
				out = m.out
				break
			}
		}
	}
	if out == nil {
		sub := newBodyRun(r.fw, lit.Body, r.reporting, false)
		sub.outer, sub.inside = r.outer, r.inside
		sub.run(entry.Clone())
		out = sub.exit()
		out.ApplyDeferred()
		if !r.reporting {
			if r.fw.inlined == nil {
				r.fw.inlined = map[*ast.FuncLit][]inlineMemo{}
			}
			if ms := r.fw.inlined[lit]; len(ms) < maxInlineMemos {
				r.fw.inlined[lit] = append(ms, inlineMemo{entry: entry, out: out})
			}
		}
	}
	out = out.Clone()
	s.Replace(out.Set)
	s.dropped, s.taken, s.takenShared = out.dropped, out.taken, out.takenShared
}

// inlineMemo is one run of an immediately invoked closure: its entry
// state and its exit state (deferred releases applied).
type inlineMemo struct{ entry, out *heldSet }

// maxInlineMemos bounds the entry states remembered per closure.
const maxInlineMemos = 8

// deferred records what a defer statement does at exit.
func (r *bodyRun) deferred(s *heldSet, d *ast.DeferStmt) {
	info := r.fw.a.pass.TypesInfo
	if op, ok := r.fw.a.deferred(d); ok {
		if class, ok := r.fw.a.classOfOp(op); ok {
			r.deferOp(s, class.Key, op.Kind)
		}
		return
	}
	lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if !ok {
		lit = r.fw.a.localFunc(d.Call) // defer unlock()
	}
	if lit != nil {
		r.atExit(lit, s)
		// A deferred closure runs at exit: its unlocks are deferred
		// releases (whatever the branch they sit on).
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if op, ok := r.fw.a.classify(m); ok {
					if class, ok := r.fw.a.classOfOp(op); ok {
						r.deferOp(s, class.Key, op.Kind)
					}
				} else if sum := r.fw.a.calleeSummary(m); sum != nil {
					r.deferSummary(s, sum)
				}
			}
			return true
		})
		return
	}
	if f := onceDoArg(info, d.Call); f != nil {
		r.deferred(s, &ast.DeferStmt{Defer: d.Defer, Call: &ast.CallExpr{Fun: f, Lparen: f.End(), Rparen: f.End()}})
		return
	}
	r.walk.Exprs(s, d.Call.Fun)
	if r.reporting {
		// The call runs at exit, with the locks whose release was
		// deferred before it still held (deferred calls run last in,
		// first out): its acquisitions, static or through a dynamic
		// call, are checked against those.
		if entry := s.DeferredLocks(); len(entry.Locks()) > 0 {
			r.call(&heldSet{Set: entry}, d.Call)
		}
	}
	if sum := r.fw.a.calleeSummary(d.Call); sum != nil {
		r.deferSummary(s, sum)
	}
}

// atExit runs a deferred closure with the locks it will certainly find
// held at exit: those whose release was deferred before it (deferred calls
// run last in, first out). Its own effects on the held set are its
// releases, recorded as deferred by the caller.
func (r *bodyRun) atExit(lit *ast.FuncLit, s *heldSet) {
	if !r.fw.a.relevant(lit.Body) {
		return
	}
	entry := newHeldSet()
	entry.Set = s.DeferredLocks()
	sub := newBodyRun(r.fw, lit.Body, r.reporting, false)
	sub.outer, sub.inside = r.outer, r.inside
	sub.run(entry)
}

func (r *bodyRun) deferOp(s *heldSet, class string, k lockop.Kind) {
	switch {
	case k.Releases():
		s.Defer(class)
	case k.Acquires():
		// Unlock now, defer Lock: the caller's lock is given back at exit.
		if rel, ok := s.dropped[class]; ok {
			rel.Reacquired = true
			setKey(&s.dropped, class, rel)
		}
	}
}

func (r *bodyRun) deferSummary(s *heldSet, sum *lockSummary) {
	for _, rel := range sum.Releases {
		if !rel.Reacquired {
			s.Defer(rel.Class)
		}
	}
	for _, h := range sum.Holds {
		r.deferOp(s, h.Class, lockop.Lock)
	}
}

// call runs a lock operation or a call to a function with a summary.
func (r *bodyRun) call(s *heldSet, call *ast.CallExpr) {
	a := r.fw.a
	info := a.pass.TypesInfo
	if op, ok := a.classify(call); ok {
		class, ok := a.classOfOp(op)
		if !ok {
			return // opaque (sync.Locker) or no stable name
		}
		inst := a.instanceOfOp(op)
		switch {
		case op.Kind.Try():
			if !r.condTry[call] {
				// Result kept for later: held on some paths only.
				s.add(heldLock{class: class, inst: inst, shared: op.Kind.Shared(), site: call.Pos()})
			}
		case op.Kind.Acquires():
			var via []string
			if op.Value {
				// lock := mu.Lock; lock(): name the value and what it binds.
				via = []string{types.ExprString(call.Fun) + " (" + name(class, inst) + "." + op.Kind.String() + " taken as a value)"}
			}
			r.acquire(s, acquireEvent{class: class, inst: inst, shared: op.Kind.Shared(), pos: call.Pos(), via: via, lockSite: a.posString(call.Pos()), keep: true, certain: true})
		case op.Kind.Releases():
			r.release(s, class, inst)
		}
		return
	}
	if op, ok := r.condWait(call); ok {
		// cond.Wait() releases its L and takes it again before it
		// returns, under the other locks still held.
		if class, ok := a.classOfOp(op); ok {
			inst := a.instanceOfOp(op)
			r.release(s, class, inst)
			via := []string{types.ExprString(call.Fun) + " (which locks its L, " + name(class, inst) + ", again)"}
			r.acquire(s, acquireEvent{class: class, inst: inst, shared: op.Kind.Shared(), pos: call.Pos(), via: via, lockSite: a.posString(call.Pos()), keep: true, certain: true})
		}
		return
	}
	if op, ok := atomicop.Classify(info, call); ok {
		r.flagWrite(s, op)
		return
	}
	if f := onceDoArg(info, call); f != nil {
		// once.Do(c.unlock) runs c.unlock here (or ran it before).
		r.call(s, &ast.CallExpr{Fun: f, Lparen: f.End(), Rparen: f.End()})
	}
	if fn := typeutil.StaticCallee(info, call); fn != nil {
		fn = fn.Origin()
		sum := a.summaryOf(fn)
		if sum != nil {
			r.apply(s, call, a.receiverOf(call), fn, sum, funcName(fn), true, "")
		}
		r.callbacks(s, call, fn, sum)
		return
	}
	r.dynamic(s, call)
}

// apply applies a callee's summary at a call: its acquisitions (checked
// against the held set, with order edges), its releases of the caller's
// locks, the locks it returns holding, the initialisations it runs.
// recv is the instance its receiver names; name is the callee as call
// chains print it; certain is false for one of a dynamic call's possible
// callees, whose acquisitions are then only possible ones and whose
// releases and holds are not applied. dyn, for a callee resolved by CHA
// through an interface parameter of this function, is the condition that
// makes its certain acquisitions of its receiver's locks certain here
// (see acquisition.Dyn).
func (r *bodyRun) apply(s *heldSet, call *ast.CallExpr, recv held.Instance, fn *types.Func, sum *lockSummary, name string, certain bool, dyn string) {
	a := r.fw.a
	// The locks held at the call, the same for each of the callee's
	// acquisitions (none is kept: the held set does not change).
	var locks []heldLock
	if r.reporting && len(sum.Acquires) > 0 {
		pos := call.Pos()
		if r.outer != nil {
			pos = r.outer.pos
		}
		locks = r.heldAt(s, pos)
		// Room for what the summary may add (see acquire).
		r.fw.acq = slices.Grow(r.fw.acq, len(sum.Acquires))
	}
	// The call chains to the callee's acquisitions, one per distinct
	// chain: past maxVia most are the same ("f -> g -> ...").
	var vias []viaMemo
	for _, acq := range sum.Acquires {
		var dropped map[string]bool
		for _, k := range acq.Released {
			setKey(&dropped, k, true)
		}
		sure, cond := acq.Certain && certain, ""
		switch {
		case !acq.Certain && acq.Dyn != "" && certain:
			// Certain if the argument has the dynamic type the callee's
			// interface call was resolved to, or conditional on a
			// parameter of this function in turn.
			sure, cond = r.dynHolds(call, acq.Dyn)
		case acq.Certain && !certain && dyn != "" && (acq.Path == "recv" || strings.HasPrefix(acq.Path, "recv.")):
			cond = dyn
		case !acq.Certain && acq.Dyn != "" && !certain && dyn != "":
			// A chain of interface calls resolved by CHA through
			// parameters: certain where this function's parameter has
			// the callee's type and the callee's own condition holds.
			if ok, inner := r.dynHolds(call, acq.Dyn); ok {
				cond = dyn
			} else if inner != "" {
				cond = joinConds(dyn, inner)
			}
		}
		r.acquire(s, acquireEvent{
			class:     lockClass{Key: acq.Class, Short: acq.Short, Kind: acqKind(acq)},
			inst:      a.instanceAtRecv(call, recv, acq.Path),
			shared:    acq.Shared,
			pos:       call.Pos(),
			via:       memoVia(&vias, name, acq.Via),
			lockSite:  acq.Site,
			callee:    fn,
			dropped:   dropped,
			certain:   sure,
			dyn:       cond,
			under:     acq.Under && fn.Pkg() == a.pass.Pkg,
			rec:       r.recursive(call, fn, acq.Path, acq.Below),
			held:      locks,
			heldKnown: r.reporting,
		})
	}
	if certain {
		for _, rel := range sum.Releases {
			r.applyRelease(s, call, rel)
		}
		for _, h := range sum.Holds {
			s.add(heldLock{class: lockClass{Key: h.Class, Short: h.Short, Kind: acqKind(h)}, inst: a.instanceAtRecv(call, recv, h.Path), shared: h.Shared, must: true, site: call.Pos(), via: appendVia(name, h.Via)})
		}
	}
	for _, flag := range sum.Inits {
		if certain {
			setKey(&s.inited, flag, true)
		}
		r.fw.inits[flag] = true
	}
}

// applyRelease applies a callee's release of its caller's lock: an
// unlock (the lock is no longer held), or a drop and retake (nothing
// changes here, but if the lock is not this function's own it is its
// caller's, dropped and retaken through it: summarised so).
func (r *bodyRun) applyRelease(s *heldSet, call *ast.CallExpr, rel release) {
	a := r.fw.a
	inst := a.instanceAt(call, rel.Path)
	if rel.Param {
		if !inst.Known() {
			return
		}
		found := false
		for _, h := range s.sortedHeld() {
			if h.inst == inst {
				found = true
				if !rel.Reacquired {
					s.Release(h.class.Key, inst)
				}
			}
		}
		if !found {
			r.dropParam(s, inst, rel.Reacquired)
		}
		return
	}
	if !rel.Reacquired {
		r.release(s, lockClass{Key: rel.Class, Short: rel.Short}, inst)
		return
	}
	if slices.ContainsFunc(s.sortedHeld(), func(h heldLock) bool { return h.class.Key == rel.Class }) {
		return // this function's own lock: dropped and retaken inside the call
	}
	if _, ok := s.dropped[rel.Class]; !ok {
		rel.Path = r.fw.basePath(inst)
		setKey(&s.dropped, rel.Class, rel)
	}
}

// dropParam records that a mutex this function received as a parameter
// (m *sync.Mutex, or a field of one) is released for its caller.
func (r *bodyRun) dropParam(s *heldSet, inst held.Instance, reacquired bool) {
	path := r.fw.basePath(inst)
	if path == "" {
		return
	}
	key := "param:" + path
	if _, ok := s.dropped[key]; !ok {
		setKey(&s.dropped, key, release{Class: key, Short: inst.String(), Path: path, Param: true, Reacquired: reacquired})
	}
}

func acqKind(a acquisition) identity.Kind {
	if a.Global {
		return identity.Global
	}
	return identity.Field
}

func (r *bodyRun) release(s *heldSet, class lockClass, inst held.Instance) {
	if s.Release(class.Key, inst) {
		return
	}
	if class.Kind == identity.Local {
		// A mutex parameter (m *sync.Mutex): its caller finds it by path.
		r.dropParam(s, inst, false)
		return
	}
	if _, ok := s.dropped[class.Key]; !ok {
		setKey(&s.dropped, class.Key, release{Class: class.Key, Short: class.Short, Path: r.fw.basePath(inst)})
	}
}

// acquireEvent is one blocking acquisition: a Lock, or a call to a function
// whose summary acquires.
type acquireEvent struct {
	class    lockClass
	inst     held.Instance
	shared   bool
	pos      token.Pos
	via      []string
	lockSite string
	callee   *types.Func
	dropped  map[string]bool // the caller's classes the callee released before it (acquisition.Released)
	keep     bool            // still held afterwards (false for a callee's)
	certain  bool            // the callee acquires it on every path
	// in names the callback it happens in (bodyRun.inside).
	in string
	// dyn, for an acquisition not certain, makes it certain where a
	// parameter has a dynamic type ("p0:*pkg.T", see acquisition.Dyn).
	dyn string
	// under: a callee of this package takes it while holding another
	// lock it took itself (acquisition.Under): its order edges from the
	// caller's locks are implied by those to that outer lock.
	under bool
	// rec is set for an acquisition of a callee in this function's own
	// recursive component (hierarchy.go).
	rec *recursiveCall
	// held, when heldKnown, is heldAt at the acquisition, computed once
	// for all of a callee's acquisitions (bodyRun.apply).
	held      []heldLock
	heldKnown bool
}

// acquire checks one acquisition against the held set, records the order
// edges and the summary, and adds the lock.
func (r *bodyRun) acquire(s *heldSet, ev acquireEvent) {
	a := r.fw.a
	if r.outer != nil {
		if len(ev.via) == 0 {
			ev.lockSite = a.posString(ev.pos)
		}
		ev.via = appendVia(r.outer.via, ev.via)
		ev.pos = r.outer.pos
	}
	if ev.in == "" {
		ev.in = r.inside
	}
	if !r.reporting && !ev.keep {
		// While the fixpoint runs, a callee's acquisition reports,
		// records and holds nothing: only what is certainly taken
		// matters.
		markTaken(s, ev)
		return
	}
	// The lock of an object whose last reference was just dropped cannot
	// block: no edges, no summary entry (refcount.go).
	owned := a.ownedLock(s, ev.inst)
	under := ev.under
	locks := ev.held
	if !ev.heldKnown {
		locks = r.heldAt(s, ev.pos)
	}
	for _, h := range locks {
		if h.class.Key == ev.class.Key {
			if !h.must && h.site == ev.pos && ev.keep && r.reporting && s.Deferred(h.class.Key) && sameInstance(h, ev) && !h.shared && !ev.shared && r.fw.stableInLoop(ev) {
				// The acquisition reaches itself around a loop, its
				// release deferred to the function's exit.
				a.reportDeferLoop(h, ev)
				continue
			}
			if !h.must || ev.dropped[ev.class.Key] || !r.reporting || !ev.certain {
				continue
			}
			if !h.shared && r.fw.handoff[ev.class.Key] || h.shared && r.fw.handoff[ev.class.Key+sharedHandoff] {
				continue // a semaphore: another goroutine unlocks it
			}
			switch {
			case sameInstance(h, ev) && h.shared && ev.shared && r.unsharedLocal(ev):
				// A read lock of a mutex no other goroutine sees.
			case sameInstance(h, ev):
				a.reportReacquire(h, ev)
			case h.inst.Known() && ev.inst.Known() && ev.class.Kind == identity.Field && !(h.shared && ev.shared):
				a.nesting(h, ev, locks, r.fw.name, r.descent(h, ev))
			}
			continue
		}
		if ev.dropped[h.class.Key] || !r.reporting || owned {
			continue
		}
		if h.must && h.class.exported() {
			under = true
		}
		if ev.under && len(a.declared.all) == 0 {
			// Implied: h -> the callee's outer lock is recorded at this
			// call, and the outer lock -> this class where the callee
			// took it, in this package. (Declared orders are checked
			// edge by edge: with any in sight, every edge is kept.)
			continue
		}
		a.addEdge(h, ev, r.fw.name, ev.rec != nil && r.edgeDescent(h, ev))
		for _, f := range h.checked {
			r.fw.inits[f] = true // an initialisation edge: the function runs it
		}
	}
	if r.reporting && ev.class.exported() && !owned {
		k := acqKey{class: ev.class.Key, recv: r.fw.basePath(ev.inst), shared: ev.shared}
		below := r.below(ev)
		if below != "" || ev.rec.deeper(k.recv) {
			k.recv = "" // widened (see recursiveCall)
		}
		released := releasedBefore(s, ev)
		if i, ok := r.fw.acqAt(k); !ok {
			r.fw.acq = append(r.fw.acq, acquisition{Class: ev.class.Key, Short: ev.class.Short, Global: ev.class.Kind == identity.Global, Shared: ev.shared, Path: k.recv, Site: ev.lockSite, Via: ev.via, Under: under, Released: released, Dyn: ev.dyn, Below: below})
			if r.fw.acqIndex != nil {
				r.fw.acqIndex[k] = len(r.fw.acq) - 1
			}
		} else if old := &r.fw.acq[i]; old.Below != below && old.Below != "" {
			old.Below = ""
		} else if len(old.Released) > 0 {
			old.Released = slices.DeleteFunc(slices.Clone(old.Released), func(c string) bool { return !slices.Contains(released, c) })
			if len(old.Released) == 0 {
				old.Released = nil
			}
		}
	}
	markTaken(s, ev)
	if ev.keep {
		s.add(heldLock{class: ev.class, inst: ev.inst, shared: ev.shared, must: true, site: ev.pos, via: ev.via, after: sortedKeys(s.inited)})
	}
}

// acqAt returns the index of k's acquisition in fw.acq. Most functions
// acquire a few classes: a linear scan, and an index past maxAcquires.
func (fw *funcWalk) acqAt(k acqKey) (int, bool) {
	if fw.acqIndex == nil {
		for i := range fw.acq {
			if a := &fw.acq[i]; a.Class == k.class && a.Path == k.recv && a.Shared == k.shared {
				return i, true
			}
		}
		if len(fw.acq) < 2*maxAcquires {
			return 0, false
		}
		fw.acqIndex = make(map[acqKey]int, 2*len(fw.acq))
		for i := range fw.acq {
			a := &fw.acq[i]
			fw.acqIndex[acqKey{class: a.Class, recv: a.Path, shared: a.Shared}] = i
		}
	}
	i, ok := fw.acqIndex[k]
	return i, ok
}

// viaMemo is one call chain appendVia built at a call.
type viaMemo struct{ in, out []string }

// memoVia returns appendVia(name, via), the same slice for the same via.
func memoVia(memo *[]viaMemo, name string, via []string) []string {
	for _, m := range *memo {
		if slices.Equal(m.in, via) {
			return m.out
		}
	}
	out := appendVia(name, via)
	*memo = append(*memo, viaMemo{via, out})
	return out
}

// markTaken records ev's class as certainly taken (or taken under its
// dynamic condition).
func markTaken(s *heldSet, ev acquireEvent) {
	if ev.certain {
		s.take(ev.class.Key + modeSuffix(ev.shared))
	} else if ev.dyn != "" {
		s.take(ev.class.Key + modeSuffix(ev.shared) + "|" + ev.dyn)
	}
}

func sameInstance(h heldLock, ev acquireEvent) bool {
	if ev.class.Kind == identity.Global || ev.class.Kind == identity.Local {
		return true
	}
	return h.inst.Known() && h.inst == ev.inst
}

// basePath returns the path of inst from the function's receiver or a
// parameter ("recv.mu", "p1.inner.mu"), or "" when it has no such root.
func (fw *funcWalk) basePath(inst held.Instance) string {
	base, ok := fw.roots[inst.Root]
	if !ok || !inst.Known() {
		return ""
	}
	if inst.Path == "" {
		return base
	}
	return base + "." + inst.Path
}

// instanceAt returns the instance that a callee's base path names at a
// call: through the call's receiver or arguments.
func (a *analyzer) instanceAt(call *ast.CallExpr, path string) held.Instance {
	return a.instanceAtRecv(call, a.receiverOf(call), path)
}

// instanceAtRecv is instanceAt with the receiver's instance given (a
// method value's, an operand fmt calls String on).
func (a *analyzer) instanceAtRecv(call *ast.CallExpr, recv held.Instance, path string) held.Instance {
	base, rest, _ := strings.Cut(path, ".")
	var inst held.Instance
	switch {
	case base == "recv":
		inst = recv
	case strings.HasPrefix(base, "p"):
		n, err := strconv.Atoi(base[1:])
		if err != nil || n >= len(call.Args) || call.Ellipsis.IsValid() {
			return held.Instance{}
		}
		inst = a.instanceOf(call.Args[n], nil)
	}
	if !inst.Known() || rest == "" {
		return inst
	}
	if inst.Path == "" {
		return held.Instance{Root: inst.Root, Path: rest}
	}
	return held.Instance{Root: inst.Root, Path: inst.Path + "." + rest}
}

// rootsOf names a declared function's receiver and parameters.
func (a *analyzer) rootsOf(fd *ast.FuncDecl) map[types.Object]string {
	roots := map[types.Object]string{}
	if fd.Recv != nil && len(fd.Recv.List) > 0 && len(fd.Recv.List[0].Names) > 0 {
		if obj := a.pass.TypesInfo.Defs[fd.Recv.List[0].Names[0]]; obj != nil {
			roots[obj] = "recv"
		}
	}
	i := 0
	for _, field := range fd.Type.Params.List {
		if len(field.Names) == 0 {
			i++
		}
		for _, n := range field.Names {
			if obj := a.pass.TypesInfo.Defs[n]; obj != nil {
				roots[obj] = "p" + strconv.Itoa(i)
			}
			i++
		}
	}
	return roots
}

// instanceOf names the mutex value e (plus embedded fields) in this
// function (see held.InstanceOf), through the package's aliases.
func (a *analyzer) instanceOf(e ast.Expr, embedded []*types.Var) held.Instance {
	return held.InstanceOf(a.pass.TypesInfo, e, embedded, a.aliasOf)
}

// receiverOf returns the instance a method call's receiver names (through
// promoted methods' embedded fields), unknown for other calls.
func (a *analyzer) receiverOf(call *ast.CallExpr) held.Instance {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return held.Instance{}
	}
	s, ok := a.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return held.Instance{}
	}
	return a.instanceOf(sel.X, identity.EmbeddedPath(s))
}

// funcName names fn in call chains: Server.close, helper.
func funcName(fn *types.Func) string {
	sig := fn.Signature()
	if sig.Recv() == nil {
		return fn.Name()
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name() + "." + fn.Name()
	}
	return fn.Name()
}

// unsharedLocal reports whether ev locks a local mutex that no other
// goroutine can reach.
func (r *bodyRun) unsharedLocal(ev acquireEvent) bool {
	v, ok := ev.inst.Root.(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() || r.fw.a.sharedLocal(v) {
		return false
	}
	// The mutex must lie inside v itself, not behind a pointer.
	var names []string
	if ev.inst.Path != "" {
		names = strings.Split(ev.inst.Path, ".")
	}
	return !isPointer(v.Type()) && inPlace(v.Type(), names)
}

// onceDoArg returns f in once.Do(f) when f is a method value or a named
// function: sync.Once runs it synchronously.
func onceDoArg(info *types.Info, call *ast.CallExpr) ast.Expr {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || fn.Name() != "Do" || len(call.Args) != 1 {
		return nil
	}
	switch f := ast.Unparen(call.Args[0]).(type) {
	case *ast.SelectorExpr, *ast.Ident:
		return f
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(m))
}

// releasedBefore lists the caller's lock classes released before the
// acquisition ev, sorted: by this function (on some path to it), or by
// the callee that acquires it, before it does.
func releasedBefore(s *heldSet, ev acquireEvent) []string {
	if len(s.dropped) == 0 && len(ev.dropped) == 0 {
		return nil
	}
	out := make([]string, 0, len(s.dropped)+len(ev.dropped))
	for k := range s.dropped {
		out = append(out, k)
	}
	for k := range ev.dropped {
		if _, ok := s.dropped[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// dynHolds checks a callee's conditional acquisition (acquisition.Dyn,
// "pN:T", or several such terms joined by "&") at a call: certain when
// each argument N has the static type T (or a pointer to it); conditional
// on this function's parameters in turn where the arguments are those
// parameters, of an interface type.
func (r *bodyRun) dynHolds(call *ast.CallExpr, dyn string) (bool, string) {
	if !strings.Contains(dyn, "&") {
		return r.dynTerm(call, dyn)
	}
	cond := ""
	for _, term := range strings.Split(dyn, "&") {
		ok, c := r.dynTerm(call, term)
		switch {
		case ok:
		case c == "":
			return false, ""
		default:
			cond = joinConds(cond, c)
		}
	}
	return cond == "", cond
}

// maxCondTerms bounds a condition's terms (a chain of interface calls
// through parameters): past it, the acquisition is only possible.
const maxCondTerms = 4

// joinConds joins two conditions ("p0:T", "p0:T&p1:U"), each term once, in
// order; "" when the result would have more than maxCondTerms terms.
func joinConds(a, b string) string {
	if a == "" {
		return b
	}
	terms := strings.Split(a, "&")
	for _, t := range strings.Split(b, "&") {
		if !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	if len(terms) > maxCondTerms {
		return ""
	}
	slices.Sort(terms)
	return strings.Join(terms, "&")
}

// dynTerm checks one term "pN:T" of a condition at a call.
func (r *bodyRun) dynTerm(call *ast.CallExpr, dyn string) (bool, string) {
	base, typ, ok := strings.Cut(dyn, ":")
	if !ok || !strings.HasPrefix(base, "p") || call.Ellipsis.IsValid() {
		return false, ""
	}
	n, err := strconv.Atoi(base[1:])
	if err != nil || n >= len(call.Args) {
		return false, ""
	}
	info := r.fw.a.pass.TypesInfo
	arg := ast.Unparen(call.Args[n])
	t := info.TypeOf(arg)
	if t == nil {
		return false, ""
	}
	if types.IsInterface(t) {
		if p := r.fw.paramRoot(arg); p != "" {
			return false, p + ":" + typ
		}
		return false, ""
	}
	return dynTypeName(t) == typ, ""
}

// paramRoot returns "pN" when e is the function's parameter N itself.
func (fw *funcWalk) paramRoot(e ast.Expr) string {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return ""
	}
	v, ok := fw.a.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return ""
	}
	if base, ok := fw.roots[v]; ok && strings.HasPrefix(base, "p") && !strings.Contains(base, ".") && !assigned(fw.a.pass.TypesInfo, fw.body, v) {
		return base
	}
	return ""
}

// assigned reports whether v is assigned in body, or its address taken:
// then it may no longer hold what the caller passed.
func assigned(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				found = found || is(l)
			}
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		case *ast.RangeStmt:
			found = found || n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value)
		}
		return !found
	})
	return found
}

// dynTypeName names a concrete type for acquisition.Dyn: the named type,
// pointer or not (a method of T is in *T's method set too).
func dynTypeName(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	return types.TypeString(n.Origin(), nil)
}

// condWait resolves a call of a Cond's Wait (lockop.Lockers.CondWait),
// building the package's index of Lockers only for a call named Wait.
func (r *bodyRun) condWait(call *ast.CallExpr) (lockop.Op, bool) {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); !ok || sel.Sel.Name != "Wait" {
		return lockop.Op{}, false
	}
	return r.fw.a.lockersIndex().CondWait(call)
}
