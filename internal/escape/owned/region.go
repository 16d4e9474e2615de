package owned

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/escape"
	"github.com/cowlint/cowlint/internal/hb"
	"github.com/cowlint/cowlint/internal/parents"
)

// A Region is the set of objects one function declaration allocates
// and reaches only through its own locals: pointers to objects it
// allocated (&T{...}, new(T)), and maps and slices it made whose every
// stored value is such a pointer. Until one of them can reach another
// goroutine, a plain access through them cannot race: this is how a
// function builds a graph of fresh objects (counting each node's
// dependents, say) before handing it to the goroutines that update it
// atomically.
//
// Code runs on the function's own timeline: its statements outside
// closures, and local closures that are only ever called directly there
// (or recursively by themselves), which run at their call sites. The
// region escapes at the first point of that timeline where a region value
// is used in any other way than reading or writing its fields, indexing,
// ranging over or appending to a container, comparing, or storing it into
// another local, container or field of the region: passed to a call
// (method calls included), returned, sent, converted, captured by any
// other closure. A goroutine started (a go statement, or a call running
// a function literal on another goroutine: hb.StartOf) ends the region's
// privacy too, whatever it captures. Whether a use comes after an
// escape is a control-flow question: some path of the function's graph
// leads from the escape to it (hb.Graph.Reach).
//
// The analysis is syntactic and deliberately narrow: a region value whose
// use it does not understand is an escape, and a local assigned anything
// but a region value is not part of the region.
type Region struct {
	info    *types.Info
	parents parents.Map
	// calls holds, for each closure called only synchronously, the
	// positions of its calls on the function's own timeline.
	calls map[*ast.FuncLit][]token.Pos
	// members are the locals holding region values; a container whose
	// value was stored into a field is aliased: what is read from it is
	// not trusted, since the alias may have stored anything.
	members map[*types.Var]bool
	aliased map[*types.Var]bool
	// fields may hold region values, so reading one is a use of a
	// region value.
	fields map[*types.Var]bool
	// escapes are the points of the timeline where the region may
	// become visible to another goroutine; reached tells whether a path
	// leads from one of them to a point (built on first use).
	escapes []token.Pos
	body    *ast.BlockStmt
	reached func(token.Pos) bool
}

// regionSource is one value assigned to a candidate local.
type regionSource struct {
	expr ast.Expr
	// elemOf is set for the value variable of a range statement over
	// expr; unknown for a value the analysis cannot follow.
	elemOf, unknown bool
}

