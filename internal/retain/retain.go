// Package retain answers whether a function keeps what it is given: a
// call passing an object to a function that only reads and writes
// through it, and returns without storing it anywhere, starting a
// goroutine with it or handing it to code out of sight, leaves the object
// as private to the caller as it was.
//
// A parameter (or the receiver) of a function of the package being
// analysed is retained unless every use of it in the body is one of:
// a field selection or dereference that is not itself addressed (p.f,
// p.f = v, *p, but not &p.f); a comparison; a call of a method of a sync
// or sync/atomic type on it; or an argument (or receiver) of a static call
// of a function of the package that does not retain that parameter in
// turn. Everything else (assigned, returned, sent, captured by a closure,
// used in a go statement, converted to an interface, passed to a dynamic
// call or to another package) retains it. Functions calling each other are judged together:
// a cycle of calls retains only what one of its functions retains itself
// (the greatest fixpoint, computed per strongly connected component by
// memoising only answers that did not assume an unfinished one).
//
// A dynamic call is judged by what it may run, when a pass hands Params
// internal/callres's resolver (UseResolver): a call the resolver
// resolves completely (every function it can run is listed: a literal,
// the values assigned to an unexported variable or field of this
// package) keeps an argument only if one of those functions or literals
// keeps it. A resolution that is not complete (class hierarchy
// analysis, whose implementations in importers are out of sight; a
// parameter; an exported variable or field) keeps it, as does a callee
// of another package. Without a resolver, and for a resolution that is
// not complete, a call of a function value of a named function type of
// the package is judged by the values of that signature the package
// makes (see dynamicRetains).
//
// The syntax tree with types, not the IR: the passes asking judge
// syntax positions, and the question needs only the uses of one
// variable in one body.
package retain

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/callres"
)

// Params answers for the functions of one package.
type Params struct {
	resolver *callres.Resolver // nil: dynamic calls keep their arguments
	resolved map[*ast.CallExpr]callres.Resolution
	info     *types.Info
	pkg      *types.Package
	files    []*ast.File
	decls    map[*types.Func]*ast.FuncDecl // built on demand
	memo     map[param]bool                // true: retained
	busy     map[param]bool
	// values lists, per named function type of the package, the
	// function values of that signature the package makes (built on
	// demand; see dynamicRetains).
	values map[*types.Signature]*funcValues
}

// funcValues are the function values of one signature made in the
// package: literals and declared functions used as values; opaque is set
// when a method value or another function of the signature (a method
// expression, a function of another package) is used as a value.
type funcValues struct {
	lits   []*ast.FuncLit
	funcs  []*types.Func
	opaque bool
}

type param struct {
	fn    *types.Func
	lit   *ast.FuncLit // for a literal a dynamic call resolves to (fn nil)
	index int          // -1: the receiver
}

// New returns the answers for the package pkg, whose files are files.
func New(info *types.Info, pkg *types.Package, files []*ast.File) *Params {
	return &Params{info: info, pkg: pkg, files: files, memo: map[param]bool{}, busy: map[param]bool{}}
}

// UseResolver makes p judge a dynamic call by the functions r resolves
// it to, when the resolution is complete; it returns p.
func (p *Params) UseResolver(r *callres.Resolver) *Params {
	p.resolver = r
	return p
}

// RetainsArg reports whether the call may keep its argument index (-1:
// the receiver of a method call) beyond its return.
func (p *Params) RetainsArg(call *ast.CallExpr, index int) bool {
	fn := typeutil.StaticCallee(p.info, call)
	if fn == nil {
		r, _ := p.dynamicRetains(call, index)
		return r
	}
	if index >= 0 {
		sig := fn.Type().(*types.Signature)
		if call.Ellipsis.IsValid() || sig.Variadic() && index >= sig.Params().Len()-1 || index >= sig.Params().Len() {
			return true
		}
	}
	r, _ := p.retains(fn, index)
	return r
}

// retains reports whether fn keeps its parameter index, and whether the
// answer assumed that of a function still being judged.
func (p *Params) retains(fn *types.Func, index int) (retained, assumed bool) {
	fn = fn.Origin()
	if fn.Pkg() != p.pkg {
		return true, false
	}
	decl := p.declOf(fn)
	if decl == nil || decl.Body == nil {
		return true, false
	}
	v := paramVar(p.info, decl, index)
	if v == nil {
		return true, false
	}
	return p.judge(param{fn: fn, index: index}, decl.Body, v)
}

