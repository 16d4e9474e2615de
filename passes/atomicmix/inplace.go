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

// inPlaceLiterals maps each function literal of root (a FuncDecl or a
// FuncLit) that only runs in place to the body (FuncDecl or FuncLit) it
// runs in: a literal called where it is written, outside go and defer
// statements, or the value of a local variable defined once whose every
// use is such a call, made in that body or in literals run in place
// within it (escape.Closures, Direct and Defined, not recursive). calls
// gives, for each, its calls: the body each is made in and where.
func inPlaceLiterals(info *types.Info, root ast.Node) (inPlace map[*ast.FuncLit]ast.Node, calls map[*ast.FuncLit][]escape.Call) {
	out := map[*ast.FuncLit]ast.Node{}
	calls = map[*ast.FuncLit][]escape.Call{}
	closures := escape.Closures(info, root)
	for _, c := range closures {
		if c.Binding == escape.Direct {
			out[c.Lit] = c.Body
			calls[c.Lit] = c.Calls
		}
	}
	// A call made in a literal that runs elsewhere does not run with the
	// defining body's locks. Locals are resolved in order of definition:
	// a call site's body is defined before the local, or is in place.
	within := func(b, outer ast.Node) bool {
		for b != outer {
			lit, ok := b.(*ast.FuncLit)
			if !ok {
				return false
			}
			if b, ok = out[lit]; !ok {
				return false
			}
		}
		return true
	}
	for _, c := range closures {
		if c.Binding != escape.Defined || len(c.Calls) == 0 || len(c.Recursive) > 0 {
			continue
		}
		ok := true
		for _, call := range c.Calls {
			ok = ok && within(call.Body, c.Body)
		}
		if ok {
			out[c.Lit] = c.Body
			calls[c.Lit] = c.Calls
		}
	}
	return out, calls
}
