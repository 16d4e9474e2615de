package atomicmix

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"github.com/cowlint/cowlint/internal/identity"
)

// Containers. A field is named by the innermost named struct type that
// holds it (Stats.Writes), whatever the value: o.Stats.Writes and
// s.Writes (s a *Stats) both name it, which is right when a *Stats is
// shared or a method of Stats does the access. But a struct embedded or
// held by value in two container types is different memory in each:
//
//	type writeCache struct{ Stats }   // atomic.AddUint64(&c.Writes, 1)
//	type lockedCache struct {         // c.Writes++ under c.mu
//		mu sync.Mutex
//		Stats
//	}
//
// No lockedCache's Writes is ever a writeCache's. So an access also
// records its container: the outermost named struct type from which the
// field is reached through fields held by value (writeCache above), if
// that is not the type naming the field; none when the access goes
// through a pointer to the type naming the field (a *Stats, a method of
// Stats) or when a pointer lies between them (a *Stats field), since that
// memory may be any container's. The mixed-access rule judges a plain
// access only against atomic accesses in the same container or in none.

// A container names the types holding a field's memory by value, and the
// path of fields from the outermost, for messages. Containers nest: a
// field of outer.cache.Stats (cache a writeCache held by value in outer)
// is also a writeCache's, so key lists every named struct type on the
// way, outermost first: an access through a *writeCache (key
// "x.writeCache") may reach it, one through a *lockedCache may not.
type container struct {
	key   string // the types' keys joined by ">": example.com/x.outer>example.com/x.writeCache
	short string // outer.cache.Stats.Writes
}

// containerOf returns the container of the field e denotes (a selector
// chain), followed by the implicit fields in embedded; the zero container
// when there is none.
func containerOf(info *types.Info, e ast.Expr, embedded []*types.Var) container {
	// The fields from the root of the chain to the memory.
	fields := slices.Clone(embedded)
	x := ast.Unparen(e)
	for {
		sel, ok := x.(*ast.SelectorExpr)
		if !ok {
			break
		}
		s := info.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal {
			break
		}
		step := append(identity.EmbeddedPath(s), s.Obj().(*types.Var))
		fields = append(step, fields...)
		x = ast.Unparen(sel.X)
	}
	if len(fields) < 2 {
		return container{}
	}
	root := info.TypeOf(x)
	if root == nil {
		return container{}
	}
	// Walk from the root: the candidate container is the named struct
	// type where the last run of by-value fields starts; the field is
	// named by the innermost named struct type entered.
	t := root
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	start, startAt := namedStructOf(t), 0
	chain := []*types.Named{start} // the named struct types entered by value
	for i, f := range fields[:len(fields)-1] {
		ft := f.Type()
		if p, ok := ft.Underlying().(*types.Pointer); ok {
			start, startAt = namedStructOf(p.Elem()), i+1
			chain = []*types.Named{start}
			continue
		}
		if n := namedStructOf(ft); n != nil {
			chain = append(chain, n)
		}
	}
	// The last type entered names the field; the others contain it.
	chain = chain[:len(chain)-1]
	if start == nil || len(chain) == 0 {
		return container{}
	}
	var keys []string
	for _, n := range chain {
		obj := n.Origin().Obj()
		key := obj.Name()
		if obj.Pkg() != nil {
			key = obj.Pkg().Path() + "." + key
		}
		keys = append(keys, key)
	}
	var names []string
	for _, f := range fields[startAt:] {
		names = append(names, f.Name())
	}
	return container{key: strings.Join(keys, ">"), short: start.Origin().Obj().Name() + "." + strings.Join(names, ".")}
}

// name is the memory as messages name it: its field path from its
// container when it has one (lockedCache.Stats.Writes), else its identity
// (Stats.Writes).
func (u *plainUse) name() string {
	if u.cont.key != "" {
		return u.cont.short
	}
	return u.id.Short
}

// copyContainer returns the container of field f in the struct value e
// copies (a copy of c.Stats in a lockedCache reads lockedCache's
// Stats.Writes): the fields from e's type down to f, held by value, follow
// e's own selector chain.
func copyContainer(info *types.Info, e ast.Expr, f *types.Var) container {
	t := info.TypeOf(e)
	if t == nil {
		return container{}
	}
	var path []*types.Var
	var find func(t types.Type, depth int) bool
	find = func(t types.Type, depth int) bool {
		st, ok := t.Underlying().(*types.Struct)
		if !ok || depth > 8 {
			return false
		}
		for g := range st.Fields() {
			path = append(path, g)
			if g == f || find(g.Type(), depth+1) {
				return true
			}
			path = path[:len(path)-1]
		}
		return false
	}
	if !find(t, 0) {
		return container{} // through an array, or not found: judged against every container
	}
	return containerOf(info, e, path)
}

// namedStructOf returns t as a named struct type, or nil.
func namedStructOf(t types.Type) *types.Named {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n
}

// sameContainer reports whether accesses in containers a and b may reach
// the same memory: either has none, or one is the other's innermost
// part (outer>writeCache and writeCache).
func sameContainer(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	return b == "" || a == b || strings.HasSuffix(a, ">"+b)
}

// inAny reports whether an access in container cont may reach the memory
// of an atomic access in one of conts (a fact's Containers; empty: any).
func inAny(conts []string, cont string) bool {
	return len(conts) == 0 || slices.ContainsFunc(conts, func(c string) bool { return sameContainer(c, cont) })
}

// inContainer returns m restricted to the atomic accesses that may reach
// the memory of a plain access in container cont: m itself when every
// one of them may.
func (c *checker) inContainer(m *memoryState, cont string) *memoryState {
	if cont == "" {
		return m
	}
	all := true
	for _, u := range m.local {
		all = all && sameContainer(u.cont.key, cont)
	}
	for _, r := range m.remote {
		all = all && inAny(r.Containers, cont)
	}
	if all {
		return m
	}
	key := m.id.Key + "@" + cont
	if r, ok := c.contained[key]; ok {
		return r
	}
	r := &memoryState{id: m.id}
	for _, u := range m.local {
		if !sameContainer(u.cont.key, cont) {
			continue
		}
		r.local = append(r.local, u)
		if u.op.Kind.Writes() {
			r.writes = true
			r.writeLocks.add(exclusiveKeys(c.heldAt(u.fn, u.body, u.op.Call.Pos())))
		}
	}
	for _, s := range m.remote {
		if !inAny(s.Containers, cont) {
			continue
		}
		r.remote = append(r.remote, s)
		if s.Writes {
			r.writes = true
			r.writeLocks.add(s.WriteLocks)
		}
	}
	if len(r.local) == 0 && len(r.remote) == 0 {
		r = nil
	}
	if c.contained == nil {
		c.contained = map[string]*memoryState{}
	}
	c.contained[key] = r
	return r
}

// containers returns the sorted containers of a package's atomic accesses
// of one memory, for its fact: nil when one of them has none (any
// container's memory may be reached).
func containers(uses []*atomicUse) []string {
	var out []string
	for _, u := range uses {
		if u.cont.key == "" {
			return nil
		}
		if !slices.Contains(out, u.cont.key) {
			out = append(out, u.cont.key)
		}
	}
	slices.Sort(out)
	return out
}
