package publish

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
	htypeutil "honnef.co/go/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/callres"
	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/lockop"
	"github.com/cowlint/cowlint/internal/prescan"
)

// The summaries are syntactic on purpose: they run on every dependency
// under go vet, where building IR would cost more than the whole check. A
// summary is therefore conservative in the direction of silence: a
// parameter that is ever reassigned is never summarised, and only
// mutations written through the parameter itself (p.f = v, p.m[k] = v,
// *p = v, delete(p, k), p.f++) or handed to a function that mutates its
// argument count.

// funcSummary is what one function of this package does with its
// arguments (numbered as in facts.go).
type funcSummary struct {
	fn        *types.Func
	args      []*types.Var // receiver first
	publishes intSet
	mutates   intSet
	syncs     intSet // arguments it locks a mutex of
	snapshot  string // the atomic variable whose Load it returns, or ""
	// snapshotKey identifies that variable, to drop the summary if it
	// turns out to be a slot (see scan.replaced).
	snapshotKey  string
	snapshotSwap bool // the value returned is Swap's old value
	calls        []callRecord
	returns      []*types.Func // callees whose result it returns directly
	// snapshotCopied lists, for a snapshot returned by value (a struct
	// copied from the loaded one), the fields the function replaced:
	// the others still share the published value's maps, slices and
	// pointers.
	snapshotCopied []int
	// copyOf is set for a function returning a struct copied from its
	// argument (out := *p; out.F = ...; return out).
	copyOf *argCopy
	// copyReturns are returned calls that pass a snapshot on: if the
	// callee returns a copy of that argument, this function returns a
	// snapshot by value.
	copyReturns []copyReturn
	callees     []*types.Func   // every function it calls
	dynamic     []*ast.CallExpr // calls without a static callee (dynamic.go)
	paramCalls  []paramCall     // callbacks it calls with its arguments
	// needsIR is set when the function itself uses an atomic pointer
	// (see scan.needsIR for calls to publishing functions).
	needsIR bool
	decl    *ast.FuncDecl
	size    int // statements and calls in the body (prescan.Func.Nodes)
}

// argCopy says that a function returns a copy of its argument arg by
// value, with the fields replaced overwritten.
type argCopy struct {
	arg      int
	replaced []int
}

// copyReturn is return callee(..., snapshot, ...): the snapshot of from
// (key, swapped) is the callee's argument arg.
type copyReturn struct {
	callee  *types.Func
	arg     int
	from    string
	key     string
	swapped bool
}

// callRecord is a call that passes this function's parameters on: if the
// callee publishes (mutates) its argument i, this function publishes
// (mutates) its argument published[i] (mutated[i]).
type callRecord struct {
	callee    *types.Func
	published []argLink
	mutated   []argLink
	synced    []argLink
}

// argLink says that the callee's argument arg is this function's
// parameter param (or reaches its memory).
type argLink struct{ arg, param int }

// effectiveMutates is what the function mutates without synchronising.
func (s *funcSummary) effectiveMutates() intSet {
	if len(s.syncs) == 0 {
		return s.mutates
	}
	out := intSet{}
	for i := range s.mutates {
		if !s.syncs[i] {
			out[i] = true
		}
	}
	return out
}

// scan is the result of the syntactic walk over the package.
type scan struct {
	facts *factsOf
	// atomicPointerOps is true if the package loads, stores, swaps or
	// compares-and-swaps an atomic.Pointer, atomic.Value or
	// unsafe.Pointer atomically: only then, or when it calls a function
	// that publishes or returns a snapshot, does it need IR.
	atomicPointerOps bool
	callees          map[*types.Func]bool
	// written and replaced classify the package's atomic pointer
	// variables by identity key. A variable is written if the package
	// stores, swaps or compares-and-swaps it; replaced if some write may
	// replace a non-nil value by another (Store(v), Swap(v),
	// CompareAndSwap(old, v) with v and old not nil). A variable written
	// but never replaced is a slot: it is set once (CompareAndSwap(nil,
	// v), a lazily created singleton) or emptied to take ownership
	// (Swap(nil)). What is loaded from a slot is an object handed over,
	// not a copy-on-write snapshot: it is not one of the snapshot sources.
	written, replaced map[string]bool
	// loaded lists the variables the package Loads. Swap's old value is
	// shared only if someone may have loaded it: a variable only ever
	// swapped hands the old value over (a spare buffer taken and given
	// back).
	loaded map[string]bool
	order  []*funcSummary // in source order

	// Dynamic calls (dynamic.go): the resolver (nil when callres
	// failed), the names of the functions in sight that publish or return
	// a snapshot (nil until asked), and the imported facts.
	resolver    *callres.Resolver
	info        *types.Info
	sourceNames map[string]bool
	allFacts    func() []analysis.ObjectFact
}

