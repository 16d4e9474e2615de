package publish

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"honnef.co/go/tools/go/ir"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/lockop"
)

// Why IR: the rule is about order ("after the Store, on some path") and
// about aliasing (the value stored, the pointer loaded, the fields and
// elements reached from them). SSA form gives each definition its own
// value, so a local rebound to a fresh object after the Store
// (c = &Config{}) is a different value from the one published, and the
// failed branch of a CompareAndSwap is a different block. The AST would
// have to rebuild both.
//
// Per function, three phases:
//   1. reaching stores into tracked local allocations (memory.go), giving
//      for each load from one the values it may read;
//   2. which publications are in force at each point (forward, may:
//      union at joins; a publication ends where the published value's
//      definition is executed again, e.g. in the next loop iteration);
//   3. for each mutation, walk its target back through aliases and
//      "reached from" edges: reaching a snapshot source or a value whose
//      publication is in force is a finding.

// snapshotSource is a value that is shared as soon as it exists: what an
// atomic Load or Swap returned, or a call to a function returning one.
type snapshotSource struct {
	call *ast.CallExpr // for the related position
	from string        // the atomic variable, as written: cur, b.p, box.Get()
	// copied lists the fields of a snapshot returned by value that the
	// function returning it replaced: they are not shared.
	copied []int
}

// publication is one call that publishes a value.
type publication struct {
	call    *ast.CallExpr
	site    *ir.Call          // the publishing call
	via     string            // cur.Store, box.Set
	name    string            // the published value as written: c, cfg
	value   ir.Value          // the published argument
	members map[ir.Value]bool // value, its aliases and the fresh objects built into it
	// successFrom -> successTo is the edge on which a CompareAndSwap is
	// known to have succeeded; nil for unconditional publications.
	successFrom *ir.BasicBlock
	successTo   *ir.BasicBlock
}

// funcFlow is the analysis of one function.
type funcFlow struct {
	c       *checker
	fn      *ir.Function
	tracked map[*ir.Alloc]bool   // allocations whose stores are modelled
	private map[*ir.Alloc]bool   // allocations whose address stays here
	allocID map[*ir.Alloc]uint32 // keys of memState
	loadSrc map[*ir.Load][]ir.Value
	memIn   []memState // reaching stores at block entry, by block index
	sources map[ir.Value]*snapshotSource
	pubs    []*publication
	pubAt   map[ir.Instruction][]int // unconditional publications, by call
	defines map[ir.Value][]int       // value -> publications it is a member of
	ends    map[ir.Value][]int       // value -> publications its computation ends

	lockKnown, lockHeld bool // see locks
}

func newFuncFlow(c *checker, fn *ir.Function) *funcFlow {
	tracked, private, ids := allocs(fn)
	return &funcFlow{
		c: c, fn: fn,
		tracked: tracked,
		private: private,
		allocID: ids,
		loadSrc: map[*ir.Load][]ir.Value{},
		memIn:   make([]memState, len(fn.Blocks)),
		sources: map[ir.Value]*snapshotSource{},
		pubAt:   map[ir.Instruction][]int{},
		defines: map[ir.Value][]int{},
		ends:    map[ir.Value][]int{},
	}
}

// findSources records the snapshot sources and publications of fn; it
// reports whether there is anything to check.
func (f *funcFlow) findSources() bool {
	info := f.c.pass.TypesInfo
	for _, b := range f.fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ir.Call)
			if !ok {
				continue
			}
			callee := staticFunc(call.Common())
			expr, _ := call.Source().(*ast.CallExpr)
			if expr == nil {
				continue
			}
			if callee == nil {
				if _, closure := call.Common().Value.(*ir.MakeClosure); !closure || boundMethod(call.Common()) {
					f.dynamicSources(call, expr, b)
				}
				continue
			}
			if shape, ok := atomicop.Func(callee); ok {
				if !isPointerOp(shape) {
					continue
				}
				op, _ := atomicop.Classify(info, expr)
				from := atomicName(op)
				key := op.ID(info).Key
				if (shape.Kind == atomicop.Load && f.c.scan.isSnapshotVar(key)) || (shape.Kind == atomicop.Swap && f.c.scan.isSwappedSnapshot(key)) {
					f.sources[call] = &snapshotSource{call: expr, from: from}
				}
				if shape.Kind == atomicop.Load {
					continue
				}
				i := shape.ValueArg()
				if shape.Typed {
					i++ // the receiver comes first in IR
				}
				f.addPublication(call, expr, i, b)
				continue
			}
			if _, ok := f.c.facts.snapshot(callee); ok {
				f.sources[call] = &snapshotSource{call: expr, from: types.ExprString(expr.Fun) + "()", copied: f.c.facts.snapshotCopied(callee)}
			}
			for _, i := range f.c.facts.publishes(callee).sorted() {
				f.addPublication(call, expr, i, b)
			}
		}
	}
	return len(f.sources) > 0 || len(f.pubs) > 0
}

