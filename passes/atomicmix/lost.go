package atomicmix

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/escape/owned"
	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/internal/hb"
	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/parents"
)

// bodyOps is the atomic operations of one function body (a FuncDecl or a
// FuncLit, whose operations are its own, not its closures'), indexed so
// that the lost-update rule costs time linear in the body: operations by
// variable, and flow-graph nodes by position.
type bodyOps struct {
	body    ast.Node
	ops     []*atomicUse
	parents parents.Map // built on demand
	graph   *hb.Graph   // built on demand

	vars   map[varKey][]*atomicUse      // ops by variable, in source order
	keyOf  map[*atomicUse]varKey        // each op's variable
	byCall map[*ast.CallExpr]*atomicUse // each op by its call
	events map[varKey][]event           // built on demand per variable
	// stored holds the variables with a Store or Add not already
	// reported as arithmetic in one expression.
	stored     map[varKey]bool
	kills      map[*types.Var][]token.Pos // writes of element index locals, sorted
	derivation *derivation                // built on demand, for derivedUse
}

// A varKey names one variable as the lost-update rule sees it: the memory
// (identity key) reached through the same expression (m.count and o.count
// are different).
type varKey struct{ key, text string }

// An event is an operation on a variable: atomic, plain, or (for an
// element) an assignment of a local in its index.
type event struct {
	pos   token.Pos
	use   *atomicUse // the atomic operation, nil for any other event
	store bool       // use is a Store or an Add that is not deferred
}

// checkLostUpdates reports Load-then-Store sequences on one variable:
// x.Store(x.Load() + d), v := x.Load() ... x.Store(c), and
// if x.Load() == a { x.Store(b) }.
func (c *checker) checkLostUpdates() {
	var bodies []*bodyOps
	byBody := map[ast.Node]*bodyOps{}
	for _, u := range slices.Concat(c.s.atomic, c.s.elements) {
		b := byBody[u.body]
		if b == nil {
			b = &bodyOps{body: u.body}
			byBody[u.body] = b
			bodies = append(bodies, b)
		}
		b.ops = append(b.ops, u)
	}
	for _, b := range bodies {
		c.checkBody(b)
	}
}

// index groups b's operations by variable.
func (b *bodyOps) index() {
	slices.SortStableFunc(b.ops, func(x, y *atomicUse) int { return cmp.Compare(x.op.Call.Pos(), y.op.Call.Pos()) })
	b.vars = map[varKey][]*atomicUse{}
	b.keyOf = map[*atomicUse]varKey{}
	b.byCall = map[*ast.CallExpr]*atomicUse{}
	for _, u := range b.ops {
		k := varKey{u.id.Key, targetText(u)}
		b.keyOf[u] = k
		b.vars[k] = append(b.vars[k], u)
		b.byCall[u.op.Call] = u
	}
}

func (c *checker) checkBody(b *bodyOps) {
	guard.At(c.pass, b.body.Pos())
	b.index()
	// Stores of arithmetic on a Load of the same variable, in one
	// expression.
	handled := map[*atomicUse]bool{}
	for _, s := range b.ops {
		if s.op.Kind != atomicop.Store {
			continue
		}
		if l, bin := c.loadOperand(b, s); l != nil {
			handled[s] = true
			if _, same := c.elementVars(l); !same {
				continue // an element whose index may differ each time
			}
			if ok, note := c.serialized(b, l, s); !ok && !c.privateTarget(b, l, s) {
				c.note = note
				c.reportArith(b, l, s, bin)
				c.note = nil
			}
		}
	}
	b.stored = map[varKey]bool{}
	for _, s := range b.ops {
		if (s.op.Kind == atomicop.Store || s.op.Kind == atomicop.Add) && !handled[s] {
			b.stored[b.keyOf[s]] = true
		}
	}

	// Load ... Store pairs along the control flow.
	for _, l := range b.ops {
		if l.op.Kind != atomicop.Load || !b.stored[b.keyOf[l]] || c.assertion(b, l) {
			continue
		}
		vars, same := c.elementVars(l)
		if !same {
			continue // an element whose index may differ each time
		}
		for _, r := range c.storesReached(b, l, vars) {
			s := r.use
			if handled[s] || r.round && !c.storesDerived(b, l, s) {
				continue // a Store of a value of its own starts the next cycle
			}
			ok, note := c.serialized(b, l, s)
			if ok || c.privateTarget(b, l, s) || c.waitedOut(b, l, s) {
				continue
			}
			report := c.reportPair
			if s.op.Kind == atomicop.Add {
				report = c.reportAdd
			}
			c.note = note
			if report(b, l, s) {
				handled[s] = true
			}
			c.note = nil
		}
	}
}

