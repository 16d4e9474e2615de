package lockop

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/identity"
)

// Lockers resolves the Locker values that stand for a known mutex, so that
// an operation through them is an operation on that mutex:
//
//	rl := mu.RLocker()
//	rl.Lock()                         // mu.RLock()
//	c.cond = sync.NewCond(c.mu.RLocker())
//	c.cond.L.Lock()                   // c.mu.RLock(), for every c
//	var l sync.Locker = &mu; l.Lock() // mu.Lock()
//
// A Locker value is resolved when it is a local or unexported package
// variable written once in the package (its declaration without a value
// aside: calling Lock on a nil Locker panics), or an unexported field every
// write of which gives it a mutex of the object that holds the field (the
// same variable or selector chain: c.cond = sync.NewCond(&c.mu)), the
// path to it through value fields only. The written value is mu.RLocker()
// (the read side), &mu, a *sync.Mutex or *sync.RWMutex, a value whose
// Lock is promoted from an embedded mutex, or another resolved Locker. A
// sync.Cond is resolved by its L: sync.NewCond(l), sync.Cond{L: l}, or
// an assignment to its L, and a Cond variable or field by the same rules.
// Any other write (a parameter, a composite literal naming another
// object, a value of unknown origin, the address taken) leaves it
// unresolved: opaque, as before.
type Lockers struct {
	info *types.Info
	// vars maps a variable to the one value written to it, nil when it
	// has several or an unknown one.
	vars map[*types.Var]ast.Expr
	// fields maps a field to the mutex of its holder its every write
	// names, nil when they disagree or one is unknown.
	fields map[*types.Var]*relative
}

// relative is a mutex named by a path of fields from the object holding
// a Locker or Cond field.
type relative struct {
	path   []*types.Var
	shared bool // the read side (RLocker)
	mutex  string
	kind   Kind // for a method value (s.unlock = s.mu.Unlock): its operation
}

func (r *relative) same(o *relative) bool {
	if r == nil || o == nil || r.shared != o.shared || r.mutex != o.mutex || r.kind != o.kind || len(r.path) != len(o.path) {
		return false
	}
	for i := range r.path {
		if r.path[i] != o.path[i] {
			return false
		}
	}
	return true
}

// target is what a Locker value resolves to at an expression.
type target struct {
	expr     ast.Expr
	embedded []*types.Var
	shared   bool
	mutex    string
	kind     Kind // for a method value: the operation it performs
}

// NewLockers indexes the writes of Locker and sync.Cond variables and
// fields in files, once per package.
func NewLockers(info *types.Info, files []*ast.File) *Lockers {
	l := &Lockers{info: info, vars: map[*types.Var]ast.Expr{}, fields: map[*types.Var]*relative{}}
	writes := map[*types.Var]int{}
	unknownField := map[*types.Var]bool{}
	setVar := func(v *types.Var, value ast.Expr) {
		writes[v]++
		l.vars[v] = value
	}
	setField := func(f *types.Var, owner, value ast.Expr, cond bool) {
		if unknownField[f] {
			return
		}
		var rel *relative
		if owner != nil && value != nil {
			if cond {
				value = l.condLocker(value, 0)
			}
			if value != nil {
				rel = l.relativeTo(owner, value)
			}
		}
		if old, ok := l.fields[f]; rel == nil || ok && !old.same(rel) {
			unknownField[f] = true
			l.fields[f] = nil
			return
		}
		l.fields[f] = rel
	}
	// write records value (nil: unknown) written to lhs.
	write := func(lhs, value ast.Expr) {
		switch lhs := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			if v, ok := l.interesting(info.Defs[lhs]); ok {
				setVar(v, value)
			} else if v, ok := l.interesting(info.Uses[lhs]); ok {
				setVar(v, value)
			}
		case *ast.SelectorExpr:
			f, ok := fieldOf(info, lhs)
			if !ok {
				return
			}
			if isCondL(f) {
				// c.cond.L = &c.mu, or cond.L = &mu with cond a variable.
				switch x := ast.Unparen(lhs.X).(type) {
				case *ast.SelectorExpr:
					if g, ok := fieldOf(info, x); ok && l.lockerField(g) {
						setField(g, x.X, value, false)
					}
				case *ast.Ident:
					if v, ok := l.interesting(info.Uses[x]); ok {
						setVar(v, nil) // written twice over: not followed
					}
				}
				return
			}
			if l.lockerField(f) {
				setField(f, lhs.X, value, isCond(f.Type()))
			}
		}
	}
	for _, file := range files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					return true
				}
				for i, lhs := range n.Lhs {
					var value ast.Expr
					if len(n.Lhs) == len(n.Rhs) {
						value = n.Rhs[i]
					}
					write(lhs, value)
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if len(n.Values) == 0 {
						continue // the zero value: a nil Locker, a Cond without L
					}
					var value ast.Expr
					if len(n.Names) == len(n.Values) {
						value = n.Values[i]
					}
					write(id, value)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					write(n.X, nil) // its address escapes: any write
				}
			case *ast.RangeStmt:
				if n.Key != nil {
					write(n.Key, nil)
				}
				if n.Value != nil {
					write(n.Value, nil)
				}
			case *ast.CompositeLit:
				l.compositeWrites(n, setField)
			}
			return true
		})
	}
	for v, n := range writes {
		if n != 1 {
			l.vars[v] = nil
		}
	}
	return l
}

