package held

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/lockop"
)

// ClassOf returns the lock class of a lock operation, the one every pass
// uses: identity's ID of the mutex, refined where a struct holds two values
// of one mutex-bearing type: c.in.Mutex and c.out.Mutex, with in and out both of type halfConn
// held by value in Conn, are two roles of every Conn (Conn.in.Mutex,
// Conn.out.Mutex), not one class halfConn.Mutex whose two instances would
// seem to nest in both orders. Only then: a lone value field keeps its
// type's class (o.inner.mu is Inner.mu), so that it matches what Inner's
// own methods lock; through a pointer the class is the pointee's.
func ClassOf(info *types.Info, op lockop.Op) (identity.ID, bool) {
	op.MutexExpr = MutexExpr(op)
	id := op.ID(info)
	if !id.Valid() {
		return identity.ID{}, false
	}
	if id.Kind != identity.Field {
		return id, true
	}
	var fields []string
	for _, f := range op.Embedded {
		fields = append(fields, f.Name())
	}
	cur := ast.Unparen(op.MutexExpr)
	var outer *types.Named
	siblings := false
	for {
		sel, ok := cur.(*ast.SelectorExpr)
		if !ok {
			break
		}
		s, ok := info.Selections[sel]
		if !ok || s.Kind() != types.FieldVal {
			break
		}
		if _, isPtr := types.Unalias(s.Obj().Type()).Underlying().(*types.Pointer); isPtr {
			break
		}
		var names []string
		for _, f := range identity.EmbeddedPath(s) {
			names = append(names, f.Name())
		}
		fields = append(append(names, sel.Sel.Name), fields...)
		cur = ast.Unparen(sel.X)
		t := info.TypeOf(cur)
		if t == nil {
			break
		}
		if n := identity.NamedStruct(t); n != nil {
			outer = n
			siblings = siblings || hasSibling(n, s.Obj())
		}
	}
	if outer == nil || !siblings {
		return id, true
	}
	// Not identity.FieldKey, which re-roots at the innermost named struct.
	obj := outer.Origin().Obj()
	short := obj.Name() + "." + strings.Join(fields, ".")
	key := short
	if obj.Pkg() != nil {
		key = obj.Pkg().Path() + "." + short
	}
	return identity.ID{Kind: identity.Field, Key: key, Short: short, Root: id.Root}, true
}

// MutexExpr returns the expression naming the mutex of op. Where lockop
// names none because the mutex is reached through a pointer (s.mu.Lock()
// with mu a *sync.Mutex field, or a *sync.Mutex parameter), the pointer
// stands for its mutex: the class is the pointer field (T.mu) or variable.
func MutexExpr(op lockop.Op) ast.Expr {
	if op.MutexExpr != nil || len(op.Embedded) > 0 || (op.Opaque() && !op.ViaRLocker) {
		return op.MutexExpr
	}
	sel, ok := ast.Unparen(op.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	recv := sel.X
	if op.ViaRLocker {
		inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			return nil
		}
		isel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		recv = isel.X
	}
	switch ast.Unparen(recv).(type) {
	case *ast.Ident, *ast.SelectorExpr:
		return recv
	}
	return nil
}

// InstanceOfOp names the mutex value of op in its function (see
// InstanceOf).
func InstanceOfOp(info *types.Info, op lockop.Op, alias func(*types.Var) ast.Expr) Instance {
	return InstanceOf(info, MutexExpr(op), op.Embedded, alias)
}

func hasSibling(n *types.Named, f types.Object) bool {
	st := n.Underlying().(*types.Struct)
	for i := range st.NumFields() {
		if g := st.Field(i); g != f && types.Identical(g.Type(), f.Type()) {
			return true
		}
	}
	return false
}
