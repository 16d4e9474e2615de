package b

import "sync"

// Store and Cache are locked in the order Store, then Cache, here; package
// a locks them the other way round.
type Store struct{ mu sync.Mutex }

type Cache struct{ mu sync.Mutex }

// Sync holds s.mu while it takes c.mu.
func (s *Store) Sync(c *Cache) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.mu.Lock()
	c.mu.Unlock()
}

// Touch takes s.mu.
func (s *Store) Touch() {
	s.mu.Lock()
	s.mu.Unlock()
}

// Lock and Unlock are lock helpers for c.mu.
func (c *Cache) Lock()   { c.mu.Lock() }
func (c *Cache) Unlock() { c.mu.Unlock() }
