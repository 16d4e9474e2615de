package held

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/cfg"
)

// The traversal shared by every held-lock analysis: the fixpoint over a
// body's control-flow graph and the walk of one node in evaluation order.
// Func (the must-held analysis behind At) is one client; a pass that tracks
// more along with the locks (lockorder's summaries and order edges) is
// another, with its own state and events.

// A State is a flow state: the locks held at a point, and whatever a pass
// tracks with them.
type State[S any] interface {
	Clone() S
	Join(S) bool // merge another path's state in; report a change
}

// Fixpoint computes the state at the entry of each block of g, starting
// from entry at the first block; transfer returns the states on a block's
// outgoing edges (one, or one per successor). Blocks never reached keep the
// zero state (nil for pointer states). The iteration is bounded: after 50
// visits per block it stops with the states it has.
func Fixpoint[S State[S]](g *cfg.CFG, entry S, transfer func(b *cfg.Block, in S) []S) []S {
	blocks := g.Blocks
	in := make([]S, len(blocks))
	if len(blocks) == 0 {
		return in
	}
	reached := make([]bool, len(blocks))
	in[0], reached[0] = entry, true
	work := []int32{0}
	queued := map[int32]bool{0: true}
	for steps := 0; len(work) > 0 && steps < 50*len(blocks); steps++ {
		i := work[0]
		work = work[1:]
		queued[i] = false
		b := blocks[i]
		outs := transfer(b, in[i])
		for j, succ := range b.Succs {
			out := outs[min(j, len(outs)-1)]
			if !reached[succ.Index] {
				in[succ.Index], reached[succ.Index] = out.Clone(), true
			} else if !in[succ.Index].Join(out) {
				continue
			}
			if !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ.Index)
			}
		}
	}
	return in
}

// A Walker runs one CFG node in evaluation order (arguments before the
// call, a go or defer statement's arguments where it stands) and tells the
// pass what happens, through its funcs (nil ones are skipped).
type Walker[S any] struct {
	Info *types.Info
	// Alias resolves local function variables (see Aliases, LocalFunc).
	Alias func(*types.Var) ast.Expr
	// Call runs a call other than a literal called in place, after its
	// arguments and callee expression.
	Call func(s S, call *ast.CallExpr)
	// Literal is told about a function literal that is not called in
	// place: it runs later or elsewhere ("go func" for a go statement's,
	// "func literal" otherwise).
	Literal func(lit *ast.FuncLit, what string)
	// Inline runs a literal called in place, directly or through a local
	// variable, with the caller's state.
	Inline func(s S, lit *ast.FuncLit)
	// Go and Defer handle a go or defer statement after its arguments.
	Go    func(s S, g *ast.GoStmt)
	Defer func(s S, d *ast.DeferStmt)
}

// Node runs one CFG node.
func (w *Walker[S]) Node(n ast.Node, s S) {
	switch n := n.(type) {
	case *ast.GoStmt:
		// The new goroutine starts with nothing held; its arguments are
		// evaluated here.
		w.Exprs(s, argNodes(n.Call.Args)...)
		switch fun := ast.Unparen(n.Call.Fun).(type) {
		case *ast.FuncLit:
			if w.Literal != nil {
				w.Literal(fun, "go func")
			}
		case *ast.SelectorExpr:
			w.Exprs(s, fun.X)
		}
		if w.Go != nil {
			w.Go(s, n)
		}
	case *ast.DeferStmt:
		w.Exprs(s, argNodes(n.Call.Args)...)
		if w.Defer != nil {
			w.Defer(s, n)
		}
	default:
		w.Exprs(s, n)
	}
}

// Exprs runs the calls in the nodes, callees after their arguments.
func (w *Walker[S]) Exprs(s S, nodes ...ast.Node) {
	for _, n := range nodes {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				if w.Literal != nil {
					w.Literal(m, "func literal")
				}
				return false
			case *ast.CallExpr:
				w.Exprs(s, argNodes(m.Args)...)
				lit, ok := ast.Unparen(m.Fun).(*ast.FuncLit)
				if !ok {
					lit = LocalFunc(w.Info, w.Alias, m)
				}
				if lit != nil {
					if w.Inline != nil {
						w.Inline(s, lit)
					}
					return false
				}
				w.Exprs(s, m.Fun)
				if w.Call != nil {
					w.Call(s, m)
				}
				return false
			}
			return true
		})
	}
}

func argNodes(args []ast.Expr) []ast.Node {
	out := make([]ast.Node, len(args))
	for i, a := range args {
		out[i] = a
	}
	return out
}

// LocalFunc returns the literal a call of a local function variable runs
// (unlock := func() { mu.Unlock() }; unlock()), as alias resolves it; nil
// for other calls.
func LocalFunc(info *types.Info, alias func(*types.Var) ast.Expr, call *ast.CallExpr) *ast.FuncLit {
	if alias == nil {
		return nil
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	lit, _ := alias(v).(*ast.FuncLit)
	return lit
}
