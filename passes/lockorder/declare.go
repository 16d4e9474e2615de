package lockorder

import (
	"github.com/cowlint/cowlint/internal/directive"
)

// declarations are the intended lock orders: this package's
// //cowlint:order directives and those of its imports (carried in their
// order graphs). A class is named as diagnostics print it (Server.mu) or
// fully qualified (example.com/srv.Server.mu).
type declarations struct {
	all    []declaredOrder
	order  map[pairKey]declaredOrder // a before b, transitively
	nested map[string]bool           // instances of the class nest in a declared order
}

func (a *analyzer) readDeclarations() *declarations {
	d := &declarations{order: map[pairKey]declaredOrder{}, nested: map[string]bool{}}
	seen := map[string]bool{}
	add := func(o declaredOrder) {
		if seen[o.Site] {
			return
		}
		seen[o.Site] = true
		d.all = append(d.all, o)
	}
	for _, dir := range directive.Parse(a.pass.Fset, a.pass.Files) {
		if dir.Verb == directive.Order && dir.Problem == "" {
			add(declaredOrder{Classes: dir.Order, Site: a.posString(dir.Pos)})
		}
	}
	for _, pf := range a.pass.AllPackageFacts() {
		if og, ok := pf.Fact.(*orderGraph); ok && pf.Package != a.pass.Pkg {
			for _, o := range og.Declared {
				add(o)
			}
		}
	}
	for _, o := range d.all {
		for i, x := range o.Classes {
			for _, y := range o.Classes[i+1:] {
				if x == y {
					d.nested[x] = true
				} else if _, ok := d.order[pairKey{x, y}]; !ok {
					d.order[pairKey{x, y}] = o
				}
			}
		}
	}
	// Transitive closure (declarations are few).
	for changed := true; changed; {
		changed = false
		for p, o := range d.order {
			for q := range d.order {
				if p.to == q.from && p.from != q.to {
					if _, ok := d.order[pairKey{p.from, q.to}]; !ok {
						d.order[pairKey{p.from, q.to}] = o
						changed = true
					}
				}
			}
		}
	}
	return d
}

// before reports whether class x (short or qualified name) is declared to
// come before class y.
func (d *declarations) before(xShort, xKey, yShort, yKey string) (declaredOrder, bool) {
	if len(d.order) == 0 {
		return declaredOrder{}, false
	}
	for _, x := range [2]string{xShort, xKey} {
		for _, y := range [2]string{yShort, yKey} {
			if o, ok := d.order[pairKey{x, y}]; ok {
				if _, back := d.order[pairKey{y, x}]; !back {
					return o, true
				}
			}
		}
	}
	return declaredOrder{}, false
}

// violates reports whether the edge contradicts a declared order.
func (d *declarations) violates(e *orderEdge) bool {
	_, ok := d.before(e.ToShort, e.To, e.FromShort, e.From)
	return ok
}

// nests reports whether instances of class c are declared to nest.
func (d *declarations) nests(c lockClass) bool {
	return d.nested[c.Short] || d.nested[c.Key]
}
