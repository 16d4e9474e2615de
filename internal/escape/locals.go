package escape

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/retain"
)

// Locals answers, flow-insensitively, whether another goroutine may ever
// see a local variable of the package's functions: when it is captured
// by a function literal that does not only run in place (InPlace), or
// its address (or a field's) is taken other than as the argument of a
// call that keeps nothing of it (internal/retain). A call of a method on
// it (mu.RLock()) takes its address implicitly and shares nothing.
type Locals struct {
	info     *types.Info
	files    []*ast.File
	retained *retain.Params
	shared   map[*types.Var]bool // built on demand
}

// NewLocals returns the answers for the package whose files are files.
func NewLocals(info *types.Info, files []*ast.File, retained *retain.Params) *Locals {
	return &Locals{info: info, files: files, retained: retained}
}

// Shared reports whether another goroutine may see the local v.
func (l *Locals) Shared(v *types.Var) bool {
	if l.shared == nil {
		l.shared = map[*types.Var]bool{}
		for _, f := range l.files {
			for _, d := range f.Decls {
				l.scan(d)
			}
		}
	}
	return l.shared[v]
}

// scan records the shared locals of one declaration.
func (l *Locals) scan(decl ast.Decl) {
	fd, _ := decl.(*ast.FuncDecl)
	var inPlace map[*ast.FuncLit]ast.Node // of fd, on demand
	var stack []ast.Node
	ast.Inspect(decl, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := rootVar(l.info, n.X); v != nil && l.kept(n, stack) {
					l.shared[v] = true
				}
			}
		case *ast.Ident:
			v, ok := l.info.Uses[n].(*types.Var)
			if !ok || v.IsField() {
				break
			}
			for _, s := range stack {
				lit, ok := s.(*ast.FuncLit)
				if !ok || lit.Pos() <= v.Pos() && v.Pos() < lit.End() {
					continue // v is declared inside: not captured by lit
				}
				if fd == nil {
					l.shared[v] = true
					break
				}
				if inPlace == nil {
					inPlace, _ = InPlace(l.info, fd)
				}
				if _, ok := inPlace[lit]; !ok {
					l.shared[v] = true // captured by a literal that may run elsewhere
					break
				}
			}
		}
		stack = append(stack, n)
		return true
	})
}

// kept reports whether the address &x, on top of stack, may be kept:
// anything but an argument of a call that does not retain it.
func (l *Locals) kept(addr *ast.UnaryExpr, stack []ast.Node) bool {
	call, ok := Parent(stack).(*ast.CallExpr)
	if !ok || l.retained == nil {
		return true
	}
	for i, a := range call.Args {
		if ast.Unparen(a) == ast.Expr(addr) {
			return l.retained.RetainsArg(call, i)
		}
	}
	return true
}

// rootVar returns the variable at the root of a chain of field selections
// (x, x.f.g).
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	return identity.Root(info, e, func(step identity.Step, _ ast.Expr) bool { return step == identity.StepField })
}
