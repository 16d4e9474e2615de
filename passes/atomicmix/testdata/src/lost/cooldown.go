package lost

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// A wait for a count to reach a value ends only once its writers, which
// only count up, have stopped there: the Store after it loses nothing
// still coming (Prometheus' summary: observers count into the hot half;
// Write, under its lock, swaps the halves, waits until the cold half's
// count reaches the number of observers that took it, then resets it).

type half struct {
	count uint64
}

type halves struct {
	mu     sync.Mutex
	idx    atomic.Uint64
	counts [2]*half
}

func (h *halves) observe() {
	n := h.idx.Add(1)
	c := h.counts[n>>63]
	atomic.AddUint64(&c.count, 1)
}

func (h *halves) write() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := h.idx.Add(1 << 63)
	count := n & (1<<63 - 1)
	hot, cold := h.counts[n>>63], h.counts[(^n)>>63]
	for count != atomic.LoadUint64(&cold.count) {
		runtime.Gosched()
	}
	atomic.AddUint64(&hot.count, count)
	atomic.StoreUint64(&cold.count, 0) // ok: the wait ends once the observers, which only count up, have stopped at count
	return count
}

// Without the lock, two writers race to reset.
type unlockedHalves struct {
	idx    atomic.Uint64
	counts [2]*unlockedHalf
}

type unlockedHalf struct{ count uint64 }

func (h *unlockedHalves) observe() {
	n := h.idx.Add(1)
	atomic.AddUint64(&h.counts[n>>63].count, 1)
}

func (h *unlockedHalves) write() {
	n := h.idx.Add(1 << 63)
	count := n & (1<<63 - 1)
	cold := h.counts[(^n)>>63]
	for count != atomic.LoadUint64(&cold.count) {
		runtime.Gosched()
	}
	atomic.StoreUint64(&cold.count, 0) // want `atomic.LoadUint64\(&cold.count\) followed by atomic.StoreUint64\(&cold.count, 0\) loses concurrent updates`
}

// An in-flight count goes down as well as up: it may pass through the
// value waited for again and again.
type inflight struct {
	mu sync.Mutex
	n  int64
}

func (f *inflight) begin() { atomic.AddInt64(&f.n, 1) }
func (f *inflight) end()   { atomic.AddInt64(&f.n, -1) }

func (f *inflight) drain(k int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for atomic.LoadInt64(&f.n) != k {
		runtime.Gosched()
	}
	atomic.StoreInt64(&f.n, 0) // want `atomic.LoadInt64\(&f.n\) followed by atomic.StoreInt64\(&f.n, 0\) loses concurrent updates; use atomic.SwapInt64\(&f.n, 0\); f.mu is held from the Load to the Store`
}

// A wait for the count to pass a value lets it overshoot.
type ticks struct {
	mu sync.Mutex
	n  atomic.Int64
}

func (t *ticks) tick() { t.n.Add(1) }

func (t *ticks) await(k int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.n.Load() < k {
		runtime.Gosched()
	}
	t.n.Store(0) // want `t.n.Load followed by t.n.Store\(0\) loses concurrent updates`
}

// A spin on a flag others set and clear is no wait for writers to stop.
type spin struct {
	mu   sync.Mutex
	busy int32
}

func (s *spin) release() { atomic.StoreInt32(&s.busy, 0) }

func (s *spin) acquire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for atomic.LoadInt32(&s.busy) != 0 {
		runtime.Gosched()
	}
	atomic.StoreInt32(&s.busy, 1) // want `atomic.LoadInt32\(&s.busy\) followed by atomic.StoreInt32\(&s.busy, 1\) loses concurrent updates`
}

// In generic code, with typed atomics.
type genericHalves[T any] struct {
	mu     sync.Mutex
	idx    atomic.Uint64
	counts [2]*genericHalf[T]
}

type genericHalf[T any] struct {
	count atomic.Uint64
	last  T
}

func (h *genericHalves[T]) observe() {
	n := h.idx.Add(1)
	h.counts[n>>63].count.Add(1)
}

func (h *genericHalves[T]) write() {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := h.idx.Add(1 << 63)
	count := n & (1<<63 - 1)
	cold := h.counts[(^n)>>63]
	for count != cold.count.Load() {
		runtime.Gosched()
	}
	cold.count.Store(0) // ok: the wait ends once the observers have stopped at count
}