// storesDerived reports whether s stores (or adds) a value computed from
// what l loaded: v = x.Load() ... x.Store(v + 1), or x.Add(-v).
func (c *checker) storesDerived(b *bodyOps, l, s *atomicUse) bool {
	v := c.loadedInto(b, l)
	if v == nil {
		return false
	}
	val := s.op.Value()
	return usesVar(c.pass.TypesInfo, val, v) || c.derivedUse(b, l.fn.decl, v, val) != nil
}

// loadOperand returns the Load of s's variable that is an operand of the
// arithmetic s stores, and that arithmetic.
func (c *checker) loadOperand(b *bodyOps, s *atomicUse) (*atomicUse, *ast.BinaryExpr) {
	bin, ok := ast.Unparen(s.op.Value()).(*ast.BinaryExpr)
	if !ok || !isArith(bin.Op) {
		return nil, nil
	}
	for _, operand := range []ast.Expr{bin.X, bin.Y} {
		call, ok := ast.Unparen(operand).(*ast.CallExpr)
		if !ok {
			continue
		}
		if l := b.byCall[call]; l != nil && l.op.Kind == atomicop.Load && sameTarget(l, s) {
			return l, bin
		}
	}
	return nil, nil
}

func isArith(op token.Token) bool {
	switch op {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.SHL, token.SHR, token.AND_NOT:
		return true
	}
	return false
}

// serialized reports whether a lock serialises the Load-then-Store l..s
// against every concurrent writer of the variable: one lock held
// exclusively at both operations (a read lock lets two writers in at
// once) that every other atomic writer of the variable holds too, in
// either mode (see freeWriter). When the Load and the Store share a lock
// that some writer does without, it returns that writer, for the message:
// its Add or Store lands between the Load and the Store and is lost.
func (c *checker) serialized(b *bodyOps, l, s *atomicUse) (bool, *unserialised) {
	hl := c.heldAt(l.fn, b.body, l.op.Call.Pos())
	hs := exclusiveKeys(c.heldAt(s.fn, b.body, s.op.Call.Pos()))
	// A check-then-act tests a constant: a writer storing that value
	// between the check and the act changes nothing CompareAndSwap would
	// not also miss (net/http's canWriteContinue, set true before the
	// body reader runs, cleared under writeContinueMu).
	tested := ""
	if ifs, _ := c.checkThenAct(b, l, s); ifs != nil {
		if v := c.oldValue(b, l); v != nil {
			tested, _ = constKey(types.TypeAndValue{Value: v})
		}
	}
	var first *unserialised
	for _, h := range hl {
		if !h.exclusive || !slices.Contains(hs, h.key) {
			continue
		}
		w := c.freeWriter(s, h.key, tested)
		if w == nil {
			return true, nil
		}
		if first == nil {
			u := *w
			u.lock = h.name
			first = &u
		}
	}
	return false, first
}

// waitedOut reports whether l is the test of a loop waiting for the
// variable to reach a value (for x.Load() != k { ... }, the body not
// touching it) and every writer that may run between l and s, unheld by
// a lock held exclusively at both, only counts up (an Add of a positive
// constant): such a wait ends only once those writers have stopped at k,
// since one more increment could carry the count past k unseen and the
// wait would never end; a program that may write after it may hang, and
// the Store after the wait loses nothing that is still coming. This is
// the cooldown of a hot/cold counter pair (Prometheus' summary: writers
// count into the hot half; the collector, under its lock, swaps the
// halves, waits until the cold half's count reaches the number of writers
// that took it, then resets it). A wait with <, or whose writers also
// subtract or store, ends without such proof.
func (c *checker) waitedOut(b *bodyOps, l, s *atomicUse) bool {
	cmp, ok := b.parent(l.op.Call).(*ast.BinaryExpr)
	if !ok || cmp.Op != token.NEQ {
		return false
	}
	loop, ok := b.parent(cmp).(*ast.ForStmt)
	if !ok || loop.Cond == nil || ast.Unparen(loop.Cond) != ast.Expr(cmp) || loop.Post != nil && c.touches(b, l, loop.Post) {
		return false
	}
	if c.touches(b, l, loop.Body) {
		return false
	}
	var across []string
	hs := exclusiveKeys(c.heldAt(s.fn, b.body, s.op.Call.Pos()))
	for _, h := range c.heldAt(l.fn, b.body, l.op.Call.Pos()) {
		if h.exclusive && slices.Contains(hs, h.key) {
			across = append(across, h.key)
		}
	}
	for _, w := range c.writesOf(s.id.Key) {
		if w.fn == nil || !sameContainer(w.cont.key, s.cont.key) || !c.concurrent(w) {
			continue
		}
		if slices.ContainsFunc(c.heldAt(w.fn, w.body, w.op.Call.Pos()), func(h heldLock) bool { return slices.Contains(across, h.key) }) {
			continue
		}
		if w.op.Kind != atomicop.Add || !countsUp(c.pass.TypesInfo.Types[w.op.Value()].Value, w.op.Type) {
			return false
		}
	}
	for _, site := range c.deps.atomic[s.id.Key] {
		if site.ConcWrites && inAny(site.Containers, s.cont.key) {
			return false // writers in a dependency, of kinds out of sight
		}
	}
	return true
}

