package golangcitest

import "sync"

// Pair locks its own mutex, then its cache's, always in that order:
// lockorder has nothing to report, but with the option dot set it draws
// this one edge of the lock-order graph (the options assertion).
type Pair struct {
	mu    sync.Mutex
	cache *Cache
}

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (p *Pair) Get(k string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cache.Get(k)
}
