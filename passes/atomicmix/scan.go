package atomicmix

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/identity"
)

// A function is the declaration enclosing an access, and its file.
type function struct {
	decl *ast.FuncDecl
	file *ast.File
}

// An atomicUse is one sync/atomic operation with a named target.
type atomicUse struct {
	op   atomicop.Op
	id   identity.ID
	fn   *function
	body ast.Node  // innermost FuncDecl or FuncLit whose body holds the call
	cont container // the type holding the memory by value, if any (containers.go)
}

// A plainUse is one plain read or write of memory that may be atomic.
type plainUse struct {
	expr  ast.Expr // the selector or identifier
	id    identity.ID
	write bool
	// stmt is the assignment or inc/dec statement when expr is written
	// by it (its only left-hand side), for the suggested fix.
	stmt ast.Stmt
	base *ast.Ident // v in v.f, or v itself for a variable
	fn   *function
	body ast.Node
	// copyOf describes the copied value when the access is a copy of a
	// struct holding field: *s, each element of s.all.
	copyOf string
	field  *types.Var
	cont   container // the type holding the memory by value, if any (containers.go)
	group  *copyGroup
}

// scan holds the accesses found in the package.
type scan struct {
	funcs  map[*ast.FuncDecl]*function
	atomic []*atomicUse
	plain  []*plainUse
	// elements are the atomic operations on elements of slices and
	// arrays (s.counts[i].Load()), keyed by the container (see
	// elementID), for the lost-update rule only.
	elements []*atomicUse

	// For operations through local pointers (pointers.go).
	info      *types.Info
	files     []*ast.File
	pointers  map[*ast.FuncDecl]map[*types.Var]ast.Expr
	accessors map[*types.Func]accessorResult
	decls     map[*types.Func]*ast.FuncDecl
}

func (s *scan) function(decl *ast.FuncDecl, file *ast.File) *function {
	f := s.funcs[decl]
	if f == nil {
		f = &function{decl: decl, file: file}
		s.funcs[decl] = f
	}
	return f
}

// findAtomic records every atomic operation in function bodies. It finds
// them through the type checker's record of uses of sync/atomic's
// functions and methods, so a package pays only for the calls it makes.
func findAtomic(pass *analysis.Pass, s *scan) {
	info := pass.TypesInfo
	var callees []ast.Node
	for ident, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" {
			callees = append(callees, ident)
		}
	}
	slices.SortFunc(callees, func(a, b ast.Node) int { return cmp.Compare(a.Pos(), b.Pos()) })
	paths := pathsTo(pass, callees)
	for _, ident := range callees {
		path := paths[ident]
		file, _ := fileOfPath(path)
		if file == nil {
			continue
		}
		call := calleeCall(path)
		if call == nil {
			continue // a function value, not a call
		}
		op, ok := atomicop.Classify(info, call)
		if !ok {
			continue
		}
		decl, body := enclosingFunc(path)
		if decl == nil {
			continue // package-level initialiser: runs before any goroutine
		}
		op = s.pointerTarget(info, decl, op)
		id := targetID(info, op)
		if !id.Valid() {
			if id := elementID(info, op); id.Valid() {
				s.elements = append(s.elements, &atomicUse{op: op, id: id, fn: s.function(decl, file), body: body})
			}
			continue // reached through a pointer: nothing to match
		}
		var cont container
		if !op.Typed && id.Kind == identity.Field {
			cont = containerOf(info, op.Target, op.Embedded)
		}
		s.atomic = append(s.atomic, &atomicUse{op: op, id: id, fn: s.function(decl, file), body: body, cont: cont})
	}
}

// calleeCall returns the call whose function is the identifier path[0]
// (f in f(x), atomic.F in atomic.F(x), x.M in x.M()).
func calleeCall(path []ast.Node) *ast.CallExpr {
	if len(path) < 2 {
		return nil
	}
	fun, rest := path[0], path[1:]
	if sel, ok := rest[0].(*ast.SelectorExpr); ok && sel.Sel == fun {
		fun, rest = sel, rest[1:]
	}
	for len(rest) > 0 {
		if _, ok := rest[0].(*ast.ParenExpr); !ok {
			break
		}
		fun, rest = rest[0], rest[1:]
	}
	if len(rest) == 0 {
		return nil
	}
	call, ok := rest[0].(*ast.CallExpr)
	if !ok || call.Fun != fun {
		return nil
	}
	return call
}

