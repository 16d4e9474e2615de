package callres

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/prescan"
)

// valueIndex lists, for each variable and struct field the package assigns
// (a definition, an assignment, a composite literal's element, a package
// variable's initialiser), the expressions stored into it, and marks those
// it cannot follow (address taken, assigned from a tuple or a range).
type valueIndex struct {
	stored   map[*types.Var][]ast.Expr
	owner    map[ast.Expr]bool // method values bound to their field's object (Callee.Owner)
	unknown  map[*types.Var]bool
	resolved map[*types.Var]*values // memo of of; nil while in progress
	// cells maps a container variable or field (a map, slice, array or
	// channel of functions or interfaces) to its cell: one abstract
	// variable standing for every element, whose stores are the values
	// put in (literal elements, appends, index assignments, sends) and
	// whose reads are the elements taken out (m[k], <-ch, a range).
	cells map[*types.Var]*types.Var
	// container maps a cell back to its container.
	container map[*types.Var]*types.Var
	// whole marks the expressions stored into a cell or a variable that
	// stand for a whole container (c = other, append(other, ...), the
	// range expression of a range's value): its cell's values flow in.
	whole map[ast.Expr]bool
}

// values is what a variable or field may hold: functions (for a
// function-typed one) and concrete types (for an interface-typed one).
type values struct {
	funcs    []Callee
	types    []typeVal
	complete bool // nothing else can be stored into it
	local    bool // a local variable
}

type typeVal struct {
	typ  types.Type
	site token.Pos
}