// compositeWrites records the Locker and Cond fields a struct literal
// sets: to another object's mutex (it cannot name its own), so unknown.
func (l *Lockers) compositeWrites(n *ast.CompositeLit, setField func(f *types.Var, owner, value ast.Expr, cond bool)) {
	t := l.info.TypeOf(n)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, elt := range n.Elts {
		var f *types.Var
		value := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			id, _ := kv.Key.(*ast.Ident)
			if id == nil {
				continue
			}
			f, _ = l.info.Uses[id].(*types.Var)
			value = kv.Value
		} else if i < st.NumFields() {
			f = st.Field(i)
		}
		if f == nil || !l.lockerField(f) || isNil(l.info, value) {
			continue
		}
		setField(f, nil, nil, false)
	}
}

// interesting returns obj as a variable whose writes are indexed: a local
// or unexported package variable of a locker interface or Cond type.
func (l *Lockers) interesting(obj types.Object) (*types.Var, bool) {
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Kind() == types.ParamVar || v.Kind() == types.RecvVar || v.Kind() == types.ResultVar {
		return nil, false
	}
	if v.Kind() == types.PackageVar && v.Exported() {
		return nil, false
	}
	if _, isParam := types.Unalias(v.Type()).(*types.TypeParam); isParam {
		return nil, false
	}
	return v, IsLockerInterface(v.Type()) || isCond(v.Type()) || isLockFunc(v.Type())
}

// lockerField reports whether f is an unexported field of a locker
// interface or Cond type (exported ones may be written elsewhere).
func (l *Lockers) lockerField(f *types.Var) bool {
	if f.Exported() {
		return false
	}
	if _, isParam := types.Unalias(f.Type()).(*types.TypeParam); isParam {
		return false
	}
	return IsLockerInterface(f.Type()) || isCond(f.Type()) || isLockFunc(f.Type())
}

// isLockFunc reports whether t is the type of a mutex's own method as a
// value: func() (Lock, Unlock, RLock, RUnlock) or func() bool (TryLock).
// Named function types (context.CancelFunc) are left out: a variable of
// one rarely holds a mutex's method, and calls of them are common.
func isLockFunc(t types.Type) bool {
	sig, ok := types.Unalias(t).(*types.Signature)
	if !ok || sig.Params().Len() != 0 || sig.Variadic() || sig.TypeParams().Len() > 0 {
		return false
	}
	switch sig.Results().Len() {
	case 0:
		return true
	case 1:
		b, ok := types.Unalias(sig.Results().At(0).Type()).(*types.Basic)
		return ok && b.Kind() == types.Bool
	}
	return false
}

// condLocker returns the Locker a Cond value was made with:
// sync.NewCond(l), sync.Cond{L: l}, &sync.Cond{L: l}, or a variable
// holding one.
func (l *Lockers) condLocker(e ast.Expr, depth int) ast.Expr {
	if depth > 4 {
		return nil
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(l.info, e).(*types.Func)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == "NewCond" && len(e.Args) == 1 {
			return e.Args[0]
		}
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return l.condLocker(e.X, depth+1)
		}
	case *ast.CompositeLit:
		if !isCond(l.info.TypeOf(e)) {
			return nil
		}
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "L" {
					return kv.Value
				}
			}
		}
	case *ast.Ident:
		if v, ok := l.interesting(l.info.Uses[e]); ok && isCond(v.Type()) {
			if value := l.vars[v]; value != nil {
				return l.condLocker(value, depth+1)
			}
		}
	}
	return nil
}

