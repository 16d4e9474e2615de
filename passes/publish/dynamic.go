package publish

import (
	"fmt"
	"go/ast"
	"go/types"
	"maps"
	"path/filepath"
	"slices"

	"honnef.co/go/tools/go/ir"

	"github.com/cowlint/cowlint/internal/callres"
)

// Calls whose callee is not named at the call: an interface method, a
// function-typed field or variable, a method value stored and called
// later. internal/callres resolves them (the same resolver lockorder
// uses); each possible callee's summary (publishesArgs, mutatesArgs,
// returnsSnapshot, the write-under-a-lock and synchronised-argument
// rules folded into them) is applied at the call as it is at a static
// call, under one policy:
//
//   - value flow and assignments list the values the program stores into
//     the very variable or field called through: each of them may run
//     there, so an effect of any one of them is an effect of the call (a
//     may-effect, as lockorder applies them);
//   - CHA lists the implementations that exist among the types in sight,
//     not those that reach the call: an implementation that mutates its
//     argument says nothing about a call that never runs it. An effect
//     counts only when every implementation has it;
//   - an unresolved call (an interface with more implementations than
//     callres follows, a function value it does not follow), a call of a
//     parameter, and a function literal the pass has not built stay
//     silent.
//
// The finding names the resolution (callres.Resolution.String()).

// dynCallee is one function a dynamic call may run, and where its
// arguments (numbered as in facts.go, receiver first) are at the call:
// an index into the call's site arguments (siteArgs), -1 where unknown
// (the receiver a method value is bound to).
type dynCallee struct {
	fn   *types.Func
	lit  *ir.Function // a function literal's IR
	args []int
}

// resolution resolves a call without a static callee, once per call; ok
// is false when there is nothing to apply.
func (c *checker) resolution(expr *ast.CallExpr) (callres.Resolution, bool) {
	if d, ok := c.dyn[expr]; ok {
		if d == nil {
			return callres.Resolution{}, false
		}
		return d.res, true
	}
	res, ok := c.scan.resolve(expr)
	if !ok {
		c.dyn[expr] = nil
		return res, false
	}
	c.dyn[expr] = &dynCall{res: res}
	return res, true
}

// dynCall is a call's resolution, memoised.
type dynCall struct{ res callres.Resolution }

// resolve asks callres about a call, and says whether the resolution
// lists callees whose summaries apply: value flow, assignments or CHA.
// A local variable bound once to a function literal (How Literal) is a
// closure the IR calls directly (callMutations' MakeClosure).
func (s *scan) resolve(expr *ast.CallExpr) (callres.Resolution, bool) {
	if s.resolver == nil {
		return callres.Resolution{}, false
	}
	res := s.resolver.Resolve(expr)
	switch res.How {
	case callres.ValueFlow, callres.Assigned, callres.CHA:
		return res, len(res.Callees) > 0
	}
	return res, false
}

// siteArgs returns the IR values of a dynamic call's arguments, receiver
// first for an interface method call (the interface value), with the
// expressions they come from (nil where the source has none).
func (c *checker) siteArgs(common *ir.CallCommon, expr *ast.CallExpr) ([]ir.Value, []ast.Expr) {
	var vals []ir.Value
	if common.IsInvoke() {
		vals = append(vals, common.Value)
	}
	vals = append(vals, common.Args...)
	exprs, _ := callArgs(c.pass.TypesInfo, expr)
	if !common.IsInvoke() {
		exprs = expr.Args
	}
	return vals, exprs
}

// callees lists the callees of a resolution with their arguments' places
// among n site arguments.
func (c *checker) callees(res callres.Resolution, common *ir.CallCommon, n int) []dynCallee {
	var out []dynCallee
	for _, cl := range res.Callees {
		switch {
		case cl.Func != nil:
			out = append(out, dynCallee{fn: cl.Func, args: calleeArgs(cl.Func, common.IsInvoke(), n)})
		case cl.Lit != nil:
			g := c.lits[cl.Lit]
			if g == nil || cl.Lit.Pos() <= res.Call.Pos() && res.Call.Pos() < cl.Lit.End() {
				continue // not built (out of sight), or the literal calling the value it replaced
			}
			out = append(out, dynCallee{lit: g, args: identity(n)})
		}
	}
	return out
}