// isSwappedSnapshot reports whether the old value Swap returns from the
// variable with identity key is a snapshot.
func (s *scan) isSwappedSnapshot(key string) bool {
	return s.isSnapshotVar(key) && (key == "" || s.loaded[key])
}

// isSnapshotVar reports whether what is loaded from the atomic variable
// with identity key is a copy-on-write snapshot.
func (s *scan) isSnapshotVar(key string) bool {
	return key == "" || !s.written[key] || s.replaced[key]
}

// sizeBudget is the largest function body, in statements and calls (the
// pre-scan's nodes), that publish analyses. Past it, building the IR alone
// grows faster than linearly (lifting locals to SSA registers is quadratic
// in locals times blocks: 12 s for one generated function of 80,000),
// while hand-written functions stay far below it: in GOROOT/src (cmd
// included) one function exceeds it (the generated rewriteValueAMD64, no
// atomics), and the largest that calls a Load, Store or Swap method has
// about 1000. A larger function gets the syntactic check (checkSyntactic)
// instead, and -publish.debug says so. A variable for the tests.
var sizeBudget = 4000

// irDecls returns the function declarations that can publish a value or
// obtain a snapshot: the only ones whose IR is built. Functions over
// sizeBudget are left out and returned in skipped.
func (s *scan) irDecls() (decls map[*ast.FuncDecl]bool, skipped []*funcSummary) {
	sources := func(fn *types.Func) bool {
		if len(s.facts.publishes(fn)) > 0 {
			return true
		}
		_, ok := s.facts.snapshot(fn)
		return ok
	}
	decls = map[*ast.FuncDecl]bool{}
	var lits []*ast.FuncLit
	for _, sum := range s.order {
		need := sum.needsIR || slices.ContainsFunc(sum.callees, sources)
		var dynLits []*ast.FuncLit
		for _, call := range sum.dynamic {
			src, ls := s.dynamicSource(call)
			need = need || src
			dynLits = append(dynLits, ls...)
		}
		if need {
			if sum.size > sizeBudget {
				skipped = append(skipped, sum)
				continue
			}
			decls[sum.decl] = true
			lits = append(lits, dynLits...)
		}
	}
	// A function literal a checked function may call through a variable
	// or field is checked with it: its declaration's IR is built too.
	for _, lit := range lits {
		for _, sum := range s.order {
			if sum.decl.Pos() <= lit.Pos() && lit.End() <= sum.decl.End() && sum.size <= sizeBudget {
				decls[sum.decl] = true
			}
		}
	}
	return decls, skipped
}

// isPointerOp reports whether op publishes or reads an atomic pointer.
func isPointerOp(s atomicop.Shape) bool {
	if s.Type != "Pointer" && s.Type != "Value" {
		return false
	}
	switch s.Kind {
	case atomicop.Load, atomicop.Store, atomicop.Swap, atomicop.CompareAndSwap:
		return true
	}
	return false
}