// Resolve returns op as an operation on the mutex its Locker stands for,
// or op unchanged: an operation on a mutex, or a Locker not resolved.
func (l *Lockers) Resolve(op Op) Op {
	if l == nil || !op.Opaque() || op.ViaRLocker {
		return op
	}
	sel, ok := ast.Unparen(op.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return op
	}
	if s, ok := l.info.Selections[sel]; ok && len(identity.EmbeddedPath(s)) > 0 {
		return op // h.Lock() with an embedded Locker field
	}
	t, ok := l.lockerAt(sel.X, 0)
	if !ok || t.kind != Invalid {
		return op
	}
	op.MutexExpr, op.Embedded, op.Mutex = t.expr, t.embedded, t.mutex
	if t.shared {
		op.ViaRLocker = true
		switch op.Kind {
		case Lock:
			op.Kind = RLock
		case Unlock:
			op.Kind = RUnlock
		case TryLock:
			op.Kind = TryRLock
		}
	}
	return op
}

// lockerAt resolves the Locker denoted by e: a variable, a Locker field,
// a Cond's L.
func (l *Lockers) lockerAt(e ast.Expr, depth int) (target, bool) {
	if depth > 4 {
		return target{}, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := l.interesting(l.info.Uses[e]); ok && !isCond(v.Type()) {
			if value := l.vars[v]; value != nil {
				t, ok := l.valueTarget(value, depth+1)
				if ok && t.kind != Invalid && v.Kind() == types.PackageVar && !globalRoot(l.info, t.expr) {
					// Written in a function, used in others: the
					// expression names nothing outside it.
					return target{}, false
				}
				return t, ok
			}
		}
	case *ast.SelectorExpr:
		f, ok := fieldOf(l.info, e)
		if !ok {
			return target{}, false
		}
		if isCondL(f) {
			switch c := ast.Unparen(e.X).(type) {
			case *ast.Ident:
				if x := l.condLocker(c, depth+1); x != nil {
					return l.valueTarget(x, depth+1)
				}
			case *ast.SelectorExpr:
				if g, ok := fieldOf(l.info, c); ok {
					return l.atField(g, c.X)
				}
			}
			return target{}, false
		}
		return l.atField(f, e.X)
	}
	return target{}, false
}

// atField resolves a Locker or Cond field f of the object owner denotes.
func (l *Lockers) atField(f *types.Var, owner ast.Expr) (target, bool) {
	rel := l.fields[f]
	if rel == nil || !l.lockerField(f) {
		return target{}, false
	}
	if len(rel.path) == 0 {
		return target{}, false
	}
	return target{expr: owner, embedded: rel.path, shared: rel.shared, mutex: rel.mutex, kind: rel.kind}, true
}

// valueTarget resolves a Locker value as written: mu.RLocker(), &mu, a
// mutex pointer, a value with an embedded mutex, another Locker.
func (l *Lockers) valueTarget(e ast.Expr, depth int) (target, bool) {
	info := l.info
	e = ast.Unparen(e)
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			return l.methodValueTarget(sel, s, depth)
		}
	}
	if call, ok := e.(*ast.CallExpr); ok {
		fn, _ := typeutil.Callee(info, call).(*types.Func)
		isel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !IsRLocker(fn) {
			return target{}, false
		}
		var emb []*types.Var
		if s, ok := info.Selections[isel]; ok {
			emb = identity.EmbeddedPath(s)
		}
		x := identity.ReceiverTarget(info, isel.X, emb)
		if x == nil {
			x = namedExpr(isel.X)
		}
		if x == nil {
			return target{}, false
		}
		return target{expr: x, embedded: emb, shared: true, mutex: "RWMutex"}, true
	}
	t := info.TypeOf(e)
	if t == nil {
		return target{}, false
	}
	if IsLockerInterface(t) || isLockFunc(t) {
		return l.lockerAt(e, depth+1) // another Locker, or another lock func (unlock := s.unlock)
	}
	ptr, isPtr := types.Unalias(t).Underlying().(*types.Pointer)
	if !isPtr {
		return target{}, false
	}
	if m := mutexType(ptr.Elem()); m != "" {
		// &mu, or a *sync.Mutex variable or field standing for its mutex.
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if x := namedExpr(u.X); x != nil {
				return target{expr: x, mutex: m}, true
			}
			return target{}, false
		}
		if x := namedExpr(e); x != nil {
			return target{expr: x, mutex: m}, true
		}
		return target{}, false
	}
	// A struct whose Lock is promoted from an embedded mutex.
	obj, index, _ := types.LookupFieldOrMethod(t, true, nil, "Lock")
	fn, ok := obj.(*types.Func)
	if !ok || len(index) < 2 || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return target{}, false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return target{}, false
	}
	m := mutexType(recv.Type())
	if m == "" {
		return target{}, false
	}
	var path []*types.Var
	cur := t
	for _, i := range index[:len(index)-1] {
		st, ok := deref(cur).Underlying().(*types.Struct)
		if !ok {
			return target{}, false
		}
		f := st.Field(i)
		path = append(path, f)
		cur = f.Type()
	}
	x := e
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = u.X
	}
	if x = namedExpr(x); x == nil {
		return target{}, false
	}
	return target{expr: x, embedded: path, mutex: m}, true
}

