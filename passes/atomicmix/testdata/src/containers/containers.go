// Package containers: a struct embedded or held by value in different
// container types is different memory in each; the discipline of a field
// is judged per container, and the message names the container.
package containers

import (
	"cstats"
	"sync"
	"sync/atomic"
)

type stats struct{ writes, reads uint64 }

// aCache updates its stats atomically.
type aCache struct{ stats }

func (c *aCache) put() { atomic.AddUint64(&c.writes, 1) }

// bCache, holding its own stats by value, only under its mutex.
type bCache struct {
	mu sync.Mutex
	st stats
}

func (c *bCache) put() {
	c.mu.Lock()
	c.st.writes++ // ok: no aCache's memory
	c.mu.Unlock()
}

func (c *bCache) get() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.writes // ok
}

// An aCache held by value in another container is still an aCache: its
// put may run on it.
type dCache struct{ inner aCache }

func (d *dCache) get() uint64 {
	return d.inner.writes // want `plain read of dCache.inner.stats.writes, which is accessed atomically \(atomic.AddUint64 at containers.go:\d+:\d+\)`
}

func (c *aCache) get() uint64 {
	return c.writes // want `plain read of aCache.stats.writes, which is accessed atomically`
}

// A *stats may be any container's: one identity.
type cCache struct {
	mu sync.Mutex
	st *stats
}

func (c *cCache) put() {
	c.mu.Lock()
	c.st.writes++ // want `plain write of stats.writes, which is accessed atomically`
	c.mu.Unlock()
}

// A method of stats may run on any container's.
func (s *stats) total() uint64 {
	return s.writes // want `plain read of stats.writes, which is accessed atomically`
}

// Across packages, through facts.

type lockedCache struct {
	mu sync.Mutex
	cstats.Stats
}

func (c *lockedCache) Put() {
	c.mu.Lock()
	c.Writes++ // ok: cstats updates a WriteCache's Writes, not a lockedCache's
	c.Evicts++ // ok: never atomic
	c.mu.Unlock()
}

func (c *lockedCache) Reads() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Stats.Reads // want `plain read of lockedCache.Stats.Reads, which is accessed atomically \(atomic.AddUint64 in cstats at cstats.go:\d+:\d+\)`
}

func writes(w *cstats.WriteCache) uint64 {
	return w.Writes // want `plain read of WriteCache.Stats.Writes, which is accessed atomically`
}

func ringWrites(r *cstats.Ring) uint64 {
	return r.Head.Writes // want `plain read of Ring.Head.Stats.Writes, which is accessed atomically`
}

func shared(s *cstats.Stats) uint64 {
	return s.Writes // want `plain read of Stats.Writes, which is accessed atomically`
}

// Generic containers are one container whatever their type arguments.
type gen[T any] struct {
	stats
	v T
}

func (g *gen[T]) put() { atomic.AddUint64(&g.writes, 1) }

func readGen(g *gen[int]) uint64 {
	return g.writes // want `plain read of gen.stats.writes, which is accessed atomically`
}

// Copies are judged per container too.
func (c *bCache) snapshot() stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st // ok: a bCache's stats, never updated atomically
}

func (c *aCache) snapshot() stats {
	return c.stats // want `copy of c.stats reads aCache.stats.writes plainly, which is accessed atomically`
}

func (c *lockedCache) snapshot() cstats.Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Stats // want `copy of c.Stats reads lockedCache.Stats.Reads plainly`
}
