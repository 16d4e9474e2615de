// Package writers tests the writer rule of the lost-update check: a lock
// held from Load to Store serialises the sequence only against writers
// that hold it too. One atomic writer of the variable without that lock
// (an Add on a hot path, a CompareAndSwap, a Store) writes between the
// Load and the Store, and the Store loses its update.
package writers

import (
	"sync"
	"sync/atomic"
)

// The shape of Prometheus' histogram: observers Add to the counts with no
// lock; Write, holding h.mtx, folds the cold counts into the hot ones and
// resets them (addAndReset is only called with h.mtx held).

type counts struct {
	count   uint64
	buckets []uint64
	zero    uint64
	schema  int32
}

type hist struct {
	mtx       sync.Mutex
	hot, cold *counts
}

func (c *counts) observe(bucket int) {
	atomic.AddUint64(&c.count, 1)
	atomic.AddUint64(&c.buckets[bucket], 1)
	atomic.AddUint64(&c.zero, 1)
}

func addAndReset(hot, cold *counts) {
	atomic.AddUint64(&hot.count, atomic.LoadUint64(&cold.count))
	atomic.StoreUint64(&cold.count, 0) // want `atomic.LoadUint64\(&cold.count\) followed by atomic.StoreUint64\(&cold.count, 0\) loses concurrent updates; use atomic.SwapUint64\(&cold.count, 0\); hist.mtx is held from the Load to the Store, but atomic.AddUint64\(&c.count, 1\) at writers.go:30:2 writes without it`
	for i := range hot.buckets {
		atomic.AddUint64(&hot.buckets[i], atomic.LoadUint64(&cold.buckets[i]))
		atomic.StoreUint64(&cold.buckets[i], 0) // want `atomic.LoadUint64\(&cold.buckets\[i\]\) followed by atomic.StoreUint64\(&cold.buckets\[i\], 0\) loses concurrent updates; use atomic.SwapUint64\(&cold.buckets\[i\], 0\); hist.mtx is held from the Load to the Store, but atomic.AddUint64\(&c.buckets\[bucket\], 1\) at writers.go:31:2 writes without it`
	}
	z := atomic.LoadUint64(&cold.zero)
	atomic.AddUint64(&hot.zero, z)
	atomic.StoreUint64(&cold.zero, 0) // want `atomic.LoadUint64\(&cold.zero\) followed by atomic.StoreUint64\(&cold.zero, 0\) loses concurrent updates; use atomic.SwapUint64\(&cold.zero, 0\); .*atomic.AddUint64\(&c.zero, 1\) at writers.go:32:2 writes without it`
}

func (h *hist) write() {
	h.mtx.Lock()
	defer h.mtx.Unlock()
	addAndReset(h.hot, h.cold)
}

// The schema is written only under h.mtx (and by the constructor, before
// the histogram is shared): the sequence is serialised.
func (h *hist) widen() {
	s := atomic.LoadInt32(&h.cold.schema)
	if s == -4 {
		return
	}
	s--
	atomic.StoreInt32(&h.cold.schema, s) // ok: every writer of schema holds h.mtx
}

func (h *hist) limit() {
	h.mtx.Lock()
	defer h.mtx.Unlock()
	h.widen()
}

func (h *hist) resetSchema(c *counts) {
	h.mtx.Lock()
	atomic.StoreInt32(&c.schema, 0)
	h.mtx.Unlock()
}

func newHist(n int) *hist {
	h := &hist{}
	h.hot = &counts{buckets: make([]uint64, n)}
	h.cold = &counts{buckets: make([]uint64, n)}
	atomic.StoreInt32(&h.hot.schema, 3) // not a concurrent writer: h is not shared yet
	atomic.StoreInt32(&h.cold.schema, 3)
	return h
}

func (h *hist) schema() int32 { return atomic.LoadInt32(&h.hot.schema) } // a Load writes nothing

// Every writer locked: silent.

type reg struct {
	mu sync.Mutex
	n  int64
	t  atomic.Int64
}

func (r *reg) bump() {
	r.mu.Lock()
	atomic.AddInt64(&r.n, 1)
	r.mu.Unlock()
}

func (r *reg) bumpRead() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.t.Add(1)
}

func (r *reg) drain() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	v := atomic.LoadInt64(&r.n)
	if v > 10 {
		atomic.StoreInt64(&r.n, 0) // ok: every writer of n holds r.mu
	}
	return v
}

func (r *reg) drainTyped() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	v := r.t.Load()
	r.t.Store(v / 2) // ok: every writer of t holds r.mu
	return v
}

func (r *reg) peek() int64 { return atomic.LoadInt64(&r.n) + r.t.Load() } // readers need no lock

var (
	totalMu sync.Mutex
	total   int64
)

func init() {
	atomic.StoreInt64(&total, 1) // init runs before any other goroutine
}

func addTotal(d int64) {
	totalMu.Lock()
	defer totalMu.Unlock()
	atomic.AddInt64(&total, d)
}

func halveTotal() {
	totalMu.Lock()
	defer totalMu.Unlock()
	atomic.StoreInt64(&total, atomic.LoadInt64(&total)/2) // ok: every writer of total holds totalMu
}

// One writer without the lock: reported, naming it.

type gauge struct {
	mu    sync.Mutex
	other sync.Mutex
	v     atomic.Int64
	w     atomic.Int64
	x     atomic.Int64
}

func (g *gauge) inc() { g.v.Add(1) }

