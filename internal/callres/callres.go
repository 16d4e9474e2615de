// Package callres resolves a call site to the functions it may call, and
// says how: written once for every pass whose function summaries must be
// applied where a call is dynamic. lockorder asks Resolve at a call that
// has no static callee, applies each listed callee's summary as a
// may-effect, and names Resolution.String() in the diagnostic;
// atomicmix, through internal/retain, uses only complete resolutions,
// whose every callee must keep nothing of an argument for the call not
// to be an escape (a must-question: a may-set would be unsound there);
// publish uses it lockorder's way (an effect of any callee listed by
// value flow or assignments, of every implementation listed by CHA).
//
// # Resolution
//
// A call is resolved, in this order:
//
//   - Static: the callee is named at the call (a function, a method of a
//     concrete type, a method expression (*T).flush called directly).
//   - Literal: a function literal called in place, or through a local
//     variable bound once to it.
//   - ValueFlow: an interface method call whose receiver's dynamic types are
//     known from the values assigned to it: a local variable, a package
//     variable or a struct field, within this package (and, for another
//     package's exported variables and fields, from the fact that package
//     exported about its own assignments). Complete when the variable or
//     field is unexported and declared here, so every assignment is seen.
//   - Assigned: a call of a function-typed variable or field, resolved to
//     the functions, method values (q.process, bound to their receiver) and
//     method expressions ((*T).flush) assigned to it: in constructors and
//     setters, in other files, in the defining package (through its fact).
//     A value taken from a map, slice, array or channel (handlers[k](x),
//     for _, f := range hooks { f() }, f := <-ch) is resolved the same way
//     through one abstract cell per container variable or field, which
//     holds the values put in: literal elements, appends, index
//     assignments, sends; complete unless the container reaches a call, a
//     return or has its address taken (which may put in more).
//   - CHA: an interface method call resolved by class hierarchy analysis:
//     the implementations among the named types of this package and its
//     transitive imports (a go/analysis pass sees no more; x/tools'
//     go/callgraph/cha sees the whole program). An interface with more than
//     MaxImplementations implementations (io.Writer, error, fmt.Stringer)
//     is left unresolved, and the resolution says so: such calls would
//     flood a lock graph with edges through code the call almost never
//     reaches.
//   - Param: a call of a parameter of the enclosing function; the function's
//     callers know what it is (a pass records "calls its parameter k" in
//     its summary and applies it where the function is called).
//
// Value flow here is the flow-insensitive, package-wide variant of
// x/tools' go/callgraph/vta restricted to one step through locals and
// fields: cheap, and exact where it says Complete.
//
// The standard library's call-backs (sync.Once.Do runs its argument now;
// sort.Slice its less function; fmt.Sprintf the String and Error methods
// of its operands; io.Copy its writer's Write when io would; time.AfterFunc
// on another goroutine) are a table: Callbacks.
//
// # Representation
//
// The AST and go/types, with the function bodies' assignments listed once
// by internal/prescan: resolution needs the values stored into variables
// and fields and the method sets of named types, not a control-flow graph;
// an IR would cost every package a build for what a list of assignments
// answers.
package callres

import (
	"encoding/gob"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/internal/prescan"
)

// MaxImplementations bounds CHA: an interface with more implementations
// than this (among the types a package sees) is not resolved.
const MaxImplementations = 4

var Analyzer = &analysis.Analyzer{
	Name:       "cowlintcallres",
	Doc:        "resolve dynamic calls (interface methods, function values) for cowlint's passes",
	URL:        "https://github.com/cowlint/cowlint#lockorder",
	Requires:   []*analysis.Analyzer{prescan.Analyzer},
	Run:        guard.Run(run),
	ResultType: reflect.TypeOf((*Resolver)(nil)),
	FactTypes:  []analysis.Fact{new(assignedValues)},
}

func init() { gob.Register(new(assignedValues)) }