// judge reports whether body keeps its parameter v, memoised under key:
// a key being judged further up (a cycle of calls) is assumed not to,
// so a cycle retains only what one of its members retains itself.
func (p *Params) judge(key param, body *ast.BlockStmt, v *types.Var) (retained, assumed bool) {
	if r, ok := p.memo[key]; ok {
		return r, false
	}
	if p.busy[key] {
		return false, true
	}
	p.busy[key] = true
	retained, assumed = p.retainedIn(body, v)
	delete(p.busy, key)
	if !assumed || retained {
		p.memo[key] = retained
	}
	return retained, assumed
}

func (p *Params) declOf(fn *types.Func) *ast.FuncDecl {
	if p.decls == nil {
		p.decls = map[*types.Func]*ast.FuncDecl{}
		for _, f := range p.files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if obj, ok := p.info.Defs[fd.Name].(*types.Func); ok {
						p.decls[obj] = fd
					}
				}
			}
		}
	}
	return p.decls[fn]
}

// paramVar returns the variable of decl's receiver (index -1) or
// parameter index.
func paramVar(info *types.Info, decl *ast.FuncDecl, index int) *types.Var {
	fl := decl.Type.Params
	if index < 0 {
		fl, index = decl.Recv, 0
	}
	return fieldVar(info, fl, index)
}

// fieldVar returns the variable of the field list's entry index, nil
// when it is unnamed.
func fieldVar(info *types.Info, fl *ast.FieldList, index int) *types.Var {
	if fl == nil {
		return nil
	}
	i := 0
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			if i == index {
				return nil // unnamed: unused
			}
			i++
			continue
		}
		for _, n := range f.Names {
			if i == index {
				v, _ := info.Defs[n].(*types.Var)
				return v
			}
			i++
		}
	}
	return nil
}

// retainedIn reports whether some use of v in body retains it.
func (p *Params) retainedIn(body *ast.BlockStmt, v *types.Var) (retained, assumed bool) {
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if retained {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, ok := n.(*ast.Ident); ok && p.info.Uses[id] == v {
			r, a := p.useRetains(id, stack)
			retained, assumed = retained || r, assumed || a
		}
		stack = append(stack, n)
		return true
	})
	return retained, assumed
}

// useRetains judges one use of the parameter, id, whose ancestors are
// stack (innermost last).
func (p *Params) useRetains(id *ast.Ident, stack []ast.Node) (retained, assumed bool) {
	for _, n := range stack {
		switch n.(type) {
		case *ast.FuncLit:
			return true, false // captured
		case *ast.GoStmt:
			return true, false // handed to another goroutine (go p.loop(), go f(p.ch))
		}
	}
	var child ast.Node = id
	i := len(stack) - 1
	for ; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		child = stack[i]
	}
	if i < 0 {
		return true, false
	}
	switch parent := stack[i].(type) {
	case *ast.SelectorExpr:
		if s := p.info.Selections[parent]; s != nil && s.Kind() == types.FieldVal {
			return p.fieldUse(stack[:i+1]) // p.f
		}
		if s := p.info.Selections[parent]; s != nil && s.Kind() == types.MethodVal && i > 0 {
			call, ok := stack[i-1].(*ast.CallExpr)
			if !ok || call.Fun != ast.Expr(parent) {
				return true, false // a method value
			}
			if syncMethod(s.Obj()) {
				return false, false
			}
			if !isPointerRecv(s.Obj()) {
				return false, false // called on a copy
			}
			return p.passed(call, -1)
		}
		return true, false
	case *ast.StarExpr:
		return p.fieldUse(stack[:i+1]) // *p
	case *ast.BinaryExpr:
		return parent.Op != token.EQL && parent.Op != token.NEQ, false
	case *ast.CallExpr:
		for j, a := range parent.Args {
			if a == child {
				return p.passed(parent, j)
			}
		}
		return true, false
	}
	return true, false
}

// passed judges passing the parameter to call as argument index.
func (p *Params) passed(call *ast.CallExpr, index int) (retained, assumed bool) {
	fn := typeutil.StaticCallee(p.info, call)
	if fn == nil {
		if p.resolver == nil {
			return true, false
		}
		return p.resolvedRetains(call, index)
	}
	if index >= 0 {
		sig := fn.Type().(*types.Signature)
		if call.Ellipsis.IsValid() || sig.Variadic() && index >= sig.Params().Len()-1 || index >= sig.Params().Len() {
			return true, false
		}
	}
	return p.retains(fn, index)
}