func (f *funcFlow) addPublication(call *ir.Call, expr *ast.CallExpr, arg int, b *ir.BasicBlock) {
	args := call.Common().Args
	if arg >= len(args) {
		return
	}
	astArgs, _ := callArgs(f.c.pass.TypesInfo, expr)
	if op, ok := atomicop.Classify(f.c.pass.TypesInfo, expr); ok && op.Typed {
		astArgs = append([]ast.Expr{nil}, expr.Args...)
	}
	var e ast.Expr
	if arg < len(astArgs) {
		e = astArgs[arg]
	}
	f.publish(call, expr, args[arg], e, types.ExprString(expr.Fun), b)
}

// publish records the publication of value (the argument e, nil when it
// has no source) by call, described as via.
func (f *funcFlow) publish(call *ir.Call, expr *ast.CallExpr, value ir.Value, e ast.Expr, via string, b *ir.BasicBlock) {
	name := "the value"
	if e != nil {
		e := stripConversions(f.c.pass.TypesInfo, e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = u.X
		}
		name = types.ExprString(e)
	}
	p := &publication{call: expr, site: call, via: via, name: name, value: value}
	if shape, ok := atomicop.Func(staticFunc(call.Common())); ok && shape.Kind == atomicop.CompareAndSwap {
		p.successFrom, p.successTo = casSuccess(call, b)
	}
	idx := len(f.pubs)
	f.pubs = append(f.pubs, p)
	if p.successFrom == nil {
		f.pubAt[call] = append(f.pubAt[call], idx)
	}
}

// casSuccess finds the edge on which a CompareAndSwap's result is known
// to be true: the block ends with if ok (or if !ok) on the call's result.
// Without such a branch the publication is assumed to happen at the call.
func casSuccess(call *ir.Call, b *ir.BasicBlock) (*ir.BasicBlock, *ir.BasicBlock) {
	for _, r := range *call.Referrers() {
		switch r := r.(type) {
		case *ir.If:
			return r.Block(), r.Block().Succs[0]
		case *ir.UnOp:
			if r.Op != token.NOT {
				continue
			}
			for _, rr := range *r.Referrers() {
				if iff, ok := rr.(*ir.If); ok {
					return iff.Block(), iff.Block().Succs[1]
				}
			}
		}
	}
	return nil, nil
}