// summarize walks every function declaration once, then propagates the
// summaries along calls inside the package until nothing changes.
func summarize(pass *analysis.Pass, scanned *prescan.Result, resolver *callres.Resolver) *scan {
	s := &scan{callees: map[*types.Func]bool{}, written: map[string]bool{}, replaced: map[string]bool{}, loaded: map[string]bool{}}
	s.resolver, s.info, s.allFacts = resolver, pass.TypesInfo, pass.AllObjectFacts
	local := map[*types.Func]*funcSummary{}
	s.facts = &factsOf{
		local: local,
		lookup: func(fn *types.Func, f interface{ AFact() }) bool {
			return pass.ImportObjectFact(fn, f.(analysis.Fact))
		},
		lookupPkg: func(pkg *types.Package, f *methodFacts) bool {
			return pass.ImportPackageFact(pkg, f)
		},
		pkgMethods: map[*types.Package]map[string]methodFact{},
	}
	var order []*funcSummary
	for _, pf := range scanned.Funcs {
		fd := pf.Decl
		fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
		if !ok {
			continue
		}
		sum := summarizeFunc(pass.TypesInfo, pf, fn, s)
		local[fn] = sum
		order = append(order, sum)
	}
	s.order = order
	for _, sum := range order {
		shared := s.isSnapshotVar
		if sum.snapshotSwap {
			shared = s.isSwappedSnapshot
		}
		if sum.snapshotKey != "" && !shared(sum.snapshotKey) {
			sum.snapshot = "" // it returns what a slot holds
		}
	}
	// Propagate along in-package calls; imported callees already carry
	// their facts. Each round can only add indices, so this terminates.
	for changed := true; changed; {
		changed = false
		for _, sum := range order {
			for _, c := range sum.calls {
				for _, l := range c.published {
					i, p := l.arg, l.param
					if s.facts.publishes(c.callee).has(i) && !sum.publishes[p] {
						sum.publishes.add(p)
						changed = true
					}
				}
				for _, l := range c.mutated {
					i, p := l.arg, l.param
					if s.facts.mutates(c.callee).has(i) && !sum.mutates[p] {
						sum.mutates.add(p)
						changed = true
					}
				}
				for _, l := range c.synced {
					i, p := l.arg, l.param
					if s.facts.synchronises(c.callee).has(i) && !sum.syncs[p] {
						sum.syncs.add(p)
						changed = true
					}
				}
			}
			if sum.snapshot == "" {
				for _, rc := range sum.copyReturns {
					if cs := local[rc.callee]; cs != nil && cs.copyOf != nil && cs.copyOf.arg == rc.arg && cs.fn.Type().(*types.Signature).Recv() == nil {
						sum.snapshot, sum.snapshotKey, sum.snapshotSwap, sum.snapshotCopied = rc.from, rc.key, rc.swapped, cs.copyOf.replaced
						changed = true
						break
					}
				}
			}
			if sum.snapshot == "" {
				for _, callee := range sum.returns {
					if from, ok := s.facts.snapshot(callee); ok {
						sum.snapshot, changed = from, true
						sum.snapshotCopied = s.facts.snapshotCopied(callee)
						break
					}
				}
			}
		}
	}
	// Only exported functions can be called from other packages, and
	// methods used as values (an importer may resolve a dynamic call to
	// one: a function-typed field set to le.checkpoint). An unexported
	// function used as a value is not: neither its facts nor the
	// function itself (callres) cross a package boundary.
	var methods methodFacts
	for _, sum := range order {
		visible := sum.fn.Exported() || resolver != nil && resolver.Escaping(sum.fn) && methodKey(sum.fn) != ""
		if !visible || strings.HasSuffix(pass.Fset.File(sum.decl.Pos()).Name(), "_test.go") {
			continue // test files' functions are called by tests only
		}
		if len(sum.publishes) > 0 {
			pass.ExportObjectFact(sum.fn, &publishesArgs{Args: sum.publishes.sorted()})
		}
		if sum.snapshot != "" {
			pass.ExportObjectFact(sum.fn, &returnsSnapshot{From: sum.snapshot, Copied: sum.snapshotCopied})
		}
		mutates := sum.effectiveMutates()
		if exemptFromMutation(sum.fn) {
			mutates = nil
		}
		if key := methodKey(sum.fn); key != "" {
			if len(mutates) > 0 || len(sum.syncs) > 0 || len(sum.paramCalls) > 0 {
				methods.Methods = append(methods.Methods, methodFact{Name: key, Mutates: mutates.sorted(), Syncs: sum.syncs.sorted(), Calls: sum.paramCalls})
			}
			continue
		}
		if len(sum.paramCalls) > 0 {
			pass.ExportObjectFact(sum.fn, &callsArgs{Calls: sum.paramCalls})
		}
		if len(mutates) > 0 {
			pass.ExportObjectFact(sum.fn, &mutatesArgs{Args: mutates.sorted()})
		}
		if len(sum.syncs) > 0 {
			pass.ExportObjectFact(sum.fn, &synchronisesArgs{Args: sum.syncs.sorted()})
		}
	}
	if len(methods.Methods) > 0 {
		sort.Slice(methods.Methods, func(i, j int) bool { return methods.Methods[i].Name < methods.Methods[j].Name })
		pass.ExportPackageFact(&methods)
	}
	return s
}

