// Package lockop recognises operations on sync.Mutex and sync.RWMutex:
// Lock, Unlock, RLock, RUnlock, TryLock and TryRLock, on fields, package
// variables and locals, through embedded mutexes (promoted methods), through
// RWMutex.RLocker(), and in defer statements.
//
// Calls through a locker interface are recognised as opaque: sync.Locker,
// any other interface whose method set has Lock() and Unlock(), and a type
// parameter constrained by one (func f[L sync.Locker](mu L)). The mutex
// behind them is unknown, so the operation names the Locker value instead
// (its variable or field: g.mu in g.mu.Lock() with mu an L), which passes
// use as the lock's name, the way a *sync.Mutex field stands for its mutex.
// A Locker that stands for a known mutex (rl := mu.RLocker(), a sync.Cond
// made with c.mu.RLocker() in an unexported field) is resolved to it by
// Lockers, an index of the package's Locker and Cond writes built once;
// so is a mutex's own method taken as a function value (lock := mu.Lock;
// lock(), a func field set to s.mu.Unlock): see Lockers.MethodValue.
package lockop

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/identity"
)

// Kind is the kind of a lock operation.
type Kind uint8

const (
	Invalid Kind = iota
	Lock
	Unlock
	RLock
	RUnlock
	TryLock
	TryRLock
)

var kindNames = [...]string{"Invalid", "Lock", "Unlock", "RLock", "RUnlock", "TryLock", "TryRLock"}

func (k Kind) String() string { return kindNames[k] }

// Acquires reports whether k takes the lock (for Try kinds: if it succeeds).
func (k Kind) Acquires() bool {
	return k == Lock || k == RLock || k == TryLock || k == TryRLock
}

// Releases reports whether k releases the lock.
func (k Kind) Releases() bool { return k == Unlock || k == RUnlock }

// Shared reports whether k concerns the read side of an RWMutex.
func (k Kind) Shared() bool { return k == RLock || k == RUnlock || k == TryRLock }

// Try reports whether k may fail.
func (k Kind) Try() bool { return k == TryLock || k == TryRLock }

var methodKinds = map[string]Kind{
	"Lock": Lock, "Unlock": Unlock, "RLock": RLock, "RUnlock": RUnlock,
	"TryLock": TryLock, "TryRLock": TryRLock,
}

// Shape is what a callee alone says about a lock operation.
type Shape struct {
	Kind Kind
	// Mutex is "Mutex", "RWMutex" or "Locker" (the interface: opaque).
	Mutex string
}

// Opaque reports whether the mutex behind the operation is unknown.
func (s Shape) Opaque() bool { return s.Mutex == "Locker" }

// Func classifies fn as a lock operation: a method of sync.Mutex,
// sync.RWMutex or sync.Locker, or of another locker interface (see the
// package comment).
func Func(fn *types.Func) (Shape, bool) {
	if fn == nil || fn.Pkg() == nil {
		return Shape{}, false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return Shape{}, false
	}
	k, ok := methodKinds[fn.Name()]
	if !ok {
		return Shape{}, false
	}
	if fn.Pkg().Path() != "sync" {
		if sig.Params().Len() == 0 && IsLockerInterface(sig.Recv().Type()) {
			return Shape{Kind: k, Mutex: "Locker"}, true
		}
		return Shape{}, false
	}
	rt := types.Unalias(sig.Recv().Type())
	if p, ok := rt.(*types.Pointer); ok {
		rt = types.Unalias(p.Elem())
	}
	named, ok := rt.(*types.Named)
	if !ok {
		return Shape{}, false
	}
	switch name := named.Obj().Name(); name {
	case "Mutex", "RWMutex", "Locker":
		return Shape{Kind: k, Mutex: name}, true
	}
	return Shape{}, false
}

// IsLockerInterface reports whether t is an interface (or a type
// parameter) whose method set has Lock() and Unlock().
func IsLockerInterface(t types.Type) bool {
	iface, ok := types.Unalias(t).Underlying().(*types.Interface)
	if !ok {
		return false
	}
	has := func(name string) bool {
		for i := range iface.NumMethods() {
			m := iface.Method(i)
			if m.Name() == name {
				s := m.Signature()
				return s.Params().Len() == 0 && s.Results().Len() == 0
			}
		}
		return false
	}
	return has("Lock") && has("Unlock")
}

// IsRLocker reports whether fn is (*sync.RWMutex).RLocker.
func IsRLocker(fn *types.Func) bool {
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == "RLocker" &&
		fn.Type().(*types.Signature).Recv() != nil
}