// staticFunc returns the declared function a call statically calls.
func staticFunc(c *ir.CallCommon) *types.Func {
	if c.IsInvoke() {
		return nil
	}
	fn, ok := c.Value.(*ir.Function)
	if !ok {
		return nil
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil {
		if o := fn.Origin(); o != nil {
			obj, _ = o.Object().(*types.Func)
		}
	}
	return obj
}

// resolveMemory is phase 1: reaching stores into tracked allocations, to
// a fixed point, filling loadSrc.
func (f *funcFlow) resolveMemory() {
	if len(f.tracked) == 0 {
		return
	}
	f.memIn, _ = forward(f.fn, joinMem, equalMem, nil, f.memTransfer)
}

// memTransfer returns the reaching stores after instr, given st before it,
// and records what a load from a tracked allocation may read.
func (f *funcFlow) memTransfer(st memState, instr ir.Instruction) memState {
	switch instr := instr.(type) {
	case *ir.Alloc:
		if f.tracked[instr] {
			return f.memFresh(st, instr)
		}
	case *ir.Store:
		if loc, ok := locationOf(instr.Addr, f.tracked); ok {
			return f.memStore(st, loc, instr.Val)
		}
	case *ir.Load:
		if loc, ok := locationOf(instr.X, f.tracked); ok {
			for _, v := range f.memLoad(st, loc) {
				if !containsValue(f.loadSrc[instr], v) {
					f.loadSrc[instr] = append(f.loadSrc[instr], v)
				}
			}
		}
	}
	return st
}

func containsValue(vs []ir.Value, v ir.Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// aliasPreds returns the values v is the very same object as: through
// conversions, interfaces, φ-nodes and loads from tracked locals.
func (f *funcFlow) aliasPreds(v ir.Value) []ir.Value {
	switch v := v.(type) {
	case *ir.ChangeType:
		return []ir.Value{v.X}
	case *ir.Convert:
		if pointerLike(v.Type()) && pointerLike(v.X.Type()) {
			return []ir.Value{v.X}
		}
	case *ir.ChangeInterface:
		return []ir.Value{v.X}
	case *ir.MakeInterface:
		return []ir.Value{v.X}
	case *ir.TypeAssert:
		return []ir.Value{v.X}
	case *ir.SliceToArrayPointer:
		return []ir.Value{v.X}
	case *ir.Extract:
		if ta, ok := v.Tuple.(*ir.TypeAssert); ok && v.Index == 0 {
			return []ir.Value{ta}
		}
	case *ir.Phi:
		return v.Edges
	case *ir.Field:
		if cv, ok := v.X.(*ir.CompositeValue); ok && v.Field < len(cv.Values) {
			return []ir.Value{cv.Values[v.Field]}
		}
	case *ir.Load:
		if _, ok := locationOf(v.X, f.tracked); ok {
			return f.loadSrc[v]
		}
	}
	return nil
}

// reachedFrom returns the values whose memory v is (or is inside, or was
// loaded from): the object a field address belongs to, the map an element
// was looked up in, the pointer a value was loaded through.
func (f *funcFlow) reachedFrom(v ir.Value) []ir.Value {
	switch v := v.(type) {
	case *ir.FieldAddr:
		return []ir.Value{v.X}
	case *ir.IndexAddr:
		return []ir.Value{v.X}
	case *ir.Field:
		return []ir.Value{v.X}
	case *ir.Index:
		return []ir.Value{v.X}
	case *ir.Slice:
		if _, isString := coreUnder(v.X.Type()).(*types.Basic); !isString {
			return []ir.Value{v.X}
		}
	case *ir.MapLookup:
		return []ir.Value{v.X}
	case *ir.Extract:
		switch t := v.Tuple.(type) {
		case *ir.MapLookup:
			if v.Index == 0 {
				return []ir.Value{t.X}
			}
		case *ir.Next:
			if r, ok := t.Iter.(*ir.Range); ok && !t.IsString {
				return []ir.Value{r.X}
			}
		}
	case *ir.Load:
		// For a load from a local variable, what it holds came from the
		// stored values (aliasPreds); the variable itself matters only
		// if it was published (cur.Store(&cfg)).
		return []ir.Value{v.X}
	}
	return nil
}

// pointerLike reports whether t is a pointer or unsafe.Pointer.
func pointerLike(t types.Type) bool {
	switch t := coreUnder(t).(type) {
	case *types.Pointer:
		return true
	case *types.Basic:
		return t.Kind() == types.UnsafePointer
	}
	return false
}

// memberClosure computes a publication's members: the published value,
// every value it is the same object as, and the fresh objects this
// function built into it (c := &Config{Limits: m}: m is part of what is
// published). Objects merely pointed to from it that came from elsewhere
// (a parameter, a global: a back-pointer to a parent) are not members.
func (f *funcFlow) memberClosure(p *publication) {
	p.members = map[ir.Value]bool{}
	stack := []ir.Value{p.value}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if p.members[v] {
			continue
		}
		p.members[v] = true
		stack = append(stack, f.aliasPreds(v)...)
		stack = append(stack, freshParts(v)...)
	}
}

// freshParts returns the fresh objects stored into v when it was built:
// the components of a composite value, the values stored through field
// and element addresses of an allocation.
func freshParts(v ir.Value) []ir.Value {
	var parts []ir.Value
	switch v := v.(type) {
	case *ir.CompositeValue:
		for _, x := range v.Values {
			if isFresh(x) {
				parts = append(parts, x)
			}
		}
	case *ir.Alloc:
		var visit func(addr ir.Value, depth int)
		visit = func(addr ir.Value, depth int) {
			refs := addr.Referrers()
			if refs == nil || depth > 4 {
				return
			}
			for _, r := range *refs {
				switch r := r.(type) {
				case *ir.Store:
					if r.Addr == addr && isFresh(r.Val) {
						parts = append(parts, r.Val)
					}
				case *ir.FieldAddr:
					visit(r, depth+1)
				case *ir.IndexAddr:
					visit(r, depth+1)
				}
			}
		}
		visit(v, 0)
	}
	return parts
}

// isFresh reports whether v is an object created by this function.
func isFresh(v ir.Value) bool {
	switch v := v.(type) {
	case *ir.Alloc, *ir.MakeMap, *ir.MakeSlice, *ir.MakeChan, *ir.CompositeValue:
		return true
	case *ir.MakeInterface:
		return isFresh(v.X)
	case *ir.Slice:
		return isFresh(v.X)
	}
	return false
}

// origin walks back from a mutated value; it returns the first snapshot
// source or publication in force (active) that the value is, aliases or is
// reached from.
func (f *funcFlow) origin(target ir.Value, active pubSet) (*snapshotSource, *publication) {
	seen := map[ir.Value]bool{}
	stack := []ir.Value{target}
	var src *snapshotSource
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if v == nil || seen[v] {
			continue
		}
		seen[v] = true
		for _, i := range f.defines[v] {
			if active.Has(uint32(i)) {
				return nil, f.pubs[i]
			}
		}
		if s := f.sources[v]; s != nil && src == nil {
			src = s
		}
		if fld, ok := v.(*ir.Field); ok && f.copiedField(fld.X, fld.Field) {
			continue // a field the snapshot's getter replaced by its own copy
		}
		stack = append(stack, f.aliasPreds(v)...)
		stack = append(stack, f.reachedFrom(v)...)
	}
	return src, nil
}

