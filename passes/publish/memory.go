package publish

import (
	"go/types"
	"slices"
	"sort"
	"strings"

	"honnef.co/go/tools/go/ir"

	"github.com/cowlint/cowlint/internal/escape"
	"github.com/cowlint/cowlint/internal/pmap"
)

// Local variables whose address is never taken live in IR registers, and
// SSA already gives each definition its own value. The variables the IR
// keeps in memory (a struct copied with n := *old whose fields are then
// assigned) need a small model of their own, because the copy-on-write
// idiom depends on the order of the stores:
//
//	n := *old
//	n.Limits = maps.Clone(old.Limits) // from here on n.Limits is private
//	n.Limits[k] = v                   // fine
//
// For each program point we keep the stores into allocations that may still be visible (reaching stores,
// field-sensitive), and resolve each load from one to the values stored.

// allocs finds the allocations of fn: all of them (tracked), numbered in
// order (ids, the keys of memState), and those whose address never leaves
// the function (private).
//
// Every allocation's stores are modelled, even one whose address escapes
// (n := *old; ...; cur.Store(&n)): writes through the escaped address are
// not seen, which can only hide a finding, never invent one. Only private
// allocations are known to be unshared, so that a store into one is not
// a candidate mutation at all.
func allocs(fn *ir.Function) (tracked, private map[*ir.Alloc]bool, ids map[*ir.Alloc]uint32) {
	tracked, private, ids = map[*ir.Alloc]bool{}, map[*ir.Alloc]bool{}, map[*ir.Alloc]uint32{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if a, ok := instr.(*ir.Alloc); ok {
				tracked[a] = true
				ids[a] = uint32(len(ids))
				if escape.AddrLocal(a) {
					private[a] = true
				}
			}
		}
	}
	return tracked, private, ids
}

// location is a place inside a tracked allocation: the allocation and the
// path of field indices to it ("" for the whole variable, "*" segments for
// array elements, which are never killed).
type location struct {
	alloc *ir.Alloc
	path  string
}

// locationOf returns the location address addr denotes, if it lies in a
// tracked allocation.
func locationOf(addr ir.Value, tracked map[*ir.Alloc]bool) (location, bool) {
	var segs []string
	for {
		switch a := addr.(type) {
		case *ir.Alloc:
			if !tracked[a] {
				return location{}, false
			}
			for i, j := 0, len(segs)-1; i < j; i, j = i+1, j-1 {
				segs[i], segs[j] = segs[j], segs[i]
			}
			return location{a, strings.Join(segs, ".")}, true
		case *ir.FieldAddr:
			segs = append(segs, itoa(a.Field))
			addr = a.X
		case *ir.IndexAddr:
			segs = append(segs, "*")
			addr = a.X
		default:
			return location{}, false
		}
	}
}

// within reports whether path p is q or lies inside q.
func within(p, q string) bool {
	return q == "" || p == q || strings.HasPrefix(p, q+".")
}

// reachingStore is one store into a tracked allocation that may still be
// visible: val was stored at path, except where later stores to the
// sub-paths in holes overwrote it.
type reachingStore struct {
	loc   location
	val   ir.Value
	holes string // sorted, '|'-separated sub-paths overwritten since
}

// memState is the set of reaching stores at a program point, by
// allocation (keyed by allocation number, see funcFlow.allocID). It is a
// persistent map: a block's state shares every allocation's stores it does
// not change with the states it was derived from, so a function with N
// allocations and N blocks costs about N log N, not N² (issue 11).
type memState = pmap.Map[*allocStores]

// allocStores is the reaching stores into one allocation. It is never
// changed once in a memState: an update builds a new one.
type allocStores struct{ stores []reachingStore }