// An Op is one lock operation found in syntax.
type Op struct {
	Shape
	Call *ast.CallExpr
	// Mutex is the expression denoting the mutex (s.mu in s.mu.Lock(),
	// s in s.Lock() with an embedded mutex, mu in mu.RLocker().Lock()),
	// or, for an opaque operation, the Locker value (l in l.Lock() with l
	// a parameter, s.l in s.l.Lock()). Nil for mutexes reached only
	// through a pointer (p.Lock() with p a *sync.Mutex), Lockers without
	// a name (get().Lock()) and local Locker variables, which stand for
	// another lock (l := mu.RLocker()).
	MutexExpr ast.Expr
	// Embedded lists the implicit fields from MutexExpr to the mutex.
	Embedded []*types.Var
	// ViaRLocker is set for mu.RLocker().Lock(), which read-locks mu.
	ViaRLocker bool
	// Deferred is set when the call is the call of a defer statement.
	Deferred bool
	// Value is set for the call of a mutex's method taken as a value
	// (unlock := mu.Unlock; unlock(): see Lockers.MethodValue).
	Value bool
}

// ID returns the identity of the mutex, invalid when it has none.
func (op Op) ID(info *types.Info) identity.ID {
	if op.MutexExpr == nil {
		return identity.ID{}
	}
	return identity.OfPath(info, op.MutexExpr, op.Embedded)
}

// Classify reports whether call is a lock operation and describes it.
func Classify(info *types.Info, call *ast.CallExpr) (Op, bool) {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	shape, ok := Func(fn)
	if !ok {
		return Op{}, false
	}
	op := Op{Shape: shape, Call: call}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return op, true
	}
	if shape.Opaque() {
		// mu.RLocker().Lock() read-locks mu.
		inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		var innerFn *types.Func
		var isel *ast.SelectorExpr
		if ok {
			innerFn, _ = typeutil.Callee(info, inner).(*types.Func)
			isel, ok = ast.Unparen(inner.Fun).(*ast.SelectorExpr)
		}
		if !ok || !IsRLocker(innerFn) {
			// Another Locker: named by its variable or field, unless it
			// is a local interface variable, which stands for some
			// other lock (l := mu.RLocker(), var l sync.Locker = &mu).
			if s, ok := info.Selections[sel]; ok {
				op.Embedded = identity.EmbeddedPath(s)
			}
			if !localInterface(info, sel.X) {
				op.MutexExpr = identity.ReceiverTarget(info, sel.X, op.Embedded)
			}
			return op, true
		}
		op.ViaRLocker = true
		op.Mutex = "RWMutex"
		switch shape.Kind {
		case Lock:
			op.Kind = RLock
		case Unlock:
			op.Kind = RUnlock
		case TryLock:
			op.Kind = TryRLock
		}
		if s, ok := info.Selections[isel]; ok {
			op.Embedded = identity.EmbeddedPath(s)
		}
		op.MutexExpr = identity.ReceiverTarget(info, isel.X, op.Embedded)
		return op, true
	}
	if s, ok := info.Selections[sel]; ok {
		op.Embedded = identity.EmbeddedPath(s)
	}
	op.MutexExpr = identity.ReceiverTarget(info, sel.X, op.Embedded)
	return op, true
}

// localInterface reports whether e is a local variable of interface type
// (a type parameter aside), or a Locker field of a sync type (Cond.L):
// Lockers that stand for another lock.
func localInterface(info *types.Info, e ast.Expr) bool {
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		// sync.Cond's L stands for the mutex NewCond was given: naming
		// it Cond.L would make every Cond's lock one class.
		v, ok := info.Uses[sel.Sel].(*types.Var)
		return ok && v.IsField() && v.Pkg() != nil && v.Pkg().Path() == "sync"
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Kind() != types.LocalVar {
		return false
	}
	if _, isParam := types.Unalias(v.Type()).(*types.TypeParam); isParam {
		return false
	}
	_, isIface := v.Type().Underlying().(*types.Interface)
	return isIface
}

// Deferred classifies the call of a defer statement: defer mu.Unlock().
// A deferred closure (defer func() { mu.Unlock() }()) is not a lock
// operation itself; passes walk its body as code run at exit.
func Deferred(info *types.Info, d *ast.DeferStmt) (Op, bool) {
	op, ok := Classify(info, d.Call)
	op.Deferred = ok
	return op, ok
}
