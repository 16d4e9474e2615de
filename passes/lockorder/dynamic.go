package lockorder

import (
	"cmp"
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/cowlint/cowlint/internal/callres"
	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/identity"
)

// Calls whose callee is not named at the call (internal/callres resolves
// them), and call-backs: a function value that a callee runs while it
// holds locks.
//
// A dynamic call's possible callees each have their summary applied as
// possible acquisitions: order edges, and double locks only when the
// resolution is complete and has a single callee. A function literal
// among them runs in place with the caller's locks. The call chain names
// how the call was resolved.
//
// A callback runs with the caller's locks and the ones the callee holds
// when it calls it: the summary's Calls (Upsert calls its parameter 2
// holding the shard's lock) and the standard library's call-backs
// (sync.Once.Do, sort.Slice, sync.Map.Range run theirs now; fmt.Sprintf
// calls String and Error on its %v operands).

// dynamic applies what a call without a static callee may do.
func (r *bodyRun) dynamic(s *heldSet, call *ast.CallExpr) {
	a := r.fw.a
	res, ok := a.resolve(call)
	if !ok {
		return
	}
	switch res.How {
	case callres.Param:
		r.callsParam(s, res.Param, nil)
		return
	case callres.ValueFlow, callres.Assigned, callres.CHA:
	default:
		return
	}
	certain := res.Complete && len(res.Callees) == 1
	recv := held.Instance{}
	if res.Interface {
		recv = a.receiverOf(call)
	}
	for i, c := range res.Callees {
		if c.Func != nil && a.summaryOf(c.Func) == nil {
			continue // nothing to apply: no label to build
		}
		label := a.dynamicLabel(call, res, i)
		switch {
		case c.Func != nil:
			if sum := a.summaryOf(c.Func); sum != nil {
				recv := recv
				fun := ast.Unparen(call.Fun)
				if ix, ok := fun.(*ast.IndexExpr); ok {
					fun = ast.Unparen(ix.X) // r.routes[k]() with r.routes[k] = r.reset
				}
				if sel, ok := fun.(*ast.SelectorExpr); ok && c.Owner {
					recv = a.instanceOf(sel.X, nil) // le.onRenew() runs le.checkpoint
				}
				r.apply(s, call, recv, c.Func, sum, label, certain, r.dynOf(call, c.Func, res))
			}
		case c.Lit != nil && c.Lit.Pos() <= call.Pos() && call.Pos() < c.Lit.End():
			// The literal calls the value it replaced (oldHook :=
			// s.hook; s.hook = func() { ...; oldHook() }): not itself.
		case c.Lit != nil:
			r.runCallback(s, c.Lit, nil, &outerCall{pos: call.Pos(), via: label}, "")
		}
	}
}