// copiedField reports whether field i of v, a snapshot returned by value,
// was replaced by the function returning it.
func (f *funcFlow) copiedField(v ir.Value, i int) bool {
	s := f.sources[v]
	return s != nil && slices.Contains(s.copied, i)
}

// params returns the parameters and free variables a mutated value
// reaches back to, for summarising closures: direct ones (the free variable
// is the address of the captured variable, or a parameter), and free
// variables whose held value is mutated (a captured pointer variable,
// boxed by the IR: the closure loads it, then writes through it).
func (f *funcFlow) params(target ir.Value) (direct []ir.Value, held []*ir.FreeVar) {
	seen := map[ir.Value]bool{}
	stack := []ir.Value{target}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if v == nil || seen[v] {
			continue
		}
		seen[v] = true
		switch v := v.(type) {
		case *ir.Parameter, *ir.FreeVar:
			direct = append(direct, v)
		case *ir.Load:
			if fv, ok := v.X.(*ir.FreeVar); ok {
				held = append(held, fv)
				continue
			}
		}
		stack = append(stack, f.aliasPreds(v)...)
		stack = append(stack, f.reachedFrom(v)...)
	}
	return direct, held
}

// locks reports whether fn acquires a mutex exclusively anywhere: its
// writers are serialised.
func (f *funcFlow) locks() bool {
	if f.lockKnown {
		return f.lockHeld
	}
	f.lockKnown = true
	for _, b := range f.fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ir.Call)
			if !ok {
				continue
			}
			if shape, ok := lockop.Func(staticFunc(call.Common())); ok && shape.Kind == lockop.Lock {
				f.lockHeld = true
				return true
			}
		}
	}
	return false
}
