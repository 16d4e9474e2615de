package atomicmix

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/identity"
)

// findCopies finds copies of struct values that hold memory in targets,
// directly or in a struct or array field: x := *s reads every field of *s
// plainly, the atomic ones included. A copy is a dereference, a field, an
// array or slice element or a variable used as a value (assigned, passed,
// returned, sent, compared, stored in a literal), or the value variable
// of a range over an array or slice of such structs. Whole-struct writes
// (*s = T{}) are left out: they are how pooled objects are reset by their
// owner. Map values and channel elements are never left in place to be
// accessed atomically.
//
// Like findPlain, it visits only the type checker's records, and only in
// packages where some field is a target.
func findCopies(pass *analysis.Pass, s *scan, targets map[string]bool) {
	info := pass.TypesInfo
	holds := &heldTargets{targets: targets, memo: map[types.Type]*types.Var{}}
	type hit struct {
		e         ast.Expr
		f         *types.Var // held by e's value
		owner     *types.Named
		elem      *types.Var // held by each element of e
		elemOwner *types.Named
	}
	var hits []hit
	for e, tv := range info.Types {
		if !tv.IsValue() {
			continue
		}
		switch e.(type) {
		case *ast.StarExpr, *ast.SelectorExpr, *ast.Ident, *ast.IndexExpr, *ast.SliceExpr:
		default:
			continue
		}
		h := hit{e: e}
		h.f, h.owner = holds.field(tv.Type)
		if elem := rangeElem(tv.Type); elem != nil {
			h.elem, h.elemOwner = holds.field(elem)
		}
		if h.f != nil || h.elem != nil {
			hits = append(hits, h)
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Compare(a.e.Pos(), b.e.Pos()) })
	nodes := make([]ast.Node, len(hits))
	for i, h := range hits {
		nodes[i] = h.e
	}
	paths := pathsTo(pass, nodes)
	for _, h := range hits {
		path := paths[h.e]
		if len(path) < 2 {
			continue
		}
		desc, f, owner := types.ExprString(h.e), h.f, h.owner
		switch {
		case h.elem != nil && rangeCopies(h.e, path):
			desc, f, owner = "each element of "+desc, h.elem, h.elemOwner
		case h.f != nil && copies(info, h.e, path):
		default:
			continue
		}
		decl, body := enclosingFunc(path)
		if decl == nil {
			continue // a package-level initialiser
		}
		file, _ := fileOfPath(path)
		use := &plainUse{
			expr:   h.e,
			id:     identity.FieldKey(owner, f.Name()),
			base:   copyBase(info, h.e),
			fn:     s.function(decl, file),
			body:   body,
			copyOf: desc,
			field:  f,
			cont:   copyContainer(info, h.e, f),
		}
		if use.cont.key == "" || f != h.f {
			s.plain = append(s.plain, use)
			continue
		}
		// In a container, the first field held may be atomic only in
		// others: every field held is a candidate, reported once.
		group := &copyGroup{}
		for _, fo := range holds.all(info.TypeOf(h.e)) {
			u := *use
			u.id, u.field, u.cont, u.group = identity.FieldKey(fo.owner, fo.f.Name()), fo.f, copyContainer(info, h.e, fo.f), group
			s.plain = append(s.plain, &u)
		}
	}
}

// heldTargets finds the target fields struct types hold by value.
type heldTargets struct {
	targets map[string]bool
	memo    map[types.Type]*types.Var
	owners  map[*types.Var]*types.Named
}

// field returns the first target field a value of type t holds, and the
// struct type declaring it.
func (h *heldTargets) field(t types.Type) (*types.Var, *types.Named) {
	t = types.Unalias(t)
	if f, ok := h.memo[t]; ok {
		return f, h.owners[f]
	}
	h.memo[t] = nil // a value type cannot contain itself; this only bounds the work
	var found *types.Var
	var owner *types.Named
	switch u := t.Underlying().(type) {
	case *types.Struct:
		named, _ := t.(*types.Named)
		for f := range u.Fields() {
			if named != nil && atomicMemory(f.Type()) && h.targets[identity.FieldKey(named, f.Name()).Key] {
				found, owner = f, named
				break
			}
			if ff, o := h.field(f.Type()); ff != nil {
				found, owner = ff, o
				break
			}
		}
	case *types.Array:
		found, owner = h.field(u.Elem())
	}
	h.memo[t] = found
	if found != nil {
		if h.owners == nil {
			h.owners = map[*types.Var]*types.Named{}
		}
		h.owners[found] = owner
	}
	return found, owner
}

