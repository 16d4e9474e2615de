// Package identity names the memory that an expression denotes, in a form
// that means the same thing in every package: the key facts are stored under
// and the name diagnostics print.
//
// Three kinds of memory have a name:
//
//   - a field reached from a value of a named struct type is named by that
//     type and the field path, whatever the instance:
//     example.com/x.Server.mu, example.com/x.Conn.stats.hits
//     (the generic origin is used, so Box[int].p and Box[T].p agree);
//   - a package-level variable, and fields of it while its type is unnamed:
//     example.com/x.counter, example.com/x.stats.hits;
//   - a local variable (and fields of an unnamed struct in it), which is
//     only meaningful inside the function that declares it.
//
// Everything else (memory reached through a pointer parameter, a map
// element, a call result of unnamed type) has no stable name: Of returns an
// ID with Kind Unknown and callers treat it as opaque.
package identity

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Kind says what sort of memory an ID names.
type Kind uint8

const (
	Unknown Kind = iota // no stable name: opaque
	Field               // a field path on a named struct type, for every instance
	Global              // a package-level variable (or a field path inside one)
	Local               // a local variable (or a field path inside one)
)

func (k Kind) String() string {
	switch k {
	case Field:
		return "field"
	case Global:
		return "global"
	case Local:
		return "local"
	}
	return "unknown"
}

// An ID names a piece of memory.
type ID struct {
	Kind Kind
	// Key is canonical and comparable across packages for Field and
	// Global; for Local it is unique within one package (it carries the
	// declaration position).
	Key string
	// Short is the name printed in diagnostics: Server.mu, counter, mu.
	Short string
	// Root is the variable at the root of a Global or Local ID.
	Root *types.Var
}

// Valid reports whether id names something.
func (id ID) Valid() bool { return id.Kind != Unknown }

func (id ID) String() string { return id.Short }

// Of returns the ID of the memory denoted by the addressable expression e
// (s.mu, s.stats.hits, counter, arr[i].n).
func Of(info *types.Info, e ast.Expr) ID {
	return OfPath(info, e, nil)
}

// OfPath returns the ID of the memory reached from base by the implicit
// (embedded) fields in path: the target of a promoted method such as
// s.Lock() where s embeds a sync.Mutex.
func OfPath(info *types.Info, base ast.Expr, path []*types.Var) ID {
	var fields []string
	for _, f := range path {
		fields = append(fields, f.Name())
	}
	return of(info, base, fields)
}

// of resolves e.fields..., walking selectors from the outside in.
func of(info *types.Info, e ast.Expr, fields []string) ID {
	e = ast.Unparen(e)
	// A field path stops at the nearest value of named struct type.
	if len(fields) > 0 {
		if tv, ok := info.Types[e]; ok {
			if n := namedStruct(tv.Type); n != nil {
				return fieldID(n, fields)
			}
		}
	}
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			v, ok = info.Defs[e].(*types.Var)
		}
		if !ok || v.IsField() {
			return ID{}
		}
		return varID(v, fields)
	case *ast.SelectorExpr:
		sel, ok := info.Selections[e]
		if !ok {
			// A qualified identifier: pkg.Var.
			if v, ok := info.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
				return varID(v, fields)
			}
			return ID{}
		}
		if sel.Kind() != types.FieldVal {
			return ID{}
		}
		// sel.Index() may run through embedded fields: name each of them.
		names := implicitFields(sel)
		return of(info, e.X, append(names, fields...))
	case *ast.StarExpr:
		// *p where p's element is a named struct is handled above when
		// fields follow; bare *p names nothing stable.
		return ID{}
	case *ast.IndexExpr:
		// Elements of arrays and slices of named structs are handled
		// above; a bare element names nothing stable.
		return ID{}
	}
	return ID{}
}

// implicitFields lists the field names a field selection walks through,
// embedded ones included, ending with the selected field.
func implicitFields(sel *types.Selection) []string {
	var names []string
	for _, f := range EmbeddedPath(sel) {
		names = append(names, f.Name())
	}
	return append(names, sel.Obj().Name())
}

// fieldID names the field path fields on n, rooted at the innermost named
// struct type along the path, so that o.Counter.n and o.n (Counter
// embedded in o's type) both name Counter.n.
func fieldID(n *types.Named, fields []string) ID {
	n, fields = innermost(n, fields)
	obj := n.Origin().Obj()
	path := strings.Join(fields, ".")
	pkg := ""
	if obj.Pkg() != nil {
		pkg = obj.Pkg().Path() + "."
	}
	return ID{
		Kind:  Field,
		Key:   pkg + obj.Name() + "." + path,
		Short: obj.Name() + "." + path,
	}
}

