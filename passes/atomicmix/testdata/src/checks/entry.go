package checks

import (
	"sync"
	"sync/atomic"
)

// Locks held on entry: a helper whose every caller holds the lock is
// serialised by it (Prometheus' histogram.doubleBucketWidth).

type hist struct {
	mu     sync.Mutex
	schema int32
	n      atomic.Int64
	m      atomic.Int64
	k      atomic.Int64
}

func (h *hist) widen() {
	s := atomic.LoadInt32(&h.schema)
	if s == -4 {
		return
	}
	s--
	atomic.StoreInt32(&h.schema, s) // ok: every caller holds h.mu
}

func (h *hist) limit() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.widen()
}

func (h *hist) shrink() {
	h.mu.Lock()
	h.widen()
	h.mu.Unlock()
}

// One caller without the lock: not serialised.
func (h *hist) drain() int64 {
	v := h.n.Load()
	if v > 0 {
		h.n.Store(0) // want `h.n.Load followed by h.n.Store\(0\) loses concurrent updates; use h.n.Swap\(0\)`
	}
	return v
}

func (h *hist) lockedDrain() {
	h.mu.Lock()
	h.drain()
	h.mu.Unlock()
}

func (h *hist) unlockedDrain() { h.drain() }

// Run by a go statement: it starts with no lock.
func (h *hist) flush() {
	v := h.m.Load()
	if v > 0 {
		h.m.Store(0) // want `h.m.Load followed by h.m.Store\(0\)`
	}
}

func (h *hist) startFlush() {
	h.mu.Lock()
	go h.flush()
	h.mu.Unlock()
}

// Used as a value: its callers are out of sight.
func (h *hist) reset() {
	v := h.k.Load()
	if v > 0 {
		h.k.Store(0) // want `h.k.Load followed by h.k.Store\(0\)`
	}
}

func (h *hist) resetter() func() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reset()
	return h.reset
}

// The updates the resets above would lose.
func (h *hist) inc() {
	h.n.Add(1)
	h.m.Add(1)
	h.k.Add(1)
}