// A heldField is a target field a struct value holds, and the struct type
// declaring it.
type heldField struct {
	f     *types.Var
	owner *types.Named
}

// all returns every target field a value of type t holds in its struct
// fields, directly or nested by value (not through arrays), in order.
func (h *heldTargets) all(t types.Type) []heldField {
	var out []heldField
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		st, ok := types.Unalias(t).Underlying().(*types.Struct)
		if !ok || depth > 8 {
			return
		}
		named, _ := types.Unalias(t).(*types.Named)
		for f := range st.Fields() {
			if named != nil && atomicMemory(f.Type()) && h.targets[identity.FieldKey(named, f.Name()).Key] {
				out = append(out, heldField{f, named})
				continue
			}
			walk(f.Type(), depth+1)
		}
	}
	walk(t, 0)
	return out
}

// A copyGroup is the candidates of one copy (see findCopies): the first
// one reported silences the others.
type copyGroup struct{ reported bool }

// copyBase returns the local or package variable whose own memory the
// copied expression e is: s in *s and s.f, a in a[i] for an array a, e
// itself; nil when e reaches memory through anything else.
func copyBase(info *types.Info, e ast.Expr) *ast.Ident {
	var x ast.Expr
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.StarExpr:
		x = e.X
	case *ast.SelectorExpr:
		if s := info.Selections[e]; s == nil {
			return nil // pkg.Var
		}
		x = e.X
	case *ast.IndexExpr:
		if _, ok := info.TypeOf(e.X).Underlying().(*types.Array); !ok {
			return nil
		}
		x = e.X
	case *ast.SliceExpr:
		return nil
	}
	id, _ := ast.Unparen(x).(*ast.Ident)
	return id
}

// rangeElem returns the element type of an array, pointer to array or
// slice type, whose elements a range statement copies in place.
func rangeElem(t types.Type) types.Type {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Pointer:
		if a, ok := u.Elem().Underlying().(*types.Array); ok {
			return a.Elem()
		}
	}
	return nil
}

// copies reports whether the struct-valued expression e, whose enclosing
// nodes are path, is copied: used as a value rather than selected from,
// indexed, addressed or assigned to.
func copies(info *types.Info, e ast.Expr, path []ast.Node) bool {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s == nil || s.Kind() != types.FieldVal {
			if _, isVar := info.Uses[sel.Sel].(*types.Var); !isVar {
				return false // a method value
			}
		}
	}
	if id, ok := e.(*ast.Ident); ok {
		v, isVar := info.Uses[id].(*types.Var)
		if !isVar || v.IsField() {
			return false // a field name in a literal or selector
		}
		if sel, ok := path[1].(*ast.SelectorExpr); ok && sel.Sel == id {
			return false // pkg.Var: the selector is the expression
		}
	}
	child := ast.Node(e)
	for _, n := range path[1:] {
		if _, ok := n.(*ast.ParenExpr); ok {
			child = n
			continue
		}
		switch p := n.(type) {
		case *ast.AssignStmt:
			return !slices.Contains(p.Lhs, ast.Expr(child.(ast.Expr)))
		case *ast.ValueSpec, *ast.ReturnStmt, *ast.SendStmt, *ast.KeyValueExpr, *ast.CompositeLit:
			return true
		case *ast.BinaryExpr:
			return p.Op == token.EQL || p.Op == token.NEQ
		case *ast.CallExpr:
			if p.Fun == child {
				return false
			}
			return !unevaluated(info, p)
		}
		return false
	}
	return false
}

// rangeCopies reports whether e is ranged over with a value variable.
func rangeCopies(e ast.Expr, path []ast.Node) bool {
	for _, n := range path[1:] {
		if _, ok := n.(*ast.ParenExpr); ok {
			continue
		}
		r, ok := n.(*ast.RangeStmt)
		return ok && ast.Unparen(r.X) == e && r.Value != nil && !isBlank(r.Value)
	}
	return false
}

// unevaluated reports whether call is unsafe.Sizeof, Alignof or
// Offsetof, whose operand is not evaluated.
func unevaluated(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	b, ok := info.Uses[sel.Sel].(*types.Builtin)
	return ok && (b.Name() == "Sizeof" || b.Name() == "Alignof" || b.Name() == "Offsetof")
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}
