// Package pmap provides persistent maps keyed by small non-negative
// integers: big-endian Patricia tries (Okasaki and Gill, "Fast Mergeable
// Integer Maps", 1998) with structural sharing.
//
// A flow analysis keeps one state per program point. Copying a map at every
// block makes a function with N facts and N blocks cost N² in time and
// memory; a persistent map shares every unchanged subtree with the state it
// was derived from, so an update costs O(log N) new nodes, and Union and
// Equal skip subtrees the two maps share (pointer-equal), costing only the
// differences between two states on the paths into one join point.
//
// Maps are values: the zero Map is empty, and Set, Delete and Union return a
// new map without changing their operands.
package pmap

import "math/bits"

// A Map maps uint32 keys to values of type V.
type Map[V any] struct{ root *node[V] }

// node is a leaf (leaf set: key, val) or a branch whose keys share the
// bits of prefix above the single bit mask; keys with that bit clear are
// in left, the others in right.
type node[V any] struct {
	leaf        bool
	key         uint32 // leaf: the key; branch: the common prefix
	mask        uint32 // branch: the highest bit in which its keys differ
	val         V
	left, right *node[V]
}

// Empty reports whether m has no entries.
func (m Map[V]) Empty() bool { return m.root == nil }

// Same reports whether m and o are the very same map (not merely equal):
// a constant-time test that a state did not change.
func (m Map[V]) Same(o Map[V]) bool { return m.root == o.root }

// Get returns the value of k.
func (m Map[V]) Get(k uint32) (V, bool) {
	n := m.root
	for n != nil {
		if n.leaf {
			if n.key == k {
				return n.val, true
			}
			break
		}
		if !matchPrefix(k, n.key, n.mask) {
			break
		}
		if k&n.mask == 0 {
			n = n.left
		} else {
			n = n.right
		}
	}
	var zero V
	return zero, false
}

// Has reports whether k has a value.
func (m Map[V]) Has(k uint32) bool {
	_, ok := m.Get(k)
	return ok
}

// Set returns m with k mapped to v.
func (m Map[V]) Set(k uint32, v V) Map[V] {
	return Map[V]{insert(m.root, k, v)}
}

func insert[V any](n *node[V], k uint32, v V) *node[V] {
	switch {
	case n == nil:
		return &node[V]{leaf: true, key: k, val: v}
	case n.leaf:
		if n.key == k {
			return &node[V]{leaf: true, key: k, val: v}
		}
		return join(k, &node[V]{leaf: true, key: k, val: v}, n.key, n)
	case !matchPrefix(k, n.key, n.mask):
		return join(k, &node[V]{leaf: true, key: k, val: v}, n.key, n)
	case k&n.mask == 0:
		return &node[V]{key: n.key, mask: n.mask, left: insert(n.left, k, v), right: n.right}
	default:
		return &node[V]{key: n.key, mask: n.mask, left: n.left, right: insert(n.right, k, v)}
	}
}

// Delete returns m without k.
func (m Map[V]) Delete(k uint32) Map[V] {
	return Map[V]{remove(m.root, k)}
}

func remove[V any](n *node[V], k uint32) *node[V] {
	switch {
	case n == nil:
		return nil
	case n.leaf:
		if n.key == k {
			return nil
		}
		return n
	case !matchPrefix(k, n.key, n.mask):
		return n
	case k&n.mask == 0:
		l := remove(n.left, k)
		if l == n.left {
			return n
		}
		return branch(n.key, n.mask, l, n.right)
	default:
		r := remove(n.right, k)
		if r == n.right {
			return n
		}
		return branch(n.key, n.mask, n.left, r)
	}
}

// Range calls f for each entry in increasing key order until f returns
// false.
func (m Map[V]) Range(f func(k uint32, v V) bool) {
	each(m.root, f)
}

func each[V any](n *node[V], f func(uint32, V) bool) bool {
	if n == nil {
		return true
	}
	if n.leaf {
		return f(n.key, n.val)
	}
	return each(n.left, f) && each(n.right, f)
}

// Len returns the number of entries (it walks the map).
func (m Map[V]) Len() int {
	c := 0
	each(m.root, func(uint32, V) bool { c++; return true })
	return c
}

// Union returns the entries of a and b; a key in both gets merge(x, y) of
// its two values. merge reports whether its result is x itself (nothing
// changed): Union then returns a's subtrees unchanged, so the result of
// joining a state with a smaller one is the state itself (Same).
func Union[V any](a, b Map[V], merge func(x, y V) (V, bool)) Map[V] {
	return Map[V]{union(a.root, b.root, merge)}
}

