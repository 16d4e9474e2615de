package escape

import (
	"go/types"

	"honnef.co/go/tools/go/ir"
	htypeutil "honnef.co/go/tools/go/types/typeutil"
)

// AddrLocal is the same question on the IR, for a pass that has built it
// (publish): whether the address v, an allocation or a field or element
// address inside one, is only loaded from, stored to (as the address, not
// the value) or refined into field or array element addresses obeying the
// same rule. The memory then never leaves the function: no other
// goroutine can see it, and a store into it is a strong update.
func AddrLocal(v ir.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ir.Load:
		case *ir.Store:
			if r.Val == v {
				return false
			}
		case *ir.FieldAddr:
			if !AddrLocal(r) {
				return false
			}
		case *ir.IndexAddr:
			// An element of an array the address points to; a slice's
			// elements live in storage of their own.
			if _, isArrayAddr := coreOf(r.X.Type()).(*types.Pointer); !isArrayAddr || !AddrLocal(r) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// coreOf returns t's core type for a type parameter, its underlying type
// otherwise.
func coreOf(t types.Type) types.Type {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		if ct := htypeutil.CoreType(t); ct != nil {
			return ct
		}
	}
	return t.Underlying()
}