// calleeArgs places fn's arguments among a dynamic call's n site
// arguments. An interface call passes the receiver first, as the
// summaries number it; a function value holds a function (the same
// numbering), a method expression ((*T).flush: the receiver is the first
// argument) or a method value (q.process: the receiver is bound, out of
// sight here, and the parameters follow).
func calleeArgs(fn *types.Func, invoke bool, n int) []int {
	sig := fn.Signature()
	if invoke || sig.Recv() == nil || sig.Params().Len()+1 == n {
		return identity(n)
	}
	out := make([]int, sig.Params().Len()+1)
	out[0] = -1
	for i := 1; i < len(out); i++ {
		out[i] = i - 1
		if i-1 >= n {
			out[i] = -1
		}
	}
	return out
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// effect applies the policy: given, for each callee, the site arguments
// it affects, it returns those the call affects, in order. With CHA an
// argument counts when every callee affects it; otherwise when any does.
func effect(res callres.Resolution, n int, per [][]int) []int {
	count := make([]int, n)
	for _, args := range per {
		seen := map[int]bool{}
		for _, k := range args {
			if k >= 0 && k < n && !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	need := 1
	if res.How == callres.CHA {
		need = len(res.Callees)
	}
	var out []int
	for k, m := range count {
		if m > 0 && m >= need {
			out = append(out, k)
		}
	}
	return out
}

// mapped returns the site arguments for the callee arguments in set.
func (d dynCallee) mapped(set intSet) []int {
	var out []int
	for _, i := range set.sorted() {
		if i < len(d.args) && d.args[i] >= 0 {
			out = append(out, d.args[i])
		}
	}
	return out
}

// dynamicMutations lists the writes a dynamic call may make into its
// arguments.
func (c *checker) dynamicMutations(common *ir.CallCommon, expr *ast.CallExpr) []mutation {
	res, ok := c.resolution(expr)
	if !ok {
		return nil
	}
	vals, exprs := c.siteArgs(common, expr)
	var per [][]int
	for _, d := range c.callees(res, common, len(vals)) {
		switch {
		case d.fn != nil:
			mutated := c.facts.mutates(d.fn)
			if recv := d.fn.Signature().Recv(); recv != nil && mutated.has(0) && hasMutex(recv.Type()) {
				// A receiver with its own mutex is mutable by design, as
				// ownLocked says at a static call: the interface value
				// does not show its type.
				mutated = maps.Clone(mutated)
				delete(mutated, 0)
			}
			per = append(per, d.mapped(mutated))
		case d.lit != nil:
			per = append(per, d.mapped(c.closureSummary(d.lit).params))
		}
	}
	via := res.String()
	var ms []mutation
	for _, k := range effect(res, len(vals), per) {
		if ownLocked(vals[k]) {
			continue
		}
		var node ast.Node = expr
		what := "an argument"
		if k < len(exprs) && exprs[k] != nil {
			node, what = exprs[k], types.ExprString(exprs[k])
		}
		ms = append(ms, mutation{target: vals[k], node: node, what: what + " (by " + via + ")", via: via})
	}
	return ms
}

// dynamicSources records what a dynamic call publishes and whether it
// returns a snapshot.
func (f *funcFlow) dynamicSources(call *ir.Call, expr *ast.CallExpr, b *ir.BasicBlock) {
	c := f.c
	res, ok := c.resolution(expr)
	if !ok {
		return
	}
	common := call.Common()
	vals, exprs := c.siteArgs(common, expr)
	callees := c.callees(res, common, len(vals))
	var published, snapshots [][]int
	var copied [][]int
	for _, d := range callees {
		if d.fn == nil {
			continue // a literal publishes nothing the summaries know of
		}
		published = append(published, d.mapped(c.facts.publishes(d.fn)))
		if _, ok := c.facts.snapshot(d.fn); ok {
			snapshots = append(snapshots, []int{0})
			copied = append(copied, c.facts.snapshotCopied(d.fn))
		}
	}
	via := res.String()
	if len(effect(res, 1, snapshots)) > 0 {
		f.sources[call] = &snapshotSource{call: expr, from: types.ExprString(expr.Fun) + "() (" + via + ")", copied: intersect(copied)}
	}
	for _, k := range effect(res, len(vals), published) {
		var e ast.Expr
		if k < len(exprs) {
			e = exprs[k]
		}
		f.publish(call, expr, vals[k], e, via, b)
	}
}

// intersect returns the fields every snapshot-returning callee replaced.
func intersect(sets [][]int) []int {
	if len(sets) == 0 {
		return nil
	}
	out := slices.Clone(sets[0])
	for _, s := range sets[1:] {
		out = slices.DeleteFunc(out, func(i int) bool { return !slices.Contains(s, i) })
	}
	return out
}

// indexLiterals records the IR of the package's function literals, for
// dynamic calls resolved to one.
func (c *checker) indexLiterals(fns []*ir.Function) {
	for _, fn := range fns {
		if lit, ok := fn.Source().(*ast.FuncLit); ok {
			if c.lits == nil {
				c.lits = map[*ast.FuncLit]*ir.Function{}
			}
			c.lits[lit] = fn
		}
	}
}

// dynamicSource reports whether a dynamic call of this package may
// publish or return a snapshot (so that the function making it needs the
// flow analysis), by the same policy; it also returns the declarations
// of the function literals the call may run, whose IR the check needs.
func (s *scan) dynamicSource(call *ast.CallExpr) (source bool, lits []*ast.FuncLit) {
	if !s.anySources() {
		return false, nil
	}
	if name, ok := interfaceCallName(s.info, call); ok && !s.sourceNames[name] {
		return false, nil // no method of that name publishes or returns a snapshot: no CHA
	}
	res, ok := s.resolve(call)
	if !ok {
		return false, nil
	}
	var pubs, snaps [][]int
	for _, cl := range res.Callees {
		if cl.Lit != nil {
			lits = append(lits, cl.Lit)
			continue
		}
		if cl.Func == nil {
			continue
		}
		if p := s.facts.publishes(cl.Func); len(p) > 0 {
			pubs = append(pubs, []int{0})
		}
		if _, ok := s.facts.snapshot(cl.Func); ok {
			snaps = append(snaps, []int{0})
		}
	}
	// Publishing any argument counts here: which one is settled at the
	// call, where the IR says which values they are.
	return len(effect(res, 1, pubs)) > 0 || len(effect(res, 1, snaps)) > 0, lits
}

// anySources reports whether some function in sight publishes or returns
// a snapshot (this package's summaries, the imported facts), indexing
// their names for interfaceCallName's filter.
func (s *scan) anySources() bool {
	if s.sourceNames == nil {
		s.sourceNames = map[string]bool{}
		for _, sum := range s.order {
			if len(sum.publishes) > 0 || sum.snapshot != "" {
				s.sourceNames[sum.fn.Name()] = true
			}
		}
		for _, f := range s.allFacts() {
			switch f.Fact.(type) {
			case *publishesArgs, *returnsSnapshot:
				s.sourceNames[f.Object.Name()] = true
			}
		}
	}
	return len(s.sourceNames) > 0
}

// interfaceCallName returns the name of the method a call runs through
// an interface or a type parameter.
func interfaceCallName(info *types.Info, call *ast.CallExpr) (string, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	s, ok := info.Selections[sel]
	return sel.Sel.Name, ok && s.Kind() == types.MethodVal && types.IsInterface(s.Recv())
}

// dynamicCallee reports whether a call's callee, as typeutil.Callee gives
// it, is not named at the call: a function-typed variable or field, or a
// method of an interface or a type parameter.
func dynamicCallee(callee types.Object) bool {
	switch callee := callee.(type) {
	case *types.Var:
		return true
	case *types.Func:
		recv := callee.Signature().Recv()
		return recv != nil && types.IsInterface(recv.Type())
	}
	return false
}

// boundMethod reports whether a call's callee is a method value made in
// this function (f := p.Apply; f(c)): the IR calls the bound-method
// wrapper, which has no source, so callres resolves the call instead.
func boundMethod(common *ir.CallCommon) bool {
	mc, ok := common.Value.(*ir.MakeClosure)
	if !ok {
		return false
	}
	g, ok := mc.Fn.(*ir.Function)
	return ok && g.Synthetic != "" && g.Source() == nil
}

// callbackMutations lists the writes a static call makes through the
// callbacks it is passed: fn calls its argument k with its argument p
// (callsArgs), and the function value passed as k writes into that
// argument. The callback is a declared function or method expression, a
// method value (f := p.Apply; the receiver is bound) or a function
// literal, as the IR gives it at the call.
func (c *checker) callbackMutations(common *ir.CallCommon, expr *ast.CallExpr, fn *types.Func, astArgs []ast.Expr) []mutation {
	calls := c.facts.paramCalls(fn)
	if len(calls) == 0 || expr.Ellipsis.IsValid() {
		return nil
	}
	var ms []mutation
	for _, pc := range calls {
		if pc.Fn >= len(common.Args) {
			continue
		}
		mutated, name := c.callbackMutates(common.Args[pc.Fn])
		if len(mutated) == 0 {
			continue
		}
		via := name + " (the callback passed to " + callres.FuncName(fn, c.pass.Pkg) + ")"
		for _, l := range pc.Args {
			if !mutated.has(l.Arg) || l.Param >= len(common.Args) || ownLocked(common.Args[l.Param]) {
				continue
			}
			var node ast.Node = expr
			what := "an argument"
			if l.Param < len(astArgs) {
				node, what = astArgs[l.Param], types.ExprString(astArgs[l.Param])
			}
			ms = append(ms, mutation{target: common.Args[l.Param], node: node, what: what + " (by " + via + ")", via: via})
		}
	}
	return ms
}

// callbackMutates returns the arguments a function value writes into,
// numbered as its callers pass them, and its name.
func (c *checker) callbackMutates(v ir.Value) (intSet, string) {
	var g *ir.Function
	bound := false
	switch v := v.(type) {
	case *ir.Function:
		g = v
	case *ir.MakeClosure:
		g, _ = v.Fn.(*ir.Function)
		bound = g != nil && g.Synthetic != ""
	}
	if g == nil {
		return nil, ""
	}
	if lit, ok := g.Source().(*ast.FuncLit); ok {
		p := c.pass.Fset.Position(lit.Pos())
		return c.closureSummary(g).params, fmt.Sprintf("the func literal at %s:%d", filepath.Base(p.Filename), p.Line)
	}
	fn, _ := g.Object().(*types.Func)
	if fn == nil {
		return nil, ""
	}
	mutated := c.facts.mutates(fn)
	if bound {
		// A method value: the receiver is bound, the callback's
		// argument i is the method's argument i+1.
		shifted := intSet{}
		for i := range mutated {
			if i > 0 {
				shifted[i-1] = true
			}
		}
		mutated = shifted
	}
	return mutated, callres.FuncName(fn, c.pass.Pkg)
}