// relativeTo returns the mutex a Locker value names as a path from owner
// (c in c.cond = sync.NewCond(&c.mu)), through value fields; nil when it
// names something else.
func (l *Lockers) relativeTo(owner, value ast.Expr) *relative {
	t, ok := l.valueTarget(value, 0)
	if !ok {
		return nil
	}
	want := types.ExprString(ast.Unparen(owner))
	var path []*types.Var
	cur := ast.Unparen(t.expr)
	for types.ExprString(cur) != want {
		sel, ok := cur.(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		s, ok := l.info.Selections[sel]
		if !ok || s.Kind() != types.FieldVal {
			return nil
		}
		f := s.Obj().(*types.Var)
		path = append(append(identity.EmbeddedPath(s), f), path...)
		cur = ast.Unparen(sel.X)
	}
	path = append(path, t.embedded...)
	if len(path) == 0 {
		return nil // the holder itself: not a mutex of its own
	}
	// Only value fields before the mutex: a pointer on the way names
	// another object's lock, whose class is its own type's.
	for i, f := range path {
		if _, isPtr := types.Unalias(f.Type()).Underlying().(*types.Pointer); isPtr && i < len(path)-1 {
			return nil
		}
	}
	return &relative{path: path, shared: t.shared, mutex: t.mutex, kind: t.kind}
}

// methodValueTarget resolves a mutex's own method taken as a value
// (mu.Lock, s.mu.Unlock, mu.RLock, rl.Lock with rl a resolved Locker,
// mu.RLocker().Lock): the mutex its receiver binds, and the operation.
func (l *Lockers) methodValueTarget(e *ast.SelectorExpr, s *types.Selection, depth int) (target, bool) {
	fn, _ := s.Obj().(*types.Func)
	shape, ok := Func(fn)
	if !ok {
		return target{}, false
	}
	if shape.Opaque() {
		t, ok := l.valueTarget(e.X, depth+1)
		if !ok || t.kind != Invalid {
			return target{}, false
		}
		t.kind = shape.Kind
		if t.shared {
			t.kind = sharedKind(shape.Kind)
		}
		return t, true
	}
	emb := identity.EmbeddedPath(s)
	x := identity.ReceiverTarget(l.info, e.X, emb)
	if x == nil {
		x = namedExpr(e.X) // a *sync.Mutex variable or field stands for its mutex
	} else {
		x = namedExpr(x)
	}
	if x == nil {
		return target{}, false
	}
	return target{expr: x, embedded: emb, mutex: shape.Mutex, kind: shape.Kind}, true
}

// sharedKind is k on the read side: Lock through mu.RLocker() is RLock.
func sharedKind(k Kind) Kind {
	switch k {
	case Lock:
		return RLock
	case Unlock:
		return RUnlock
	case TryLock:
		return TryRLock
	}
	return k
}

// globalRoot reports whether e is a package variable or a field chain
// from one.
func globalRoot(info *types.Info, e ast.Expr) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if _, ok := info.Selections[x]; !ok {
				v, ok := info.Uses[x.Sel].(*types.Var)
				return ok && v.Kind() == types.PackageVar // pkg.V
			}
			e = x.X
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			return ok && v.Kind() == types.PackageVar
		default:
			return false
		}
	}
}

