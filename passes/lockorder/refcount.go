package lockorder

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/held"
)

// The last reference (golang.org/x/net/trace's unref): inside
//
//	if atomic.AddInt32(&tr.refs, -1) == 0 { ... }
//
// (or tr.refs.Add(-1) == 0) this goroutine has just dropped the last
// reference to tr, so no other goroutine can hold tr's locks: acquiring
// them cannot block, and like TryLock they add no order edges and are left
// out of the function's summary. That holds for the mutexes inside tr's own
// storage (tr.mu, tr.inner.mu; not tr.parent.mu behind a pointer), locked
// directly or by a call in that branch that receives tr.

// lastRef returns the object whose reference count e tests for having just
// dropped to zero, and whether e is true then: atomic.AddInt32(&x.refs, -1)
// == 0, x.refs.Add(-1) == 0, and their negations with !=.
func (a *analyzer) lastRef(e ast.Expr) (held.Instance, bool, bool) {
	info := a.pass.TypesInfo
	bin, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
		return held.Instance{}, false, false
	}
	call, other := bin.X, bin.Y
	if isZero(info, call) {
		call, other = other, call
	}
	c, ok := ast.Unparen(call).(*ast.CallExpr)
	if !ok || !isZero(info, other) {
		return held.Instance{}, false, false
	}
	op, ok := atomicop.Classify(info, c)
	if !ok || op.Kind != atomicop.Add || !isMinusOne(info, op.Value()) {
		return held.Instance{}, false, false
	}
	sel, ok := ast.Unparen(op.Target).(*ast.SelectorExpr)
	if !ok || len(op.Embedded) > 0 {
		return held.Instance{}, false, false
	}
	if s, ok := info.Selections[sel]; !ok || s.Kind() != types.FieldVal {
		return held.Instance{}, false, false
	}
	obj := a.instanceOf(sel.X, nil)
	if !obj.Known() {
		return held.Instance{}, false, false
	}
	return obj, bin.Op == token.EQL, true
}

func isMinusOne(info *types.Info, e ast.Expr) bool {
	if e == nil {
		return false
	}
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	v, exact := constant.Int64Val(constant.ToInt(tv.Value))
	return exact && v == -1
}

// ownedLock reports whether inst is a mutex stored inside an object whose
// last reference this goroutine has just dropped.
func (a *analyzer) ownedLock(s *heldSet, inst held.Instance) bool {
	if !inst.Known() || len(s.owned) == 0 {
		return false
	}
	for obj := range s.owned {
		if obj.Root != inst.Root {
			continue
		}
		rest, ok := inst.Path, obj.Path == ""
		if !ok {
			rest, ok = strings.CutPrefix(inst.Path, obj.Path+".")
		}
		if !ok {
			continue
		}
		var prefix []string
		if obj.Path != "" {
			prefix = strings.Split(obj.Path, ".")
		}
		base, ok := fieldType(derefType(obj.Root.Type()), prefix)
		if !ok {
			continue
		}
		if inPlace(derefType(base), strings.Split(rest, ".")) {
			return true
		}
	}
	return false
}

func derefType(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// fieldType follows a path of field names from t; through a pointer only
// at the start.
func fieldType(t types.Type, names []string) (types.Type, bool) {
	for _, name := range names {
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return nil, false
		}
		var next types.Type
		for i := range st.NumFields() {
			if st.Field(i).Name() == name {
				next = st.Field(i).Type()
			}
		}
		if next == nil {
			return nil, false
		}
		t = next
	}
	return t, true
}

// inPlace reports whether the fields names, from a value of type t, reach
// storage inside that value: no field on the way (the last included) is a
// pointer.
func inPlace(t types.Type, names []string) bool {
	for _, name := range names {
		next, ok := fieldType(t, []string{name})
		if !ok {
			return false
		}
		if isPointer(next) {
			return false
		}
		t = next
	}
	return true
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}
