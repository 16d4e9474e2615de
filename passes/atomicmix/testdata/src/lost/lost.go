// Package lost tests Load-then-Store sequences that lose concurrent
// updates: resets that should be Swap, read-modify-writes that should be
// Add, and check-then-act that should be CompareAndSwap.
package lost

import (
	"sync"
	"sync/atomic"
)

type metrics struct {
	mu     sync.Mutex
	count  atomic.Int64
	on     atomic.Bool
	paused atomic.Bool
	state  atomic.Int32
	hw     atomic.Uint64
	n      int64
}

func log(int64) {}

// Resets.

func (m *metrics) flush() int64 {
	n := m.count.Load()
	m.count.Store(0) // want `m.count.Load followed by m.count.Store\(0\) loses concurrent updates; use m.count.Swap\(0\)`
	return n
}

func (m *metrics) flushLegacy() int64 {
	n := atomic.LoadInt64(&m.n)
	log(n)
	atomic.StoreInt64(&m.n, 0) // want `atomic.LoadInt64\(&m.n\) followed by atomic.StoreInt64\(&m.n, 0\) loses concurrent updates; use atomic.SwapInt64\(&m.n, 0\)`
	return n
}

func (m *metrics) flushIfBig() int64 {
	n := m.count.Load()
	if n > 100 {
		m.count.Store(0) // want `m.count.Load followed by m.count.Store\(0\) loses concurrent updates; use m.count.Swap\(0\)`
	}
	return n
}

func (m *metrics) closeOnce() {
	if m.on.Load() {
		return
	}
	m.on.Store(true) // want `m.on.Load followed by m.on.Store\(true\) loses concurrent updates; use m.on.Swap\(true\)`
}

// Arithmetic on the loaded value.

func (m *metrics) incr() {
	m.count.Store(m.count.Load() + 1) // want `m.count.Store\(m.count.Load\(\) \+ 1\) loses concurrent updates; use m.count.Add\(1\)`
}

func (m *metrics) decr(d int64) {
	atomic.StoreInt64(&m.n, atomic.LoadInt64(&m.n)-d) // want `loses concurrent updates; use atomic.AddInt64\(&m.n, -d\)`
}

func (m *metrics) double() {
	m.count.Store(m.count.Load() * 2) // want `m.count.Store\(m.count.Load\(\) \* 2\) loses concurrent updates; use a CompareAndSwap loop`
}

func (m *metrics) setBit() {
	m.state.Store(m.state.Load() | 4) // want `use m.state.Or\(4\)`
}

func (m *metrics) unsignedDown() {
	m.hw.Store(m.hw.Load() - 1) // want `m.hw.Store\(m.hw.Load\(\) - 1\) loses concurrent updates; use a CompareAndSwap loop`
}

func (m *metrics) twoStep() {
	v := m.count.Load()
	m.count.Store(v + 1) // want `m.count.Load followed by m.count.Store\(v \+ 1\) loses concurrent updates; use an atomic Add or a CompareAndSwap loop`
}

// Check-then-act.

func run() {}

func (m *metrics) start() {
	if !m.on.Load() {
		m.on.Store(true) // want `check-then-act: m.on.Load tested then m.on.Store\(true\) races with concurrent updates; use m.on.CompareAndSwap\(false, true\)`
		go run()
	}
}

func (m *metrics) advance(from, to int32) {
	if m.state.Load() == from {
		m.state.Store(to) // want `check-then-act: .* use m.state.CompareAndSwap\(from, to\)`
	}
}

func (m *metrics) stop() {
	if m.on.Load() {
		run()
		m.on.Store(false) // ok: others only store true, the value tested
	}
}

func (m *metrics) pause() { m.paused.CompareAndSwap(false, true) }

func (m *metrics) resume() {
	if m.paused.Load() {
		run()
		m.paused.Store(false) // want `use m.paused.CompareAndSwap\(true, false\)`
	}
}

func (m *metrics) legacyCheck() {
	if atomic.LoadInt64(&m.n) == 0 {
		atomic.StoreInt64(&m.n, 1) // want `use atomic.CompareAndSwapInt64\(&m.n, 0, 1\)`
	}
}

// Generic code.

type ring[T any] struct {
	head atomic.Uint64
	buf  []T
}

func (r *ring[T]) push(v T) {
	r.buf = append(r.buf, v)
	r.head.Add(1)
}

func (r *ring[T]) reset() uint64 {
	h := r.head.Load()
	r.head.Store(0) // want `r.head.Load followed by r.head.Store\(0\) loses concurrent updates; use r.head.Swap\(0\)`
	return h
}

// Not lost updates.

func (m *metrics) storeFirst() int64 {
	m.count.Store(0)
	return m.count.Load() // ok: Store before Load
}

func (m *metrics) loop() {
	for {
		m.count.Store(0) // ok: the Store starts the next cycle
		run()
		if m.count.Load() > 0 {
			return
		}
	}
}

func (m *metrics) swap() int64 {
	return m.count.Swap(0) // ok: one atomic operation
}

