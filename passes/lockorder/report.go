package lockorder

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/identity"
)

type reportKey struct {
	pos token.Pos
	msg string
}

// report emits a diagnostic once.
func (a *analyzer) report(d analysis.Diagnostic) {
	if a.quiet {
		return
	}
	k := reportKey{d.Pos, d.Message}
	if a.reported[k] {
		return
	}
	a.reported[k] = true
	a.pass.Report(d)
}

// name prints a held or acquired mutex: the instance when known (s.mu),
// else the class (Server.mu).
func name(class lockClass, inst held.Instance) string {
	if inst.Known() && class.Kind != identity.Global {
		return inst.String()
	}
	return class.Short
}

func (ev acquireEvent) describe() string {
	in := ""
	if ev.in != "" {
		in = " in " + ev.in
	}
	if len(ev.via) == 0 {
		return in
	}
	return fmt.Sprintf("%s through %s (locked at %s)", in, strings.Join(ev.via, " -> "), ev.lockSite)
}

// heldSite says where h was taken: its site, and the iterator holding it
// over the range body when it is one's.
func (a *analyzer) heldSite(h heldLock) string {
	if h.yields != "" {
		return a.posString(h.site) + " by the iterator " + h.yields
	}
	return a.posString(h.site)
}

// reportReacquire reports a lock taken again while certainly held by the
// same goroutine: a double lock, a recursive read lock, or an upgrade.
func (a *analyzer) reportReacquire(h heldLock, ev acquireEvent) {
	n := name(ev.class, ev.inst)
	if ev.inst == (held.Instance{}) {
		n = name(h.class, h.inst)
	}
	held := a.heldSite(h)
	var msg string
	switch {
	case !h.shared:
		msg = fmt.Sprintf("double lock of %s%s: already held since %s, and sync mutexes are not reentrant", n, ev.describe(), held)
	case ev.shared:
		msg = fmt.Sprintf("recursive read lock of %s%s: already read-locked at %s; a writer queued in between deadlocks both", n, ev.describe(), held)
	default:
		msg = fmt.Sprintf("%s locked%s while read-locked at %s: an RWMutex cannot upgrade RLock to Lock, this deadlocks", n, ev.describe(), held)
	}
	a.report(analysis.Diagnostic{
		Pos: ev.pos, Message: msg,
		Related: []analysis.RelatedInformation{{Pos: h.site, Message: n + " acquired here"}},
	})
}

// reportDeferLoop reports a lock taken in a loop whose Unlock is
// deferred: the deferred call runs at the function's exit, so the next
// iteration locks it again while it is held.
func (a *analyzer) reportDeferLoop(h heldLock, ev acquireEvent) {
	n := name(ev.class, ev.inst)
	a.report(analysis.Diagnostic{
		Pos:     ev.pos,
		Message: fmt.Sprintf("double lock of %s on the loop's next iteration: its Unlock is deferred, and deferred calls run when the function returns, not at the end of the iteration (unlock explicitly, or move the body into a function)", n),
	})
}

// stableInLoop reports whether the mutex of ev is the same object on
// every iteration of the innermost loop around it: a package variable, or
// an instance whose root variable is declared before the loop and neither
// it nor a field path under it is assigned inside the loop.
func (fw *funcWalk) stableInLoop(ev acquireEvent) bool {
	if ev.class.Kind == identity.Global {
		return true
	}
	if !ev.inst.Known() {
		return false
	}
	var loop ast.Node
	ast.Inspect(fw.body, func(n ast.Node) bool {
		if n == nil || n.Pos() > ev.pos || ev.pos >= n.End() {
			return false
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loop = n
		case *ast.FuncLit:
			return false
		}
		return true
	})
	if loop == nil {
		return false
	}
	root := ev.inst.Root
	if loop.Pos() <= root.Pos() && root.Pos() < loop.End() {
		return false // declared inside the loop, or its variable
	}
	name := root.Name()
	stable := true
	ast.Inspect(loop, func(n ast.Node) bool {
		var lhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs = n.Lhs
		case *ast.IncDecStmt:
			lhs = []ast.Expr{n.X}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				lhs = []ast.Expr{n.X}
			}
		}
		for _, e := range lhs {
			if s := types.ExprString(e); s == name || strings.HasPrefix(s, name+".") {
				stable = false
			}
		}
		return stable
	})
	return stable
}

