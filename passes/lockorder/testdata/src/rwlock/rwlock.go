// Package rwlock tests recursive read locks and read-to-write upgrades.
package rwlock

import "sync"

type Cache struct {
	mu sync.RWMutex
	m  map[string]string
}

func (c *Cache) get(k string) string { // want get:"acquires Cache.mu:R"
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[k]
}

func (c *Cache) getBoth(a, b string) string { // want getBoth:"acquires Cache.mu:R"
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[a] + c.get(b) // want `recursive read lock of c.mu through Cache.get \(locked at rwlock.go:12\): already read-locked at rwlock.go:18`
}

func (c *Cache) directRecursive() { // want directRecursive:"acquires Cache.mu:R, releases Cache.mu"
	c.mu.RLock()
	c.mu.RLock() // want `recursive read lock of c.mu`
	c.mu.RUnlock()
	c.mu.RUnlock()
}

func (c *Cache) upgrade(k string) { // want upgrade:"may acquire Cache.mu, acquires Cache.mu:R"
	c.mu.RLock()
	if _, ok := c.m[k]; !ok {
		c.mu.Lock() // want `c.mu locked while read-locked at rwlock.go:31: an RWMutex cannot upgrade RLock to Lock`
		c.m[k] = ""
		c.mu.Unlock()
	}
	c.mu.RUnlock()
}

func (c *Cache) rlocker() { // want rlocker:"acquires Cache.mu, acquires Cache.mu:R, holds Cache.mu"
	r := c.mu.RLocker()
	_ = r
	c.mu.RLocker().Lock()
	c.mu.Lock() // want `c.mu locked while read-locked`
}

// Silent.

func (c *Cache) upgradeProperly(k string) { // want upgradeProperly:"may acquire Cache.mu, acquires Cache.mu:R"
	c.mu.RLock()
	_, ok := c.m[k]
	c.mu.RUnlock()
	if !ok {
		c.mu.Lock() // ok: read lock released first
		c.m[k] = ""
		c.mu.Unlock()
	}
}

func (c *Cache) sequentialReads(a, b string) string { // want sequentialReads:"acquires Cache.mu:R"
	x := c.get(a)
	return x + c.get(b) // ok: not nested
}