// dynOf returns the condition under which a method an interface call
// was resolved to is the one that runs: the interface value is this
// function's parameter N and has the method's receiver type ("pN:T").
// A caller passing a T there makes the method's acquisitions certain
// (render(s) with func render(kv KV) { kv.Get() }).
func (r *bodyRun) dynOf(call *ast.CallExpr, fn *types.Func, res callres.Resolution) string {
	if !res.Interface || fn.Signature().Recv() == nil {
		return ""
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	p := r.fw.paramRoot(sel.X)
	t := dynTypeName(fn.Signature().Recv().Type())
	if p == "" || t == "" {
		return ""
	}
	return p + ":" + t
}

// dynamicLabel names callee i of a dynamic call for call chains, once
// per call and callee: "(*client).Do (c.cl.Do resolved by value flow)".
func (a *analyzer) dynamicLabel(call *ast.CallExpr, res callres.Resolution, i int) string {
	k := labelKey{call, i}
	if l, ok := a.labels[k]; ok {
		return l
	}
	label := res.CalleeName(res.Callees[i]) + " (" + types.ExprString(call.Fun) + " resolved by " + res.How.String()
	if len(res.Callees) > 1 {
		names := make([]string, len(res.Callees))
		for j, o := range res.Callees {
			names[j] = res.CalleeName(o)
		}
		label += " to " + strings.Join(names, ", ")
	}
	label += ")"
	setKey(&a.labels, k, label)
	return label
}

type labelKey struct {
	call *ast.CallExpr
	i    int
}

// dynamicRelevant reports whether a call without a static callee may run
// a function that touches locks.
func (a *analyzer) dynamicRelevant(call *ast.CallExpr) bool {
	res, ok := a.resolve(call)
	if !ok {
		return false
	}
	for _, c := range res.Callees {
		if c.Func != nil && a.summaryOf(c.Func) != nil || c.Lit != nil && a.relevant(c.Lit.Body) {
			return true
		}
	}
	// A declared function calling its parameter is summarised as such
	// (a visitor, a helper running its callback), locks or not.
	return res.How == callres.Param && a.declParam(res.Param)
}

// declParam reports whether v is a function-typed parameter of a
// declared function (not of a literal: those are walked in place).
func (a *analyzer) declParam(v *types.Var) bool {
	if a.declParams == nil {
		a.declParams = map[*types.Var]bool{}
		for _, fd := range a.decls {
			for _, f := range fd.Type.Params.List {
				for _, id := range f.Names {
					if p, ok := a.pass.TypesInfo.Defs[id].(*types.Var); ok {
						a.declParams[p] = true
					}
				}
			}
		}
	}
	return a.declParams[v]
}

// resolve resolves a call without a static callee, once per call; ok is
// false when it resolves to nothing worth applying. An interface method
// call is resolved only if some method of that name in sight has a
// summary (CHA checks implementations, which costs).
func (a *analyzer) resolve(call *ast.CallExpr) (callres.Resolution, bool) {
	if a.resolver == nil {
		return callres.Resolution{}, false
	}
	if res, ok := a.resolved[call]; ok {
		return res, res.How == callres.ValueFlow || res.How == callres.Assigned || res.How == callres.CHA || res.How == callres.Param
	}
	var res callres.Resolution
	if name, ok := interfaceMethod(a, call); ok && !slices.ContainsFunc(a.methodsNamed(name), func(fn *types.Func) bool { return a.summaryOf(fn) != nil }) {
		res = callres.Resolution{Call: call} // unresolved: nothing in sight locks
	} else {
		res = a.resolver.Resolve(call)
	}
	if !a.quiet {
		setKey(&a.resolved, call, res)
	}
	return res, res.How == callres.ValueFlow || res.How == callres.Assigned || res.How == callres.CHA || res.How == callres.Param
}

// interfaceMethod returns the name of the method a call runs through an
// interface or a type parameter.
func interfaceMethod(a *analyzer, call *ast.CallExpr) (string, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	s, ok := a.pass.TypesInfo.Selections[sel]
	return sel.Sel.Name, ok && s.Kind() == types.MethodVal
}

// methodsNamed returns the methods of that name that may have a summary:
// this package's, and those of imported packages with a summary fact.
// Few functions touch locks, so this is a cheap filter before CHA.
func (a *analyzer) methodsNamed(name string) []*types.Func {
	if fns, ok := a.methods[name]; ok {
		return fns
	}
	if a.methodIndex == nil {
		// Indexed by name once, unsorted; each name's list is sorted
		// when first asked for (most names never are).
		x := &methodIndex{own: map[string][]*types.Func{}, imported: map[string][]*types.Func{}}
		for fn := range a.decls {
			if fn.Signature().Recv() != nil {
				x.own[fn.Name()] = append(x.own[fn.Name()], fn)
			}
		}
		for _, f := range a.pass.AllObjectFacts() {
			if _, ok := f.Fact.(*lockSummary); !ok {
				continue
			}
			if fn, ok := f.Object.(*types.Func); ok && fn.Signature().Recv() != nil {
				x.imported[fn.Name()] = append(x.imported[fn.Name()], fn)
			}
		}
		a.methodIndex = x
	}
	// In a fixed order (declarations by position, then imported ones by
	// package and name): asking for their summaries may compute them.
	own := slices.Clone(a.methodIndex.own[name])
	slices.SortFunc(own, func(x, y *types.Func) int { return cmp.Compare(x.Pos(), y.Pos()) })
	type keyed struct {
		path, full string
		fn         *types.Func
	}
	imported := make([]keyed, 0, len(a.methodIndex.imported[name]))
	for _, fn := range a.methodIndex.imported[name] {
		imported = append(imported, keyed{fn.Pkg().Path(), fn.FullName(), fn})
	}
	slices.SortFunc(imported, func(x, y keyed) int { return cmp.Or(cmp.Compare(x.path, y.path), cmp.Compare(x.full, y.full)) })
	fns := own
	for _, k := range imported {
		fns = append(fns, k.fn)
	}
	setKey(&a.methods, name, fns)
	return fns
}

// methodIndex is methodsNamed's index of the methods in sight by name:
// this package's declarations and the imported methods with a summary.
type methodIndex struct {
	own, imported map[string][]*types.Func
}

// callbacks runs the function values a statically called callee calls
// back while the caller waits: those its summary says it calls holding
// locks, and the standard library's.
func (r *bodyRun) callbacks(s *heldSet, call *ast.CallExpr, fn *types.Func, sum *lockSummary) {
	a := r.fw.a
	info := a.pass.TypesInfo
	if sum != nil && !call.Ellipsis.IsValid() {
		for _, pc := range sum.Calls {
			if pc.Param >= len(call.Args) {
				continue
			}
			var extra []heldLock
			for _, h := range pc.Held {
				extra = append(extra, heldLock{class: lockClass{Key: h.Class, Short: h.Short, Kind: acqKind(h)}, inst: a.instanceAt(call, h.Path), shared: h.Shared, must: true, site: call.Pos(), via: []string{funcName(fn)}})
			}
			r.callback(s, call.Args[pc.Param], extra, "the callback passed to "+callres.FuncName(fn, a.pass.Pkg)+" at "+a.posString(call.Pos()))
		}
	}
	if onceDoArg(info, call) != nil {
		return // run above, as a call
	}
	for _, cb := range callres.Callbacks(info, call) {
		if cb.When != callres.Now {
			continue
		}
		arg := call.Args[cb.Arg]
		if cb.Method == "" {
			r.callback(s, arg, nil, "the callback passed to "+callres.FuncName(fn, a.pass.Pkg)+" at "+a.posString(call.Pos()))
			continue
		}
		m := callres.MethodCallee(info, arg, cb.Method)
		if m == nil {
			continue
		}
		if msum := a.summaryOf(m); msum != nil {
			r.apply(s, call, a.instanceOf(arg, nil), m, msum, callres.FuncName(m, a.pass.Pkg)+" (called by "+callres.FuncName(fn, a.pass.Pkg)+")", true, "")
		}
	}
}

// callback runs the function value arg, called back with the caller's
// locks and extra ones held: a literal is walked in place, a named
// function or method value has its summary applied, and a parameter of
// this function is recorded as called with these locks held.
func (r *bodyRun) callback(s *heldSet, arg ast.Expr, extra []heldLock, what string) {
	a := r.fw.a
	info := a.pass.TypesInfo
	arg = ast.Unparen(arg)
	if lit, ok := arg.(*ast.FuncLit); ok {
		r.runCallback(s, lit, extra, nil, what)
		return
	}
	if id, ok := arg.(*ast.Ident); ok {
		if v, ok := info.Uses[id].(*types.Var); ok {
			if lit, ok := a.aliasOf(v).(*ast.FuncLit); ok {
				r.runCallback(s, lit, extra, nil, what)
				return
			}
			if v.Kind() == types.ParamVar {
				r.callsParam(s, v, extra)
			}
			return
		}
	}
	var fn *types.Func
	recv := held.Instance{}
	switch e := arg.(type) {
	case *ast.Ident:
		fn, _ = info.Uses[e].(*types.Func)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			switch {
			case callresInterface(sel.Recv()):
			case sel.Kind() == types.MethodVal:
				fn, _ = sel.Obj().(*types.Func)
				recv = a.instanceOf(e.X, identity.EmbeddedPath(sel))
			case sel.Kind() == types.MethodExpr:
				// (*T).flush: the receiver is the callback's first
				// argument, which the callee supplies.
				fn, _ = sel.Obj().(*types.Func)
			}
		} else {
			fn, _ = info.Uses[e.Sel].(*types.Func)
		}
	}
	if fn == nil {
		return
	}
	fn = fn.Origin()
	sum := a.summaryOf(fn)
	if sum == nil {
		return
	}
	t := s.Clone()
	for _, h := range extra {
		t.add(h)
	}
	// The callee's parameters are the callback's arguments, which its
	// caller supplies: only the receiver of a method value is known.
	r.apply(t, &ast.CallExpr{Fun: arg, Lparen: arg.End(), Rparen: arg.End()}, recv, fn, sum, funcName(fn)+" ("+what+")", false, "")
}