// NewRegion finds the region of decl and its escapes.
func NewRegion(info *types.Info, decl *ast.FuncDecl) *Region {
	r := &Region{
		info:    info,
		calls:   map[*ast.FuncLit][]token.Pos{},
		members: map[*types.Var]bool{},
		aliased: map[*types.Var]bool{},
		fields:  map[*types.Var]bool{},
	}
	if decl.Body == nil {
		return r
	}
	r.body = decl.Body
	// One walk records the tree's parents and what the phases need.
	var (
		lits     []*ast.FuncLit
		idents   = map[*types.Var][]*ast.Ident{}
		params   = map[*types.Var]bool{}
		assigns  []*ast.AssignStmt
		specs    []*ast.ValueSpec
		ranges   []*ast.RangeStmt
		composes []*ast.CompositeLit
		starts   []ast.Node
	)
	r.parents = parents.Build(decl.Body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, n)
			for _, fl := range []*ast.FieldList{n.Type.Params, n.Type.Results} {
				if fl == nil {
					continue
				}
				for _, f := range fl.List {
					for _, name := range f.Names {
						if v, ok := info.Defs[name].(*types.Var); ok {
							params[v] = true
						}
					}
				}
			}
		case *ast.Ident:
			obj := info.Defs[n]
			if obj == nil {
				obj = info.Uses[n]
			}
			if v, ok := obj.(*types.Var); ok && !v.IsField() && v.Pos() >= decl.Body.Pos() && v.Pos() < decl.Body.End() {
				idents[v] = append(idents[v], n)
			}
		case *ast.AssignStmt:
			assigns = append(assigns, n)
		case *ast.ValueSpec:
			specs = append(specs, n)
		case *ast.RangeStmt:
			ranges = append(ranges, n)
		case *ast.CompositeLit:
			composes = append(composes, n)
		case *ast.GoStmt:
			starts = append(starts, n)
		}
	})
	// Closures called only synchronously, on the function's timeline.
	for _, cl := range escape.Closures(info, decl) {
		r.syncClosure(decl, cl)
	}
	for _, lit := range lits {
		if call, ok := r.parent(lit).(*ast.CallExpr); ok && StartsGoroutine(info, call, lit) {
			starts = append(starts, lit)
		}
	}

	// Candidates: locals on the timeline holding a pointer, or a map or
	// slice of pointers, and the values assigned to them.
	sources := map[*types.Var][]regionSource{}
	stores := map[*types.Var][]ast.Expr{}
	for v, ids := range idents {
		if params[v] || !regionType(v.Type()) {
			continue
		}
		if _, direct := r.when(ids[0]); !direct {
			continue // declared in a closure that may run at any time
		}
		r.members[v] = true
		sources[v] = nil
		for _, id := range ids {
			if u, ok := r.parent(id).(*ast.UnaryExpr); ok && u.Op == token.AND {
				sources[v] = append(sources[v], regionSource{unknown: true}) // written through its address
			}
			if r.isContainer(v) && r.aliases(id) {
				r.aliased[v] = true
			}
		}
	}
	for _, as := range assigns {
		r.assignSources(as, sources, stores)
	}
	for _, s := range specs {
		for i, name := range s.Names {
			v, _ := info.Defs[name].(*types.Var)
			if _, ok := sources[v]; !ok {
				continue
			}
			switch {
			case len(s.Values) == 0: // the zero value, nil
			case len(s.Values) == len(s.Names):
				sources[v] = append(sources[v], regionSource{expr: s.Values[i]})
			default:
				sources[v] = append(sources[v], regionSource{unknown: true})
			}
		}
	}
	for _, rs := range ranges {
		if v := r.identVar(rs.Key); v != nil {
			sources[v] = append(sources[v], regionSource{unknown: true})
		}
		if v := r.identVar(rs.Value); v != nil {
			sources[v] = append(sources[v], regionSource{expr: rs.X, elemOf: true})
		}
	}

	// Membership, to a fixpoint: a local stays a member while everything
	// assigned to it, and stored into it, is a region value.
	for changed := true; changed; {
		changed = false
		for v := range r.members {
			if !r.sourcesOK(v, sources[v], stores[v]) {
				delete(r.members, v)
				changed = true
			}
		}
	}
	if len(r.members) == 0 {
		return r
	}

	// Fields that may hold region values.
	for _, as := range assigns {
		if len(as.Lhs) != len(as.Rhs) {
			continue
		}
		for i, l := range as.Lhs {
			if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok && r.refersToRegion(as.Rhs[i]) {
				if f := r.field(sel); f != nil {
					r.fields[f] = true
				}
			}
		}
	}
	for _, lit := range composes {
		st, ok := types.Unalias(r.info.TypeOf(lit)).Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i, e := range lit.Elts {
			f := (*types.Var)(nil)
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				e = kv.Value
				if key, ok := kv.Key.(*ast.Ident); ok {
					f, _ = r.info.Uses[key].(*types.Var)
				}
			} else if i < st.NumFields() {
				f = st.Field(i)
			}
			if f != nil && r.refersToRegion(e) {
				r.fields[f] = true
			}
		}
	}

	// The escape: the first use of a region value that may let another
	// goroutine see it, or the first goroutine started.
	for v := range r.members {
		for _, id := range idents[v] {
			if _, isDef := info.Defs[id]; isDef {
				continue
			}
			times, direct := r.when(id)
			if direct && r.sink(id) {
				continue
			}
			r.escapeAt(times)
		}
	}
	for _, s := range starts {
		times, _ := r.when(s)
		r.escapeAt(times)
	}
	return r
}