func indexValues(pass *analysis.Pass, scanned *prescan.Result, escaping map[*types.Func]bool) *valueIndex {
	x := &valueIndex{stored: map[*types.Var][]ast.Expr{}, owner: map[ast.Expr]bool{}, unknown: map[*types.Var]bool{}, resolved: map[*types.Var]*values{},
		cells: map[*types.Var]*types.Var{}, container: map[*types.Var]*types.Var{}, whole: map[ast.Expr]bool{}}
	info := pass.TypesInfo
	target := func(e ast.Expr) *types.Var {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj := info.Defs[e]
			if obj == nil {
				obj = info.Uses[e]
			}
			v, _ := obj.(*types.Var)
			return v
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[e]; ok && sel.Kind() == types.FieldVal {
				return fieldVar(sel)
			}
			v, _ := info.Uses[e.Sel].(*types.Var)
			return v
		}
		return nil
	}
	// escape marks a function of this package used as a value.
	escape := func(e ast.Expr) {
		var obj types.Object
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj = info.Uses[e]
		case *ast.SelectorExpr:
			obj = info.Uses[e.Sel]
		}
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() == pass.Pkg {
			escaping[fn.Origin()] = true
		}
	}
	store := func(v *types.Var, e ast.Expr) {
		if v == nil || !interesting(v.Type()) {
			escape(e)
			return
		}
		x.stored[v] = append(x.stored[v], e)
		escape(e)
	}
	lose := func(v *types.Var) {
		if v != nil && interesting(v.Type()) {
			x.unknown[v] = true
		}
	}
	// cellAt returns the cell of the container e names, nil when e is
	// not a container variable or field of functions or interfaces.
	cellAt := func(e ast.Expr) *types.Var {
		return x.cellOf(target(e))
	}
	// put stores an element into the cell of the container e names; own
	// is the object holding it (x in x.hooks), for method values bound to
	// it (x.hooks[k] = x.flush).
	put := func(cell *types.Var, own ast.Expr, elem ast.Expr) {
		escape(elem)
		if cell == nil {
			return
		}
		x.stored[cell] = append(x.stored[cell], elem)
		if own != nil {
			if r, ok := ast.Unparen(elem).(*ast.SelectorExpr); ok && types.ExprString(own) == types.ExprString(r.X) {
				x.owner[r] = true
			}
		}
	}
	ownerOf := func(e ast.Expr) ast.Expr {
		if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
			if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
				return sel.X
			}
		}
		return nil
	}
	// fill records a whole container value stored into the container
	// variable or field lhs: a literal's elements, an append's, another
	// container's cell; anything else is not followed.
	var fill func(cell *types.Var, own ast.Expr, value ast.Expr)
	fill = func(cell *types.Var, own ast.Expr, value ast.Expr) {
		if cell == nil {
			return
		}
		value = ast.Unparen(value)
		if tv, ok := info.Types[value]; ok && tv.IsNil() {
			return
		}
		switch v := value.(type) {
		case *ast.CompositeLit:
			for _, elt := range v.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					elt = kv.Value
				}
				put(cell, own, elt)
			}
			return
		case *ast.UnaryExpr:
			if v.Op == token.AND {
				if lit, ok := ast.Unparen(v.X).(*ast.CompositeLit); ok {
					fill(cell, own, lit) // &[N]func(){...}
					return
				}
			}
		case *ast.SliceExpr:
			fill(cell, own, v.X) // c = c[1:]
			return
		case *ast.CallExpr:
			if b, ok := info.Uses[builtinIdent(v.Fun)].(*types.Builtin); ok {
				switch b.Name() {
				case "make", "new":
					return
				case "append":
					if len(v.Args) > 0 {
						fill(cell, own, v.Args[0])
						for i, arg := range v.Args[1:] {
							if v.Ellipsis.IsValid() && i == len(v.Args)-2 {
								fill(cell, own, arg) // append(c, other...)
							} else {
								put(cell, own, arg)
							}
						}
					}
					return
				}
			}
		}
		if other := cellAt(value); other != nil {
			if other != cell {
				x.whole[value] = true
				x.stored[cell] = append(x.stored[cell], value)
				// Maps, slices and channels are references: what is
				// put in through the copy lands in the original too.
				x.unknown[other] = true
			}
			return
		}
		x.unknown[cell] = true
	}
	visit := func(n ast.Node) {
		switch n := n.(type) {
		case *ast.SendStmt:
			put(cellAt(n.Chan), ownerOf(n.Chan), n.Value)
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 && (n.Tok == token.DEFINE || n.Tok == token.ASSIGN) {
				// f, ok := m[k]; f, ok := <-ch: the element, and a bool.
				if cellOfRead(info, n.Rhs[0], cellAt) != nil {
					store(target(n.Lhs[0]), n.Rhs[0])
					return
				}
			}
			if len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					if n.Tok == token.DEFINE || n.Tok == token.ASSIGN {
						if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
							put(cellAt(ix.X), ownerOf(ix.X), n.Rhs[i]) // c[k] = f
						} else if cell := cellAt(lhs); cell != nil {
							fill(cell, ownerOf(lhs), n.Rhs[i])
						}
						store(target(lhs), n.Rhs[i])
						l, lok := ast.Unparen(lhs).(*ast.SelectorExpr)
						r, rok := ast.Unparen(n.Rhs[i]).(*ast.SelectorExpr)
						if lok && rok && types.ExprString(l.X) == types.ExprString(r.X) {
							x.owner[r] = true // x.f = x.m
						}
					} else {
						lose(target(lhs))
					}
				}
			} else {
				for _, lhs := range n.Lhs {
					lose(target(lhs))
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, name := range n.Names {
					fill(cellAt(name), nil, n.Values[i])
					store(target(name), n.Values[i])
				}
			} else if len(n.Values) > 0 {
				for _, name := range n.Names {
					lose(target(name))
				}
			}
		case *ast.RangeStmt:
			// The elements of a container ranged over: the value of a
			// map, slice or array, the key of a channel.
			elem := n.Value
			if _, isChan := types.Unalias(info.TypeOf(n.X)).Underlying().(*types.Chan); isChan {
				elem = n.Key
			}
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if e == nil {
					continue
				}
				if e == elem && cellAt(n.X) != nil && target(e) != nil && interesting(target(e).Type()) {
					ranged := ast.Unparen(n.X)
					x.whole[ranged] = true
					x.stored[target(e)] = append(x.stored[target(e)], ranged)
					continue
				}
				lose(target(e))
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				lose(target(n.X))
				if cell := cellAt(n.X); cell != nil {
					x.unknown[cell] = true
				}
			}
		case *ast.CompositeLit:
			st, ok := types.Unalias(info.TypeOf(n)).Underlying().(*types.Struct)
			if ok {
				for i, elt := range n.Elts {
					var f *types.Var
					value := elt
					if kv, ok := elt.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							f, _ = info.Uses[id].(*types.Var)
						}
						value = kv.Value
					} else if i < st.NumFields() {
						f = st.Field(i)
					}
					if f != nil {
						fill(x.cellOf(f.Origin()), nil, value) // S{hooks: []func(){a, b}}
					}
				}
			}
			if !ok {
				for _, elt := range n.Elts {
					if kv, ok := elt.(*ast.KeyValueExpr); ok {
						escape(kv.Value)
					} else {
						escape(elt)
					}
				}
				return
			}
			for i, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						if f, ok := info.Uses[id].(*types.Var); ok {
							store(f.Origin(), kv.Value)
						}
					}
				} else if i < st.NumFields() {
					store(st.Field(i).Origin(), elt)
				}
			}
		case *ast.CallExpr:
			for i, arg := range n.Args {
				escape(arg)
				if cell := cellAt(arg); cell != nil {
					b, _ := info.Uses[builtinIdent(n.Fun)].(*types.Builtin)
					if b == nil || b.Name() == "copy" && i == 0 {
						x.unknown[cell] = true // the callee may put elements in
					}
				}
			}
		case *ast.ReturnStmt:
			for _, res := range n.Results {
				escape(res)
				if cell := cellAt(res); cell != nil {
					x.unknown[cell] = true // the caller may put elements in
				}
			}
		}
	}
	for _, fn := range scanned.Funcs {
		for _, n := range fn.Nodes {
			visit(n)
		}
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				ast.Inspect(gd, func(n ast.Node) bool {
					visit(n)
					return true
				})
			}
		}
	}
	return x
}