// enclosingFunc returns the FuncDecl and the innermost function body
// (FuncDecl or FuncLit) on an enclosing path, innermost first.
func enclosingFunc(path []ast.Node) (decl *ast.FuncDecl, body ast.Node) {
	for _, n := range path {
		switch n := n.(type) {
		case *ast.FuncLit:
			if body == nil {
				body = n
			}
		case *ast.FuncDecl:
			decl = n
			if body == nil {
				body = n
			}
		}
	}
	return decl, body
}

// targetID names the variable an atomic operation acts on, keying a field
// reached through embedded structs by the struct that declares it, so that
// s.hits and s.stats.hits agree.
func targetID(info *types.Info, op atomicop.Op) identity.ID {
	if op.Target == nil {
		return identity.ID{}
	}
	if len(op.Embedded) > 0 {
		return identity.OfPath(info, op.Target, op.Embedded)
	}
	return accessID(info, op.Target)
}

// accessID names the memory an addressable expression denotes; see
// targetID.
func accessID(info *types.Info, e ast.Expr) identity.ID {
	e = ast.Unparen(e)
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
			if path := identity.EmbeddedPath(s); len(path) > 0 {
				if n := identity.NamedStruct(path[len(path)-1].Type()); n != nil {
					return identity.FieldKey(n, sel.Sel.Name)
				}
			}
		}
	}
	return identity.Of(info, e)
}

// atomicType returns the sync/atomic type name for a variable of type t
// (Int64 for int64, Pointer for unsafe.Pointer), or "" when no legacy
// function takes a pointer to t.
// atomicKind is atomicType of t's underlying type: the functions accept
// a variable of a named integer type through a conversion,
// atomic.LoadInt32((*int32)(&c.flags)).
func atomicKind(t types.Type) string { return atomicType(t.Underlying()) }

// atomicMemory reports whether a variable of type t may be reached by a
// sync/atomic function, directly or through a conversion of its address
// (see atomicop.PeelConversions): an integer or unsafe.Pointer, of a named
// type or not, a float (atomic.LoadUint64((*uint64)(unsafe.Pointer(&f))))
// or a pointer ((*unsafe.Pointer)(unsafe.Pointer(&p))).
func atomicMemory(t types.Type) bool {
	if atomicKind(t) != "" {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return true
	case *types.Basic:
		return u.Kind() == types.Float32 || u.Kind() == types.Float64
	}
	return false
}

// atomicType names the sync/atomic functions that take a *t: Int32 for
// int32, "" for a named type of it (their calls need a conversion).
func atomicType(t types.Type) string {
	b, ok := types.Unalias(t).(*types.Basic)
	if !ok {
		return ""
	}
	switch b.Kind() {
	case types.Int32:
		return "Int32"
	case types.Int64:
		return "Int64"
	case types.Uint32:
		return "Uint32"
	case types.Uint64:
		return "Uint64"
	case types.Uintptr:
		return "Uintptr"
	case types.UnsafePointer:
		return "Pointer"
	}
	return ""
}

// findPlain finds the plain accesses of the memory named in want.
//
// Rather than walking every function body, it scans the type checker's
// records of field selections and identifier uses for variables of a type
// sync/atomic functions accept, and looks up the syntax around the few
// that are wanted: most packages have none, and a walk would cost every
// package go vet analyzes. Package-level initialisers are skipped: they
// run before any goroutine can share the memory.
func findPlain(pass *analysis.Pass, s *scan, sets ...*memoryKeys) {
	info := pass.TypesInfo
	want := func(id identity.ID) bool {
		return slices.ContainsFunc(sets, func(m *memoryKeys) bool { return m.keys[id.Key] })
	}
	// Naming an access costs more than reading its name: only accesses
	// of a name some key ends with are named, and a kind of access no
	// key names is not looked at.
	fieldNames, varNames := map[string]bool{}, map[string]bool{}
	for _, m := range sets {
		maps.Copy(fieldNames, m.fieldNames)
		maps.Copy(varNames, m.varNames)
	}
	var hits []ast.Node
	if len(fieldNames) > 0 {
		for sel, selection := range info.Selections {
			if selection.Kind() == types.FieldVal && atomicMemory(selection.Obj().Type()) && fieldNames[sel.Sel.Name] {
				if id := accessID(info, sel); id.Valid() && want(id) {
					hits = append(hits, sel)
				}
			}
		}
	}
	if len(varNames) > 0 {
		for ident, obj := range info.Uses {
			if v, ok := obj.(*types.Var); ok && !v.IsField() && atomicMemory(v.Type()) && varNames[ident.Name] {
				if id := identity.Of(info, ident); id.Valid() && want(id) {
					hits = append(hits, ident)
				}
			}
		}
	}
	slices.SortFunc(hits, func(a, b ast.Node) int { return cmp.Compare(a.Pos(), b.Pos()) })
	paths := pathsTo(pass, hits)
	for _, hit := range hits {
		e, path := hit.(ast.Expr), paths[hit]
		if len(path) == 0 {
			continue
		}
		if ident, ok := e.(*ast.Ident); ok && len(path) > 1 {
			if sel, ok := path[1].(*ast.SelectorExpr); ok && sel.Sel == ident {
				// pkg.Var: the access is the whole qualified identifier.
				e, path = sel, path[1:]
			}
		}
		access(pass, s, e, path)
	}
}

