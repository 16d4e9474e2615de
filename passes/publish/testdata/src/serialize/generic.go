// want package:`methods\(Box.Append synchronises\(0\); Box.AppendLocked synchronises\(0\); Index.Reset synchronises\(0\); Index.Set synchronises\(0\); Registry.Set synchronises\(0\); SBox.Append synchronises\(0\); SBox.Reset synchronises\(0\)\)`

package serialize

import (
	"sync"
	"sync/atomic"
)

// Generic helpers: the variable is the one the pointer parameter points
// to, within the helper.

func Update[T any](p *atomic.Pointer[T], f func(T) T) { // want Update:`synchronises\(0\)`
	old := p.Load()
	n := f(*old)
	p.Store(&n) // want `p.Store of a value derived from p.Load at generic.go:14 with no lock held from Load to Store`
}

func UpdateLocked[T any](mu *sync.Mutex, p *atomic.Pointer[T], f func(T) T) { // want UpdateLocked:`synchronises\(0,1\)`
	mu.Lock()
	defer mu.Unlock()
	old := p.Load()
	n := f(*old)
	p.Store(&n) // ok: mu is held from Load to Store (writers through other pointers are out of sight)
}

func updateConfig(p *atomic.Pointer[Config], name string) {
	old := p.Load()
	n := *old
	n.Name = name
	p.Store(&n) // want `p.Store of a value derived from p.Load at generic.go:28`
}

// A map copied entry by entry into a new one is derived from the old one.

type Registry[K comparable, V any] struct {
	mu sync.Mutex
	m  atomic.Pointer[map[K]V]
}

func (r *Registry[K, V]) Set(k K, v V) {
	old := r.m.Load()
	n := make(map[K]V, len(*old)+1)
	for k2, v2 := range *old {
		n[k2] = v2
	}
	n[k] = v
	r.m.Store(&n) // want `r.m.Store of a value derived from r.m.Load at generic.go:42 with no lock held`
}

type Index[K comparable, V any] struct {
	mu sync.Mutex
	m  atomic.Pointer[map[K]V]
}

func (x *Index[K, V]) Set(k K, v V) {
	x.mu.Lock()
	defer x.mu.Unlock()
	old := x.m.Load()
	n := make(map[K]V, len(*old)+1)
	for k2, v2 := range *old {
		n[k2] = v2
	}
	n[k] = v
	x.m.Store(&n) // ok: x.mu is held from Load to Store, and by every writer of m
}

// A new map sized from the old one but not filled from it is a
// replacement.
func (x *Index[K, V]) Reset(k K, v V) {
	x.mu.Lock()
	defer x.mu.Unlock()
	old := x.m.Load()
	n := make(map[K]V, len(*old))
	n[k] = v
	x.m.Store(&n)
}

// A local pointer rebound in a loop names a different variable each
// round (internal/sync's HashTrieMap: the value stored links the parent
// node, loaded through the slot of the round before).

type trie struct {
	mu       sync.Mutex
	children [4]atomic.Pointer[tnode]
}

type tnode struct{ parent *trie }

func insert(root *trie, h int) {
	i := root
	var slot *atomic.Pointer[tnode]
	for d := 0; d < 4; d++ {
		slot = &i.children[h&3]
		n := slot.Load()
		if n == nil {
			break
		}
		i = n.parent.children[0].Load().parent
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	slot.Store(&tnode{parent: i}) // ok: not one variable
}
