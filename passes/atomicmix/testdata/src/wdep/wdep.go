// Package wdep declares counters that wuse resets: its own writers are // want package:`atomic\(Guarded.N\) atomic\(Locked.N\) atomic\(Stats.Hits\)`
// the other half of the writer rule, seen from wuse through facts.
package wdep

import (
	"sync"
	"sync/atomic"
)

// Stats is written by Hit with no lock.
type Stats struct {
	Hits int64
}

func (s *Stats) Hit() { atomic.AddInt64(&s.Hits, 1) }

// Guarded is written only under Mu.
type Guarded struct {
	Mu sync.Mutex
	N  int64
}

func (g *Guarded) Inc() {
	g.Mu.Lock()
	atomic.AddInt64(&g.N, 1)
	g.Mu.Unlock()
}

// NewGuarded writes N before the value is shared.
func NewGuarded() *Guarded {
	g := &Guarded{}
	atomic.StoreInt64(&g.N, 1)
	return g
}

// Locked is written only under its own Mu.
type Locked struct {
	Mu sync.Mutex
	N  int64
}

func (l *Locked) Inc() {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	atomic.AddInt64(&l.N, 1)
}