// touches reports whether n holds an operation on l's variable.
func (c *checker) touches(b *bodyOps, l *atomicUse, n ast.Node) bool {
	for _, e := range c.eventsOf(b, b.keyOf[l]) {
		if n.Pos() <= e.pos && e.pos < n.End() {
			return true
		}
	}
	return false
}

// countsUp reports whether v, the operand of an Add on an atomic of type
// t, is a positive constant that is not the two's complement spelling of
// a negative one (^uint32(0)).
func countsUp(v constant.Value, t string) bool {
	if v == nil {
		return false
	}
	v = constant.ToInt(v)
	if v.Kind() != constant.Int || constant.Sign(v) <= 0 {
		return false
	}
	bits := uint(64)
	if t == "Int32" || t == "Uint32" {
		bits = 32
	}
	half := constant.Shift(constant.MakeInt64(1), token.SHL, bits-1)
	return constant.Compare(v, token.LSS, half)
}

// An unserialised names the writer a lock held from Load to Store does
// not exclude.
type unserialised struct {
	lock     string    // the lock held from the Load to the Store
	text     string    // what the message says of the writer
	pos, end token.Pos // the writer, when it is in this package
}

func (u *unserialised) String() string {
	if u.pos.IsValid() {
		return fmt.Sprintf("%s is held from the Load to the Store, but %s writes without it", u.lock, u.text)
	}
	return fmt.Sprintf("%s is held from the Load to the Store, but %s", u.lock, u.text)
}

// report reports a lost update, saying why the lock held from the Load to
// the Store, if any, does not serialise it (c.note).
func (c *checker) report(d analysis.Diagnostic) {
	if n := c.note; n != nil {
		d.Message += "; " + n.String()
		if n.pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: n.pos, End: n.end, Message: "writes without " + n.lock})
		}
	}
	c.pass.Report(d)
}

// freeWriter returns an atomic writer of s's variable (the memory, in s's
// container) that may run while the Load-then-Store holding lock runs,
// and does not hold lock: in this package, or in a dependency whose facts
// say its writes do not all hold it. Writers in importers are out of
// sight. Writers that cannot run concurrently with anything (concurrent)
// do not count.
func (c *checker) freeWriter(s *atomicUse, lock, tested string) *unserialised {
	k := freeKey{s.id.Key, s.cont.key, lock, tested}
	if w, ok := c.free[k]; ok {
		return w
	}
	var found *unserialised
	for _, w := range c.writesOf(s.id.Key) {
		if w.fn == nil || !sameContainer(w.cont.key, s.cont.key) {
			continue
		}
		if k, ok := constKey(c.pass.TypesInfo.Types[w.op.Value()]); ok && tested != "" && w.op.Kind == atomicop.Store && k == tested {
			continue // stores the value the check-then-act tests
		}
		if slices.ContainsFunc(c.heldAt(w.fn, w.body, w.op.Call.Pos()), func(h heldLock) bool { return h.key == lock }) {
			continue
		}
		if !c.concurrent(w) {
			continue
		}
		found = &unserialised{text: fmt.Sprintf("%s at %s", c.text(w.op.Call), c.where(w.op.Call.Pos())), pos: w.op.Call.Pos(), end: w.op.Call.End()}
		break
	}
	if found == nil {
		for _, site := range c.deps.atomic[s.id.Key] {
			if !site.ConcWrites || !inAny(site.Containers, s.cont.key) || slices.Contains(site.ConcLocks, lock) {
				continue
			}
			if site.FreeWrite != "" {
				found = &unserialised{text: fmt.Sprintf("%s in package %s writes without it", site.FreeWrite, site.pkg)}
			} else {
				found = &unserialised{text: fmt.Sprintf("the writes of %s in package %s (%s) do not hold it", site.Short, site.pkg, site)}
			}
			break
		}
	}
	if c.free == nil {
		c.free = map[freeKey]*unserialised{}
	}
	c.free[k] = found
	return found
}

type freeKey struct{ key, cont, lock, tested string }

// concurrent reports whether the atomic write w may run while other
// goroutines use its memory: not in init, a hook run with the world
// stopped, a sequential test, nor on an object the function allocated and
// has not shared yet (a constructor's writes).
func (c *checker) concurrent(w *atomicUse) bool {
	decl, pos := w.fn.decl, w.op.Call.Pos()
	if w.body == ast.Node(decl) && decl.Recv == nil && decl.Name.Name == "init" || c.runsAlone(decl) {
		return false
	}
	if v := writerRoot(c.pass.TypesInfo, w.op.Target); v != nil {
		if c.privateBase(w.fn, w.body, v, pos) {
			return false
		}
	}
	if x := ast.Unparen(w.op.Target); owned.MayBeFresh(c.pass.TypesInfo, decl, x) && c.region(decl).Private(x) {
		return false
	}
	return !c.sequentialTestAt(w.body, pos)
}

