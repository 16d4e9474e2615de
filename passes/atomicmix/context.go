package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cowlint/cowlint/internal/escape/owned"
	"github.com/cowlint/cowlint/internal/hb"
	"github.com/cowlint/cowlint/internal/retain"
)

// funcContext is what the silencing rules need to know about one function
// body (a declaration or a function literal): which locals still hold
// memory no other goroutine can see (internal/escape/owned), and where
// the goroutines it starts are joined (internal/hb). It is built only
// for bodies with a finding to judge.
type funcContext struct {
	body  ast.Node // *ast.FuncDecl or *ast.FuncLit
	info  *types.Info
	owned *owned.Body
	// goroutines are the goroutines the body starts and joins
	// (internal/hb): starts, joins, literals that leave goroutines
	// running, t.Parallel.
	goroutines *hb.Goroutines
	// inTestFile is set for bodies in _test.go files.
	inTestFile bool
}

func newFuncContext(info *types.Info, body ast.Node, inTestFile bool, retained *retain.Params) *funcContext {
	c := &funcContext{body: body, info: info, inTestFile: inTestFile}
	// In a test, receiving from a channel is how the test waits for the
	// goroutines it started to report back.
	c.goroutines = hb.BodyGoroutines(info, body, hb.Options{Receives: c.testBody() || inTestFile})
	c.owned = owned.NewBody(info, body, c.goroutines, retained)
	return c
}

// local returns obj when it is a variable declared inside the body.
func (c *funcContext) local(obj types.Object) *types.Var { return c.owned.Local(obj) }

// privateAt reports whether the memory reached through the local base is
// private to the function at pos (owned.Body.At).
func (c *funcContext) privateAt(base *types.Var, pos token.Pos) bool { return c.owned.At(base, pos) }

// privateBefore reports whether base is private just before the use of it
// at pos (a call it is passed to): its escape there does not count.
func (c *funcContext) privateBefore(base *types.Var, pos token.Pos) bool {
	return c.owned.Before(base, pos)
}

// sequentialAt reports whether no goroutine the body started runs at pos
// (hb.Goroutines.AloneAt).
func (c *funcContext) sequentialAt(pos token.Pos) bool { return c.goroutines.AloneAt(pos) }

// testBody reports whether the body is a test, benchmark or fuzz
// function, or a function literal taking a *testing.T, B or F (a
// subtest).
func (c *funcContext) testBody() bool {
	var ftype *ast.FuncType
	switch b := c.body.(type) {
	case *ast.FuncDecl:
		if isTestFunc(b) {
			return true
		}
	case *ast.FuncLit:
		ftype = b.Type
	}
	if ftype == nil || ftype.Params == nil {
		return false
	}
	for _, f := range ftype.Params.List {
		if p, ok := types.Unalias(c.info.TypeOf(f.Type)).(*types.Pointer); ok {
			if n, ok := types.Unalias(p.Elem()).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" {
				switch n.Obj().Name() {
				case "T", "B", "F":
					return true
				}
			}
		}
	}
	return false
}

// funcBody returns the body of an *ast.FuncDecl or *ast.FuncLit.
func funcBody(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

func isPointer(t types.Type) bool { return owned.IsPointer(t) }