// builtinIdent returns the identifier a call names, nil for other callees.
func builtinIdent(fun ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(fun).(*ast.Ident)
	return id
}

// containerElem returns the element type of a map, slice, array (or
// pointer to one) or channel type whose elements are followed (functions,
// interfaces), nil otherwise.
func containerElem(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	var elem types.Type
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Map:
		elem = u.Elem()
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Chan:
		elem = u.Elem()
	case *types.Pointer:
		if a, ok := types.Unalias(u.Elem()).Underlying().(*types.Array); ok {
			elem = a.Elem()
		}
	}
	if elem == nil || !interesting(elem) {
		return nil
	}
	return elem
}

// cellOf returns the cell of a container variable or field (see
// valueIndex.cells), nil when v is not one.
func (x *valueIndex) cellOf(v *types.Var) *types.Var {
	if v == nil {
		return nil
	}
	v = v.Origin()
	if c, ok := x.cells[v]; ok {
		return c
	}
	elem := containerElem(v.Type())
	if elem == nil {
		return nil
	}
	c := types.NewVar(v.Pos(), v.Pkg(), v.Name()+"[]", elem)
	c.SetKind(v.Kind())
	x.cells[v], x.container[c] = c, v
	return c
}

// cellOfRead returns the cell an element read takes from (m[k], <-ch),
// nil for other expressions.
func cellOfRead(info *types.Info, e ast.Expr, cellAt func(ast.Expr) *types.Var) *types.Var {
	switch e := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		if tv, ok := info.Types[e.X]; ok && !tv.IsType() {
			if _, isSig := types.Unalias(tv.Type).Underlying().(*types.Signature); !isSig {
				return cellAt(e.X)
			}
		}
	case *ast.UnaryExpr:
		if e.Op == token.ARROW {
			return cellAt(e.X)
		}
	}
	return nil
}

