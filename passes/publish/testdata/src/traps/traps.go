// Package traps tests more patterns that must stay silent (copies of a
// published value, rebound maps, ranges over value elements, concurrent
// containers inside a snapshot) next to their buggy twins, and an
// in-package generic helper.
package traps

import (
	"sync"
	"sync/atomic"
)

type Item struct{ N int }

type State struct {
	Ptrs  []*Item
	Vals  []Item
	Index map[string]int
	cache sync.Map
}

var state atomic.Pointer[State]

func copyOfPublished() {
	s := &State{}
	state.Store(s)
	n := *s
	n.Vals = nil // ok: n is a copy of the published struct
	_ = n
}

func reboundMap() {
	s := &State{Index: map[string]int{}}
	state.Store(s)
	m := map[string]int{}
	m["x"] = 1 // ok: a fresh map, not s.Index
	s = &State{Index: m}
	s.Index["y"] = 2 // ok: s was rebound to a fresh object
	state.Store(s)
}

func rangePointers() {
	for _, it := range state.Load().Ptrs {
		it.N++ // want `in-place mutation of a snapshot loaded from state`
	}
}

func rangeValues() {
	for _, it := range state.Load().Vals {
		it.N++ // ok: it is a copy of the element
		_ = it
	}
}

func concurrentField() {
	s := state.Load()
	s.cache.Store("k", 1) // ok: sync.Map is safe for concurrent use
}

// set writes through its pointer argument.
func set[T any](p *T, v T) { *p = v }

func genericSetter() {
	s := state.Load()
	set(&s.Index, nil) // want `in-place mutation of a snapshot loaded from state`
}

func genericLocal() {
	var local State
	set(&local.Index, nil) // ok: a local
	state.Store(&local)
}

func mapOfSnapshot(k string) {
	idx := state.Load().Index
	v := idx[k] // ok: read-only
	_ = v
	idx[k] = v + 1 // want `in-place mutation of a snapshot loaded from state`
}

func storeInBothBranches(fresh bool) {
	s := &State{Index: map[string]int{}}
	if fresh {
		state.Store(s)
	}
	s.Index["x"] = 1 // want `write to s.Index\["x"\] after s was published by state.Store`
}

func storeAfterLoop(keys []string) {
	s := &State{Index: map[string]int{}}
	for _, k := range keys {
		s.Index[k] = 1 // ok: all writes happen before the Store
	}
	state.Store(s)
}

type Registry struct{ byName map[string]*Item }

var registry atomic.Pointer[Registry]

func rangeMapPointers() {
	for _, it := range registry.Load().byName {
		it.N = 0 // want `in-place mutation of a snapshot loaded from registry`
	}
}

func lookupPointer(name string) {
	if it, ok := registry.Load().byName[name]; ok {
		it.N++ // want `in-place mutation of a snapshot loaded from registry`
	}
}

func copyRegistry(name string) {
	old := registry.Load()
	n := &Registry{byName: make(map[string]*Item, len(old.byName)+1)}
	for k, v := range old.byName {
		n.byName[k] = v // ok: the new map; the items are shared but not written
	}
	n.byName[name] = &Item{N: 1} // ok: a fresh item in the new map
	registry.Store(n)
}
