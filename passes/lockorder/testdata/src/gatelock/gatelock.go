// want package:"Manager.bucketsMu -> Segment.mu, Manager.bucketsMu -> Shard.mu, Manager.idx -> Part.mu"

// Package gatelock tests same-class nesting under a gate lock (lockdep's
// nest_lock): instances of a class nested in any order while one outer
// lock, held around every such nesting, serialises them.
package gatelock

import "sync"

type Manager struct {
	bucketsMu sync.Mutex
	idx       sync.RWMutex
	segs      []*Segment
}

type Segment struct {
	mu sync.Mutex
	n  int
}

func (m *Manager) merge(a, b *Segment) {
	m.bucketsMu.Lock()
	defer m.bucketsMu.Unlock()
	a.mu.Lock()
	b.mu.Lock() // ok: every nesting of Segment.mu happens under Manager.bucketsMu
	a.n += b.n
	b.mu.Unlock()
	a.mu.Unlock()
}

func (m *Manager) split(a, b *Segment) {
	m.bucketsMu.Lock()
	b.mu.Lock()
	a.mu.Lock() // ok: the opposite order, under the same gate
	a.n, b.n = b.n/2, b.n/2
	a.mu.Unlock()
	b.mu.Unlock()
	m.bucketsMu.Unlock()
}

func (s *Segment) add(n int) {
	s.mu.Lock()
	s.n += n
	s.mu.Unlock()
}

func (m *Manager) drain(a, b *Segment) {
	m.bucketsMu.Lock()
	defer m.bucketsMu.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	b.add(a.n) // ok: through a call, under the gate
}

// Shard.mu is nested under the gate once and without it once: both
// reported, with the risk and the ignore directive.
type Shard struct{ mu sync.Mutex }

func (m *Manager) move(a, b *Shard) {
	m.bucketsMu.Lock()
	defer m.bucketsMu.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock() // want `b.mu locked while holding a.mu \(locked at gatelock.go:\d+\), another instance of Shard.mu: this may deadlock if another goroutine nests two instances in the opposite order; .*//cowlint:ignore lockorder`
	b.mu.Unlock()
}

func swap(a, b *Shard) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock() // want `b.mu locked while holding a.mu .*another instance of Shard.mu: this may deadlock`
	b.mu.Unlock()
}

// A read-locked gate admits many holders: it serialises nothing.
type Part struct{ mu sync.Mutex }

func (m *Manager) join(a, b *Part) {
	m.idx.RLock()
	defer m.idx.RUnlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock() // want `b.mu locked while holding a.mu .*another instance of Part.mu`
	b.mu.Unlock()
}
