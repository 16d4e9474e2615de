// Package escape answers whether another goroutine can see an object at a
// point of a function: the ownership relation of cowlint's model of
// sharing, next to happens-before (internal/hb) and the lockset
// (internal/held). Parameters kept by a call are internal/retain's
// question; this package holds the parts about one function body.
//
// A function literal that only runs in place (called where it is
// written, or through a local variable whose every use is a direct call)
// runs on its caller's goroutine, at its calls: what it captures is not
// handed to another goroutine by being captured. Closures lists them
// once for the passes, each of which keeps the ones its own model
// follows (see Closure).
//
// Locals answers the flow-insensitive question for a package's locals
// (lockorder: can a local mutex be waited for by another goroutine?);
// AddrLocal answers it on the IR for a pass that builds it (publish's
// private allocations); OwnedOnEntry lists the exported APIs known to be
// given fresh objects. The flow-sensitive question (is this local private
// at this point, before every escape reaching it or after the goroutines
// it escaped into are joined) is internal/escape/owned, built on InPlace
// and internal/hb, which itself uses InPlace.
//
// The syntax tree with types, not the IR, except for AddrLocal: the passes
// ask about syntax positions, and the question needs only the uses of one
// variable in one body.
package escape

import (
	"go/ast"
	"go/token"
	"go/types"
)

// How a literal is bound to what calls it.
type Binding uint8

const (
	// Direct: called where it is written, func() {...}().
	Direct Binding = iota + 1
	// Defined: the value of a local defined with it (f := func() {...},
	// var f = func() {...}).
	Defined
	// Assigned: the value of a local declared without a value and
	// assigned it once (var visit func(); visit = func() {...}), the
	// shape of a recursive local closure.
	Assigned
)

// A Closure is a function literal of the body run only by direct calls,
// none of them in a go or defer statement.
type Closure struct {
	Lit     *ast.FuncLit
	Binding Binding
	// Single is set when the defining statement binds only this literal
	// (f := lit, not f, g := lit1, lit2).
	Single bool
	// Body is the body (FuncDecl or FuncLit) the literal is written in.
	Body ast.Node
	// Calls are its calls, outside the literal itself.
	Calls []Call
	// Recursive is set when the literal calls itself: Recursive lists
	// those calls' bodies (the literal, or literals inside it).
	Recursive []Call
}

// A Call is one call of a closure: the innermost body (FuncDecl or
// FuncLit) holding it, and its position.
type Call struct {
	Body ast.Node
	Pos  token.Pos
}