func summarizeFunc(info *types.Info, pf *prescan.Func, fn *types.Func, s *scan) *funcSummary {
	fd := pf.Decl
	sum := &funcSummary{fn: fn, decl: fd, size: len(pf.Nodes)}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil {
		sum.args = append(sum.args, sig.Recv())
	}
	for i := 0; i < sig.Params().Len(); i++ {
		sum.args = append(sum.args, sig.Params().At(i))
	}

	// One pass over the pre-scan's nodes (the body's walk, shared with
	// the other passes) gathers the statements and calls of interest and
	// the bookkeeping about locals; they are interpreted afterwards, once
	// every assignment is known. Maps are allocated on first use: most
	// functions need none.
	var (
		assigns     []*ast.AssignStmt
		incdecs     []*ast.IncDecStmt
		returns     []*ast.ReturnStmt
		calls       []*ast.CallExpr
		callees     []types.Object
		acquires    bool                    // some sync lock is acquired in the body
		definitions map[*types.Var]ast.Expr // local := expr
		assignments map[*types.Var]int      // a reassigned parameter may no longer be the caller's value
	)
	define := func(v *types.Var, e ast.Expr) {
		if definitions == nil {
			definitions = map[*types.Var]ast.Expr{}
		}
		definitions[v] = e
	}
	assign := func(id ast.Expr, n int) *types.Var {
		ident, ok := ast.Unparen(id).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := info.ObjectOf(ident).(*types.Var)
		if v == nil {
			return nil
		}
		if assignments == nil {
			assignments = map[*types.Var]int{}
		}
		assignments[v] += n
		return v
	}
	for _, n := range pf.Nodes {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				assigns = append(assigns, n)
			}
			for i, lhs := range n.Lhs {
				v := assign(lhs, 1)
				if v == nil || n.Tok != token.DEFINE {
					continue
				}
				if len(n.Lhs) == len(n.Rhs) {
					define(v, n.Rhs[i])
				} else if i == 0 && len(n.Lhs) == 2 && len(n.Rhs) == 1 {
					if ta, ok := ast.Unparen(n.Rhs[0]).(*ast.TypeAssertExpr); ok {
						define(v, ta) // v, ok := x.(T)
					}
				}
			}
		case *ast.IncDecStmt:
			incdecs = append(incdecs, n)
			assign(n.X, 2)
		case *ast.ReturnStmt:
			if len(n.Results) == 1 {
				returns = append(returns, n)
			}
		case *ast.TypeSwitchStmt:
			// switch src := r.src.(type): each clause's src is r.src.
			if as, ok := n.Assign.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
				if ta, ok := ast.Unparen(as.Rhs[0]).(*ast.TypeAssertExpr); ok {
					for _, cc := range n.Body.List {
						if v, ok := info.Implicits[cc].(*types.Var); ok {
							define(v, ta)
							if assignments == nil {
								assignments = map[*types.Var]int{}
							}
							assignments[v] = 1
						}
					}
				}
			}
		case *ast.CallExpr:
			callee := typeutil.Callee(info, n)
			if fn, ok := callee.(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
				if op, ok := lockop.Classify(info, n); ok && op.Kind.Acquires() {
					acquires = true
				}
			}
			if callee != nil {
				calls = append(calls, n)
				callees = append(callees, callee)
			}
			if dynamicCallee(callee) {
				sum.dynamic = append(sum.dynamic, n)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				assign(n.X, 2) // may be reassigned through the pointer
			}
		}
	}

	// Whether a lock is held at a point is the lockset of internal/held
	// (on every path to it), computed only for a body that acquires one.
	var locks *held.Func
	locked := func(pos token.Pos) bool {
		if !acquires {
			return false
		}
		if locks == nil {
			locks = held.Analyze(info, fd, held.Config{})
		}
		return len(locks.At(pos)) > 0
	}
	param := func(v *types.Var) (int, bool) {
		if assignments[v] != 0 {
			return 0, false
		}
		for i, a := range sum.args {
			if a == v {
				return i, true
			}
		}
		return 0, false
	}
	defs := func(v *types.Var) ast.Expr {
		if assignments[v] != 1 || slices.Contains(sum.args, v) {
			return nil
		}
		return definitions[v]
	}
	rootOf := func(info *types.Info, e ast.Expr) (*types.Var, bool) { return rootThrough(info, e, defs) }
	// mutatedParam returns the parameter whose memory a write to e
	// reaches, if any.
	mutatedParam := func(e ast.Expr) (int, bool) {
		v, indirect := rootOf(info, e)
		if v == nil || !indirect {
			return 0, false
		}
		return param(v)
	}

	// Direct writes, outside lock regions.
	if len(sum.args) > 0 {
		for _, n := range assigns {
			if locked(n.Pos()) {
				continue // synchronised
			}
			for _, lhs := range n.Lhs {
				if i, ok := mutatedParam(lhs); ok {
					sum.mutates.add(i)
				}
			}
		}
		for _, n := range incdecs {
			if i, ok := mutatedParam(n.X); ok && !locked(n.Pos()) {
				sum.mutates.add(i)
			}
		}
	}

	// Returned snapshots, by pointer or by value (a copy of the struct
	// still shares its references, minus the fields replaced).
	resolve := func(e ast.Expr) ast.Expr {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, _ := info.Uses[id].(*types.Var); v != nil && assignments[v] == 1 && definitions[v] != nil {
				return definitions[v]
			}
		}
		return e
	}
	for _, n := range returns {
		e := resolve(n.Results[0])
		var replaced []int
		if star, ok := ast.Unparen(e).(*ast.StarExpr); ok {
			// return *p, or out := *p; out.F = ...; return out
			replaced = replacedFields(info, n.Results[0], assigns)
			if id, ok := ast.Unparen(star.X).(*ast.Ident); ok {
				if v, _ := info.Uses[id].(*types.Var); v != nil {
					if i, ok := param(v); ok {
						sum.copyOf = &argCopy{arg: i, replaced: replaced}
						continue
					}
				}
			}
			e = resolve(star.X)
		}
		if call := snapshotCall(info, e); call != nil {
			if op, ok := atomicop.Classify(info, call); ok {
				sum.snapshot = atomicName(op)
				sum.snapshotKey = op.ID(info).Key
				sum.snapshotSwap = op.Kind == atomicop.Swap
				sum.snapshotCopied = replaced
			} else if callee, ok := typeutil.Callee(info, call).(*types.Func); ok {
				sum.returns = append(sum.returns, callee.Origin())
				for j, a := range call.Args {
					if sc := snapshotCall(info, resolve(a)); sc != nil {
						if op, ok := atomicop.Classify(info, sc); ok {
							sum.copyReturns = append(sum.copyReturns, copyReturn{callee: callee.Origin(), arg: j, from: atomicName(op), key: op.ID(info).Key, swapped: op.Kind == atomicop.Swap})
						}
					}
				}
			}
		}
	}

	// Calls: atomic publications, locks, builtins, and arguments passed on.
	for k, n := range calls {
		switch callee := callees[k].(type) {
		case *types.Var:
			// A callback: the function calls its parameter, passing
			// others (outside a lock, as for any call's mutations).
			fnArg, ok := param(callee)
			if !ok || locked(n.Pos()) || n.Ellipsis.IsValid() {
				continue
			}
			if _, isFunc := coreUnder(callee.Type()).(*types.Signature); !isFunc {
				continue
			}
			pc := paramCall{Fn: fnArg}
			for j, a := range n.Args {
				if i, ok := argMutationParam(info, a, false, param, rootOf); ok {
					pc.Args = append(pc.Args, ArgLink{Arg: j, Param: i})
				}
			}
			if pc.Args != nil {
				sum.paramCalls = addParamCall(sum.paramCalls, pc)
			}
		case *types.Builtin:
			switch callee.Name() {
			case "delete", "clear", "copy":
				if len(n.Args) > 0 && !locked(n.Pos()) {
					if i, ok := argMutationParam(info, n.Args[0], false, param, rootOf); ok {
						sum.mutates.add(i)
					}
				}
			}
		case *types.Func:
			switch path := pkgPath(callee); path {
			case "sync/atomic":
				summarizeAtomic(info, n, s, sum, param)
				// A function that writes atomically to memory reached
				// from an argument coordinates access to it (a custom
				// lock, a reference count: internal/poll's fdMutex):
				// it synchronises that argument.
				if op, ok := atomicop.Classify(info, n); ok && op.Kind.Writes() {
					target := op.Target
					if target == nil {
						target = op.Addr
					}
					if target == nil {
						if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
							target = sel.X
						}
					}
					if v := derivedFrom(info, target, defs); v != nil {
						if i, ok := param(v); ok {
							sum.syncs.add(i)
						}
					}
				}
			case "sync":
				if op, ok := lockop.Classify(info, n); ok && op.Kind.Acquires() {
					if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
						if v := derivedFrom(info, sel.X, defs); v != nil {
							if i, ok := param(v); ok {
								sum.syncs.add(i)
							}
						}
					}
				}
			default:
				callee = callee.Origin()
				s.callees[callee] = true
				sum.callees = append(sum.callees, callee)
				if len(sum.args) == 0 {
					continue
				}
				underLock := locked(n.Pos()) // its mutations are synchronised
				args, autoAddr := callArgs(info, n)
				rec := callRecord{callee: callee}
				for j, a := range args {
					if id, ok := stripConversions(info, a).(*ast.Ident); ok {
						if v, _ := info.Uses[id].(*types.Var); v != nil {
							if i, ok := param(v); ok {
								rec.published = append(rec.published, argLink{j, i})
							}
						}
					}
					if i, ok := argMutationParam(info, a, j == 0 && autoAddr, param, rootOf); ok && !underLock {
						rec.mutated = append(rec.mutated, argLink{j, i})
					}
					if v := derivedFrom(info, a, defs); v != nil {
						if i, ok := param(v); ok {
							rec.synced = append(rec.synced, argLink{j, i})
						}
					}
				}
				if rec.published != nil || rec.mutated != nil || rec.synced != nil {
					sum.calls = append(sum.calls, rec)
				}
			}
		}
	}
	return sum
}

