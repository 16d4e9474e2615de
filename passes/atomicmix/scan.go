package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/identity"
)

// A function is one FuncDecl, with what the silencing rules need about it,
// computed on first use.
type function struct {
	decl *ast.FuncDecl
	file *ast.File
}

// An atomicUse is one sync/atomic operation with a named target.
type atomicUse struct {
	op   atomicop.Op
	id   identity.ID
	fn   *function
	body ast.Node // innermost FuncDecl or FuncLit whose body holds the call
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
}

// scan holds what the walk found in the package.
type scan struct {
	funcs  map[*ast.FuncDecl]*function
	atomic []*atomicUse
	plain  []*plainUse
}

func (s *scan) function(decl *ast.FuncDecl, file *ast.File) *function {
	f := s.funcs[decl]
	if f == nil {
		f = &function{decl: decl, file: file}
		s.funcs[decl] = f
	}
	return f
}

// findAtomic records every atomic operation in function bodies. The
// inspector's type filter makes this a cheap pass over call expressions.
func findAtomic(pass *analysis.Pass, in *inspector.Inspector, s *scan) {
	in.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		op, ok := atomicop.Classify(pass.TypesInfo, n.(*ast.CallExpr))
		if !ok {
			return true
		}
		decl, file, body := enclosing(stack)
		if decl == nil {
			return true // package-level initialiser: runs before any goroutine
		}
		id := targetID(pass.TypesInfo, op)
		if !id.Valid() {
			return true // reached through a pointer: nothing to match
		}
		s.atomic = append(s.atomic, &atomicUse{op: op, id: id, fn: s.function(decl, file), body: body})
		return true
	})
}

// enclosing returns the FuncDecl, file and innermost function body of the
// node at the top of stack.
func enclosing(stack []ast.Node) (decl *ast.FuncDecl, file *ast.File, body ast.Node) {
	for _, n := range stack {
		switch n := n.(type) {
		case *ast.File:
			file = n
		case *ast.FuncDecl:
			decl, body = n, n
		case *ast.FuncLit:
			body = n
		}
	}
	return decl, file, body
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
				if n := namedStruct(path[len(path)-1].Type()); n != nil {
					return identity.FieldKey(n, sel.Sel.Name)
				}
			}
		}
	}
	return identity.Of(info, e)
}

func namedStruct(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n
}

// atomicType returns the sync/atomic type name for a variable of type t
// (Int64 for int64, Pointer for unsafe.Pointer), or "" when no legacy
// function takes a pointer to t.
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

// findPlain walks every function body for plain accesses of the memory
// named in want. Package-level initialisers are not walked: they run
// before any goroutine can share the memory.
func findPlain(pass *analysis.Pass, s *scan, want func(identity.ID) bool) {
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			w := &plainWalker{pass: pass, s: s, want: want, decl: decl, file: file}
			ast.Inspect(decl, w.visit)
		}
	}
}

type plainWalker struct {
	pass   *analysis.Pass
	s      *scan
	want   func(identity.ID) bool
	decl   *ast.FuncDecl
	file   *ast.File
	stack  []ast.Node
	bodies []ast.Node // enclosing FuncDecl and FuncLits
}

func (w *plainWalker) visit(n ast.Node) bool {
	if n == nil {
		top := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		if top == w.bodies[len(w.bodies)-1] {
			w.bodies = w.bodies[:len(w.bodies)-1]
		}
		return true
	}
	w.stack = append(w.stack, n)
	info := w.pass.TypesInfo
	switch n := n.(type) {
	case *ast.FuncDecl, *ast.FuncLit:
		w.bodies = append(w.bodies, n)
	case *ast.SelectorExpr:
		if sel := info.Selections[n]; sel != nil {
			if sel.Kind() == types.FieldVal && atomicType(sel.Obj().Type()) != "" {
				base, _ := ast.Unparen(n.X).(*ast.Ident)
				w.access(n, base)
			}
			break
		}
		// A qualified identifier: pkg.Var.
		if v, ok := info.Uses[n.Sel].(*types.Var); ok && !v.IsField() && atomicType(v.Type()) != "" {
			w.access(n, nil)
		}
	case *ast.Ident:
		if parent, ok := w.parent(1).(*ast.SelectorExpr); ok && parent.Sel == n {
			break // the name in a selector, handled above
		}
		if v, ok := info.Uses[n].(*types.Var); ok && !v.IsField() && atomicType(v.Type()) != "" {
			w.access(n, n)
		}
	}
	return true
}

// parent returns the i-th ancestor of the node on top of the stack,
// ignoring parentheses.
func (w *plainWalker) parent(i int) ast.Node {
	j := len(w.stack) - 1
	for ; i > 0 && j > 0; i-- {
		j--
		for j > 0 {
			if _, ok := w.stack[j].(*ast.ParenExpr); !ok {
				break
			}
			j--
		}
	}
	if j < 0 || i > 0 {
		return nil
	}
	return w.stack[j]
}

// access classifies the use of e (read, write, or address taken) and
// records it when its memory is wanted.
func (w *plainWalker) access(e ast.Expr, base *ast.Ident) {
	use := &plainUse{expr: e, base: base}
	switch p := w.parent(1).(type) {
	case *ast.UnaryExpr:
		if p.Op == token.AND {
			return // &x: taking the address accesses nothing
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
	id := accessID(w.pass.TypesInfo, e)
	if !id.Valid() || !w.want(id) {
		return
	}
	use.id = id
	use.fn = w.s.function(w.decl, w.file)
	use.body = w.bodies[len(w.bodies)-1]
	w.s.plain = append(w.s.plain, use)
}