// writerRoot returns the local the memory e denotes is reached from,
// through fields, elements and dereferences: v in v.a.b[i].c. The objects
// on the way are taken to be the local's own (a constructor's h.counts[0]
// = &counts{}); memory of a shared object reached through a fresh one
// (r.shared.n) is the exception this misses.
func writerRoot(info *types.Info, e ast.Expr) *types.Var {
	return identity.Root(info, e, func(step identity.Step, _ ast.Expr) bool { return step != identity.StepMap })
}

// A reached is a Store found from a Load, and whether every path to it
// crosses a loop's back edge (hb.Graph.BackEdge).
type reached struct {
	use   *atomicUse
	round bool
}

// storesReached returns the Stores of l's variable reachable from l along
// the control flow with no other operation on the variable in between
// (reaching l again ends a path: the next cycle), each saying whether it
// is reached only round a loop, across a back edge, where a Store may
// start the next cycle rather than end this one. For an element, vars
// are the locals naming it: an assignment of one of them ends a path, as
// does the next iteration of a range loop over one. Each block is walked
// at most twice, before and after a back edge.
func (c *checker) storesReached(b *bodyOps, l *atomicUse, vars []*types.Var) []reached {
	if b.graph == nil {
		b.graph = hb.NewGraphFunc(funcBody(b.body), func(call *ast.CallExpr) bool { return !c.isPanic(call) })
	}
	events := c.eventsOf(b, b.keyOf[l])
	var kills [][]token.Pos
	for _, v := range vars {
		kills = append(kills, c.killsOf(b, l.fn.decl, v))
	}
	// firstIn returns the first event in [pos, end).
	firstIn := func(pos, end token.Pos) (event, bool) {
		best, found := event{}, false
		i, _ := slices.BinarySearchFunc(events, pos, func(e event, p token.Pos) int { return cmp.Compare(e.pos, p) })
		if i < len(events) && events[i].pos < end {
			best, found = events[i], true
		}
		for _, k := range kills {
			j, _ := slices.BinarySearch(k, pos)
			if j < len(k) && k[j] < end && (!found || k[j] < best.pos) {
				best, found = event{pos: k[j]}, true
			}
		}
		return best, found
	}
	var found []reached
	visit := func(e event, round bool) {
		if !e.store {
			return
		}
		i := slices.IndexFunc(found, func(r reached) bool { return r.use == e.use })
		if i < 0 {
			found = append(found, reached{e.use, round})
		} else if !round {
			found[i].round = false
		}
	}
	// Find the Load's node: the innermost node holding it.
	lpos := l.op.Call.Pos()
	start, startIdx, ok := b.graph.NodeOf(lpos)
	if !ok {
		return nil
	}
	// The rest of the Load's own node (any of it for an assignment of
	// the element's locals: v, i = s[i].Load(), i+1).
	node := start.Nodes[startIdx]
	for _, k := range kills {
		j, _ := slices.BinarySearch(k, node.Pos())
		if j < len(k) && k[j] < node.End() {
			return nil
		}
	}
	if e, ok := firstIn(l.op.Call.End(), node.End()); ok {
		visit(e, false)
		return found
	}
	type state struct {
		blk   *cfg.Block
		round bool
	}
	seen := map[state]bool{}
	var walk func(blk *cfg.Block, from int, round bool)
	walk = func(blk *cfg.Block, from int, round bool) {
		if rs, ok := blk.Stmt.(*ast.RangeStmt); ok && blk.Kind == cfg.KindRangeLoop && c.assigns(rs, vars) {
			return // the next iteration: another element
		}
		for _, n := range blk.Nodes[from:] {
			if e, ok := firstIn(n.Pos(), n.End()); ok {
				if e.use != l {
					visit(e, round)
				}
				return
			}
		}
		for _, succ := range blk.Succs {
			r := round || b.graph.BackEdge(blk, succ)
			if !seen[state{succ, r}] {
				seen[state{succ, r}] = true
				walk(succ, 0, r)
			}
		}
	}
	walk(start, startIdx+1, false)
	return found
}

// eventsOf returns every operation on variable k in b, atomic or plain,
// sorted by position.
func (c *checker) eventsOf(b *bodyOps, k varKey) []event {
	if evs, ok := b.events[k]; ok {
		return evs
	}
	var evs []event
	for _, u := range b.vars[k] {
		evs = append(evs, event{pos: u.op.Call.Pos(), use: u, store: (u.op.Kind == atomicop.Store || u.op.Kind == atomicop.Add) && !c.deferred(b, u)})
	}
	for _, pos := range c.plainAt(b.body, k) {
		evs = append(evs, event{pos: pos})
	}
	slices.SortStableFunc(evs, func(x, y event) int { return cmp.Compare(x.pos, y.pos) })
	if b.events == nil {
		b.events = map[varKey][]event{}
	}
	b.events[k] = evs
	return evs
}

