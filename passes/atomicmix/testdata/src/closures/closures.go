// Package closures tests that an access in a function literal run in place
// (called where it is written, or a local closure only ever called
// directly) is judged with the locks its caller holds there, and that a
// literal run elsewhere (by a go or defer statement, or passed as a value)
// is judged on its own.
package closures

import (
	"sync"
	"sync/atomic"
)

// A writer serialised by a mutex, publishing to lock-free readers: a plain
// read holding g.mu cannot race.
type gauge struct {
	mu sync.Mutex
	v  int64
}

func (g *gauge) add(d int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	atomic.StoreInt64(&g.v, g.v+d) // ok: the writer holds g.mu
}

func (g *gauge) get() int64 { return atomic.LoadInt64(&g.v) }

func later(func()) {}

func (g *gauge) immediate() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return func() int64 {
		return g.v // ok: called in place, under the caller's g.mu
	}()
}

func (g *gauge) nested() (n int64) {
	g.mu.Lock()
	func() {
		func() {
			n = g.v // ok: two literals called in place under g.mu
		}()
	}()
	g.mu.Unlock()
	return n
}

func (g *gauge) local() int64 {
	read := func() int64 {
		return g.v // ok: only ever called directly, each time under g.mu
	}
	g.mu.Lock()
	n := read()
	g.mu.Unlock()
	g.mu.Lock()
	defer g.mu.Unlock()
	return n + read()
}

func (g *gauge) inGoroutine() {
	go func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		_ = func() int64 {
			return g.v // ok: called in place inside the goroutine, under its g.mu
		}()
	}()
}

// An atomic writer inside a literal called in place inherits the lock too:
// every atomic write of m.n holds m.mu, so plain reads under m.mu are fine.
type meter struct {
	mu sync.Mutex
	n  int64
}

func (m *meter) bump() {
	m.mu.Lock()
	func() {
		atomic.AddInt64(&m.n, 1) // ok: an atomic write under m.mu
	}()
	m.mu.Unlock()
}

func (m *meter) read() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n // ok: every atomic write holds m.mu
}

// Lost updates under the caller's lock: writers serialised by s.mu.
type stats struct {
	mu      sync.Mutex
	count   atomic.Int64
	total   atomic.Int64
	pending atomic.Int64
}

func (s *stats) inc() {
	s.mu.Lock()
	s.count.Add(1)
	s.pending.Add(1)
	s.mu.Unlock()
}

func (s *stats) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	func() {
		n := s.count.Load()
		s.count.Store(0) // ok: the Load and the Store both hold s.mu, as does every writer of count
		s.total.Add(n)
	}()
}

// Positives: the literal does not run with the caller's locks.

func (g *gauge) releasedInside() int64 {
	g.mu.Lock()
	return func() int64 {
		g.mu.Unlock()
		return g.v // want `plain read of gauge.v`
	}()
}

func (g *gauge) goLiteral() {
	g.mu.Lock()
	defer g.mu.Unlock()
	go func() {
		_ = g.v // want `plain read of gauge.v`
	}()
}

func (g *gauge) deferredLiteral() {
	g.mu.Lock()
	defer func() {
		_ = g.v // want `plain read of gauge.v`
	}()
	g.mu.Unlock()
}

func (g *gauge) passed() {
	g.mu.Lock()
	later(func() {
		_ = g.v // want `plain read of gauge.v`
	})
	g.mu.Unlock()
}

func (g *gauge) localAlsoSpawned() {
	read := func() {
		_ = g.v // want `plain read of gauge.v`
	}
	g.mu.Lock()
	read()
	g.mu.Unlock()
	go read()
}

func (g *gauge) localAlsoDeferred() {
	read := func() {
		_ = g.v // want `plain read of gauge.v`
	}
	defer read()
	g.mu.Lock()
	read()
	g.mu.Unlock()
}

func (g *gauge) localAlsoPassed() {
	read := func() {
		_ = g.v // want `plain read of gauge.v`
	}
	g.mu.Lock()
	read()
	g.mu.Unlock()
	later(read)
}

func (g *gauge) localOnceUnlocked() {
	read := func() {
		_ = g.v // want `plain read of gauge.v`
	}
	read()
	g.mu.Lock()
	read()
	g.mu.Unlock()
}

func (g *gauge) localReassigned() {
	read := func() {
		_ = g.v // want `plain read of gauge.v`
	}
	g.mu.Lock()
	read()
	g.mu.Unlock()
	read = func() {}
	read()
}

func (s *stats) flushUnlocked() {
	s.mu.Lock()
	go func() {
		n := s.pending.Load()
		s.pending.Store(0) // want `s.pending.Load followed by s.pending.Store\(0\) loses concurrent updates; use s.pending.Swap\(0\)`
		s.total.Add(n)
	}()
	s.mu.Unlock()
}