// nesting records two instances of one class nested, with the other
// locks certainly held there (candidate gates), in the function fn, and
// the parent-to-child descent that orders them if any (hierarchy.go);
// reportNestings reports them once the package is walked.
func (a *analyzer) nesting(h heldLock, ev acquireEvent, locks []heldLock, fn, descent string) {
	if a.quiet || a.declared.nests(ev.class) {
		return
	}
	var gates map[string]bool
	for _, g := range locks {
		if g.must && !g.shared && g.class.Key != ev.class.Key && g.class.exported() {
			setKey(&gates, g.class.Key, true)
		}
	}
	a.nestings = append(a.nestings, nestingSite{h: h, ev: ev, gates: gates, fn: fn, descent: descent})
}

// nestingSite is one same-class nesting: h held, ev acquired, with the
// gates held around it, in the function fn, ordered by a recursion's
// descent when that is set.
type nestingSite struct {
	h       heldLock
	ev      acquireEvent
	gates   map[string]bool
	fn      string
	descent string
}

// reportNestings reports the same-class nestings of each class, unless
// one lock (a gate: held exclusively, of another class) is held around
// every nesting of the class in the package: instances nested under one
// gate cannot wait for each other in a cycle, whatever their order
// (Linux lockdep's nest_lock; a connection manager nesting two segments'
// locks only under bucketsMu). A recursion's descent from parent to child
// is silent while every nesting of the class in the package is one
// (hierarchy.go); otherwise it is reported with the first other nesting.
func (a *analyzer) reportNestings() {
	common := map[string]map[string]bool{}
	other := map[string]*nestingSite{}
	for i, n := range a.nestings {
		k := n.ev.class.Key
		if o := other[k]; n.descent == "" && (o == nil || n.ev.pos < o.ev.pos) {
			other[k] = &a.nestings[i]
		}
		g, seen := common[k]
		if !seen {
			common[k] = maps.Clone(n.gates)
			continue
		}
		for gate := range g {
			if !n.gates[gate] {
				delete(g, gate)
			}
		}
	}
	for _, n := range a.nestings {
		k := n.ev.class.Key
		if len(common[k]) > 0 || n.descent != "" && other[k] == nil {
			continue
		}
		a.reportNesting(n, other[k])
	}
	a.nestings = nil
}

// reportNesting reports two instances of one class nested; for a
// recursion's descent, other is a nesting of the class outside it.
func (a *analyzer) reportNesting(n nestingSite, other *nestingSite) {
	h, ev := n.h, n.ev
	c := ev.class.Short
	head := fmt.Sprintf("%s locked%s while holding %s (locked at %s), another instance of %s", name(ev.class, ev.inst), ev.describe(), name(h.class, h.inst), a.heldSite(h), c)
	related := []analysis.RelatedInformation{{Pos: h.site, Message: name(h.class, h.inst) + " acquired here"}}
	var msg string
	if n.descent != "" {
		msg = fmt.Sprintf("%s: the recursion descends %s (parent before child), but %s nests two instances at %s in an order not known to agree, and two goroutines nesting them in opposite orders deadlock; nest them parent before child everywhere (//cowlint:order %s < %s then declares it), or, if nothing else nests them concurrently, say why with //cowlint:ignore lockorder <reason>",
			head, n.descent, other.fn, a.posString(other.ev.pos), c, c)
		related = append(related, analysis.RelatedInformation{Pos: other.ev.pos, Message: "another nesting of " + c})
	} else {
		msg = fmt.Sprintf("%s: this may deadlock if another goroutine nests two instances in the opposite order; lock them in one fixed order (parent before child, by address or ID; //cowlint:order %s < %s then declares it), or, if nothing else nests them concurrently, say why with //cowlint:ignore lockorder <reason>",
			head, c, c)
	}
	a.report(analysis.Diagnostic{Pos: ev.pos, Message: msg, Related: related})
}

