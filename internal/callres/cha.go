package callres

import (
	"go/types"
)

// chaIndex is the class hierarchy of the named types a package sees: its
// own and its transitive imports', built on the first interface call that
// value flow does not resolve.
type chaIndex struct {
	pkgs   map[string]*types.Package
	named  []*types.Named // concrete, non-generic named types
	byName map[string][]*types.Named
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
	pkgs := r.packages()
	x := r.cha
	k := chaKey{iface, method.Name()}
	if res, ok := x.memo[k]; ok {
		return res.impls, res.n
	}
	if x.byName == nil {
		x.byName = map[string][]*types.Named{}
		for _, p := range pkgs {
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
				x.named = append(x.named, n)
				for i := range n.NumMethods() {
					m := n.Method(i).Name()
					x.byName[m] = append(x.byName[m], n)
				}
				if st, ok := n.Underlying().(*types.Struct); ok && hasEmbedded(st) {
					x.byName[""] = append(x.byName[""], n) // methods may be promoted
				}
			}
		}
	}
	var res chaResult
	candidates := append(append([]*types.Named(nil), x.byName[method.Name()]...), x.byName[""]...)
	seen := map[*types.Named]bool{}
	for _, n := range candidates {
		if seen[n] {
			continue
		}
		seen[n] = true
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