// MayBeFresh reports whether the access e (x.f or *x) could reach a
// region object of decl: x is, or indexes, a local declared in its body
// that may hold region values. It spares building the region for the
// common accesses through receivers, parameters and globals.
func MayBeFresh(info *types.Info, decl *ast.FuncDecl, e ast.Expr) bool {
	var x ast.Expr
	switch e := e.(type) {
	case *ast.SelectorExpr:
		x = e.X
	case *ast.StarExpr:
		x = e.X
	default:
		return false
	}
	x = ast.Unparen(x)
	if ix, ok := x.(*ast.IndexExpr); ok {
		x = ast.Unparen(ix.X)
	}
	id, ok := x.(*ast.Ident)
	if !ok || decl.Body == nil {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && !v.IsField() && v.Pos() > decl.Body.Pos() && v.Pos() < decl.Body.End() && regionType(v.Type())
}

// escapeAt records that the region may escape at times.
func (r *Region) escapeAt(times []token.Pos) {
	r.escapes = append(r.escapes, times...)
}

// Private reports whether the access e, a field selection or a
// dereference, reaches a region object at points of the timeline no
// escape of the region reaches.
func (r *Region) Private(e ast.Expr) bool {
	if len(r.members) == 0 {
		return false
	}
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if !r.pointerValued(e.X) || !r.ownField(e) {
			return false
		}
	case *ast.StarExpr:
		if !r.pointerValued(e.X) {
			return false
		}
	default:
		return false
	}
	times, direct := r.when(e)
	if !direct || len(times) == 0 {
		return false
	}
	if len(r.escapes) == 0 {
		return true
	}
	if r.reached == nil {
		r.reached = hb.NewGraph(r.info, r.body).Reach(r.escapes, nil)
	}
	for _, t := range times {
		if r.reached(t) {
			return false
		}
	}
	return true
}

// ownField reports whether the field sel selects lies in the object
// sel.X points to, not behind an embedded pointer.
func (r *Region) ownField(sel *ast.SelectorExpr) bool {
	s := r.info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return false
	}
	t := deref(s.Recv())
	for _, i := range s.Index()[:len(s.Index())-1] {
		st, ok := t.Underlying().(*types.Struct)
		if !ok || IsPointer(st.Field(i).Type()) {
			return false
		}
		t = st.Field(i).Type()
	}
	return true
}

// syncClosure records the call sites of cl when it is a closure bound
// alone to a local (escape.Closures: defined, or declared and assigned
// once), outside other closures, and every call of it is made on the
// function's timeline or recursively inside it.
func (r *Region) syncClosure(decl *ast.FuncDecl, cl *escape.Closure) {
	if cl.Binding == escape.Direct || !cl.Single || cl.Body != ast.Node(decl) {
		return
	}
	var calls []token.Pos
	for _, c := range cl.Calls {
		if c.Body != ast.Node(decl) {
			return
		}
		calls = append(calls, c.Pos)
	}
	for _, c := range cl.Recursive {
		if c.Body != ast.Node(cl.Lit) {
			return
		}
	}
	r.calls[cl.Lit] = calls
}

// closures returns the outermost and innermost function literals
// enclosing n.
func (r *Region) closures(n ast.Node) (outer, inner *ast.FuncLit) {
	for p := r.parents[n]; p != nil; p = r.parents[p] {
		if lit, ok := p.(*ast.FuncLit); ok {
			if inner == nil {
				inner = lit
			}
			outer = lit
		}
	}
	return outer, inner
}

// when returns the points of the function's timeline at which n runs:
// n itself outside closures, the call sites of the synchronous closure
// directly holding it. Inside any other closure it returns when the
// closure is created, and direct is false: the closure may run later, on
// any goroutine.
func (r *Region) when(n ast.Node) (times []token.Pos, direct bool) {
	outer, inner := r.closures(n)
	if outer == nil {
		return []token.Pos{n.Pos()}, true
	}
	if calls, ok := r.calls[outer]; ok {
		return calls, outer == inner
	}
	return []token.Pos{outer.Pos()}, false
}

func (r *Region) parent(n ast.Node) ast.Node { return r.parents.Of(n) }

// identVar returns the local variable e names, if it is one.
func (r *Region) identVar(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := r.info.Defs[id]
	if obj == nil {
		obj = r.info.Uses[id]
	}
	v, _ := obj.(*types.Var)
	return v
}

