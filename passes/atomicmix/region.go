package atomicmix

import (
	"go/ast"

	"github.com/cowlint/cowlint/internal/escape/owned"
)

// region returns the region of fresh objects of decl (owned.Region),
// built on first use.
func (c *checker) region(decl *ast.FuncDecl) *owned.Region {
	if r, ok := c.regions[decl]; ok {
		return r
	}
	r := owned.NewRegion(c.pass.TypesInfo, decl)
	c.regions[decl] = r
	return r
}
