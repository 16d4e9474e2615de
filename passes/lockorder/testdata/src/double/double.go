// Package double tests double locking: directly, through a call, through
// an embedded mutex and in a closure called in place, and the re-locks
// that are not double locks.
package double

import "sync"

type Store struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store) direct() {
	s.mu.Lock()
	s.mu.Lock() // want `double lock of s.mu: already held since double.go:14`
	s.mu.Unlock()
}

func (s *Store) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.m)
}

func (s *Store) throughCall() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flush() // want `double lock of s.mu through Store.flush \(locked at double.go:20\)`
}

func (s *Store) deeper() {
	s.flush()
}

func (s *Store) throughTwoCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deeper() // want `double lock of s.mu through Store.deeper -> Store.flush`
}

// Embedded: the mutex is promoted.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) embedded() {
	c.Lock()
	defer c.Unlock()
	c.Lock() // want `double lock of c.Mutex`
}

func (s *Store) inPlaceClosure() {
	s.mu.Lock()
	defer s.mu.Unlock()
	func() {
		s.mu.Lock() // want `double lock of s.mu`
		defer s.mu.Unlock()
	}()
}

var global sync.Mutex

func globals() {
	global.Lock()
	defer global.Unlock()
	other() // want `double lock of global through other`
}

func other() {
	global.Lock()
	global.Unlock()
}

func callsWhileHeld() {
	global.Lock()
	other() // want `double lock of global through other`
	global.Unlock()
}

// Silent.

func (s *Store) relock() {
	s.mu.Lock()
	s.mu.Unlock()
	s.mu.Lock() // ok: released before
	s.mu.Unlock()
}

func (s *Store) maybeHeld(c bool) {
	if c {
		s.mu.Lock()
	}
	s.mu.Lock() // ok: only possibly held (an inconsistent but uncertain state)
	s.mu.Unlock()
	if c {
		s.mu.Unlock()
	}
}

func (s *Store) otherInstance(t *Store) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.flush() // want `t.mu locked through Store.flush .* while holding s.mu .*another instance of Store.mu`
}

// waitLocked drops its caller's lock while it waits, and takes it again.
func (s *Store) waitLocked() {
	s.mu.Unlock()
	defer s.mu.Lock()
}

func (s *Store) drops() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waitLocked() // ok: expects s.mu held, gives it back
}

func (s *Store) goroutine() {
	s.mu.Lock()
	defer s.mu.Unlock()
	go s.flush() // ok: another goroutine
}

func (s *Store) deferredClosure() {
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
	s.m = nil
}

func (s *Store) tryLock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mu.TryLock() { // ok: TryLock fails rather than deadlocks
		s.mu.Unlock()
	}
}

// A mutex reached through a pointer field or parameter is named by it.
type Shared struct {
	mu *sync.RWMutex
	n  int
}

func (s *Shared) read() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.n
}

func (s *Shared) pointerField() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n = s.read() // want `double lock of s.mu through Shared.read`
}

func pointerParam(mu *sync.Mutex) {
	mu.Lock()
	mu.Lock() // want `double lock of mu`
}