func callresInterface(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Interface)
	return ok
}

// runCallback walks a function literal called back in place, with the
// caller's locks and extra ones held; what it does to them stays inside.
//
// what names the callback for findings inside it ("the callback passed
// to Upsert at cache.go:41").
func (r *bodyRun) runCallback(s *heldSet, lit *ast.FuncLit, extra []heldLock, outer *outerCall, what string) {
	if !r.fw.a.relevant(lit.Body) && len(extra) == 0 {
		return
	}
	if !r.fw.a.relevant(lit.Body) {
		// Nothing locked inside, but a parameter it calls is called
		// with these locks held.
		if !callsAParam(r.fw.a.pass.TypesInfo, lit) {
			return
		}
	}
	if r.fw.running[lit] {
		return // a literal that runs itself again (through a field)
	}
	setKey(&r.fw.running, lit, true)
	defer delete(r.fw.running, lit)
	entry := s.Clone()
	entry.ClearDeferred()
	for _, h := range extra {
		entry.add(h)
	}
	sub := newBodyRun(r.fw, lit.Body, r.reporting, false)
	sub.outer = outer
	if outer == nil {
		sub.outer = r.outer
	}
	sub.inside = r.inside
	if what != "" {
		sub.inside = what
	}
	sub.run(entry)
}