func (m *metrics) cas() bool {
	return m.state.CompareAndSwap(1, 2) // ok
}

func (m *metrics) other(o *metrics) int64 {
	n := m.count.Load()
	o.count.Store(0) // ok: a different variable
	return n
}

func (m *metrics) interleaved() int64 {
	n := m.count.Load()
	m.count.Add(1)
	m.count.Store(0) // ok: another operation in between
	return n
}

// A lock held from Load to Store serialises nothing while the other
// writers of m.count (flush, incr, ...) take none.
func (m *metrics) locked() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.count.Load()
	m.count.Store(0) // want `m.count.Load followed by m.count.Store\(0\) loses concurrent updates; use m.count.Swap\(0\); m.mu is held from the Load to the Store, but m.count.Store\(0\) at lost.go:27:2 writes without it`
	return n
}

func (m *metrics) setOnce(v int64) {
	if m.count.Load() != 0 {
		return
	}
	m.count.Store(v) // ok: a computed value that does not depend on the Load
}

func (m *metrics) single() int64 {
	n := m.count.Load()
	//cowlint:ignore atomicmix only the flusher goroutine writes count
	m.count.Store(0)
	return n
}

// A latch: every write stores true, so setting it twice loses nothing.
var unsupported atomic.Bool

func probe() error {
	if unsupported.Load() {
		return nil
	}
	unsupported.Store(true) // ok: a one-way flag
	return nil
}

// A misuse check: the author asserts nobody else writes here.
func (m *metrics) done(state int64) {
	if m.count.Load() != state {
		panic("misuse: concurrent Add")
	}
	m.count.Store(0) // ok: exclusive by protocol, checked above
}

// A local no other goroutine sees.
func private() int32 {
	var x struct{ i atomic.Int32 }
	k := x.i.Load()
	x.i.Store(k + 1) // ok: x never escapes
	var v atomic.Value
	_ = v.Load()
	v.Store(1) // ok: v never escapes, its methods do not leak it
	var mu sync.Mutex
	mu.Lock()
	y := v.Load()
	mu.Unlock()
	v.Store(2) // ok: likewise
	_ = y
	return x.i.Load()
}

// A flag others only set: clearing it after the check loses nothing that
// CompareAndSwap would keep.
type idle struct{ active int32 }

func (m *idle) callEnded() { atomic.StoreInt32(&m.active, 1) }

func (m *idle) timer() {
	if atomic.LoadInt32(&m.active) == 1 {
		atomic.StoreInt32(&m.active, 0) // ok: concurrent writers only store 1
	}
}

// A constructor hands its object to options, which may share it, before
// testing it: its name does not make it private.
type client struct{ lg atomic.Pointer[string] }

func NewClient(opts ...func(*client)) *client {
	c := &client{}
	for _, opt := range opts {
		opt(c)
	}
	if c.lg.Load() == nil {
		c.lg.Store(new(string)) // want `check-then-act: c.lg.Load tested then c.lg.Store\(new\(string\)\)`
	}
	return c
}

// Options of a named function type of the package (etcd's NewCtxClient):
// every function of that type the package makes only writes through its
// argument, so calling one keeps nothing of the fresh client (an option
// defined outside the package is out of sight, as CHA's implementations
// are).
type ctxClient struct{ lg atomic.Pointer[string] }

type Option func(*ctxClient)

func WithLogger(lg *string) Option {
	return func(c *ctxClient) { c.lg.Store(lg) }
}

func withDefaults(c *ctxClient) {}

var defaults Option = withDefaults

func NewCtxClient(opts ...Option) *ctxClient {
	c := &ctxClient{}
	for _, opt := range opts {
		opt(c)
	}
	if c.lg.Load() == nil {
		c.lg.Store(new(string)) // ok: the package's options keep nothing of c
	}
	return c
}

// One option of the type keeps its argument: any call may share it.
type sharedClient struct{ lg atomic.Pointer[string] }

type SharedOption func(*sharedClient)

var registry []*sharedClient

func WithRegistry() SharedOption {
	return func(c *sharedClient) { registry = append(registry, c) }
}

func WithName(lg *string) SharedOption {
	return func(c *sharedClient) { c.lg.Store(lg) }
}

func NewSharedClient(opts ...SharedOption) *sharedClient {
	c := &sharedClient{}
	for _, opt := range opts {
		opt(c)
	}
	if c.lg.Load() == nil {
		c.lg.Store(new(string)) // want `check-then-act: c.lg.Load tested then c.lg.Store\(new\(string\)\)`
	}
	return c
}

// An option type no function of the package makes: nothing is known.
type bareClient struct{ lg atomic.Pointer[string] }

type BareOption func(*bareClient)

func NewBareClient(opts ...BareOption) *bareClient {
	c := &bareClient{}
	for _, opt := range opts {
		opt(c)
	}
	if c.lg.Load() == nil {
		c.lg.Store(new(string)) // want `check-then-act: c.lg.Load tested then c.lg.Store\(new\(string\)\)`
	}
	return c
}