// reportLeaks reports the points where a function leaks a lock it
// releases on other paths: a return with the lock certainly held, or a
// break, continue or goto after which the lock is never released again
// (where the paths join, certainty is lost, so the leak is reported at the
// branch). A lock held on every exit makes a lock helper (see summary),
// and one held exactly when the bool or error result says so a
// conditional helper: neither is reported.
func (r *bodyRun) reportLeaks(in []*heldSet, outs [][]*heldSet) {
	if !r.anyHeld(outs) {
		return // most bodies never hold a lock: no block's releases to index
	}
	a := r.fw.a
	released := map[*cfg.Block]map[string]bool{}
	anywhere := map[string]bool{}
	for _, b := range r.g.Blocks {
		released[b] = a.releasesIn(b)
		for k := range released[b] {
			anywhere[k] = true
		}
	}
	if len(anywhere) == 0 || len(r.exits) == 0 {
		return
	}
	reach := releasedFrom(r.g, released)
	helper := func(class string) bool {
		for _, e := range r.exits {
			if !e.heldClass(class) {
				return false
			}
		}
		return true
	}
	handed := r.fw.handedBack()
	leaks := func(h heldLock, s *heldSet) bool {
		return h.must && !s.Deferred(h.class.Key) && anywhere[h.class.Key+modeSuffix(h.shared)] && !helper(h.class.Key) && !handed[h.class.Key]
	}
	for _, e := range r.exits {
		for _, h := range e.held.sortedHeld() {
			if !leaks(h, e.held) || r.fw.conditionalHelper(e) {
				continue
			}
			n := name(h.class, h.inst)
			pos, end := e.ret.Pos(), e.ret.End()
			if end-pos <= 1 {
				end = pos + 1 // the implicit return at the closing brace
			}
			a.report(analysis.Diagnostic{
				Pos: pos, End: end,
				Message: fmt.Sprintf("%s is still held at this return but released on other paths: missing Unlock", n),
				Related: []analysis.RelatedInformation{{Pos: h.site, Message: n + " acquired here"}},
			})
		}
	}
	r.reportLoopLeaks(outs, leaks)
	var relock map[*cfg.Block]map[string]lockEvent
	var releaseFirst map[*cfg.Block]map[string]bool
	for i, b := range r.g.Blocks {
		if outs[i] == nil || b.Return() != nil {
			continue
		}
		for j, succ := range b.Succs {
			out := outs[i][min(j, len(outs[i])-1)]
			for _, h := range out.sortedHeld() {
				if !leaks(h, out) {
					continue
				}
				if next, ok := in[succ.Index].find(h); ok && next.must {
					continue // still certain: reported further on
				}
				var again lockEvent
				relocked := reach[succ][h.class.Key+modeSuffix(h.shared)]
				if relocked {
					// Released further on, but maybe only after it is
					// locked again: out of an inner loop into the outer
					// one's next iteration, a goto back.
					if relock == nil {
						relock, releaseFirst = a.relockedFrom(r.g)
					}
					var ok bool
					again, ok = relock[succ][h.class.Key]
					if !ok || releaseFirst[succ][h.class.Key] || (again.shared && h.shared) {
						continue
					}
				}
				br := r.branchAfter(b)
				if br == nil {
					continue
				}
				n := name(h.class, h.inst)
				if relocked {
					if br.Tok == token.CONTINUE {
						continue // reportLoopLeaks
					}
					a.report(analysis.Diagnostic{
						Pos: br.Pos(), End: br.End(),
						Message: fmt.Sprintf("%s is still held after this %s, and locked again at %s before any Unlock: missing Unlock", n, br.Tok, a.posString(again.pos)),
						Related: []analysis.RelatedInformation{{Pos: h.site, Message: n + " acquired here"}, {Pos: again.pos, Message: n + " locked again here"}},
					})
					continue
				}
				a.report(analysis.Diagnostic{
					Pos: br.Pos(), End: br.End(),
					Message: fmt.Sprintf("%s is still held after this %s, and never released after it: missing Unlock", n, br.Tok),
					Related: []analysis.RelatedInformation{{Pos: h.site, Message: n + " acquired here"}},
				})
			}
		}
	}
}