// fieldUse judges a use of memory inside the parameter's object (p.f,
// *p), on top of stack: reading and writing it keeps nothing, handing
// out its address does, but for a sync/atomic function or a method of a
// sync type, or a method that does not retain its receiver.
func (p *Params) fieldUse(stack []ast.Node) (retained, assumed bool) {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ParenExpr, *ast.IndexExpr, *ast.StarExpr:
			continue
		case *ast.SelectorExpr:
			s := p.info.Selections[n]
			if s == nil || s.Kind() == types.FieldVal {
				continue
			}
			if s.Kind() != types.MethodVal || i == 0 {
				return true, false
			}
			call, ok := stack[i-1].(*ast.CallExpr)
			if !ok || call.Fun != ast.Expr(n) {
				return true, false // a method value
			}
			if syncMethod(s.Obj()) || !isPointerRecv(s.Obj()) {
				return false, false
			}
			return p.passed(call, -1)
		case *ast.UnaryExpr:
			if n.Op != token.AND {
				return false, false
			}
			if i > 0 {
				if call, ok := stack[i-1].(*ast.CallExpr); ok && len(call.Args) > 0 && call.Args[0] == ast.Expr(n) {
					if fn := typeutil.StaticCallee(p.info, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" {
						return false, false // atomic.AddInt64(&p.n, 1)
					}
				}
			}
			return true, false
		}
		return false, false
	}
	return false, false
}

func syncMethod(obj types.Object) bool {
	return obj.Pkg() != nil && (obj.Pkg().Path() == "sync" || obj.Pkg().Path() == "sync/atomic")
}

func isPointerRecv(obj types.Object) bool {
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return true
	}
	_, ok = types.Unalias(sig.Recv().Type()).(*types.Pointer)
	return ok
}

// LastReference reports whether cond tests that an atomic reference
// count has dropped to zero, atomic.AddInt32(&v.refs, -1) == 0 or
// v.refs.Add(-1) == 0, and returns v: in the branch where it holds, the
// goroutine that dropped the last reference owns the object alone.
func LastReference(info *types.Info, cond ast.Expr) (*types.Var, bool) {
	bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || bin.Op != token.EQL {
		return nil, false
	}
	x, zero := bin.X, bin.Y
	if isConst(info, x, "0") {
		x, zero = zero, x
	}
	if !isConst(info, zero, "0") {
		return nil, false
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	op, ok := atomicop.Classify(info, call)
	if !ok || op.Kind != atomicop.Add || op.Target == nil || len(call.Args) == 0 || !isConst(info, call.Args[len(call.Args)-1], "-1") {
		return nil, false
	}
	base := op.Target
	for {
		switch e := ast.Unparen(base).(type) {
		case *ast.SelectorExpr:
			base = e.X
			continue
		case *ast.Ident:
			v, ok := info.Uses[e].(*types.Var)
			return v, ok && !v.IsField()
		}
		return nil, false
	}
}

func isConst(info *types.Info, e ast.Expr, val string) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.ExactString() == val
}

// dynamicRetains judges a dynamic call passing the caller's object:
// first by its resolution, when complete (resolvedRetains); else, for a
// call of a function value of a named function type declared in the
// package (type Option func(*Client); opt(c)), the
// values it may call are the functions of that signature the package
// makes, literals and declared functions used as values, and the call
// keeps its argument only if one of them does. Values made outside the
// package (an importer's own Option) are out of sight, as with class
// hierarchy analysis of an interface call. Any other dynamic call keeps
// it.
func (p *Params) dynamicRetains(call *ast.CallExpr, index int) (retained, assumed bool) {
	if p.resolver != nil {
		if r, a := p.resolvedRetains(call, index); !r {
			return false, a
		}
	}
	named, ok := types.Unalias(p.info.TypeOf(call.Fun)).(*types.Named)
	if !ok || named.Obj().Pkg() != p.pkg || index < 0 {
		return true, false
	}
	sig, ok := named.Underlying().(*types.Signature)
	if !ok || call.Ellipsis.IsValid() || sig.Variadic() && index >= sig.Params().Len()-1 || index >= sig.Params().Len() {
		return true, false
	}
	vals := p.valuesOf(sig)
	if vals.opaque || len(vals.lits)+len(vals.funcs) == 0 {
		return true, false
	}
	for _, fn := range vals.funcs {
		if r, _ := p.retains(fn, index); r {
			return true, false
		}
	}
	for _, lit := range vals.lits {
		v := litParam(p.info, lit, index)
		if v == nil {
			continue // unnamed: unused
		}
		if r, _ := p.retainedIn(lit.Body, v); r {
			return true, false
		}
	}
	return false, false
}