// callsAParam reports whether a literal calls a parameter of a
// declared function (passed through to it).
func callsAParam(info *types.Info, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && v.Kind() == types.ParamVar {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// callsParam records that this function calls its parameter v with the
// locks of s (and extra ones) held: a summary entry, when v is a
// parameter of the declared function being walked and a lock is held.
func (r *bodyRun) callsParam(s *heldSet, v *types.Var, extra []heldLock) {
	fw := r.fw
	base, ok := fw.roots[v]
	if !ok || !strings.HasPrefix(base, "p") || !r.reporting {
		return
	}
	k, err := strconv.Atoi(base[1:])
	if err != nil {
		return
	}
	if fw.calls == nil {
		fw.calls = map[int][]acquisition{}
	}
	if _, ok := fw.calls[k]; !ok {
		fw.calls[k] = nil // called, with nothing of its own held
	}
	locks := append(s.sortedHeld(), extra...)
	for _, h := range locks {
		if !h.must || !h.class.exported() || fw.a.ownedLock(s, h.inst) || strings.HasPrefix(h.class.Key, "sync.") {
			// sync's own locks (Once.m held while Do runs its function)
			// stay private leaves: every Once would otherwise share one
			// class, and the standard library's call-backs are a table.
			continue
		}
		acq := acquisition{Class: h.class.Key, Short: h.class.Short, Global: h.class.Kind == identity.Global, Shared: h.shared, Path: fw.basePath(h.inst)}
		if fw.calls == nil {
			fw.calls = map[int][]acquisition{}
		}
		dup := false
		for _, o := range fw.calls[k] {
			if o.Class == acq.Class && o.Path == acq.Path && o.Shared == acq.Shared {
				dup = true
			}
		}
		if !dup {
			fw.calls[k] = append(fw.calls[k], acq)
		}
	}
}

// stringerRelevant reports whether a standard library call calls back a
// method with a summary (fmt.Sprintf("%v", c) with c's String locking).
func (a *analyzer) stringerRelevant(call *ast.CallExpr) bool {
	info := a.pass.TypesInfo
	for _, cb := range callres.Callbacks(info, call) {
		if cb.When != callres.Now || cb.Method == "" {
			continue
		}
		if m := callres.MethodCallee(info, call.Args[cb.Arg], cb.Method); m != nil && a.summaryOf(m) != nil {
			return true
		}
	}
	return false
}

// runsNow returns the indexes of the arguments of call that its callee
// calls back before returning, on the caller's goroutine: the standard
// library's (callres.Callbacks) and those its summary lists.
func (a *analyzer) runsNow(call *ast.CallExpr) []int {
	var out []int
	for _, cb := range callres.Callbacks(a.pass.TypesInfo, call) {
		if cb.When == callres.Now && cb.Method == "" {
			out = append(out, cb.Arg)
		}
	}
	if sum := a.calleeSummary(call); sum != nil && !call.Ellipsis.IsValid() {
		for _, pc := range sum.Calls {
			if pc.Param < len(call.Args) {
				out = append(out, pc.Param)
			}
		}
	}
	return out
}
