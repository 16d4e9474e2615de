package lockorder

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Recursion over a hierarchy. A function that holds its node's lock while
// its recursion locks the same lock of a child (an element or field of the
// node: for _, imp := range lp.imports { imp.decUse() }) nests two
// instances of one class, always parent before child: the structure it
// descends is acyclic, or the recursion would come back to a node whose
// lock it holds and block on itself. That is an ordered hierarchy, Linux
// lockdep's nesting with a subclass, as if //cowlint:order C < C were
// declared for the descent alone: silent while nothing else in the package
// nests the class. Where something else does (a child locking its parent,
// two parameters in any order), the descent is reported too, naming that
// other nesting, since the two orders may disagree.
//
// The same holds between classes: a recursion through a tree of two node
// types (Dir.walk holding d.mu calls f.walk on each file, File.walk
// holding f.mu calls f.sub.walk) makes the order edges Dir.mu -> File.mu
// and File.mu -> Dir.mu, each a descent (orderEdge.Descent, exported with
// the graph; the callee's locks further down are summarised as below its
// node, acquisition.Below). A cycle of descents alone is not reported;
// one any other edge closes is, in this package or in an importer.
//
// The recursion's summaries are widened on the way: an acquisition that a
// callee of the component makes on a node deeper than its own (l.next.mu
// through l.next.Len()) is summarised on an unknown instance of the class,
// so the summaries of a recursion down a list settle in two rounds instead
// of growing a field per round (l.next.next.mu, ...) up to the budget.

// recursiveCall is a call to a function of the caller's own recursive
// component: the call, and the callee's path of the lock acquired
// ("recv.mu", "p0.mu").
type recursiveCall struct {
	call  *ast.CallExpr
	path  string
	below string // the callee's root its acquisition is below (acquisition.Below)
}

// recursive returns the recursiveCall for an acquisition at path of the
// callee fn, nil unless fn is in the walked function's recursive component.
func (r *bodyRun) recursive(call *ast.CallExpr, fn *types.Func, path, below string) *recursiveCall {
	a := r.fw.a
	if r.fw.fn == nil || a.recursive == nil {
		return nil
	}
	comp, ok := a.recursive[r.fw.fn]
	if !ok || a.recursive[fn.Origin()] != comp {
		return nil
	}
	return &recursiveCall{call: call, path: path, below: below}
}

// deeper reports whether the caller's path of a recursive callee's
// acquisition goes deeper than the callee's own (the callee ran on a
// field of the caller's node): the summary widens it to an unknown
// instance.
func (rc *recursiveCall) deeper(callerPath string) bool {
	return rc != nil && callerPath != "" && strings.Count(callerPath, ".") > strings.Count(rc.path, ".")
}

// descent describes the parent-to-child descent that makes the nesting of
// ev under h an ordered hierarchy ("from t to k, an element of t.kids"),
// or returns "": h is the lock of this function's node (its receiver or a
// parameter, never reassigned), and ev the same lock of a child, taken by
// a callee of the function's own recursive component that ran on an
// element or field of the node.
func (r *bodyRun) descent(h heldLock, ev acquireEvent) string {
	rc := ev.rec
	if rc == nil || !h.inst.Known() || !ev.inst.Known() {
		return ""
	}
	_, rest, _ := strings.Cut(rc.path, ".")
	if h.inst.Path != rest {
		return ""
	}
	base, _, _ := strings.Cut(rc.path, ".")
	root, desc := r.childOf(rc.call, base)
	if desc == "" || h.inst.Root != root {
		return ""
	}
	return desc
}

// edgeDescent reports whether the order edge from h to ev (another
// class) is a recursion's descent: h is the lock of this function's node,
// a field of it, and ev a lock the callee took on the child it ran on (its
// own lock, a field of it) or below it (acquisition.Below).
func (r *bodyRun) edgeDescent(h heldLock, ev acquireEvent) bool {
	if !h.inst.Known() || h.inst.Path == "" || strings.Contains(h.inst.Path, ".") {
		return false
	}
	root, _ := r.belowRoot(ev)
	return root != nil && h.inst.Root == root
}

// below returns the base ("recv", "p0") of this function's root below
// which ev, taken by a callee of its recursive component, is: a lock of
// the child the callee ran on (its own, a field of it) or below it. The
// summary records it so (acquisition.Below).
func (r *bodyRun) below(ev acquireEvent) string {
	root, _ := r.belowRoot(ev)
	if root == nil {
		return ""
	}
	return r.fw.roots[root]
}