// addParamCall adds pc to calls, merged with a call of the same
// callback.
func addParamCall(calls []paramCall, pc paramCall) []paramCall {
	for i, c := range calls {
		if c.Fn == pc.Fn {
			for _, l := range pc.Args {
				if !slices.Contains(c.Args, l) {
					c.Args = append(c.Args, l)
				}
			}
			slices.SortFunc(c.Args, func(a, b ArgLink) int { return cmp.Or(cmp.Compare(a.Arg, b.Arg), cmp.Compare(a.Param, b.Param)) })
			calls[i] = c
			return calls
		}
	}
	return append(calls, pc)
}

// replacedFields returns the fields of the struct variable ret (out in
// out := *p; ...; return out) that the function assigns (out.F = ...):
// those no longer share the original's references.
func replacedFields(info *types.Info, ret ast.Expr, assigns []*ast.AssignStmt) []int {
	id, ok := ast.Unparen(ret).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil {
		return nil
	}
	var out []int
	for _, as := range assigns {
		for _, lhs := range as.Lhs {
			sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
			if !ok {
				continue
			}
			if x, ok := ast.Unparen(sel.X).(*ast.Ident); !ok || info.Uses[x] != v {
				continue
			}
			s, ok := info.Selections[sel]
			if !ok || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
				continue
			}
			if !slices.Contains(out, s.Index()[0]) {
				out = append(out, s.Index()[0])
			}
		}
	}
	slices.Sort(out)
	return out
}