// interesting reports whether values stored into a variable of type t are
// followed: functions and interfaces.
func interesting(t types.Type) bool {
	switch types.Unalias(t).Underlying().(type) {
	case *types.Signature, *types.Interface:
		return true
	}
	return false
}

// maxDepth bounds the chains of variables followed (x = y; y = z).
const maxDepth = 4

// of returns what v may hold: what this package stores into it, and, for
// another package's variable or field, what that package stored (its
// fact). ok is false when nothing is known.
func (x *valueIndex) of(r *Resolver, v *types.Var) (*values, bool) {
	vals := x.follow(r, v, 0)
	return vals, vals != nil && (len(vals.funcs) > 0 || len(vals.types) > 0)
}

func (x *valueIndex) follow(r *Resolver, v *types.Var, depth int) *values {
	v = v.Origin()
	if vals, ok := x.resolved[v]; ok {
		if vals == nil {
			return &values{} // a cycle of assignments adds nothing
		}
		return vals
	}
	if depth > maxDepth {
		return &values{}
	}
	x.resolved[v] = nil
	pkg := r.pass.Pkg
	vals := &values{}
	local := v.Pkg() == pkg && v.Kind() == types.LocalVar
	vals.local = local
	// Every store is seen when v is a local or unexported variable or
	// field of this package.
	complete := v.Pkg() == pkg && (local || !v.Exported()) && v.Kind() != types.ParamVar && v.Kind() != types.ResultVar
	if x.unknown[v] {
		complete = false
	}
	if v.Pkg() != pkg && v.Pkg() != nil {
		obj := v
		if c := x.container[v]; c != nil {
			obj = c // a cell's fact is its container's
		}
		var fact assignedValues
		if r.pass.ImportObjectFact(obj, &fact) {
			r.addFact(vals, &fact)
		}
	}
	for _, e := range x.stored[v] {
		if !x.add(r, vals, e, depth) {
			complete = false
		}
	}
	vals.complete = complete
	x.resolved[v] = vals
	return vals
}

// add adds the callees or types an expression stored into a variable
// stands for; false when it cannot tell.
func (x *valueIndex) add(r *Resolver, vals *values, e ast.Expr, depth int) bool {
	info := r.pass.TypesInfo
	e = ast.Unparen(e)
	tv, ok := info.Types[e]
	if !ok {
		return false
	}
	if tv.IsNil() {
		return true
	}
	if x.whole[e] {
		// A whole container stored, or ranged over: its cell's values.
		return x.merge(r, vals, x.cellOf(r.varOf(e)), depth)
	}
	if cell := cellOfRead(info, e, func(c ast.Expr) *types.Var { return x.cellOf(r.varOf(c)) }); cell != nil {
		return x.merge(r, vals, cell, depth) // f := m[k], f := <-ch
	}
	if _, isSig := types.Unalias(tv.Type).Underlying().(*types.Signature); isSig {
		switch e := e.(type) {
		case *ast.FuncLit:
			vals.funcs = appendCallee(vals.funcs, Callee{Lit: e, Site: e.Pos()})
			return true
		case *ast.Ident:
			switch obj := info.Uses[e].(type) {
			case *types.Func:
				vals.funcs = appendCallee(vals.funcs, Callee{Func: obj.Origin(), Site: e.Pos()})
				return true
			case *types.Var:
				return x.merge(r, vals, obj, depth)
			}
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[e]; ok {
				switch sel.Kind() {
				case types.MethodVal:
					fn, _ := sel.Obj().(*types.Func)
					if fn == nil || interfaceOf(sel.Recv()) != nil {
						return false // a method value of an interface
					}
					vals.funcs = appendCallee(vals.funcs, Callee{Func: fn.Origin(), Recv: e.X, Site: e.Pos(), Owner: x.owner[e]})
					return true
				case types.MethodExpr:
					fn, _ := sel.Obj().(*types.Func)
					if fn == nil || interfaceOf(sel.Recv()) != nil {
						return false
					}
					vals.funcs = appendCallee(vals.funcs, Callee{Func: fn.Origin(), Site: e.Pos()})
					return true
				case types.FieldVal:
					return x.merge(r, vals, fieldVar(sel), depth)
				}
			}
			switch obj := info.Uses[e.Sel].(type) {
			case *types.Func:
				vals.funcs = appendCallee(vals.funcs, Callee{Func: obj.Origin(), Site: e.Pos()})
				return true
			case *types.Var:
				return x.merge(r, vals, obj, depth)
			}
		case *ast.IndexExpr, *ast.IndexListExpr:
			// A generic function instantiated: f[int].
			var base ast.Expr
			switch e := e.(type) {
			case *ast.IndexExpr:
				base = e.X
			case *ast.IndexListExpr:
				base = e.X
			}
			var id *ast.Ident
			switch b := ast.Unparen(base).(type) {
			case *ast.Ident:
				id = b
			case *ast.SelectorExpr:
				id = b.Sel
			}
			if fn, ok := info.Uses[id].(*types.Func); ok && id != nil {
				vals.funcs = appendCallee(vals.funcs, Callee{Func: fn.Origin(), Site: e.Pos()})
				return true
			}
		}
		return false
	}
	// An interface-typed destination: the static type of the value.
	if _, isIface := types.Unalias(tv.Type).Underlying().(*types.Interface); !isIface {
		vals.types = appendType(vals.types, typeVal{typ: tv.Type, site: e.Pos()})
		return true
	}
	if v := r.varOf(e); v != nil {
		return x.merge(r, vals, v, depth)
	}
	return false
}