// resolvedRetains judges a dynamic call by the resolver: it keeps its
// argument index unless the resolution is complete and no function or
// literal it lists keeps the parameter the argument becomes.
func (p *Params) resolvedRetains(call *ast.CallExpr, index int) (retained, assumed bool) {
	res, ok := p.resolved[call]
	if !ok {
		res = p.resolver.Resolve(call)
		if p.resolved == nil {
			p.resolved = map[*ast.CallExpr]callres.Resolution{}
		}
		p.resolved[call] = res
	}
	if !res.Complete || len(res.Callees) == 0 || call.Ellipsis.IsValid() {
		return true, false
	}
	for _, c := range res.Callees {
		var r, a bool
		switch {
		case c.Lit != nil:
			r, a = p.litRetains(c.Lit, index)
		case c.Func != nil:
			r, a = p.calleeRetains(res, c, index)
		default:
			r = true
		}
		if r {
			return true, false
		}
		assumed = assumed || a
	}
	return false, assumed
}

// calleeRetains judges one declared function a dynamic call resolves to,
// mapping the call's argument index to the callee's parameter: the
// same one for a function, a method value (its receiver bound where it
// was made) and a method called through an interface (whose receiver is
// the call's); the receiver for a method expression's first argument.
func (p *Params) calleeRetains(res callres.Resolution, c callres.Callee, index int) (retained, assumed bool) {
	sig := c.Func.Signature()
	methodExpr := sig.Recv() != nil && !res.Interface && c.Recv == nil && !c.Owner
	if methodExpr {
		if res.How != callres.Assigned {
			return true, false // cannot tell a method value from an expression
		}
		index-- // (*T).flush(t, ...): t is the receiver
	} else if index < 0 && !res.Interface {
		return true, false // no receiver at a call of a function value
	}
	if index >= sig.Params().Len() || sig.Variadic() && index >= sig.Params().Len()-1 {
		return true, false
	}
	return p.retains(c.Func, index)
}

// litRetains reports whether the literal keeps its parameter index; a
// literal resolved to again while it is being judged (a recursive walk
// through the variable holding it) assumes it does not, as a function
// does.
func (p *Params) litRetains(lit *ast.FuncLit, index int) (retained, assumed bool) {
	sig, ok := p.info.TypeOf(lit).(*types.Signature)
	if !ok || index < 0 || index >= sig.Params().Len() || sig.Variadic() && index >= sig.Params().Len()-1 {
		return true, false
	}
	v := litParam(p.info, lit, index)
	if v == nil {
		return false, false // unnamed: unused
	}
	return p.judge(param{lit: lit, index: index}, lit.Body, v)
}

// valuesOf returns the function values of signature sig the package
// makes.
func (p *Params) valuesOf(sig *types.Signature) *funcValues {
	if p.values == nil {
		p.values = map[*types.Signature]*funcValues{}
	}
	if v, ok := p.values[sig]; ok {
		return v
	}
	vals := &funcValues{}
	p.values[sig] = vals
	same := func(t types.Type) bool {
		if t == nil {
			return false
		}
		s, ok := types.Unalias(t).Underlying().(*types.Signature)
		return ok && types.Identical(s, sig)
	}
	for _, f := range p.files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				if same(p.info.TypeOf(n)) {
					vals.lits = append(vals.lits, n)
				}
			case *ast.Ident, *ast.SelectorExpr:
				e := n.(ast.Expr)
				if !same(p.info.TypeOf(e)) || calledOrSelected(stack, e) {
					break
				}
				var obj types.Object
				if id, ok := e.(*ast.Ident); ok {
					obj = p.info.Uses[id]
				} else if sel := p.info.Selections[e.(*ast.SelectorExpr)]; sel != nil {
					vals.opaque = true // a method value or expression
					break
				} else {
					obj = p.info.Uses[e.(*ast.SelectorExpr).Sel]
				}
				if fn, ok := obj.(*types.Func); ok {
					if fn.Pkg() == p.pkg {
						vals.funcs = append(vals.funcs, fn)
					} else {
						vals.opaque = true
					}
				}
			}
			stack = append(stack, n)
			return true
		})
	}
	return vals
}

// calledOrSelected reports whether e, whose ancestors are stack, is the
// function of a call or the selector part of a selector expression.
func calledOrSelected(stack []ast.Node, e ast.Expr) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ParenExpr:
			continue
		case *ast.CallExpr:
			return ast.Unparen(n.Fun) == e
		case *ast.SelectorExpr:
			return n.Sel == e
		}
		return false
	}
	return false
}

// litParam returns the variable of lit's parameter index.
func litParam(info *types.Info, lit *ast.FuncLit, index int) *types.Var {
	return fieldVar(info, lit.Type.Params, index)
}