// withStore returns the stores of s (nil for none) after a store of val at
// loc: stores to loc or inside it are overwritten entirely, stores to an
// enclosing path in part (a hole).
func (s *allocStores) withStore(loc location, val ir.Value) *allocStores {
	n := &allocStores{}
	add := func(rs reachingStore) {
		if !slices.Contains(n.stores, rs) {
			n.stores = append(n.stores, rs)
		}
	}
	if s != nil {
		n.stores = make([]reachingStore, 0, len(s.stores)+1)
		for _, rs := range s.stores {
			if !strings.Contains(loc.path, "*") {
				switch {
				case within(rs.loc.path, loc.path):
					continue // overwritten entirely
				case within(loc.path, rs.loc.path):
					rs.holes = addHole(rs.holes, loc.path) // overwritten in part
				}
			}
			add(rs)
		}
	}
	add(reachingStore{loc: loc, val: val})
	return n
}

// mergeStores is the union of the stores of x and y, x itself when y adds
// nothing (see pmap.Union).
func mergeStores(x, y *allocStores) (*allocStores, bool) {
	if x == y {
		return x, true
	}
	var added []reachingStore
	for _, rs := range y.stores {
		if !slices.Contains(x.stores, rs) {
			added = append(added, rs)
		}
	}
	if len(added) == 0 {
		return x, true
	}
	return &allocStores{stores: append(slices.Clip(x.stores), added...)}, false
}

func equalStores(x, y *allocStores) bool {
	if x == y {
		return true
	}
	if len(x.stores) != len(y.stores) {
		return false
	}
	for _, rs := range x.stores {
		if !slices.Contains(y.stores, rs) {
			return false
		}
	}
	return true
}

func joinMem(a, b memState) memState { return pmap.Union(a, b, mergeStores) }

func equalMem(a, b memState) bool { return pmap.Equal(a, b, equalStores) }

// memStore applies a store of val at loc.
func (f *funcFlow) memStore(m memState, loc location, val ir.Value) memState {
	id := f.allocID[loc.alloc]
	old, _ := m.Get(id)
	return m.Set(id, old.withStore(loc, val))
}

// memFresh forgets every store into alloc: it is being allocated anew.
func (f *funcFlow) memFresh(m memState, alloc *ir.Alloc) memState {
	return m.Delete(f.allocID[alloc])
}

// memLoad returns the values a load from loc may read.
func (f *funcFlow) memLoad(m memState, loc location) []ir.Value {
	s, ok := m.Get(f.allocID[loc.alloc])
	if !ok {
		return nil
	}
	var vals []ir.Value
	for _, rs := range s.stores {
		switch {
		case within(rs.loc.path, loc.path):
			vals = append(vals, rs.val)
		case within(loc.path, rs.loc.path) && !holed(rs.holes, loc.path):
			rel := strings.TrimPrefix(strings.TrimPrefix(loc.path, rs.loc.path), ".")
			if first, _, _ := strings.Cut(rel, "."); first != "" && first != "*" && f.copiedField(rs.val, atoi(first)) {
				continue // a field the snapshot's getter replaced
			}
			vals = append(vals, component(rs.val, rel))
		}
	}
	return vals
}

func addHole(holes, path string) string {
	hs := strings.Split(holes, "|")
	if holes == "" {
		hs = nil
	}
	for _, h := range hs {
		if h == path {
			return holes
		}
	}
	hs = append(hs, path)
	sort.Strings(hs)
	return strings.Join(hs, "|")
}

func holed(holes, path string) bool {
	if holes == "" {
		return false
	}
	for _, h := range strings.Split(holes, "|") {
		if within(path, h) {
			return true
		}
	}
	return false
}

func atoi(s string) int {
	i := 0
	for _, c := range s {
		i = i*10 + int(c-'0')
	}
	return i
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// component returns the part of a stored value at a field path, when the
// value is a composite literal whose parts are known (h := holder{c: c};
// h.c is c); otherwise the value itself.
func component(v ir.Value, path string) ir.Value {
	for _, seg := range strings.Split(path, ".") {
		cv, ok := v.(*ir.CompositeValue)
		if !ok || seg == "" || seg == "*" {
			return v
		}
		if _, isStruct := coreUnder(cv.Type()).(*types.Struct); !isStruct {
			return v
		}
		i := 0
		for _, c := range seg {
			i = i*10 + int(c-'0')
		}
		if i >= len(cv.Values) {
			return v
		}
		v = cv.Values[i]
	}
	return v
}