// Of returns the resolver of pass's package, false when callres failed
// (and guard said so).
func Of(pass *analysis.Pass) (*Resolver, bool) {
	r, ok := pass.ResultOf[Analyzer].(*Resolver)
	return r, ok && r != nil
}

// How says how a call was resolved.
type How uint8

const (
	Unresolved How = iota
	Static
	Literal
	ValueFlow
	Assigned
	CHA
	Param
)

var howNames = [...]string{"unresolved", "static", "literal", "value flow", "assignments", "CHA", "parameter"}

func (h How) String() string { return howNames[h] }

// A Callee is one function a call may run.
type Callee struct {
	// Func is the function or method, nil for a literal.
	Func *types.Func
	// Lit is a function literal of this package.
	Lit *ast.FuncLit
	// Recv is the receiver bound by a method value (q in q.process),
	// when it is an expression of this package; nil otherwise (the
	// receiver of an interface call is the call's own).
	Recv ast.Expr
	// Site is where the value was stored (an assignment), NoPos for a
	// static or CHA callee.
	Site token.Pos
	// Owner is set for a method value bound to the object whose field
	// holds it (le.onRenew = le.checkpoint): at a call le.onRenew(),
	// the receiver is the object the field is read from.
	Owner bool
}

// A Resolution is what Resolve says about one call.
type Resolution struct {
	Call *ast.CallExpr
	How  How
	// Interface is set for a method call through an interface (or a type
	// parameter): the callees are implementations.
	Interface bool
	Callees   []Callee
	// Complete is set when Callees is every function the call can run
	// (static calls, literals, value flow over an unexported variable or
	// field of this package).
	Complete bool
	// Param is the parameter called, for How == Param.
	Param *types.Var
	// Reason says why a call is unresolved.
	Reason string

	value bool     // a call of a function-typed variable or field
	fun   ast.Expr // the callee expression as written (String prints it)
	pkg   *types.Package
	fset  *token.FileSet
}

// Dynamic reports whether the call's callee is not named at the call.
func (r Resolution) Dynamic() bool { return r.How != Static && r.How != Literal }

// String describes the resolution for a diagnostic: "interface call
// c.cl.Do resolved by CHA to (*client).Do".
func (r Resolution) String() string {
	expr := ""
	if r.fun != nil {
		expr = types.ExprString(r.fun)
	}
	what := "call of " + expr
	switch {
	case r.Interface:
		what = "interface call " + expr
	case r.How == Param:
		return "call of parameter " + expr
	case r.value:
		what = "call of function value " + expr
	}
	if r.How == Unresolved {
		if r.Reason != "" {
			return what + " unresolved: " + r.Reason
		}
		return what + " unresolved"
	}
	if !r.Dynamic() {
		return what
	}
	names := make([]string, len(r.Callees))
	for i, c := range r.Callees {
		names[i] = r.CalleeName(c)
	}
	return what + " resolved by " + r.How.String() + " to " + strings.Join(names, ", ")
}

// CalleeName names a callee relative to the call's package: (*client).Do,
// (*http.Client).Do, the func literal at cache.go:41.
func (r Resolution) CalleeName(c Callee) string {
	if c.Func != nil {
		return FuncName(c.Func, r.pkg)
	}
	if c.Lit != nil && r.fset != nil {
		p := r.fset.Position(c.Lit.Pos())
		return "the func literal at " + filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
	}
	return "a func literal"
}

// FuncName names fn as Go writes a method expression, qualified by package
// name outside pkg: helper, (*client).Do, (*http.Client).Do, pkg.F.
func FuncName(fn *types.Func, pkg *types.Package) string {
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	sig := fn.Signature()
	if sig.Recv() == nil {
		if fn.Pkg() != nil && fn.Pkg() != pkg {
			return fn.Pkg().Name() + "." + fn.Name()
		}
		return fn.Name()
	}
	t := sig.Recv().Type()
	if _, ok := types.Unalias(t).Underlying().(*types.Interface); ok {
		return types.TypeString(t, qual) + "." + fn.Name()
	}
	s := types.TypeString(t, qual)
	if i := strings.IndexByte(s, '['); i >= 0 {
		s = s[:i] // type arguments aside: Map[V] is Map
	}
	if strings.HasPrefix(s, "*") {
		return "(" + s + ")." + fn.Name()
	}
	return s + "." + fn.Name()
}