// belowRoot returns the root of this function below which the recursive
// callee's acquisition ev is, and the descent.
func (r *bodyRun) belowRoot(ev acquireEvent) (*types.Var, string) {
	rc := ev.rec
	if rc == nil {
		return nil, ""
	}
	base, rest, _ := strings.Cut(rc.path, ".")
	switch {
	case rc.below != "":
		base = rc.below
	case rest == "" || strings.Contains(rest, "."):
		return nil, ""
	}
	return r.childOf(rc.call, base)
}

// childOf returns the root (receiver or parameter, never reassigned) of
// this function whose element or field the recursive call runs on, as
// the callee's root base ("recv", "p0"), and a description of the
// descent; "" when it runs on anything else.
func (r *bodyRun) childOf(call *ast.CallExpr, base string) (*types.Var, string) {
	if r.outer != nil || r.inside != "" || r.boundedByCounter(call) {
		return nil, ""
	}
	fw := r.fw
	info := fw.a.pass.TypesInfo
	var node ast.Expr
	switch {
	case base == "recv":
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, ""
		}
		if s, ok := info.Selections[sel]; !ok || s.Kind() != types.MethodVal {
			return nil, ""
		}
		node = sel.X
	case strings.HasPrefix(base, "p"):
		n, err := strconv.Atoi(base[1:])
		if err != nil || n >= len(call.Args) || call.Ellipsis.IsValid() {
			return nil, ""
		}
		node = call.Args[n]
	default:
		return nil, ""
	}
	node = deref(node)
	var local *types.Var
	if id, ok := node.(*ast.Ident); ok {
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() || assigned(info, fw.body, v) {
			return nil, ""
		}
		if _, isRoot := fw.roots[v]; isRoot {
			return nil, "" // the node itself
		}
		local = v
	}
	for obj := range fw.roots {
		root, ok := obj.(*types.Var)
		if !ok || assigned(info, fw.body, root) {
			continue
		}
		if local == nil {
			if fw.a.fieldOf(node, root) {
				return root, fmt.Sprintf("from %s to %s", root.Name(), types.ExprString(node))
			}
			continue
		}
		if desc := fw.a.childDef(fw.body, local, root); desc != "" {
			return root, desc
		}
	}
	return nil, ""
}

// boundedByCounter reports whether the recursion the call belongs to
// carries a counter: a call between two functions of the walked
// function's recursive component passes on an integer parameter of its
// caller computed on (hops-1, depth+1) or changed in the body (hops--),
// and a function of the component compares an integer parameter (hops >
// 0). Such a recursion stops where the counter says, not where the
// structure ends, so it may stop before it comes back to a node whose
// lock it holds: the structure may be cyclic (r.peer.spread(hops-1)
// around a ring of two, started at each end by two goroutines), and the
// nesting is no hierarchy. A depth passed on but never compared (an
// indentation) bounds nothing. Computed once per component.
func (r *bodyRun) boundedByCounter(call *ast.CallExpr) bool {
	a := r.fw.a
	if r.fw.fn == nil {
		return false
	}
	comp, ok := a.recursive[r.fw.fn]
	if !ok {
		return false
	}
	if b, ok := a.counters[comp]; ok {
		return b
	}
	passes, compares := false, false
	for _, fn := range a.members[comp] {
		if fd := a.decls[fn]; fd != nil && fd.Body != nil {
			p, c := a.counterUse(fd, comp)
			passes, compares = passes || p, compares || c
		}
	}
	bounded := passes && compares
	setKey(&a.counters, comp, bounded)
	return bounded
}

// counterUse reports whether fd calls a function of the recursive
// component comp passing on a counter of its own (an integer parameter
// computed on, or changed in the body), and whether it compares an
// integer parameter (see boundedByCounter).
func (a *analyzer) counterUse(fd *ast.FuncDecl, comp *types.Func) (passes, compares bool) {
	info := a.pass.TypesInfo
	counters := map[*types.Var]bool{}
	for obj := range a.rootsOf(fd) {
		if v, ok := obj.(*types.Var); ok {
			if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				counters[v] = true
			}
		}
	}
	if len(counters) == 0 {
		return false, false
	}
	uses := func(e ast.Node) *types.Var {
		var found *types.Var
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && found == nil {
				if v, ok := info.Uses[id].(*types.Var); ok && counters[v] {
					found = v
				}
			}
			return found == nil
		})
		return found
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			switch n.Op {
			case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
				compares = compares || uses(n) != nil
			}
		case *ast.CallExpr:
			callee := typeutil.StaticCallee(info, n)
			if passes || callee == nil || a.recursive[callee.Origin()] != comp {
				return true
			}
			for _, arg := range n.Args {
				switch x := ast.Unparen(arg).(type) {
				case *ast.BinaryExpr:
					passes = passes || arithmetic(x.Op) && uses(x) != nil
				case *ast.Ident:
					if v, ok := info.Uses[x].(*types.Var); ok && counters[v] {
						passes = passes || changed(info, fd.Body, v)
					}
				}
			}
		}
		return true
	})
	return passes, compares
}