// summarizeAtomic records an atomic pointer operation: that the package
// needs IR, how the variable is written (see scan.replaced), and a
// parameter published by it.
func summarizeAtomic(info *types.Info, n *ast.CallExpr, s *scan, sum *funcSummary, param func(*types.Var) (int, bool)) {
	op, ok := atomicop.Classify(info, n)
	if !ok || !isPointerOp(op.Shape) {
		return
	}
	s.atomicPointerOps = true
	sum.needsIR = true
	if op.Kind == atomicop.Load {
		if key := op.ID(info).Key; key != "" {
			s.loaded[key] = true
		}
		return
	}
	if key := op.ID(info).Key; key != "" {
		s.written[key] = true
		isNil := func(e ast.Expr) bool {
			tv, ok := info.Types[e]
			return ok && tv.IsNil()
		}
		if !isNil(op.Value()) && (op.Kind != atomicop.CompareAndSwap || !isNil(op.Old())) {
			s.replaced[key] = true
		}
	}
	if id, ok := stripConversions(info, op.Value()).(*ast.Ident); ok {
		if v, _ := info.Uses[id].(*types.Var); v != nil {
			if i, ok := param(v); ok {
				sum.publishes.add(i)
			}
		}
	}
}

func pkgPath(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

// argMutationParam returns the parameter whose memory a callee reaches
// when it writes through argument a: for &x (or a receiver x whose address
// is taken implicitly), x's memory, visible to the caller only if x is
// reached through an indirection; for a pointer, map or slice, the memory
// it refers to.
func argMutationParam(info *types.Info, a ast.Expr, addrTaken bool, param func(*types.Var) (int, bool), rootOf func(*types.Info, ast.Expr) (*types.Var, bool)) (int, bool) {
	a = ast.Unparen(a)
	if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
		a, addrTaken = u.X, true
	}
	v, indirect := rootOf(info, a)
	if v == nil {
		return 0, false
	}
	if addrTaken {
		if !indirect {
			return 0, false
		}
		return param(v)
	}
	tv, ok := info.Types[a]
	if !ok || !isReference(tv.Type) {
		return 0, false
	}
	return param(v)
}