// plainAt returns the positions of the plain accesses to variable k in
// body.
func (c *checker) plainAt(body ast.Node, k varKey) []token.Pos {
	if c.plainIndex == nil {
		c.plainIndex = map[ast.Node]map[varKey][]token.Pos{}
		for _, p := range c.s.plain {
			m := c.plainIndex[p.body]
			if m == nil {
				m = map[varKey][]token.Pos{}
				c.plainIndex[p.body] = m
			}
			pk := varKey{p.id.Key, types.ExprString(ast.Unparen(p.expr))}
			m[pk] = append(m[pk], p.expr.Pos())
		}
	}
	return c.plainIndex[body][k]
}

// killsOf returns the positions, sorted, of the assignments to v in b
// (a local in an element's index).
func (c *checker) killsOf(b *bodyOps, decl *ast.FuncDecl, v *types.Var) []token.Pos {
	if k, ok := b.kills[v]; ok {
		return k
	}
	var k []token.Pos
	for _, wr := range c.writesIn(decl).writes[v] {
		if wr.body == b.body {
			k = append(k, wr.pos)
		}
	}
	slices.Sort(k)
	if b.kills == nil {
		b.kills = map[*types.Var][]token.Pos{}
	}
	b.kills[v] = k
	return k
}

// assigns reports whether a range statement assigns one of vars.
func (c *checker) assigns(rs *ast.RangeStmt, vars []*types.Var) bool {
	for _, e := range []ast.Expr{rs.Key, rs.Value} {
		if id, ok := e.(*ast.Ident); ok {
			obj := c.pass.TypesInfo.Defs[id]
			if obj == nil {
				obj = c.pass.TypesInfo.Uses[id]
			}
			if v, ok := obj.(*types.Var); ok && slices.Contains(vars, v) {
				return true
			}
		}
	}
	return false
}

func (c *checker) isPanic(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin)
	return ok && b.Name() == "panic"
}

// parent returns the parent of n in b's body, ignoring parentheses.
func (b *bodyOps) parent(n ast.Node) ast.Node {
	if b.parents == nil {
		b.parents = parents.Build(b.body, nil)
	}
	return b.parents.Of(n)
}

// deferred reports whether u is the call of a defer statement: it runs at
// function exit, not where it is written.
func (c *checker) deferred(b *bodyOps, u *atomicUse) bool {
	d, ok := b.parent(u.op.Call).(*ast.DeferStmt)
	return ok && d.Call == u.op.Call
}

// stmtOf returns the innermost statement containing n.
func (b *bodyOps) stmtOf(n ast.Node) ast.Stmt {
	for p := n; p != nil; p = b.parent(p) {
		if s, ok := p.(ast.Stmt); ok {
			return s
		}
	}
	return nil
}

// Rendering of the operations in messages and fixes.

// recv returns the text naming the variable as the call writes it: x in
// x.Load(), &x in atomic.LoadInt64(&x).
func (c *checker) recv(u *atomicUse) string {
	if u.op.Typed {
		return c.text(ast.Unparen(u.op.Call.Fun).(*ast.SelectorExpr).X)
	}
	return c.text(u.op.Addr)
}

// call renders operation kind on u's variable with the given arguments,
// in u's style: x.Swap(0) or atomic.SwapInt64(&x, 0).
func (c *checker) call(u *atomicUse, kind string, args ...string) string {
	all := ""
	for i, a := range args {
		if i > 0 {
			all += ", "
		}
		all += a
	}
	if u.op.Typed {
		return fmt.Sprintf("%s.%s(%s)", c.recv(u), kind, all)
	}
	pkg := "atomic"
	if sel, ok := ast.Unparen(u.op.Call.Fun).(*ast.SelectorExpr); ok {
		pkg = c.text(sel.X)
	}
	if all != "" {
		all = ", " + all
	}
	return fmt.Sprintf("%s.%s%s(%s%s)", pkg, kind, u.op.Type, c.recv(u), all)
}

// loadName renders a Load as the message names it: x.Load, or
// atomic.LoadInt64(&x).
func (c *checker) loadName(l *atomicUse) string {
	if l.op.Typed {
		return c.recv(l) + ".Load"
	}
	return c.text(l.op.Call)
}

// hasAdd reports whether the atomic type has Add (And and Or since Go 1.23).
func hasAdd(t string) bool {
	switch t {
	case "Int32", "Int64", "Uint32", "Uint64", "Uintptr":
		return true
	}
	return false
}

