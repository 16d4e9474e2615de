package atomicmix

import (
	"go/ast"
	"go/types"

	"github.com/cowlint/cowlint/internal/escape"
)

// Locks held inside function literals run in place.
//
// internal/held runs a literal called where it is written (func() {...}())
// or through a local variable (read := func() {...}; read()) with its
// caller's locks, so the analysis of the enclosing body knows what is
// held inside it. The pass asks that analysis only for literals that run
// nowhere else: a local closure also run by a go or defer statement,
// passed as a value, or called from a literal that itself runs elsewhere,
// is analysed on its own, with nothing held on entry.

// lockBody returns the body whose lock analysis answers for positions in
// body, an *ast.FuncDecl or *ast.FuncLit of decl: the outermost body the
// chain of literals run in place leads to.
func (c *checker) lockBody(decl *ast.FuncDecl, body ast.Node) ast.Node {
	lit, ok := body.(*ast.FuncLit)
	if !ok {
		return body
	}
	inPlace, ok := c.inPlace[decl]
	if !ok {
		inPlace, _ = inPlaceLiterals(c.pass.TypesInfo, decl)
		c.inPlace[decl] = inPlace
	}
	for {
		outer, ok := inPlace[lit]
		if !ok {
			return lit
		}
		next, ok := outer.(*ast.FuncLit)
		if !ok {
			return outer
		}
		lit = next
	}
}

// inPlaceLiterals is escape.InPlace.
func inPlaceLiterals(info *types.Info, root ast.Node) (map[*ast.FuncLit]ast.Node, map[*ast.FuncLit][]escape.Call) {
	return escape.InPlace(info, root)
}
