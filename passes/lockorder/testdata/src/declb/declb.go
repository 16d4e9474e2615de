// Package declb declares an order that package decla, which imports it,
// must follow.
package declb

import "sync"

//cowlint:order Registry.mu < Entry.mu
type Registry struct {
	mu      sync.Mutex
	entries []*Entry
}

type Entry struct {
	mu  sync.Mutex
	Reg *Registry
}

// Lock and Unlock are lock helpers for Registry.mu.
func (r *Registry) Lock()   { r.mu.Lock() }
func (r *Registry) Unlock() { r.mu.Unlock() }

// Touch takes Entry.mu.
func (e *Entry) Touch() {
	e.mu.Lock()
	e.mu.Unlock()
}

// Hold is a lock helper for Entry.mu.
func (e *Entry) Hold()    { e.mu.Lock() }
func (e *Entry) Release() { e.mu.Unlock() }