// regionType reports whether a local of type t may hold region values:
// a pointer, or a map or slice of pointers.
func regionType(t types.Type) bool {
	switch t := t.Underlying().(type) {
	case *types.Pointer:
		return true
	case *types.Map:
		return IsPointer(t.Elem())
	case *types.Slice:
		return IsPointer(t.Elem())
	}
	return false
}

func (r *Region) isContainer(v *types.Var) bool {
	return !IsPointer(v.Type())
}

// aliases reports whether the container local id names is stored, as a
// whole, somewhere else: a composite literal's element, the right-hand
// side of an assignment or declaration of another variable.
func (r *Region) aliases(id *ast.Ident) bool {
	switch p := r.parent(id).(type) {
	case *ast.KeyValueExpr:
		return p.Value == ast.Node(id) || ast.Unparen(p.Value) == ast.Expr(id)
	case *ast.CompositeLit:
		return true
	case *ast.AssignStmt:
		for _, e := range p.Rhs {
			if ast.Unparen(e) == ast.Expr(id) {
				return true
			}
		}
	case *ast.ValueSpec:
		for _, e := range p.Values {
			if ast.Unparen(e) == ast.Expr(id) {
				return true
			}
		}
	}
	return false
}

// assignSources records the values an assignment gives candidate locals
// and stores into candidate containers.
func (r *Region) assignSources(as *ast.AssignStmt, sources map[*types.Var][]regionSource, stores map[*types.Var][]ast.Expr) {
	record := func(lhs ast.Expr, src regionSource) {
		lhs = ast.Unparen(lhs)
		if ix, ok := lhs.(*ast.IndexExpr); ok {
			if v := r.identVar(ix.X); v != nil {
				if _, ok := sources[v]; ok {
					if src.unknown {
						src.expr = nil
					}
					stores[v] = append(stores[v], src.expr) // nil: unknown
				}
			}
			return
		}
		if v := r.identVar(lhs); v != nil {
			if _, ok := sources[v]; ok {
				sources[v] = append(sources[v], src)
			}
		}
	}
	switch {
	case as.Tok != token.DEFINE && as.Tok != token.ASSIGN:
		for _, l := range as.Lhs {
			record(l, regionSource{unknown: true})
		}
	case len(as.Lhs) == len(as.Rhs):
		for i, l := range as.Lhs {
			record(l, regionSource{expr: as.Rhs[i]})
		}
	case len(as.Rhs) == 1 && len(as.Lhs) == 2:
		// v, ok := m[k]: the value is the element's.
		if ix, ok := ast.Unparen(as.Rhs[0]).(*ast.IndexExpr); ok {
			record(as.Lhs[0], regionSource{expr: ix})
			record(as.Lhs[1], regionSource{unknown: true})
			return
		}
		fallthrough
	default:
		for _, l := range as.Lhs {
			record(l, regionSource{unknown: true})
		}
	}
}

// sourcesOK reports whether every value assigned to v, and for a
// container every value stored into it, is a region value.
func (r *Region) sourcesOK(v *types.Var, sources []regionSource, stores []ast.Expr) bool {
	for _, s := range sources {
		switch {
		case s.unknown:
			return false
		case s.elemOf:
			if !r.trustedContainer(s.expr) {
				return false
			}
		case r.isContainer(v):
			if !r.containerValued(s.expr, v) {
				return false
			}
		default:
			if !r.pointerValued(s.expr) {
				return false
			}
		}
	}
	for _, e := range stores {
		if e == nil || !r.pointerValued(e) {
			return false
		}
	}
	return true
}

// trustedContainer reports whether e names a member container that no
// alias may have stored into.
func (r *Region) trustedContainer(e ast.Expr) bool {
	v := r.identVar(e)
	return v != nil && r.members[v] && r.isContainer(v) && !r.aliased[v]
}