// A Resolver resolves the calls of one package. It is safe for
// concurrent use: the passes that share it (lockorder, publish) run in
// parallel on one package, and its indexes are memoised as they are asked.
type Resolver struct {
	mu     sync.Mutex // guards values' and cha's memos
	pass   *analysis.Pass
	values *valueIndex
	cha    *chaIndex
	// escaping lists the functions of this package used as values (not
	// called): their callers may be in other packages.
	escaping map[*types.Func]bool
}

func run(pass *analysis.Pass) (any, error) {
	scanned, ok := prescan.Of(pass)
	if !ok {
		return nil, nil // the pre-scan failed, and said so
	}
	r := &Resolver{pass: pass, escaping: map[*types.Func]bool{}}
	r.values = indexValues(pass, scanned, r.escaping)
	r.exportFacts()
	return r, nil
}

// Escaping reports whether fn, a function of this package, is used as a
// value somewhere in it (stored, passed, returned): a pass exporting
// summaries only for exported functions should export fn's too, since an
// importer may resolve a dynamic call to it.
func (r *Resolver) Escaping(fn *types.Func) bool { return r.escaping[fn.Origin()] }

// Resolve resolves call.
func (r *Resolver) Resolve(call *ast.CallExpr) Resolution {
	r.mu.Lock()
	defer r.mu.Unlock()
	info := r.pass.TypesInfo
	res := Resolution{Call: call, fun: call.Fun, pkg: r.pass.Pkg, fset: r.pass.Fset}
	fun := ast.Unparen(call.Fun)
	if lit, ok := fun.(*ast.FuncLit); ok {
		res.How, res.Complete, res.Callees = Literal, true, []Callee{{Lit: lit}}
		return res
	}
	if tv, ok := info.Types[fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		res.Reason = "not a function call"
		return res // a conversion or a builtin
	}
	if fn := typeutil.StaticCallee(info, call); fn != nil {
		res.How, res.Complete, res.Callees = Static, true, []Callee{{Func: fn}}
		return res
	}
	switch fun := fun.(type) {
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[fun]; ok {
			switch sel.Kind() {
			case types.MethodVal:
				return r.resolveMethod(res, fun, sel)
			case types.FieldVal:
				return r.resolveValue(res, fieldVar(sel))
			}
		}
		if v, ok := info.Uses[fun.Sel].(*types.Var); ok { // pkg.Hook
			return r.resolveValue(res, v)
		}
	case *ast.Ident:
		if v, ok := info.Uses[fun].(*types.Var); ok {
			if v.Kind() == types.ParamVar {
				res.How, res.Param = Param, v
				return res
			}
			return r.resolveValue(res, v)
		}
	case *ast.IndexExpr, *ast.UnaryExpr:
		// A function value taken from a container: handlers[k](x),
		// (<-ch)(). (A generic function instantiated explicitly is
		// static.)
		if cell := r.cellRead(fun); cell != nil {
			return r.resolveValue(res, cell)
		}
	}
	res.Reason = "the function value is not followed"
	return res
}

