package a

import "example.com/vetmod/b"

// Refresh holds the cache's lock while it touches the store: the reverse
// of b.Store.Sync's order.
func Refresh(s *b.Store, c *b.Cache) {
	c.Lock()
	s.Touch()
	c.Unlock()
}
