// Package defs defines function-typed and interface-typed fields and
// variables that package calls calls through (facts across packages).
package defs

import "sync"

type Lessor struct {
	mu      sync.Mutex
	OnRenew func(id int) // want OnRenew:`assigned func defs.Lessor.checkpoint`
	Store   Storer       // want Store:`assigned type defs.\*memStore`
}

type Storer interface{ Put(k string) }

type memStore struct{ mu sync.Mutex }

func (m *memStore) Put(k string) { m.mu.Lock(); m.mu.Unlock() }

func NewLessor() *Lessor {
	le := &Lessor{Store: &memStore{}}
	le.OnRenew = le.checkpoint
	return le
}

func (le *Lessor) checkpoint(id int) { le.mu.Lock(); le.mu.Unlock() }

// Hook is a package variable set in init.
var Hook func() // want Hook:`assigned func defs.flush`

func flush() {}

func init() { Hook = flush }

// Closure is assigned a literal: importers cannot name it.
var Closure = func() {}

// Hooks and Handlers are containers of functions: their fact lists the
// values put in (one cell per container).
var Hooks = []func(){flush} // want Hooks:`assigned func defs.flush`

type Router struct {
	Handlers map[string]func(id int) // want Handlers:`assigned func defs.Lessor.checkpoint`
}

func NewRouter(le *Lessor) *Router {
	r := &Router{Handlers: map[string]func(int){}}
	r.Handlers["renew"] = le.checkpoint
	return r
}