// reportArith reports x.Store(x.Load() op d).
func (c *checker) reportArith(b *bodyOps, l, s *atomicUse, bin *ast.BinaryExpr) {
	loadFirst := ast.Unparen(bin.X) == ast.Expr(l.op.Call)
	other := bin.Y
	if !loadFirst {
		other = bin.X
	}
	d := c.text(other)
	suggestion, replacement := "a CompareAndSwap loop", ""
	if hasAdd(s.op.Type) {
		switch {
		case bin.Op == token.ADD:
			replacement = c.call(s, "Add", d)
		case bin.Op == token.SUB && loadFirst && isSigned(s.op.Type):
			replacement = c.call(s, "Add", negate(d, other))
		case (bin.Op == token.OR || bin.Op == token.AND) && c.fileAtLeast(s.op.Call.Pos(), "go1.23"):
			kind := map[token.Token]string{token.OR: "Or", token.AND: "And"}[bin.Op]
			replacement = c.call(s, kind, d)
		}
	}
	if replacement != "" {
		suggestion = replacement
	}
	diag := analysis.Diagnostic{
		Pos:     s.op.Call.Pos(),
		End:     s.op.Call.End(),
		Message: fmt.Sprintf("%s loses concurrent updates; use %s", c.text(s.op.Call), suggestion),
	}
	if replacement != "" {
		diag.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "use " + replacement,
			TextEdits: []analysis.TextEdit{{Pos: s.op.Call.Pos(), End: s.op.Call.End(), NewText: []byte(replacement)}},
		}}
	}
	c.report(diag)
}

func (c *checker) fileAtLeast(pos token.Pos, v string) bool {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			fv := c.pass.TypesInfo.FileVersions[f]
			return fv == "" || version.Compare(fv, v) >= 0
		}
	}
	return false
}