func arithmetic(op token.Token) bool {
	switch op {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL, token.SHR:
		return true
	}
	return false
}

// changed reports whether v is assigned or incremented in body.
func changed(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	if assigned(info, body, v) {
		return true
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if s, ok := n.(*ast.IncDecStmt); ok {
			if id, ok := ast.Unparen(s.X).(*ast.Ident); ok && info.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// childDef finds the definition of the local variable v in body and
// describes it when it takes an element or a field of root's node: a
// range over a slice, array or map field, or a definition from one.
func (a *analyzer) childDef(body *ast.BlockStmt, v *types.Var, root *types.Var) string {
	info := a.pass.TypesInfo
	defines := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && info.Defs[id] == v
	}
	desc := ""
	ast.Inspect(body, func(n ast.Node) bool {
		if desc != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.RangeStmt:
			if n.Tok != token.DEFINE || !a.fieldOf(deref(n.X), root) {
				return true
			}
			isMap := false
			xt := info.TypeOf(n.X)
			if xt == nil {
				return true
			}
			switch t := xt.Underlying().(type) {
			case *types.Map:
				isMap = true
			case *types.Slice, *types.Array:
			case *types.Pointer:
				if _, ok := t.Elem().Underlying().(*types.Array); !ok {
					return true
				}
			default:
				return true // a channel, a function, a number: not elements of the node
			}
			if n.Value != nil && defines(n.Value) || isMap && n.Key != nil && defines(n.Key) {
				desc = fmt.Sprintf("from %s to %s, an element of %s", root.Name(), v.Name(), types.ExprString(n.X))
			}
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				return true
			}
			for i, l := range n.Lhs {
				var rhs ast.Expr
				switch {
				case len(n.Rhs) == len(n.Lhs):
					rhs = n.Rhs[i]
				case i == 0 && len(n.Rhs) == 1:
					if _, ok := ast.Unparen(n.Rhs[0]).(*ast.IndexExpr); ok {
						rhs = n.Rhs[0] // v, ok := m[k]
					}
				}
				if rhs != nil && defines(l) && a.fieldOf(deref(rhs), root) {
					desc = fmt.Sprintf("from %s to %s (%s)", root.Name(), v.Name(), types.ExprString(rhs))
				}
			}
		}
		return true
	})
	return desc
}

// fieldOf reports whether e reaches into root's node through at least one
// field (root.next, root.kids[i], root.a.b), never through a call but a
// getter's (root.Children(), whose body is return n.kids: see getter).
func (a *analyzer) fieldOf(e ast.Expr, root *types.Var) bool {
	return a.reaches(e, root, true)
}

// reaches is fieldOf, through getters or not.
func (a *analyzer) reaches(e ast.Expr, root *types.Var, getters bool) bool {
	info := a.pass.TypesInfo
	fields := 0
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			s, ok := info.Selections[x]
			if !ok || s.Kind() != types.FieldVal {
				return false
			}
			fields++
			e = x.X
		case *ast.IndexExpr:
			if t := info.TypeOf(x.X); t == nil || isSignature(t) {
				return false // a generic function's instantiation
			}
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.CallExpr:
			if !getters {
				return false
			}
			recv := a.getter(x)
			if recv == nil {
				return false
			}
			fields++
			e = recv
		case *ast.Ident:
			return fields > 0 && info.Uses[x] == root
		default:
			return false
		}
	}
}

// getter returns the receiver of call when call is a method of this
// package that takes no argument and whose body is only a return of a
// field of its receiver (func (n *Node) Children() []*Node { return
// n.kids }): what it returns is that field of the call's receiver. Nil
// for any other call.
func (a *analyzer) getter(call *ast.CallExpr) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) > 0 {
		return nil
	}
	info := a.pass.TypesInfo
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return nil
	}
	fn, _ := s.Obj().(*types.Func)
	if fn == nil {
		return nil
	}
	fd := a.decls[fn.Origin()]
	if fd == nil || fd.Body == nil || len(fd.Body.List) != 1 || fd.Recv == nil || len(fd.Recv.List[0].Names) == 0 {
		return nil
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	recv, _ := info.Defs[fd.Recv.List[0].Names[0]].(*types.Var)
	if recv == nil || !a.reaches(ret.Results[0], recv, false) {
		return nil
	}
	return sel.X
}

// deref strips parentheses, & and * from e.
func deref(e ast.Expr) ast.Expr {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return x
			}
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return x
		}
	}
}

func isSignature(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}