// anyHeld reports whether a lock may be held on some block's outgoing
// edge or at some exit: where none is, reportLeaks has nothing to report.
func (r *bodyRun) anyHeld(outs [][]*heldSet) bool {
	for _, e := range r.exits {
		if !e.held.Empty() {
			return true
		}
	}
	for _, ss := range outs {
		for _, s := range ss {
			if !s.Empty() {
				return true
			}
		}
	}
	return false
}

// releasedFrom returns, for each block, the classes released on some path
// from its start: a backward may-analysis, solved with a worklist seeded
// in reverse order (the blocks of go/cfg are numbered roughly in source
// order, so most facts travel to their predecessors in one pass) and
// revisiting only the predecessors of a block whose set grew.
func releasedFrom(g *cfg.CFG, released map[*cfg.Block]map[string]bool) map[*cfg.Block]map[string]bool {
	n := len(g.Blocks)
	reach := make(map[*cfg.Block]map[string]bool, n)
	preds := make([][]*cfg.Block, n)
	for _, b := range g.Blocks {
		if len(released[b]) > 0 {
			reach[b] = maps.Clone(released[b])
		}
		for _, succ := range b.Succs {
			preds[succ.Index] = append(preds[succ.Index], b)
		}
	}
	work := make([]*cfg.Block, 0, n)
	queued := make([]bool, n)
	for _, b := range g.Blocks {
		if len(reach[b]) > 0 {
			work = append(work, b) // popped last first
			queued[b.Index] = true
		}
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		queued[b.Index] = false
		for _, p := range preds[b.Index] {
			grew := false
			to := reach[p]
			for k := range reach[b] {
				if !to[k] {
					setKey(&to, k, true)
					grew = true
				}
			}
			reach[p] = to
			if grew && !queued[p.Index] {
				queued[p.Index] = true
				work = append(work, p)
			}
		}
	}
	return reach
}

// reportLoopLeaks reports the continue statements after which a lock taken
// in the loop's body is still held, while the other paths into the next
// iteration release it: the next iteration takes it again and blocks on
// itself (the join at the loop's head, held on some paths only, hides it
// from the double-lock rule).
func (r *bodyRun) reportLoopLeaks(outs [][]*heldSet, leaks func(heldLock, *heldSet) bool) {
	a := r.fw.a
	preds := make([][]int, len(r.g.Blocks))
	for i, b := range r.g.Blocks {
		if outs[i] == nil {
			continue
		}
		for _, succ := range b.Succs {
			preds[succ.Index] = append(preds[succ.Index], i)
		}
	}
	for i, b := range r.g.Blocks {
		if outs[i] == nil || b.Return() != nil {
			continue
		}
		for j, succ := range b.Succs {
			body := loopBody(succ)
			if body == nil || !inside(blockPos(b), body) {
				continue // not a back edge
			}
			out := outs[i][min(j, len(outs[i])-1)]
			for _, h := range out.sortedHeld() {
				if !inside(h.site, body) || !leaks(h, out) {
					continue
				}
				released := false
				for _, p := range preds[succ.Index] {
					if p == i || !inside(blockPos(r.g.Blocks[p]), body) {
						continue
					}
					po := outs[p][min(slices.Index(r.g.Blocks[p].Succs, succ), len(outs[p])-1)]
					if _, ok := po.find(h); !ok {
						released = true
						break
					}
				}
				if !released {
					continue
				}
				br := r.branchAfter(b)
				if br == nil || br.Tok != token.CONTINUE {
					continue
				}
				n := name(h.class, h.inst)
				a.report(analysis.Diagnostic{
					Pos: br.Pos(), End: br.End(),
					Message: fmt.Sprintf("%s is still held at this continue but released on the other paths to the next iteration, which locks it again: missing Unlock", n),
					Related: []analysis.RelatedInformation{{Pos: h.site, Message: n + " acquired here"}},
				})
			}
		}
	}
}