// innermost re-roots the path fields on n at the last named struct type
// it passes through.
func innermost(n *types.Named, fields []string) (*types.Named, []string) {
	t := types.Type(n)
	for i := 0; i < len(fields)-1; i++ {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			break
		}
		var ft types.Type
		for j := 0; j < st.NumFields(); j++ {
			if st.Field(j).Name() == fields[i] {
				ft = st.Field(j).Type()
				break
			}
		}
		if ft == nil {
			break
		}
		if inner := namedStruct(ft); inner != nil {
			n, fields = inner, fields[i+1:]
			i = -1
		}
		t = ft
	}
	return n, fields
}

func varID(v *types.Var, fields []string) ID {
	suffix := ""
	if len(fields) > 0 {
		suffix = "." + strings.Join(fields, ".")
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return ID{Kind: Global, Key: v.Pkg().Path() + "." + v.Name() + suffix, Short: v.Name() + suffix, Root: v}
	}
	return ID{Kind: Local, Key: v.Name() + suffix + "@" + posKey(v.Pos()), Short: v.Name() + suffix, Root: v}
}

func posKey(p token.Pos) string {
	// The raw Pos is unique within one FileSet, which is all a local
	// needs: locals never leave their package.
	return strconv.Itoa(int(p))
}

// NamedStruct returns the named struct type of t or *t, or nil.
func NamedStruct(t types.Type) *types.Named { return namedStruct(t) }

func namedStruct(t types.Type) *types.Named {
	t = deref(t)
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n
}

func deref(t types.Type) types.Type {
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		if _, isNamed := t.(*types.Named); !isNamed {
			return types.Unalias(p.Elem())
		}
	}
	return t
}

// FieldKey returns the key of the field path on the named struct type n, as
// Of would compute it for s.f.g with s of type n: for facts computed from
// type information rather than syntax.
func FieldKey(n *types.Named, fields ...string) ID {
	return fieldID(n, fields)
}

// EmbeddedPath returns the implicit embedded fields a method or field
// selection walks through before reaching the selected member.
func EmbeddedPath(sel *types.Selection) []*types.Var {
	idx := sel.Index()
	if len(idx) < 2 {
		return nil
	}
	var path []*types.Var
	t := sel.Recv()
	for _, i := range idx[:len(idx)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		f := st.Field(i)
		path = append(path, f)
		t = f.Type()
	}
	return path
}

// ReceiverTarget returns the expression denoting the variable a method is
// called on, given the receiver expression as written and the embedded
// fields the call is promoted through: recv itself for s.mu.Lock(); x for
// (&x).Lock(); nil for p.Lock() with p a pointer, whose pointee has no
// name. With a non-empty embedded path the fields name the memory, so recv
// is returned whatever its type.
func ReceiverTarget(info *types.Info, recv ast.Expr, embedded []*types.Var) ast.Expr {
	if len(embedded) > 0 {
		return recv
	}
	tv, ok := info.Types[recv]
	if !ok {
		return nil
	}
	if _, isPtr := types.Unalias(tv.Type).(*types.Pointer); !isPtr {
		return recv
	}
	if u, ok := ast.Unparen(recv).(*ast.UnaryExpr); ok && u.Op == token.AND {
		return u.X
	}
	return nil
}

// A Step is the kind of one link of an access path, from a variable to the
// memory an expression denotes (see Root).
type Step uint8

const (
	StepField Step = iota // x.f: a field, selected explicitly (through an implicit dereference or not)
	StepArray             // a[i], a an array value: memory of a's own
	StepIndex             // s[i], s a slice, a pointer to an array or a string: memory s refers to
	StepMap               // m[k]: a map entry
	StepDeref             // *p: memory p refers to
)

// Root returns the variable at the root of e's access path, a chain of
// explicit field selections, index expressions and dereferences ending in
// an identifier (v in *v.a.b[i].c), or nil if e is not such a path, its
// root is not a variable, or keep refuses one of its steps. keep is called
// for each step from e inward, with the step's operand (x for x.f, a[i]
// and *x).
//
// Each ownership question walks the same paths with its own policy: memory
// of the variable's own object only (fields and array elements), or
// anything the variable reaches but map entries, for instance.
func Root(info *types.Info, e ast.Expr, keep func(step Step, operand ast.Expr) bool) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if s := info.Selections[x]; s == nil || s.Kind() != types.FieldVal || !keep(StepField, x.X) {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			t := info.TypeOf(x.X)
			if t == nil {
				return nil
			}
			step := StepIndex
			switch t.Underlying().(type) {
			case *types.Array:
				step = StepArray
			case *types.Map:
				step = StepMap
			}
			if !keep(step, x.X) {
				return nil
			}
			e = x.X
		case *ast.StarExpr:
			if !keep(StepDeref, x.X) {
				return nil
			}
			e = x.X
		case *ast.Ident:
			v, _ := info.Uses[x].(*types.Var)
			return v
		default:
			return nil
		}
	}
}
