// Package b holds one half of a cycle split across packages: Outer.mu
// before Inner.mu, the order a (which imports b) reverses.
package b

import "sync"

type Inner struct {
	mu sync.Mutex
}

type Outer struct {
	mu    sync.Mutex
	inner Inner
}

// Update takes Outer.mu then Inner.mu.
func (o *Outer) Update() { // want Update:"acquires Outer.mu, acquires Inner.mu"
	o.mu.Lock()
	defer o.mu.Unlock()
	o.inner.mu.Lock() // ok: the cycle is closed in a
	o.inner.mu.Unlock()
}

// Touch takes Outer.mu alone.
func (o *Outer) Touch() { // want Touch:"acquires Outer.mu"
	o.mu.Lock()
	o.mu.Unlock()
}

// Lock is a lock helper: it returns holding Inner.mu.
func (i *Inner) Lock() { // want Lock:"acquires Inner.mu, holds Inner.mu"
	i.mu.Lock()
}

// Unlock is an unlock helper.
func (i *Inner) Unlock() { // want Unlock:"releases Inner.mu"
	i.mu.Unlock()
}