// Closures lists the literals of root (a FuncDecl or FuncLit) only run by
// direct calls, in source order of their definitions.
func Closures(info *types.Info, root ast.Node) []*Closure {
	type local struct {
		c   *Closure
		bad bool
	}
	var order []*Closure
	locals := map[*types.Var]*local{}
	bare := map[*types.Var]bool{}             // declared without a value
	binding := map[*ast.Ident]bool{}          // the identifiers an Assigned closure is bound through
	assigned := map[*types.Var]*ast.FuncLit{} // the literal of an Assigned binding
	var stack []ast.Node
	bodyOf := func() ast.Node {
		for i := len(stack) - 1; i >= 0; i-- {
			switch n := stack[i].(type) {
			case *ast.FuncLit, *ast.FuncDecl:
				return n
			}
		}
		return nil
	}
	define := func(id *ast.Ident, rhs ast.Expr, how Binding, single bool) {
		lit, ok := ast.Unparen(rhs).(*ast.FuncLit)
		if !ok {
			return
		}
		v, ok := info.Defs[id].(*types.Var)
		if how == Assigned {
			v, ok = info.Uses[id].(*types.Var)
		}
		if !ok {
			return
		}
		if l, dup := locals[v]; dup {
			l.bad = true // bound twice
			return
		}
		c := &Closure{Lit: lit, Binding: how, Single: single, Body: bodyOf()}
		locals[v] = &local{c: c}
		order = append(order, c)
	}
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if call, ok := Parent(stack).(*ast.CallExpr); ok && ast.Unparen(call.Fun) == ast.Expr(n) && !spawnedOrDeferred(stack, call) {
				order = append(order, &Closure{Lit: n, Binding: Direct, Single: true, Body: bodyOf(), Calls: []Call{{bodyOf(), call.Pos()}}})
			}
		case *ast.AssignStmt:
			switch {
			case n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs):
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						define(id, n.Rhs[i], Defined, len(n.Lhs) == 1)
					}
				}
			case n.Tok == token.ASSIGN && len(n.Lhs) == 1 && len(n.Rhs) == 1:
				if id, ok := n.Lhs[0].(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok && bare[v] {
						if lit, ok := ast.Unparen(n.Rhs[0]).(*ast.FuncLit); ok && assigned[v] == nil {
							assigned[v] = lit
							binding[id] = true
							define(id, lit, Assigned, true)
						}
					}
				}
			}
		case *ast.ValueSpec:
			switch {
			case len(n.Names) == len(n.Values):
				for i, id := range n.Names {
					define(id, n.Values[i], Defined, len(n.Names) == 1)
				}
			case len(n.Values) == 0:
				for _, id := range n.Names {
					if v, ok := info.Defs[id].(*types.Var); ok {
						bare[v] = true
					}
				}
			}
		case *ast.Ident:
			v, ok := info.Uses[n].(*types.Var)
			if !ok || binding[n] {
				break
			}
			l := locals[v]
			if l != nil && l.c == nil {
				break // already known not to be bound to one literal
			}
			if l == nil {
				if bare[v] {
					// A use before the binding assignment, or of a
					// local never bound to a literal.
					locals[v] = &local{bad: true}
				}
				break
			}
			if call, ok := Parent(stack).(*ast.CallExpr); ok && ast.Unparen(call.Fun) == ast.Expr(n) && !spawnedOrDeferred(stack, call) {
				at := Call{bodyOf(), call.Pos()}
				if l.c.Lit.Pos() <= n.Pos() && n.End() <= l.c.Lit.End() {
					l.c.Recursive = append(l.c.Recursive, at)
				} else {
					l.c.Calls = append(l.c.Calls, at)
				}
			} else {
				l.bad = true // reassigned, address taken, passed, run by go or defer
			}
		}
		stack = append(stack, n)
		return true
	})
	bad := map[*Closure]bool{}
	for _, l := range locals {
		if l.bad && l.c != nil {
			bad[l.c] = true
		}
	}
	out := order[:0]
	for _, c := range order {
		if !bad[c] && (c.Binding == Direct || len(c.Calls)+len(c.Recursive) > 0) {
			out = append(out, c)
		}
	}
	return out
}

// Parent returns the innermost node of stack (the ancestors of a node,
// innermost last) that is not a parenthesis.
func Parent(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			return stack[i]
		}
	}
	return nil
}

// spawnedOrDeferred reports whether call, which is on the stack, is the
// call of a go or defer statement.
func spawnedOrDeferred(stack []ast.Node, call *ast.CallExpr) bool {
	for i := len(stack) - 1; i > 0; i-- {
		if stack[i] == ast.Node(call) {
			switch s := Parent(stack[:i]).(type) {
			case *ast.GoStmt:
				return s.Call == call
			case *ast.DeferStmt:
				return s.Call == call
			}
			return false
		}
	}
	return false
}

// InPlace maps each function literal of root (a FuncDecl or a
// FuncLit) that only runs in place to the body (FuncDecl or FuncLit) it
// runs in: a literal called where it is written, outside go and defer
// statements, or the value of a local variable defined once whose every
// use is such a call, made in that body or in literals run in place
// within it (Closures, Direct and Defined, not recursive). calls
// gives, for each, its calls: the body each is made in and where.
func InPlace(info *types.Info, root ast.Node) (inPlace map[*ast.FuncLit]ast.Node, calls map[*ast.FuncLit][]Call) {
	out := map[*ast.FuncLit]ast.Node{}
	calls = map[*ast.FuncLit][]Call{}
	closures := Closures(info, root)
	for _, c := range closures {
		if c.Binding == Direct {
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
		if c.Binding != Defined || len(c.Calls) == 0 || len(c.Recursive) > 0 {
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