// reportPair reports a Store reached from a Load with no operation on the
// variable in between, if it is one of the lost-update shapes, and says
// whether it did.
func (c *checker) reportPair(b *bodyOps, l, s *atomicUse) bool {
	val := s.op.Value()
	related := []analysis.RelatedInformation{{Pos: l.op.Call.Pos(), End: l.op.Call.End(), Message: "the Load"}}

	// Check-then-act: if x.Load() == a { x.Store(b) }.
	if ifs, old := c.checkThenAct(b, l, s); ifs != nil {
		cas := c.call(s, "CompareAndSwap", old, c.text(val))
		msg := fmt.Sprintf("check-then-act: %s tested then %s races with concurrent updates; use %s", c.loadName(l), c.text(s.op.Call), cas)
		if c.onlyStores(s, c.oldValue(b, l)) {
			// Others only set the tested value: no flag value is lost,
			// but two callers may both pass the check and both run the
			// guarded body.
			act := c.nonIdempotent(ifs.Body)
			if act == nil {
				return false // CompareAndSwap would act alike
			}
			msg = fmt.Sprintf("check-then-act: %s tested then %s lets two callers both pass and run %s twice; use %s", c.loadName(l), c.text(s.op.Call), c.text(act), cas)
			related = append(related, analysis.RelatedInformation{Pos: act.Pos(), End: act.End(), Message: "not idempotent"})
		}
		diag := analysis.Diagnostic{
			Pos:     s.op.Call.Pos(),
			End:     s.op.Call.End(),
			Message: msg,
			Related: related,
		}
		if store := b.stmtOf(s.op.Call); len(ifs.Body.List) > 0 && ifs.Body.List[0] == store && pure(c.pass.TypesInfo, val) {
			if _, isExpr := store.(*ast.ExprStmt); isExpr {
				diag.SuggestedFixes = []analysis.SuggestedFix{{
					Message: "use " + cas,
					TextEdits: []analysis.TextEdit{
						{Pos: ifs.Cond.Pos(), End: ifs.Cond.End(), NewText: []byte(cas)},
						c.deleteStmt(store),
					},
				}}
			}
		}
		c.report(diag)
		return true
	}

	// Reset: v := x.Load() ... x.Store(0).
	if isConstant(c.pass.TypesInfo, val) {
		if c.latch(s) {
			return false // every write stores this value: nothing to lose
		}
		swap := c.call(s, "Swap", c.text(val))
		diag := analysis.Diagnostic{
			Pos:     s.op.Call.Pos(),
			End:     s.op.Call.End(),
			Message: fmt.Sprintf("%s followed by %s loses concurrent updates; use %s", c.loadName(l), c.text(s.op.Call), swap),
			Related: related,
		}
		if c.swapEquivalent(b, l, s) {
			diag.SuggestedFixes = []analysis.SuggestedFix{{
				Message: "use " + swap,
				TextEdits: []analysis.TextEdit{
					{Pos: l.op.Call.Pos(), End: l.op.Call.End(), NewText: []byte(swap)},
					c.deleteStmt(b.stmtOf(s.op.Call)),
				},
			}}
		}
		c.report(diag)
		return true
	}

	// Arithmetic on the loaded value: v := x.Load() ... x.Store(v + 1).
	if v := c.loadedInto(b, l); v != nil && usesVar(c.pass.TypesInfo, val, v) && isArithExpr(val) {
		c.report(analysis.Diagnostic{
			Pos:     s.op.Call.Pos(),
			End:     s.op.Call.End(),
			Message: fmt.Sprintf("%s followed by %s loses concurrent updates; use an atomic Add or a CompareAndSwap loop", c.loadName(l), c.text(s.op.Call)),
			Related: related,
		})
		return true
	}

	// A new value computed from the loaded one in locals:
	// w := x.Load(); if on { w |= bit } else { w &^= bit }; x.Store(w).
	if v := c.loadedInto(b, l); v != nil {
		if w := c.derivedUse(b, l.fn.decl, v, val); w != nil {
			diag := analysis.Diagnostic{
				Pos:     s.op.Call.Pos(),
				End:     s.op.Call.End(),
				Message: fmt.Sprintf("%s followed by %s loses concurrent updates: %s is computed from the loaded value; use a CompareAndSwap loop", c.loadName(l), c.text(s.op.Call), w.Name()),
				Related: related,
			}
			if fix, ok := c.casLoopFix(b, l, s, v); ok {
				diag.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
			c.report(diag)
			return true
		}
	}
	return false
}

// checkThenAct returns the if statement whose condition tests l for
// equality and whose body holds s, with the value compared against.
func (c *checker) checkThenAct(b *bodyOps, l, s *atomicUse) (*ast.IfStmt, string) {
	var cond ast.Expr = l.op.Call
	var old string
	switch e := b.parent(l.op.Call).(type) {
	case *ast.BinaryExpr:
		other := e.Y
		if ast.Unparen(e.Y) == cond {
			other = e.X
		}
		if e.Op != token.EQL || !pure(c.pass.TypesInfo, other) {
			return nil, ""
		}
		cond, old = e, c.text(other)
	case *ast.UnaryExpr:
		if e.Op != token.NOT {
			return nil, ""
		}
		cond, old = e, "false"
	default:
		if l.op.Type != "Bool" {
			return nil, ""
		}
		old = "true"
	}
	ifs, ok := b.parent(cond).(*ast.IfStmt)
	if !ok || ast.Unparen(ifs.Cond) != cond {
		return nil, ""
	}
	if pos := s.op.Call.Pos(); pos < ifs.Body.Pos() || pos >= ifs.Body.End() {
		return nil, ""
	}
	return ifs, old
}

// swapEquivalent reports whether replacing the Load by a Swap and deleting
// the Store is certainly equivalent: the Load is evaluated unconditionally
// in a simple statement, and the Store is a later statement of the same
// block, with only simple statements in between.
func (c *checker) swapEquivalent(b *bodyOps, l, s *atomicUse) bool {
	// The Load is not under && or || or a conditional of its statement.
	lstmt := b.stmtOf(l.op.Call)
	for n := b.parent(l.op.Call); n != nil && n != ast.Node(lstmt); n = b.parent(n) {
		if bin, ok := n.(*ast.BinaryExpr); ok && (bin.Op == token.LAND || bin.Op == token.LOR) {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
	}
	switch lstmt.(type) {
	case *ast.AssignStmt, *ast.ExprStmt, *ast.DeclStmt:
	default:
		return false
	}
	sstmt, ok := b.stmtOf(s.op.Call).(*ast.ExprStmt)
	if !ok {
		return false
	}
	block, ok := b.parent(lstmt).(*ast.BlockStmt)
	if !ok || b.parent(sstmt) != ast.Node(block) {
		return false
	}
	i, j := slices.Index(block.List, lstmt), slices.Index(block.List, ast.Stmt(sstmt))
	if i < 0 || j <= i {
		return false
	}
	for _, st := range block.List[i+1 : j] {
		switch st.(type) {
		case *ast.AssignStmt, *ast.ExprStmt, *ast.DeclStmt, *ast.IncDecStmt, *ast.EmptyStmt:
		default:
			return false
		}
	}
	return true
}

// loadedInto returns the variable a Load's result is assigned to, v in
// v := x.Load().
func (c *checker) loadedInto(b *bodyOps, l *atomicUse) *types.Var {
	as, ok := b.parent(l.op.Call).(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return nil
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v
}

func usesVar(info *types.Info, e ast.Expr, v *types.Var) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

func isArithExpr(e ast.Expr) bool {
	bin, ok := ast.Unparen(e).(*ast.BinaryExpr)
	return ok && isArith(bin.Op)
}

// isConstant reports whether e is a constant or nil.
func isConstant(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && (tv.Value != nil || tv.IsNil())
}

// pure reports whether evaluating e has no effect and may be moved: a
// constant, nil, a variable or a field of one.
func pure(info *types.Info, e ast.Expr) bool {
	if isConstant(info, e) {
		return true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return pure(info, e.X)
	}
	return false
}

// sameTarget reports whether two operations certainly act on the same
// variable: the same memory (for every instance of a struct type) reached
// through the same expression (m.count and o.count are different).
func sameTarget(a, b *atomicUse) bool {
	return a.id.Key == b.id.Key && targetText(a) == targetText(b)
}

func targetText(u *atomicUse) string {
	t := types.ExprString(ast.Unparen(u.op.Target))
	for _, f := range u.op.Embedded {
		t += "." + f.Name()
	}
	return t
}

// privateTarget reports whether the variable is reached through a local
// that no other goroutine can see at either operation.
func (c *checker) privateTarget(b *bodyOps, l, s *atomicUse) bool {
	base := rootIdent(l.op.Target)
	if base == nil {
		return false
	}
	ctx := c.context(b.body)
	v := ctx.local(c.pass.TypesInfo.Uses[base])
	return v != nil && ctx.privateAt(v, l.op.Call.Pos()) && ctx.privateAt(v, s.op.Call.Pos())
}

// rootIdent returns v in v, v.f, v.f.g.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// latch reports whether every atomic write of s's variable, in the
// package and (by their facts) its dependencies, stores the same constant as s: a flag that only ever goes one way (set
// once, "unsupported" markers) loses nothing when set twice.
func (c *checker) latch(s *atomicUse) bool {
	k, ok := constKey(c.pass.TypesInfo.Types[s.op.Value()])
	sum := c.writeSummary(s.id.Key)
	return ok && sum.stores[k] == sum.total
}

// oldValue returns the constant a check-then-act compares the Load with:
// a in x.Load() == a, false for !x.Load(), true for x.Load(); nil when it
// is not a constant.
func (c *checker) oldValue(b *bodyOps, l *atomicUse) constant.Value {
	switch e := b.parent(l.op.Call).(type) {
	case *ast.BinaryExpr:
		other := e.Y
		if ast.Unparen(e.Y) == ast.Expr(l.op.Call) {
			other = e.X
		}
		return c.pass.TypesInfo.Types[other].Value
	case *ast.UnaryExpr:
		return constant.MakeBool(false)
	}
	return constant.MakeBool(true)
}

// onlyStores reports whether every atomic write of s's variable (in the
// package, or by facts a dependency), other than s, stores the constant v: a flag others only set to
// the value tested (grpc's "active since last check"), which the
// check-then-act then clears exactly as CompareAndSwap would.
func (c *checker) onlyStores(s *atomicUse, v constant.Value) bool {
	if v == nil {
		return false
	}
	k, _ := constKey(types.TypeAndValue{Value: v})
	sum := c.writeSummary(s.id.Key)
	n := sum.stores[k]
	if sk, ok := constKey(c.pass.TypesInfo.Types[s.op.Value()]); ok && s.op.Kind == atomicop.Store && sk == k {
		n-- // s itself
	}
	return n == sum.total-1
}

// A writeSummary counts the atomic writes of one memory in the package
// (a dependency writing it counts as one write): all of them, and the
// Stores of each constant (by constKey).
type writeSummary struct {
	total  int
	stores map[string]int
}

func (c *checker) writeSummary(key string) writeSummary {
	if sum, ok := c.writeSums[key]; ok {
		return sum
	}
	sum := writeSummary{stores: map[string]int{}}
	for _, u := range c.writesOf(key) {
		sum.total++
		if u.op.Kind != atomicop.Store {
			continue
		}
		if k, ok := constKey(c.pass.TypesInfo.Types[u.op.Value()]); ok {
			sum.stores[k]++
		}
	}
	// Each dependency writing it counts as one write, of its constant
	// when it stores only one.
	for _, site := range c.deps.atomic[key] {
		if site.Writes {
			sum.total++
			if site.Stores != "" {
				sum.stores[site.Stores]++
			}
		}
	}
	if c.writeSums == nil {
		c.writeSums = map[string]writeSummary{}
	}
	c.writeSums[key] = sum
	return sum
}

// constKey names a constant or nil value, equal for equal constants of
// one kind.
func constKey(tv types.TypeAndValue) (string, bool) {
	switch {
	case tv.IsNil():
		return "nil", true
	case tv.Value != nil:
		return tv.Value.Kind().String() + " " + tv.Value.ExactString(), true
	}
	return "", false
}

// writesOf returns the atomic writes of the memory with identity key in
// the package.
func (c *checker) writesOf(key string) []*atomicUse {
	if c.atomicWrites == nil {
		c.atomicWrites = map[string][]*atomicUse{}
		for _, u := range slices.Concat(c.s.atomic, c.s.elements) {
			if u.op.Kind.Writes() {
				c.atomicWrites[u.id.Key] = append(c.atomicWrites[u.id.Key], u)
			}
		}
	}
	return c.atomicWrites[key]
}