// memoryKeys is a set of identity keys of fields and variables, with the
// names they end with, so that a scan can pass over every access of
// another name cheaply.
type memoryKeys struct {
	keys       map[string]bool
	fields     map[string]bool // the keys of fields
	fieldNames map[string]bool // hits for example.com/x.Server.hits
	varNames   map[string]bool // counter for example.com/x.counter, n for a local n
}

func newMemoryKeys() *memoryKeys {
	return &memoryKeys{keys: map[string]bool{}, fields: map[string]bool{}, fieldNames: map[string]bool{}, varNames: map[string]bool{}}
}

// add records the memory named key, whose short name is short: Server.hits
// for a field (Type.field), counter for a variable, stats.n for a field
// of a variable of unnamed struct type.
func (m *memoryKeys) add(key, short string) {
	m.keys[key] = true
	if i := strings.LastIndexByte(short, '.'); i >= 0 {
		m.fields[key] = true
		m.fieldNames[short[i+1:]] = true
	} else {
		m.varNames[short] = true
	}
}

// fileOfPath returns the file at the end of a path from pathsTo.
func fileOfPath(path []ast.Node) (*ast.File, bool) {
	if len(path) == 0 {
		return nil, false
	}
	f, ok := path[len(path)-1].(*ast.File)
	return f, ok
}

// access classifies the use of e (read, write, or address taken), whose
// enclosing nodes are path (path[0] is e), and records it.
func access(pass *analysis.Pass, s *scan, e ast.Expr, path []ast.Node) {
	decl, body := enclosingFunc(path)
	if decl == nil {
		return // a package-level initialiser
	}
	use := &plainUse{expr: e, id: accessID(pass.TypesInfo, e), body: body}
	switch x := e.(type) {
	case *ast.Ident:
		use.base = x
	case *ast.SelectorExpr:
		use.base, _ = ast.Unparen(x.X).(*ast.Ident)
		if _, isField := pass.TypesInfo.Selections[x]; !isField {
			use.base = nil // pkg.Var
		}
	}
	parent := ast.Node(nil)
	for _, n := range path[1:] {
		if _, ok := n.(*ast.ParenExpr); !ok {
			parent = n
			break
		}
	}
	switch p := parent.(type) {
	case *ast.UnaryExpr:
		if p.Op == token.AND {
			return // &x: taking the address accesses nothing
		}
	case *ast.SelectorExpr:
		// x.m() with a pointer receiver takes &x: no access either.
		if sel := pass.TypesInfo.Selections[p]; sel != nil && sel.Kind() == types.MethodVal && ast.Unparen(p.X) == e {
			if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
				if _, ptr := sig.Recv().Type().Underlying().(*types.Pointer); ptr && len(sel.Index()) == 1 {
					return
				}
			}
		}
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if ast.Unparen(l) == e {
				use.write = true
				if len(p.Lhs) == 1 {
					use.stmt = p
				}
			}
		}
	case *ast.IncDecStmt:
		use.write, use.stmt = true, p
	case *ast.RangeStmt:
		use.write = ast.Unparen(p.Key) == e || ast.Unparen(p.Value) == e
	}
	var file *ast.File
	if f, ok := path[len(path)-1].(*ast.File); ok {
		file = f
	}
	use.fn = s.function(decl, file)
	if use.id.Kind == identity.Field {
		use.cont = containerOf(pass.TypesInfo, e, nil)
	}
	s.plain = append(s.plain, use)
}