// pointerValued reports whether e is nil or points to a region object:
// a member pointer, a fresh allocation, an element of a trusted
// container.
func (r *Region) pointerValued(e ast.Expr) bool {
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		if e.Name == "nil" && r.info.Uses[e] == types.Universe.Lookup("nil") {
			return true
		}
		v := r.identVar(e)
		return v != nil && r.members[v] && !r.isContainer(v)
	case *ast.UnaryExpr:
		_, ok := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && ok
	case *ast.CallExpr:
		return r.builtin(e) == "new"
	case *ast.IndexExpr:
		return r.trustedContainer(e.X)
	}
	return false
}

// containerValued reports whether e, assigned to the container self, is
// nil, a fresh map or slice of region pointers, or self with region
// pointers appended.
func (r *Region) containerValued(e ast.Expr, self *types.Var) bool {
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "nil" && r.info.Uses[e] == types.Universe.Lookup("nil")
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			if !r.pointerValued(elt) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		switch r.builtin(e) {
		case "make":
			return true
		case "append":
			if e.Ellipsis.IsValid() || len(e.Args) == 0 {
				return false
			}
			if r.identVar(e.Args[0]) != self && !r.containerValued(e.Args[0], self) {
				return false
			}
			for _, a := range e.Args[1:] {
				if !r.pointerValued(a) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// refersToRegion reports whether e is a region value other than nil: a
// region pointer, a member container, a map or slice literal of region
// pointers.
func (r *Region) refersToRegion(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if e.Name == "nil" {
			return false
		}
	case *ast.CompositeLit:
		switch types.Unalias(r.info.TypeOf(e)).Underlying().(type) {
		case *types.Map, *types.Slice:
			return r.containerValued(e, nil)
		}
	}
	if v := r.identVar(e); v != nil && r.members[v] && r.isContainer(v) {
		return true
	}
	return r.pointerValued(e)
}

func (r *Region) builtin(call *ast.CallExpr) string {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := r.info.Uses[id].(*types.Builtin); ok {
			return b.Name()
		}
	}
	return ""
}

// field returns the field sel selects, if it is a field selection.
func (r *Region) field(sel *ast.SelectorExpr) *types.Var {
	s := r.info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return nil
	}
	f, _ := s.Obj().(*types.Var)
	return f
}

// sink reports whether the use of the region value e keeps it in the
// region: a use that only reads or writes its fields or elements, or
// stores it where only the region reaches.
func (r *Region) sink(e ast.Expr) bool {
	switch p := r.parent(e).(type) {
	case *ast.SelectorExpr:
		if r.field(p) == nil {
			return false // a method: it may retain its receiver
		}
		return r.fieldUse(p)
	case *ast.IndexExpr:
		if ast.Unparen(p.X) == e {
			if r.storedInto(p) {
				return true
			}
			return r.sink(p) // the element is a region value
		}
		if r.storedInto(p) {
			return r.memberContainer(p.X) // a key of a region map
		}
		return true // a lookup
	case *ast.StarExpr:
		if r.storedInto(p) {
			return true
		}
		return !r.hasRegionField(r.info.TypeOf(p)) // a copy of the object
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if ast.Unparen(l) == e {
				return true
			}
		}
		if p.Tok != token.DEFINE && p.Tok != token.ASSIGN {
			return false
		}
		switch {
		case len(p.Lhs) == len(p.Rhs):
			for i, rhs := range p.Rhs {
				if ast.Unparen(rhs) == e {
					return r.holds(p.Lhs[i])
				}
			}
		case len(p.Rhs) == 1 && len(p.Lhs) == 2:
			return r.holds(p.Lhs[0]) // v, ok := m[k]
		}
		return false
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if ast.Unparen(v) == e && len(p.Names) == len(p.Values) {
				return r.holds(p.Names[i])
			}
		}
		return false
	case *ast.RangeStmt:
		if ast.Unparen(p.X) != e {
			return true // the statement's own key or value
		}
		if p.Value == nil || isBlank(p.Value) {
			return true
		}
		v := r.identVar(p.Value)
		return v != nil && r.members[v]
	case *ast.BinaryExpr:
		return p.Op == token.EQL || p.Op == token.NEQ
	case *ast.CallExpr:
		switch r.builtin(p) {
		case "len", "cap", "delete", "clear":
			return true
		case "append":
			return r.appended(p)
		}
		return false
	case *ast.KeyValueExpr:
		if lit, ok := r.parent(p).(*ast.CompositeLit); ok && ast.Unparen(p.Value) == e {
			return r.inComposite(lit)
		}
		return false
	case *ast.CompositeLit:
		return r.inComposite(p)
	}
	return false
}

