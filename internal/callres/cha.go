package callres

import (
	"go/types"
	"slices"
	"sync"
)

// chaIndex is the class hierarchy of the named types a package sees: its
// own and its transitive imports', built on the first interface call that
// value flow does not resolve.
type chaIndex struct {
	pkgs   map[string]*types.Package
	byPkg  []map[string][]*types.Named // each package's typesByMethod, by path
	byName map[string][]*types.Named   // see named
	memo   map[chaKey]chaResult
}

type chaKey struct {
	iface  *types.Interface
	method string
}

type chaResult struct {
	impls []*types.Func
	n     int
}

// packages returns the packages this one imports, directly or not, and
// itself, by path.
func (r *Resolver) packages() map[string]*types.Package {
	if r.cha == nil {
		r.cha = &chaIndex{memo: map[chaKey]chaResult{}}
	}
	if r.cha.pkgs == nil {
		pkgs := map[string]*types.Package{}
		var add func(p *types.Package)
		add = func(p *types.Package) {
			if pkgs[p.Path()] != nil {
				return
			}
			pkgs[p.Path()] = p
			for _, q := range p.Imports() {
				add(q)
			}
		}
		add(r.pass.Pkg)
		r.cha.pkgs = pkgs
	}
	return r.cha.pkgs
}

// chaOf returns the concrete methods implementing method of iface among
// the types in sight, and how many implementations there are (the
// methods are left out when there are more than MaxImplementations).
func (r *Resolver) chaOf(iface *types.Interface, method *types.Func) ([]*types.Func, int) {
	r.packages()
	x := r.cha
	k := chaKey{iface, method.Name()}
	if res, ok := x.memo[k]; ok {
		return res.impls, res.n
	}
	var res chaResult
	for _, n := range x.named(method.Name()) {
		var impl types.Type
		switch {
		case types.Implements(n, iface):
			impl = n
		case types.Implements(types.NewPointer(n), iface):
			impl = types.NewPointer(n)
		default:
			continue
		}
		fn := methodOf(impl, method)
		if fn == nil {
			continue
		}
		res.n++
		if res.n <= MaxImplementations {
			res.impls = append(res.impls, fn)
		}
	}
	if res.n > MaxImplementations {
		res.impls = nil
	}
	sortFuncs(res.impls)
	x.memo[k] = res
	return res.impls, res.n
}

func hasEmbedded(st *types.Struct) bool {
	for i := range st.NumFields() {
		if st.Field(i).Embedded() {
			return true
		}
	}
	return false
}

// named returns the named types in sight with a method of that name:
// declared, or promoted from the named types embedded one level down
// (struct{ sync.Mutex } has Lock), by package path and then by name. Each
// package's index is computed once per process (see typesByMethod); a
// name's list is merged from them when first asked for.
func (x *chaIndex) named(name string) []*types.Named {
	if ns, ok := x.byName[name]; ok {
		return ns
	}
	if x.byPkg == nil {
		paths := make([]string, 0, len(x.pkgs))
		for path := range x.pkgs {
			paths = append(paths, path)
		}
		slices.Sort(paths)
		x.byPkg = make([]map[string][]*types.Named, len(paths))
		for i, path := range paths {
			x.byPkg[i] = typesByMethod(x.pkgs[path])
		}
		x.byName = map[string][]*types.Named{}
	}
	var ns []*types.Named
	for _, m := range x.byPkg {
		ns = append(ns, m[name]...)
	}
	x.byName[name] = ns
	return ns
}

// perPackage caches typesByMethod: a driver that analyses many packages
// in one process (the standalone command, golangci-lint) shares the
// imported packages' type objects between passes.
var perPackage sync.Map // *types.Package -> map[string][]*types.Named

// typesByMethod indexes one package's concrete, non-generic named types
// by method name.
func typesByMethod(p *types.Package) map[string][]*types.Named {
	if m, ok := perPackage.Load(p); ok {
		return m.(map[string][]*types.Named)
	}
	out := map[string][]*types.Named{}
	scope := p.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams().Len() > 0 {
			continue
		}
		if _, ok := n.Underlying().(*types.Interface); ok {
			continue
		}
		names := map[string]bool{}
		for i := range n.NumMethods() {
			names[n.Method(i).Name()] = true
		}
		if st, ok := n.Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				f := st.Field(i)
				if !f.Embedded() {
					continue
				}
				e := namedOf(f.Type())
				if e == nil {
					continue
				}
				if iface, ok := e.Underlying().(*types.Interface); ok {
					for j := range iface.NumMethods() {
						names[iface.Method(j).Name()] = true
					}
					continue
				}
				for j := range e.NumMethods() {
					names[e.Method(j).Name()] = true
				}
			}
		}
		for m := range names {
			out[m] = append(out[m], n)
		}
	}
	if p.Complete() {
		perPackage.Store(p, out)
	}
	return out
}