// loopBody returns the body of the loop whose head (or post statement)
// block b is, nil when b is no such block.
func loopBody(b *cfg.Block) *ast.BlockStmt {
	switch b.Kind {
	case cfg.KindForLoop, cfg.KindForPost, cfg.KindForBody:
		if f, ok := b.Stmt.(*ast.ForStmt); ok {
			if b.Kind == cfg.KindForBody && (f.Cond != nil || f.Post != nil) {
				return nil // entered from the head, not from the body
			}
			return f.Body
		}
	case cfg.KindRangeLoop:
		if f, ok := b.Stmt.(*ast.RangeStmt); ok {
			return f.Body
		}
	}
	return nil
}

// blockPos returns a position inside block b's statements.
func blockPos(b *cfg.Block) token.Pos {
	if len(b.Nodes) > 0 {
		return b.Nodes[0].Pos()
	}
	if b.Stmt != nil {
		return b.Stmt.Pos()
	}
	return token.NoPos
}

func inside(pos token.Pos, n ast.Node) bool {
	return pos.IsValid() && n.Pos() < pos && pos < n.End()
}

// branchAfter finds the break, continue or goto that ends block b: the
// first one after b's last node within the statement that gave rise to b.
func (r *bodyRun) branchAfter(b *cfg.Block) *ast.BranchStmt {
	var anchor, limit token.Pos
	if len(b.Nodes) > 0 {
		anchor = b.Nodes[len(b.Nodes)-1].End()
	}
	if b.Stmt != nil {
		anchor = max(anchor, b.Stmt.Pos())
		limit = b.Stmt.End()
	}
	if !anchor.IsValid() {
		return nil
	}
	var found *ast.BranchStmt
	ast.Inspect(r.fw.body, func(n ast.Node) bool {
		if found != nil || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Pos() > anchor && (!limit.IsValid() || n.End() <= limit) && n.Tok != token.FALLTHROUGH {
				found = n
			}
		}
		return n.End() > anchor
	})
	return found
}

// releasesIn returns the classes a block releases (or defers releasing):
// unlocks, unlock helpers, and unlocks in closures run in place or
// deferred.
func (a *analyzer) releasesIn(b *cfg.Block) map[string]bool {
	out := map[string]bool{}
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
				if op, ok := a.classify(m); ok && op.Kind.Releases() {
					if class, ok := a.classOfOp(op); ok {
						out[class.Key+modeSuffix(op.Kind.Shared())] = true
					}
				} else if sum := a.calleeSummary(m); sum != nil {
					for _, rel := range sum.Releases {
						out[rel.Class+modeSuffix(false)] = true
						out[rel.Class+modeSuffix(true)] = true
					}
				}
			}
			return true
		}
		ast.Inspect(n, visit)
	}
	return out
}

// runsHere reports whether the literal lit, inside node n, runs at this
// point or at the function's exit: called in place or deferred.
func (a *analyzer) runsHere(n ast.Node, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if call, ok := m.(*ast.CallExpr); ok && ast.Unparen(call.Fun) == lit {
			found = true
		}
		return !found
	})
	return found
}

// conditionalHelper recognises a function that returns holding the lock
// exactly when its result says so (lockIfOpen() bool, lock() error): the
// leaking return returns true, or a nil error.
func (fw *funcWalk) conditionalHelper(leak exitState) bool {
	if fw.decl == nil || fw.decl.Results == nil || len(leak.ret.Results) == 0 {
		return false
	}
	res := leak.ret.Results[len(leak.ret.Results)-1]
	switch types.ExprString(res) {
	case "true":
		return true
	case "nil":
		t := fw.a.pass.TypesInfo.TypeOf(fw.decl.Results.List[len(fw.decl.Results.List)-1].Type)
		return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
	}
	return false
}

func sortReleases(rs []release) {
	slices.SortFunc(rs, func(a, b release) int {
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(a.Path, b.Path))
	})
}

// modeSuffix distinguishes releases of the read side from the write side:
// an RUnlock elsewhere does not make a leaked Lock a forgotten Unlock.
func modeSuffix(shared bool) string {
	if shared {
		return "/R"
	}
	return "/W"
}