func (g *gauge) halve() {
	g.mu.Lock()
	defer g.mu.Unlock()
	v := g.v.Load()
	g.v.Store(v / 2) // want `g.v.Load followed by g.v.Store\(v / 2\) loses concurrent updates; use an atomic Add or a CompareAndSwap loop; g.mu is held from the Load to the Store, but g.v.Add\(1\) at writers.go:158:25 writes without it`
}

// A writer holding another lock is no better.
func (g *gauge) incOther() {
	g.other.Lock()
	g.w.Add(1)
	g.other.Unlock()
}

func (g *gauge) halveW() {
	g.mu.Lock()
	defer g.mu.Unlock()
	v := g.w.Load()
	g.w.Store(v / 2) // want `g.w.Store\(v / 2\) loses concurrent updates.*but g.w.Add\(1\) at writers.go:\d+:2 writes without it`
}

// Nor a CompareAndSwap loop that takes no lock.
func (g *gauge) casMax(n int64) {
	for {
		old := g.x.Load()
		if n <= old || g.x.CompareAndSwap(old, n) {
			return
		}
	}
}

func (g *gauge) halveX() {
	g.mu.Lock()
	defer g.mu.Unlock()
	v := g.x.Load()
	g.x.Store(v / 2) // want `g.x.Store\(v / 2\) loses concurrent updates.*but g.x.CompareAndSwap\(old, n\) at writers.go:185:18 writes without it`
}

// A read lock does not serialise two writers: both may hold it.

type shared struct {
	rw sync.RWMutex
	n  atomic.Int64
}

func (s *shared) reset() int64 {
	s.rw.RLock()
	defer s.rw.RUnlock()
	v := s.n.Load()
	s.n.Store(0) // want `s.n.Load followed by s.n.Store\(0\) loses concurrent updates; use s.n.Swap\(0\)$`
	return v
}

func (s *shared) add() {
	s.rw.Lock()
	s.n.Add(1)
	s.rw.Unlock()
}

// A writer under the read lock is excluded by a Load-then-Store holding
// the write lock.

type stats struct {
	rw sync.RWMutex
	n  atomic.Int64
}

func (s *stats) hit() {
	s.rw.RLock()
	s.n.Add(1)
	s.rw.RUnlock()
}

func (s *stats) reset() int64 {
	s.rw.Lock()
	defer s.rw.Unlock()
	v := s.n.Load()
	s.n.Store(0) // ok: every writer holds s.rw, here exclusively
	return v
}

// Generic code: the writers of a field of a generic type are its writers
// in every instantiation.

type window[T any] struct {
	mu    sync.Mutex
	hits  atomic.Int64
	count atomic.Int64
	items []T
}

func (w *window[T]) roll() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := w.hits.Load()
	w.hits.Store(0) // want `w.hits.Load followed by w.hits.Store\(0\) loses concurrent updates; use w.hits.Swap\(0\); w.mu is held from the Load to the Store, but w.hits.Add\(1\) at writers.go:259:34 writes without it`
	return n
}

func record(w *window[string]) { w.hits.Add(1) }

func (w *window[T]) push(v T) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.items = append(w.items, v)
	w.count.Add(1)
}

func (w *window[T]) shrink() {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := w.count.Load()
	w.count.Store(n / 2) // ok: every writer of count holds w.mu
}

func recordAll[T any](w *window[T], v T) { w.push(v) }

// A generic helper and atomic.Pointer[T] in a generic type.

func drainWindow[T any](w *window[T]) int64 {
	n := w.hits.Load()
	w.hits.Store(0) // want `w.hits.Load followed by w.hits.Store\(0\) loses concurrent updates; use w.hits.Swap\(0\)$`
	return n
}

type slot[T any] struct {
	mu sync.Mutex
	p  atomic.Pointer[T]
}

func (s *slot[T]) take() *T {
	p := s.p.Load()
	s.p.Store(nil) // want `s.p.Load followed by s.p.Store\(nil\) loses concurrent updates; use s.p.Swap\(nil\)$`
	return p
}

func (s *slot[T]) put(v *T) { s.p.Store(v) }

type lockedSlot[T any] struct {
	mu sync.Mutex
	p  atomic.Pointer[T]
}

func (s *lockedSlot[T]) take() *T {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.p.Load()
	s.p.Store(nil) // ok: every writer of p holds s.mu
	return p
}

func (s *lockedSlot[T]) put(v *T) {
	s.mu.Lock()
	s.p.Store(v)
	s.mu.Unlock()
}

func putInt(s *lockedSlot[int], v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.p.Store(&v)
}

// A double-checked one-way flag: the writer without the lock only stores
// the value the check tests (net/http's canWriteContinue).

type resp struct {
	mu        sync.Mutex
	canWrite  atomic.Bool
	canWrite2 atomic.Bool
}

func (r *resp) arm() { r.canWrite.Store(true) }

func (r *resp) read() {
	if r.canWrite.Load() {
		r.mu.Lock()
		if r.canWrite.Load() {
			send()
			r.canWrite.Store(false) // ok: the unlocked writer only stores the tested value
		}
		r.mu.Unlock()
	}
}

func send() {}

type phase struct {
	mu    sync.Mutex
	state atomic.Int32
}

func (p *phase) fail() { p.state.Store(3) }

func (p *phase) advance() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state.Load() == 1 {
		p.state.Store(2) // want `check-then-act: p.state.Load tested then p.state.Store\(2\) races with concurrent updates; use p.state.CompareAndSwap\(1, 2\); p.mu is held from the Load to the Store, but p.state.Store\(3\) at writers.go:\d+:26 writes without it`
	}
}