// derivedFrom returns the variable whose memory e is reached from, following
// selectors, indexing, dereferences, type assertions and once-defined
// locals: the receiver r for r.lk and for src in switch src :=
// r.src.(type).
func derivedFrom(info *types.Info, e ast.Expr, defs func(*types.Var) ast.Expr) *types.Var {
	for range 32 {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			if v == nil || v.IsField() {
				return nil
			}
			if def := defs(v); def != nil {
				e = def
				continue
			}
			return v
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[x]; !ok || sel.Kind() != types.FieldVal {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		case *ast.TypeAssertExpr:
			e = x.X
		default:
			return nil
		}
	}
	return nil
}

// rootThrough walks an lvalue-like expression to the variable at its root
// and reports whether the walk went through an indirection (a pointer
// dereference, explicit or implicit, or a map or slice element), i.e.
// whether writing to e writes into memory the variable refers to rather
// than into the variable itself. Through an indirection, a local defined
// once (m := c.m; src := r.src.(type)) is followed to its definition:
// writing through it writes through what it was copied from.
func rootThrough(info *types.Info, e ast.Expr, defs func(*types.Var) ast.Expr) (*types.Var, bool) {
	indirect := false
	for range 32 {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			if v == nil || v.IsField() {
				return nil, false
			}
			if def := defs(v); def != nil && indirect {
				e = def
				continue
			}
			return v, indirect
		case *ast.TypeAssertExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND || !indirect {
				return nil, false
			}
			indirect = false // *&x is x
			e = x.X
		case *ast.SelectorExpr:
			sel, ok := info.Selections[x]
			if !ok || sel.Kind() != types.FieldVal {
				return nil, false
			}
			if sel.Indirect() {
				indirect = true
			}
			e = x.X
		case *ast.IndexExpr:
			tv, ok := info.Types[x.X]
			if !ok {
				return nil, false
			}
			switch t := coreUnder(tv.Type).(type) {
			case *types.Map, *types.Slice, *types.Pointer:
				indirect = true
			case *types.Array:
			default:
				_ = t
				return nil, false
			}
			e = x.X
		case *ast.SliceExpr:
			tv, ok := info.Types[x.X]
			if !ok {
				return nil, false
			}
			switch coreUnder(tv.Type).(type) {
			case *types.Slice, *types.Pointer:
				indirect = true
			case *types.Array:
			default:
				return nil, false
			}
			e = x.X
		case *ast.StarExpr:
			indirect = true
			e = x.X
		default:
			return nil, false
		}
	}
	return nil, false
}

