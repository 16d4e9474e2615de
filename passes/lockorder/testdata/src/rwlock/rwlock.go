// Package rwlock tests recursive read locks and read-to-write upgrades.
package rwlock

import "sync"

type Cache struct {
	mu sync.RWMutex
	m  map[string]string
}

func (c *Cache) get(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[k]
}

func (c *Cache) getBoth(a, b string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[a] + c.get(b) // want `recursive read lock of c.mu through Cache.get \(locked at rwlock.go:12\): already read-locked at rwlock.go:18`
}

func (c *Cache) directRecursive() {
	c.mu.RLock()
	c.mu.RLock() // want `recursive read lock of c.mu`
	c.mu.RUnlock()
	c.mu.RUnlock()
}

func (c *Cache) upgrade(k string) {
	c.mu.RLock()
	if _, ok := c.m[k]; !ok {
		c.mu.Lock() // want `c.mu locked while read-locked at rwlock.go:31: an RWMutex cannot upgrade RLock to Lock`
		c.m[k] = ""
		c.mu.Unlock()
	}
	c.mu.RUnlock()
}

func (c *Cache) rlocker() {
	r := c.mu.RLocker()
	_ = r
	c.mu.RLocker().Lock()
	c.mu.Lock() // want `c.mu locked while read-locked`
}

// Silent.

func (c *Cache) upgradeProperly(k string) {
	c.mu.RLock()
	_, ok := c.m[k]
	c.mu.RUnlock()
	if !ok {
		c.mu.Lock() // ok: read lock released first
		c.m[k] = ""
		c.mu.Unlock()
	}
}

func (c *Cache) sequentialReads(a, b string) string {
	x := c.get(a)
	return x + c.get(b) // ok: not nested
}
