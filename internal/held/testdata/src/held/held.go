// Package held tests the held-lock analysis: each probe() reports the locks
// certainly held there.
package held

import "sync"

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
}

func probe() {}

func cond() bool { return false }

func later(func()) {}

func straight(s *S) {
	probe() // want `held: $`
	s.mu.Lock()
	probe() // want `held: s.mu$`
	s.mu.Unlock()
	probe() // want `held: $`
}

func deferred(s *S) {
	s.mu.Lock()
	defer s.mu.Unlock()
	probe() // want `held: s.mu$`
}

func earlyReturn(s *S) {
	s.mu.Lock()
	if cond() {
		s.mu.Unlock()
		return
	}
	probe() // want `held: s.mu$`
	s.mu.Unlock()
}

func somePaths(s *S) {
	if cond() {
		s.mu.Lock()
	}
	probe() // want `held: $`
}

func loop(s *S) {
	s.mu.Lock()
	for cond() {
		probe() // want `held: s.mu$`
		s.mu.Unlock()
		probe() // want `held: $`
		s.mu.Lock()
	}
	probe() // want `held: s.mu$`
	s.mu.Unlock()
}

func loopBreak(s *S) {
	for cond() {
		s.mu.Lock()
		if cond() {
			break // leaves the loop holding the lock
		}
		s.mu.Unlock()
	}
	probe() // want `held: $`
}

func tryLock(s *S) {
	if s.mu.TryLock() {
		probe() // want `held: s.mu$`
		s.mu.Unlock()
	}
	probe() // want `held: $`
	if !s.mu.TryLock() {
		probe() // want `held: $`
		return
	}
	probe() // want `held: s.mu$`
	s.mu.Unlock()
	ok := s.mu.TryLock()
	probe() // want `held: $`
	_ = ok
}

func readLock(s *S) {
	s.rw.RLock()
	probe() // want `held: s.rw!$`
	s.rw.RUnlock()
}

func goroutine(s *S) {
	s.mu.Lock()
	go func() {
		probe() // want `held: $`
	}()
	f := func() {
		probe() // want `held: s.mu$`
	}
	f() // called in place: runs with s.mu
	later(func() {
		probe() // want `held: $`
	})
	func() {
		probe() // want `held: s.mu$`
	}()
	s.mu.Unlock()
}

func handedOff(s *S) {
	s.mu.Lock()
	go func() {
		s.mu.Unlock()
	}()
	probe() // want `held: $`
}

func inlined(s *S) {
	s.mu.Lock()
	func() {
		s.mu.Unlock()
	}()
	probe() // want `held: $`
	unlock := func() { s.mu.Lock() }
	unlock()
	probe() // want `held: s.mu$`
	s.mu.Unlock()
}

// twoCallers calls a local closure under s.mu and without it: inside it,
// nothing is certainly held.
func twoCallers(s *S) {
	read := func() {
		probe() // want `held: $`
	}
	read()
	s.mu.Lock()
	read()
	s.mu.Unlock()
	both := func() {
		probe() // want `held: s.mu$`
	}
	s.mu.Lock()
	both()
	both()
	s.mu.Unlock()
}

func deferredClosure(s *S) {
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
	probe() // want `held: s.mu$`
}

func twoInstances(a, b *S) {
	a.mu.Lock()
	b.mu.Lock()
	probe() // want `held: a.mu b.mu$`
	b.mu.Unlock()
	probe() // want `held: a.mu$`
	a.mu.Unlock()
}

// A name proves nothing: the locks held on entry are those every call
// holds (held.Entries).
func (s *S) flushLocked() {
	probe() // want `held: $`
}

func (s *S) drainLocked() {
	probe() // want `held: held.S.mu$`
}

func (s *S) drain() {
	s.mu.Lock()
	s.drainLocked()
	s.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drainLocked()
}

func (s *S) pollLocked() {
	probe() // want `held: $`
}

func (s *S) poll(cond bool) {
	if cond {
		s.mu.Lock()
		s.pollLocked()
		s.mu.Unlock()
	}
	s.pollLocked() // one call holds nothing
}

// Exported: callers out of sight.
func (s *S) SweepLocked() {
	probe() // want `held: $`
}

func (s *S) sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.SweepLocked()
}

func (s *S) embeddedCaller() {
	var mu sync.Mutex
	mu.Lock()
	probe() // want `held: mu$`
	mu.Unlock()
}

func panics(s *S) {
	s.mu.Lock()
	if cond() {
		s.mu.Unlock()
		panic("x")
	}
	probe() // want `held: s.mu$`
	s.mu.Unlock()
}

func switchCases(s *S, x int) {
	s.mu.Lock()
	switch x {
	case 1:
		probe() // want `held: s.mu$`
		s.mu.Unlock()
		return
	case 2:
		s.mu.Unlock()
	}
	probe() // want `held: $`
}

// Classes, printed when the instance is unknown (through an index): the
// identity of the field, with two values of one type side by side in a
// struct told apart, and a mutex behind a pointer field named by it.
type half struct {
	sync.Mutex
	seq int
}

type Conn struct {
	in, out half
	p       *sync.Mutex
}

func classes(cs []*Conn, ss []S) {
	cs[0].in.Lock()
	probe() // want `held: held.Conn.in.Mutex$`
	cs[0].in.Unlock()
	ss[0].mu.Lock()
	probe() // want `held: held.S.mu$`
	ss[0].mu.Unlock()
	cs[0].p.Lock()
	probe() // want `held: held.Conn.p$`
	cs[0].p.Unlock()
	c := cs[1]
	c.p.Lock()
	probe() // want `held: c.p$`
	// Another expression, the same class: released.
	cs[1].p.Unlock()
	probe() // want `held: $`
}

// A mutex's method taken as a value (Config.Lockers): the call of the
// value locks or unlocks the mutex its receiver bound.
type valued struct {
	mu     sync.Mutex
	unlock func()
}

func newValued() *valued {
	v := &valued{}
	v.unlock = v.mu.Unlock
	return v
}

func methodValue(s *S, v *valued) {
	lock, unlock := s.mu.Lock, s.mu.Unlock
	lock()
	probe() // want `held: s.mu$`
	unlock()
	probe() // want `held: $`
	v.mu.Lock()
	probe() // want `held: v.mu$`
	v.unlock()
	probe() // want `held: $`
	rlock := s.rw.RLock
	rlock()
	defer s.rw.RUnlock()
	probe() // want `held: s.rw!$`
}
