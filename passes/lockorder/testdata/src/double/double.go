// Package double tests double locking: directly, through a call, through
// an embedded mutex and in a closure called in place, and the re-locks
// that are not double locks.
package double

import "sync"

type Store struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store) direct() { // want direct:"acquires Store.mu"
	s.mu.Lock()
	s.mu.Lock() // want `double lock of s.mu: already held since double.go:14`
	s.mu.Unlock()
}

func (s *Store) flush() { // want flush:"acquires Store.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.m)
}

func (s *Store) throughCall() { // want throughCall:"acquires Store.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flush() // want `double lock of s.mu through Store.flush \(locked at double.go:20\)`
}

func (s *Store) deeper() { // want deeper:"acquires Store.mu"
	s.flush()
}

func (s *Store) throughTwoCalls() { // want throughTwoCalls:"acquires Store.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deeper() // want `double lock of s.mu through Store.deeper -> Store.flush`
}

// Embedded: the mutex is promoted.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) embedded() { // want embedded:"acquires Counter.Mutex"
	c.Lock()
	defer c.Unlock()
	c.Lock() // want `double lock of c.Mutex`
}

func (s *Store) inPlaceClosure() { // want inPlaceClosure:"acquires Store.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	func() {
		s.mu.Lock() // want `double lock of s.mu`
		defer s.mu.Unlock()
	}()
}

var global sync.Mutex

func globals() { // want globals:"acquires global"
	global.Lock()
	defer global.Unlock()
	other() // want `double lock of global through other`
}

func other() { // want other:"acquires global"
	global.Lock()
	global.Unlock()
}

func callsWhileHeld() { // want callsWhileHeld:"acquires global"
	global.Lock()
	other() // want `double lock of global through other`
	global.Unlock()
}

// Silent.

func (s *Store) relock() { // want relock:"acquires Store.mu"
	s.mu.Lock()
	s.mu.Unlock()
	s.mu.Lock() // ok: released before
	s.mu.Unlock()
}

func (s *Store) maybeHeld(c bool) { // want maybeHeld:"acquires Store.mu, releases Store.mu"
	if c {
		s.mu.Lock()
	}
	s.mu.Lock() // ok: only possibly held (an inconsistent but uncertain state)
	s.mu.Unlock()
	if c {
		s.mu.Unlock()
	}
}

func (s *Store) otherInstance(t *Store) { // want otherInstance:"acquires Store.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	t.flush() // want `t.mu locked through Store.flush .* while holding s.mu .*another instance of Store.mu`
}

// waitLocked drops its caller's lock while it waits, and takes it again.
func (s *Store) waitLocked() { // want waitLocked:"drops Store.mu"
	s.mu.Unlock()
	defer s.mu.Lock()
}

func (s *Store) drops() { // want drops:"acquires Store.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waitLocked() // ok: expects s.mu held, gives it back
}

func (s *Store) goroutine() { // want goroutine:"acquires Store.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	go s.flush() // ok: another goroutine
}

func (s *Store) deferredClosure() { // want deferredClosure:"acquires Store.mu"
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
	s.m = nil
}

func (s *Store) tryLock() { // want tryLock:"acquires Store.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mu.TryLock() { // ok: TryLock fails rather than deadlocks
		s.mu.Unlock()
	}
}