// merge adds what another variable holds.
func (x *valueIndex) merge(r *Resolver, vals *values, v *types.Var, depth int) bool {
	if v == nil || v.Kind() == types.ParamVar {
		return false
	}
	other := x.follow(r, v, depth+1)
	for _, f := range other.funcs {
		vals.funcs = appendCallee(vals.funcs, f)
	}
	for _, t := range other.types {
		vals.types = appendType(vals.types, t)
	}
	return other.complete
}

func appendCallee(cs []Callee, c Callee) []Callee {
	for _, d := range cs {
		if d.Func == c.Func && d.Lit == c.Lit && (c.Recv == nil) == (d.Recv == nil) && (c.Recv == nil || types.ExprString(c.Recv) == types.ExprString(d.Recv)) {
			return cs
		}
	}
	return append(cs, c)
}

func appendType(ts []typeVal, t typeVal) []typeVal {
	for _, u := range ts {
		if types.Identical(u.typ, t.typ) {
			return ts
		}
	}
	return append(ts, t)
}

// assignedValues is the fact a package exports about its exported
// variables and fields of function or interface type: the functions and
// concrete types it stores into them, so that importers resolve calls
// through them. Names are keys (see funcKey, typeKey).
type assignedValues struct {
	Funcs []string
	Types []string
	// Unknown is set when the package also stores values it cannot follow.
	Unknown bool
}

func (*assignedValues) AFact() {}

func (f *assignedValues) String() string {
	var parts []string
	for _, k := range f.Funcs {
		parts = append(parts, "func "+shortKey(k))
	}
	for _, k := range f.Types {
		parts = append(parts, "type "+shortKey(k))
	}
	if f.Unknown {
		parts = append(parts, "more")
	}
	return "assigned " + strings.Join(parts, ", ")
}

func shortKey(k string) string {
	parts := strings.Split(k, " ")
	p := parts[0][strings.LastIndex(parts[0], "/")+1:]
	return p + "." + strings.Join(slices.DeleteFunc(parts[1:], func(s string) bool { return s == "" }), ".")
}

