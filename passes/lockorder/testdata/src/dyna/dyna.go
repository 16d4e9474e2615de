// Package dyna is the defining half of the dynb fixture: an interface's
// implementation, a function-typed field set in a constructor to an
// unexported method, and a generic map that runs callbacks under its
// shard lock.
package dyna

import "sync"

type Doer interface{ Do(k int) }

type Client struct{ Mu sync.Mutex }

func (c *Client) Do(k int) { // want Do:"acquires Client.Mu"
	c.Mu.Lock()
	c.Mu.Unlock()
}

type Lessor struct {
	Mu      sync.Mutex
	OnRenew func(id int)
}

func NewLessor() *Lessor {
	le := &Lessor{}
	le.OnRenew = le.checkpoint
	return le
}

func (le *Lessor) checkpoint(id int) { // want checkpoint:"acquires Lessor.Mu"
	le.Mu.Lock()
	le.Mu.Unlock()
}

type shard[V any] struct {
	mu    sync.Mutex
	items map[string]V
}

type Map[V any] struct{ s shard[V] }

func (m *Map[V]) Upsert(k string, cb func(cur V) V) { // want Upsert:"acquires shard.mu, calls p1 holding shard.mu"
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	m.s.items[k] = cb(m.s.items[k])
}

func (m *Map[V]) Remove(k string) { // want Remove:"acquires shard.mu"
	m.s.mu.Lock()
	delete(m.s.items, k)
	m.s.mu.Unlock()
}

// Shape 1 with an embedded RWMutex, for dynb: a store whose Get
// read-locks it, and an exported function calling Get through an
// interface parameter (its summary: certain when p0 is a *Store).

type Getter interface{ Get(k int) int }

type Store struct {
	sync.RWMutex
	m map[int]int
}

func (s *Store) Get(k int) int { // want Get:"acquires Store.RWMutex:R"
	s.RLock()
	defer s.RUnlock()
	return s.m[k]
}

func Render(g Getter, k int) int { return g.Get(k) } // want Render:"may acquire Store.RWMutex:R \\(acquires if p0 is dyna.Store\\)"

// Shape 4, for dynb: a registry running a callback under its lock.

type Registry struct{ mu sync.Mutex }

func (r *Registry) Each(f func()) { // want Each:"acquires Registry.mu, calls p0 holding Registry.mu"
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

func (r *Registry) Add() { // want Add:"acquires Registry.mu"
	r.mu.Lock()
	r.mu.Unlock()
}