// MethodValue resolves a call of a function value that stands for a
// mutex's own method, so that the call is an operation on that mutex:
//
//	lock := mu.Lock; lock()           // mu.Lock()
//	unlock := mu.Unlock; defer unlock() // a deferred mu.Unlock()
//	s.unlock = s.mu.Unlock; s.unlock()  // s.mu.Unlock(), for every s
//
// by the rules of Lockers: a local or unexported package variable written
// once (a package variable only with a package-level mutex), an
// unexported field every write of which binds a mutex of the object
// holding it. ok is false for any other call.
func (l *Lockers) MethodValue(call *ast.CallExpr) (Op, bool) {
	if l == nil || len(call.Args) != 0 {
		return Op{}, false
	}
	t, ok := l.lockerAt(call.Fun, 0)
	if !ok || t.kind == Invalid {
		return Op{}, false
	}
	return Op{Shape: Shape{Kind: t.kind, Mutex: t.mutex}, Call: call, MutexExpr: t.expr, Embedded: t.embedded, ViaRLocker: t.shared, Value: true}, true
}

// MayBeMethodValue reports, without the index, whether call may be a
// call of a mutex's method taken as a value: a call without arguments of
// a variable or field of type func() or func() bool.
func MayBeMethodValue(info *types.Info, call *ast.CallExpr) bool {
	if len(call.Args) != 0 {
		return false
	}
	var obj types.Object
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		obj = info.Uses[f]
	case *ast.SelectorExpr:
		obj = info.Uses[f.Sel]
	default:
		return false
	}
	v, ok := obj.(*types.Var)
	return ok && isLockFunc(v.Type())
}

// Classify is the package's Classify with the Lockers resolved: an
// operation through a Locker that stands for a known mutex is one on that
// mutex, and the call of a mutex's method taken as a value is one too
// (MethodValue).
func (l *Lockers) Classify(call *ast.CallExpr) (Op, bool) {
	op, ok := Classify(l.info, call)
	if ok {
		if op.Opaque() {
			op = l.Resolve(op)
		}
		return op, true
	}
	if !MayBeMethodValue(l.info, call) {
		return Op{}, false
	}
	return l.MethodValue(call)
}

// Deferred is Classify for the call of a defer statement.
func (l *Lockers) Deferred(d *ast.DeferStmt) (Op, bool) {
	op, ok := l.Classify(d.Call)
	op.Deferred = ok
	return op, ok
}

func fieldOf(info *types.Info, sel *ast.SelectorExpr) (*types.Var, bool) {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return nil, false
	}
	f, ok := s.Obj().(*types.Var)
	return f, ok
}

// namedExpr returns e if it names a variable or a field chain.
func namedExpr(e ast.Expr) ast.Expr {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		if namedExpr(x.X) != nil {
			return x
		}
	}
	return nil
}

func isNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

// isCond reports whether t is sync.Cond or *sync.Cond.
func isCond(t types.Type) bool {
	if t == nil {
		return false
	}
	n, ok := types.Unalias(deref(t)).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Cond"
}

// isCondL reports whether f is sync.Cond's L.
func isCondL(f *types.Var) bool {
	return f.Name() == "L" && f.Pkg() != nil && f.Pkg().Path() == "sync"
}

// mutexType returns "Mutex" or "RWMutex" for sync's types (or pointers
// to them), "" otherwise.
func mutexType(t types.Type) string {
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return ""
	}
	switch n.Obj().Name() {
	case "Mutex", "RWMutex":
		return n.Obj().Name()
	}
	return ""
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// CondWait resolves a call of (*sync.Cond).Wait whose Cond's L stands for
// a known mutex: Wait releases that lock and takes it again before it
// returns. The Op describes the acquisition (Lock, or RLock for a Cond
// made with mu.RLocker()); ok is false for any other call.
func (l *Lockers) CondWait(call *ast.CallExpr) (Op, bool) {
	if l == nil {
		return Op{}, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Wait" {
		return Op{}, false
	}
	fn, _ := typeutil.Callee(l.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || fn.Signature().Recv() == nil || !isCond(fn.Signature().Recv().Type()) {
		return Op{}, false
	}
	var t target
	switch c := ast.Unparen(sel.X).(type) {
	case *ast.Ident:
		x := l.condLocker(c, 0)
		if x == nil {
			return Op{}, false
		}
		t, ok = l.valueTarget(x, 1)
	case *ast.SelectorExpr:
		g, isField := fieldOf(l.info, c)
		if !isField {
			return Op{}, false
		}
		t, ok = l.atField(g, c.X)
	default:
		return Op{}, false
	}
	if !ok {
		return Op{}, false
	}
	op := Op{Shape: Shape{Kind: Lock, Mutex: t.mutex}, Call: call, MutexExpr: t.expr, Embedded: t.embedded}
	if t.shared {
		op.Kind, op.ViaRLocker = RLock, true
	}
	return op, true
}