// callArgs returns a call's arguments receiver first, and whether the
// receiver's address is taken implicitly (a pointer method called on an
// addressable value).
func callArgs(info *types.Info, call *ast.CallExpr) ([]ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return call.Args, false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return call.Args, false
	}
	autoAddr := false
	if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
		_, recvPtr := types.Unalias(sig.Recv().Type()).(*types.Pointer)
		_, xPtr := coreUnder(s.Recv()).(*types.Pointer)
		autoAddr = recvPtr && !xPtr
	}
	return append([]ast.Expr{sel.X}, call.Args...), autoAddr
}

// snapshotCall returns the call at the heart of e, looking through
// parentheses, type assertions and conversions: v.Load().(*T),
// (*T)(atomic.LoadPointer(&p)).
func snapshotCall(info *types.Info, e ast.Expr) *ast.CallExpr {
	e = stripConversions(info, e)
	if ta, ok := e.(*ast.TypeAssertExpr); ok {
		e = stripConversions(info, ta.X)
	}
	call, _ := e.(*ast.CallExpr)
	if call == nil {
		return nil
	}
	if op, ok := atomicop.Classify(info, call); ok {
		if isPointerOp(op.Shape) && (op.Kind == atomicop.Load || op.Kind == atomicop.Swap) {
			return call
		}
		return nil
	}
	return call
}

// stripConversions removes parentheses and type conversions:
// unsafe.Pointer(c), any(c), (*T)(p).
func stripConversions(info *types.Info, e ast.Expr) ast.Expr {
	for {
		e = ast.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return e
		}
		if tv, ok := info.Types[call.Fun]; !ok || !tv.IsType() {
			return e
		}
		e = call.Args[0]
	}
}

// atomicName is the source text of the atomic variable an operation acts
// on: cur in cur.Load(), p in atomic.LoadPointer(&p).
func atomicName(op atomicop.Op) string {
	if op.Target != nil {
		return types.ExprString(op.Target)
	}
	if op.Addr != nil {
		return types.ExprString(op.Addr)
	}
	if sel, ok := ast.Unparen(op.Call.Fun).(*ast.SelectorExpr); ok {
		return types.ExprString(sel.X)
	}
	return types.ExprString(op.Call.Fun)
}

// coreUnder is the underlying type of t, or its core type for a type
// parameter. Only a type parameter can have a core type other than its
// underlying type (an ordinary interface value has no type terms), so the
// type-set computation, which allocates, is skipped for everything else:
// it was a tenth of summarize's time on std.
func coreUnder(t types.Type) types.Type {
	if _, ok := types.Unalias(t).(*types.TypeParam); !ok {
		return t.Underlying()
	}
	if ct := htypeutil.CoreType(t); ct != nil {
		return ct
	}
	return t.Underlying()
}

// isReference reports whether a value of type t refers to memory it does
// not contain: writes through it are visible to every holder of a copy.
func isReference(t types.Type) bool {
	switch coreUnder(t).(type) {
	case *types.Pointer, *types.Map, *types.Slice:
		return true
	}
	return false
}