func union[V any](s, t *node[V], merge func(x, y V) (V, bool)) *node[V] {
	switch {
	case s == t || t == nil:
		return s
	case s == nil:
		return t
	case t.leaf:
		return insertWith(s, t.key, t.val, merge, false)
	case s.leaf:
		return insertWith(t, s.key, s.val, merge, true)
	}
	switch {
	case s.mask == t.mask && s.key == t.key:
		l, r := union(s.left, t.left, merge), union(s.right, t.right, merge)
		if l == s.left && r == s.right {
			return s
		}
		return &node[V]{key: s.key, mask: s.mask, left: l, right: r}
	case s.mask > t.mask && matchPrefix(t.key, s.key, s.mask):
		if t.key&s.mask == 0 {
			l := union(s.left, t, merge)
			if l == s.left {
				return s
			}
			return &node[V]{key: s.key, mask: s.mask, left: l, right: s.right}
		}
		r := union(s.right, t, merge)
		if r == s.right {
			return s
		}
		return &node[V]{key: s.key, mask: s.mask, left: s.left, right: r}
	case t.mask > s.mask && matchPrefix(s.key, t.key, t.mask):
		if s.key&t.mask == 0 {
			return &node[V]{key: t.key, mask: t.mask, left: union(s, t.left, merge), right: t.right}
		}
		return &node[V]{key: t.key, mask: t.mask, left: t.left, right: union(s, t.right, merge)}
	default:
		return join(s.key, s, t.key, t)
	}
}

// insertWith adds the entry (k, v) to n, merging with an existing value of
// k: merge(old, v), or merge(v, old) when flipped (v comes from the left
// operand of the union). It returns n itself when nothing changes.
func insertWith[V any](n *node[V], k uint32, v V, merge func(x, y V) (V, bool), flipped bool) *node[V] {
	switch {
	case n == nil:
		return &node[V]{leaf: true, key: k, val: v}
	case n.leaf:
		if n.key != k {
			return join(k, &node[V]{leaf: true, key: k, val: v}, n.key, n)
		}
		if flipped {
			m, _ := merge(v, n.val)
			return &node[V]{leaf: true, key: k, val: m}
		}
		m, same := merge(n.val, v)
		if same {
			return n
		}
		return &node[V]{leaf: true, key: k, val: m}
	case !matchPrefix(k, n.key, n.mask):
		return join(k, &node[V]{leaf: true, key: k, val: v}, n.key, n)
	case k&n.mask == 0:
		l := insertWith(n.left, k, v, merge, flipped)
		if l == n.left {
			return n
		}
		return &node[V]{key: n.key, mask: n.mask, left: l, right: n.right}
	default:
		r := insertWith(n.right, k, v, merge, flipped)
		if r == n.right {
			return n
		}
		return &node[V]{key: n.key, mask: n.mask, left: n.left, right: r}
	}
}

// Equal reports whether a and b have the same keys with equal values
// (eq), skipping the subtrees they share.
func Equal[V any](a, b Map[V], eq func(x, y V) bool) bool {
	return equal(a.root, b.root, eq)
}

func equal[V any](s, t *node[V], eq func(x, y V) bool) bool {
	switch {
	case s == t:
		return true
	case s == nil || t == nil || s.leaf != t.leaf || s.key != t.key || s.mask != t.mask:
		return false
	case s.leaf:
		return eq(s.val, t.val)
	}
	return equal(s.left, t.left, eq) && equal(s.right, t.right, eq)
}

// join makes a branch of two subtrees whose prefixes p0 and p1 differ.
func join[V any](p0 uint32, t0 *node[V], p1 uint32, t1 *node[V]) *node[V] {
	m := highestBit(p0 ^ p1)
	if p0&m == 0 {
		return &node[V]{key: mask(p0, m), mask: m, left: t0, right: t1}
	}
	return &node[V]{key: mask(p0, m), mask: m, left: t1, right: t0}
}

// branch rebuilds a branch after a removal, collapsing an empty side.
func branch[V any](prefix, m uint32, l, r *node[V]) *node[V] {
	switch {
	case l == nil:
		return r
	case r == nil:
		return l
	}
	return &node[V]{key: prefix, mask: m, left: l, right: r}
}

// mask keeps the bits of k above m.
func mask(k, m uint32) uint32 { return k & ^(m | (m - 1)) }

func matchPrefix(k, prefix, m uint32) bool { return mask(k, m) == prefix }

func highestBit(x uint32) uint32 { return 1 << (31 - bits.LeadingZeros32(x)) }