// exportFacts exports what this package stores into its exported
// variables and fields.
func (r *Resolver) exportFacts() {
	vars := make([]*types.Var, 0, len(r.values.stored))
	for v := range r.values.stored {
		if v.Pkg() == r.pass.Pkg && v.Exported() && (v.Kind() == types.PackageVar || v.Kind() == types.FieldVar) {
			vars = append(vars, v)
		}
	}
	// A container's fact lists its cell's values (a cell and its
	// container have the same position: the container first).
	slices.SortFunc(vars, func(a, b *types.Var) int {
		return cmp.Or(int(a.Pos()-b.Pos()), cmp.Compare(a.Name(), b.Name()))
	})
	for _, v := range vars {
		obj := v
		if c := r.values.container[v]; c != nil {
			obj = c
		}
		vals := r.values.follow(r, v, 0)
		fact := &assignedValues{Unknown: !vals.complete && r.values.unknown[v]}
		for _, c := range vals.funcs {
			if c.Func == nil {
				fact.Unknown = true // a literal: no name outside this package
				continue
			}
			fact.Funcs = append(fact.Funcs, funcKey(c.Func))
		}
		for _, t := range vals.types {
			if t.typ == nil {
				continue
			}
			if k, ok := typeKey(t.typ); ok {
				fact.Types = append(fact.Types, k)
			} else {
				fact.Unknown = true
			}
		}
		slices.Sort(fact.Funcs)
		slices.Sort(fact.Types)
		fact.Funcs, fact.Types = slices.Compact(fact.Funcs), slices.Compact(fact.Types)
		if len(fact.Funcs) > 0 || len(fact.Types) > 0 {
			r.pass.ExportObjectFact(obj, fact)
		}
	}
}

// addFact adds what a fact lists, looking its names up among the
// packages this one imports (directly or not).
func (r *Resolver) addFact(vals *values, fact *assignedValues) {
	for _, k := range fact.Funcs {
		if fn := r.lookupFunc(k); fn != nil {
			vals.funcs = appendCallee(vals.funcs, Callee{Func: fn})
		}
	}
	for _, k := range fact.Types {
		if t := r.lookupType(k); t != nil {
			vals.types = appendType(vals.types, typeVal{typ: t})
		}
	}
}

// funcKey names a function for a fact: "path name" or "path Recv name".
func funcKey(fn *types.Func) string {
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		if n := namedOf(r.Type()); n != nil {
			recv = n.Obj().Name()
		}
	}
	return fn.Pkg().Path() + " " + recv + " " + fn.Name()
}

// typeKey names a concrete type for a fact: "path Name" or "path *Name".
func typeKey(t types.Type) (string, bool) {
	ptr := ""
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t, ptr = p.Elem(), "*"
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.TypeArgs().Len() > 0 {
		return "", false
	}
	return n.Obj().Pkg().Path() + " " + ptr + n.Obj().Name(), true
}

func namedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

func (r *Resolver) lookupFunc(key string) *types.Func {
	parts := strings.Split(key, " ")
	if len(parts) != 3 {
		return nil
	}
	pkg := r.packages()[parts[0]]
	if pkg == nil {
		return nil
	}
	if parts[1] == "" {
		fn, _ := pkg.Scope().Lookup(parts[2]).(*types.Func)
		return fn
	}
	tn, _ := pkg.Scope().Lookup(parts[1]).(*types.TypeName)
	if tn == nil {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, pkg, parts[2])
	fn, _ := obj.(*types.Func)
	return fn
}

func (r *Resolver) lookupType(key string) types.Type {
	path, name, ok := strings.Cut(key, " ")
	if !ok {
		return nil
	}
	pkg := r.packages()[path]
	if pkg == nil {
		return nil
	}
	ptr := strings.HasPrefix(name, "*")
	tn, _ := pkg.Scope().Lookup(strings.TrimPrefix(name, "*")).(*types.TypeName)
	if tn == nil {
		return nil
	}
	if ptr {
		return types.NewPointer(tn.Type())
	}
	return tn.Type()
}
