package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"
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
// within it. calls gives, for each, its calls: the body each is made in
// (the body it runs in, or a literal run in place within it) and where.
func inPlaceLiterals(info *types.Info, root ast.Node) (inPlace map[*ast.FuncLit]ast.Node, calls map[*ast.FuncLit][]callSite) {
	// A local function variable: its literal, the body defining it, and
	// the bodies of its calls (nil once a use is not a direct call).
	type localFunc struct {
		lit   *ast.FuncLit
		body  ast.Node
		calls []callSite
		bad   bool
	}
	out := map[*ast.FuncLit]ast.Node{}
	calls = map[*ast.FuncLit][]callSite{}
	locals := map[*types.Var]*localFunc{}
	var order []*localFunc
	define := func(id *ast.Ident, rhs ast.Expr, body ast.Node) {
		lit, ok := ast.Unparen(rhs).(*ast.FuncLit)
		if !ok {
			return
		}
		if v, ok := info.Defs[id].(*types.Var); ok {
			lf := &localFunc{lit: lit, body: body}
			locals[v] = lf
			order = append(order, lf)
		}
	}
	var stack []ast.Node
	bodyOf := func() ast.Node { // innermost body on the stack
		for i := len(stack) - 1; i >= 0; i-- {
			switch n := stack[i].(type) {
			case *ast.FuncLit, *ast.FuncDecl:
				return n
			}
		}
		return nil
	}
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if call, ok := parentOf(stack).(*ast.CallExpr); ok && ast.Unparen(call.Fun) == ast.Expr(n) && !spawnedOrDeferred(stack, call) {
				out[n] = bodyOf()
				calls[n] = []callSite{{bodyOf(), call.Pos()}}
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						define(id, n.Rhs[i], bodyOf())
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					define(id, n.Values[i], bodyOf())
				}
			}
		case *ast.Ident:
			v, ok := info.Uses[n].(*types.Var)
			if !ok {
				break
			}
			lf := locals[v]
			if lf == nil {
				break
			}
			if call, ok := parentOf(stack).(*ast.CallExpr); ok && ast.Unparen(call.Fun) == ast.Expr(n) && !spawnedOrDeferred(stack, call) {
				lf.calls = append(lf.calls, callSite{bodyOf(), call.Pos()})
			} else {
				lf.bad = true // reassigned, address taken, passed, run by go or defer
			}
		}
		stack = append(stack, n)
		return true
	})
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
	for _, lf := range order {
		if lf.bad || len(lf.calls) == 0 {
			continue
		}
		ok := true
		for _, c := range lf.calls {
			ok = ok && within(c.body, lf.body)
		}
		if ok {
			out[lf.lit] = lf.body
			calls[lf.lit] = lf.calls
		}
	}
	return out, calls
}

// A callSite is a call of a literal run in place: the body (FuncDecl or
// FuncLit) the call is made in, and its position.
type callSite struct {
	body ast.Node
	pos  token.Pos
}

// spawnedOrDeferred reports whether call, which is on the stack, is the
// call of a go or defer statement.
func spawnedOrDeferred(stack []ast.Node, call *ast.CallExpr) bool {
	switch s := parentOfLit(stack, call).(type) {
	case *ast.GoStmt:
		return s.Call == call
	case *ast.DeferStmt:
		return s.Call == call
	}
	return false
}
