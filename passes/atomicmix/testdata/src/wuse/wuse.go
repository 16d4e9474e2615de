// Package wuse resets counters of wdep under its own locks: the writers // want package:`atomic\(Guarded.N\) atomic\(Locked.N\) atomic\(Stats.Hits\)`
// in wdep, known from its facts, decide whether the lock serialises them.
package wuse

import (
	"sync"
	"sync/atomic"

	"wdep"
)

type agg struct {
	mu sync.Mutex
	s  *wdep.Stats
	g  *wdep.Guarded
	l  *wdep.Locked
}

func (a *agg) drain() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	v := atomic.LoadInt64(&a.s.Hits)
	atomic.StoreInt64(&a.s.Hits, 0) // want `atomic.LoadInt64\(&a.s.Hits\) followed by atomic.StoreInt64\(&a.s.Hits, 0\) loses concurrent updates; use atomic.SwapInt64\(&a.s.Hits, 0\); a.mu is held from the Load to the Store, but atomic.AddInt64\(&s.Hits, 1\) at wdep.go:15:25 in package wdep writes without it`
	return v
}

func (a *agg) drainGuarded() int64 {
	a.g.Mu.Lock()
	defer a.g.Mu.Unlock()
	v := atomic.LoadInt64(&a.g.N)
	atomic.StoreInt64(&a.g.N, 0) // ok: every writer of N, here and in wdep, holds Guarded.Mu
	return v
}

func (a *agg) drainOtherLock() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	v := atomic.LoadInt64(&a.l.N)
	atomic.StoreInt64(&a.l.N, 0) // want `atomic.StoreInt64\(&a.l.N, 0\) loses concurrent updates; use atomic.SwapInt64\(&a.l.N, 0\); a.mu is held from the Load to the Store, but the writes of Locked.N in package wdep \(atomic.AddInt64 at wdep.go:\d+:2\) do not hold it`
	return v
}

// A wait on a counter a dependency writes: what its writers do is out of
// sight (Stats.Hit only counts up, but facts do not say so).
func (a *agg) await(k int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for k != atomic.LoadInt64(&a.s.Hits) {
	}
	atomic.StoreInt64(&a.s.Hits, 0) // want `atomic.LoadInt64\(&a.s.Hits\) followed by atomic.StoreInt64\(&a.s.Hits, 0\) loses concurrent updates`
}