// fieldUse reports whether the field access sel of a region object keeps
// the region private: reading or writing the field, unless the field may
// hold a region value that then goes elsewhere, or the field's address
// leaves (other than to a sync/atomic function, or for a method of a sync
// or sync/atomic type).
func (r *Region) fieldUse(sel *ast.SelectorExpr) bool {
	top := sel
	for !r.fields[r.field(top)] {
		p, ok := r.parent(top).(*ast.SelectorExpr)
		if !ok || r.field(p) == nil {
			break
		}
		top = p
	}
	if r.fields[r.field(top)] {
		return r.sink(top) // the field's value is a region value
	}
	switch p := r.parent(top).(type) {
	case *ast.UnaryExpr:
		if p.Op != token.AND {
			return true
		}
		call, ok := r.parent(p).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || ast.Unparen(call.Args[0]) != ast.Expr(p) {
			return false
		}
		op, ok := atomicop.Classify(r.info, call)
		return ok && !op.Typed
	case *ast.SelectorExpr:
		if IsPointer(r.info.TypeOf(top)) {
			return true // a method of the object the field points to
		}
		return !isPtrMethod(r.info, p) || isSyncMethod(r.info, p)
	}
	return true
}

// storedInto reports whether ix is the target of an assignment.
func (r *Region) storedInto(ix ast.Expr) bool {
	as, ok := r.parent(ix).(*ast.AssignStmt)
	if !ok {
		return false
	}
	for _, l := range as.Lhs {
		if ast.Unparen(l) == ix {
			return true
		}
	}
	return false
}

// holds reports whether storing a region value into lhs keeps it in the
// region: lhs is blank, a member, an element of a member container, or a
// field of a region object.
func (r *Region) holds(lhs ast.Expr) bool {
	lhs = ast.Unparen(lhs)
	if isBlank(lhs) {
		return true
	}
	switch l := lhs.(type) {
	case *ast.Ident:
		v := r.identVar(l)
		return v != nil && r.members[v]
	case *ast.IndexExpr:
		return r.memberContainer(l.X)
	case *ast.SelectorExpr:
		return r.field(l) != nil && r.pointerValued(l.X)
	}
	return false
}

func (r *Region) memberContainer(e ast.Expr) bool {
	v := r.identVar(e)
	return v != nil && r.members[v] && r.isContainer(v)
}

// appended reports whether the append call app keeps its region values in
// the region: the result is assigned back to the member container it
// appends to.
func (r *Region) appended(app *ast.CallExpr) bool {
	as, ok := r.parent(app).(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || len(app.Args) == 0 {
		return false
	}
	v := r.identVar(as.Lhs[0])
	return v != nil && r.members[v] && r.identVar(app.Args[0]) == v
}

// inComposite reports whether a region value stored in the composite
// literal lit stays in the region: lit is &T{...} or a map or slice
// literal, itself used in a way that keeps it there.
func (r *Region) inComposite(lit *ast.CompositeLit) bool {
	if lit.Type == nil {
		return false // an element of an outer literal
	}
	switch types.Unalias(r.info.TypeOf(lit)).Underlying().(type) {
	case *types.Struct:
		if u, ok := r.parent(lit).(*ast.UnaryExpr); ok && u.Op == token.AND {
			return r.sink(u)
		}
		return false // a struct value may be copied anywhere
	case *types.Map, *types.Slice:
		return r.sink(lit)
	}
	return false
}

// hasRegionField reports whether a struct of type t has a field that may
// hold a region value.
func (r *Region) hasRegionField(t types.Type) bool {
	st, ok := types.Unalias(t).Underlying().(*types.Struct)
	if !ok {
		return true
	}
	for f := range st.Fields() {
		if r.fields[f] {
			return true
		}
	}
	return false
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