// resolveMethod resolves a method call through an interface or a type
// parameter: by value flow on the receiver, else by CHA.
func (r *Resolver) resolveMethod(res Resolution, fun *ast.SelectorExpr, sel *types.Selection) Resolution {
	res.Interface = true
	method, _ := sel.Obj().(*types.Func)
	iface := interfaceOf(sel.Recv())
	if method == nil || iface == nil {
		res.Reason = "no interface"
		return res
	}
	if v := r.varOf(fun.X); v != nil {
		if vals, ok := r.values.of(r, v); ok && len(vals.types) > 0 && len(vals.funcs) == 0 {
			for _, t := range vals.types {
				if fn := methodOf(t.typ, method); fn != nil {
					res.Callees = append(res.Callees, Callee{Func: fn, Site: t.site})
				}
			}
			if len(res.Callees) > 0 {
				res.How, res.Complete = ValueFlow, vals.complete
				return res
			}
		}
	}
	impls, n := r.chaOf(iface, method)
	if n > MaxImplementations {
		res.Reason = fmt.Sprintf("%s has %d implementations (more than %d)", types.TypeString(sel.Recv(), types.RelativeTo(r.pass.Pkg)), n, MaxImplementations)
		return res
	}
	if len(impls) == 0 {
		res.Reason = "no implementation in sight"
		return res
	}
	res.How = CHA
	for _, fn := range impls {
		res.Callees = append(res.Callees, Callee{Func: fn})
	}
	return res
}

// resolveValue resolves the call of a function-typed variable or field
// by the values assigned to it.
func (r *Resolver) resolveValue(res Resolution, v *types.Var) Resolution {
	res.value = true
	vals, ok := r.values.of(r, v)
	if !ok || len(vals.funcs) == 0 {
		res.Reason = "no function assigned in sight"
		return res
	}
	res.How, res.Complete = Assigned, vals.complete
	for _, f := range vals.funcs {
		res.Callees = append(res.Callees, f)
	}
	if vals.local && vals.complete && len(vals.funcs) == 1 && vals.funcs[0].Lit != nil {
		res.How = Literal
	}
	return res
}

// varOf returns the variable or field an expression reads (x, s.f, pkg.V),
// nil for other expressions.
func (r *Resolver) varOf(e ast.Expr) *types.Var {
	info := r.pass.TypesInfo
	if cell := r.cellRead(e); cell != nil {
		return cell // an element of a container: m[k], <-ch
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := info.Uses[e].(*types.Var)
		return v
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			if sel.Kind() == types.FieldVal {
				return fieldVar(sel)
			}
			return nil
		}
		v, _ := info.Uses[e.Sel].(*types.Var)
		return v
	}
	return nil
}

// cellRead returns the cell of the container an element read takes from
// (m[k], s[i], <-ch; see valueIndex.cells), nil for other expressions.
func (r *Resolver) cellRead(e ast.Expr) *types.Var {
	return cellOfRead(r.pass.TypesInfo, e, func(c ast.Expr) *types.Var { return r.values.cellOf(r.varOf(c)) })
}

func fieldVar(sel *types.Selection) *types.Var {
	v, _ := sel.Obj().(*types.Var)
	if v != nil {
		v = v.Origin()
	}
	return v
}

// interfaceOf returns the interface a method is called through: the
// receiver's own, or a type parameter's constraint.
func interfaceOf(t types.Type) *types.Interface {
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		return tp.Underlying().(*types.Interface)
	}
	i, _ := types.Unalias(t).Underlying().(*types.Interface)
	return i
}

// methodOf returns the concrete method of t that implements method.
func methodOf(t types.Type, method *types.Func) *types.Func {
	if _, ok := t.Underlying().(*types.Interface); ok {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, method.Pkg(), method.Name())
	fn, _ := obj.(*types.Func)
	if fn == nil {
		return nil
	}
	if _, ok := fn.Signature().Recv().Type().Underlying().(*types.Interface); ok {
		return nil // promoted from an embedded interface: no body
	}
	return fn.Origin()
}

// sortFuncs sorts functions by full name.
func sortFuncs(fns []*types.Func) {
	slices.SortFunc(fns, func(a, b *types.Func) int { return strings.Compare(a.FullName(), b.FullName()) })
}
