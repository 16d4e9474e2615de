package checks

// Check-then-add, one-way flags guarding an action that must not run
// twice, resets that subtract what they read, and assertions.

import (
	"context"
	"io"
	"log"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type limiter struct {
	n    atomic.Int64
	max  int64
	refs int32
	u    uint64
}

func work() {}

func (r *limiter) acquire() bool {
	if r.n.Load() >= r.max {
		return false
	}
	r.n.Add(1) // want `check-then-add: r.n.Load tested then r.n.Add\(1\) lets concurrent callers past the check; act first and check the result of the Add \(undoing it when over\), or use a CompareAndSwap loop`
	return true
}

func (r *limiter) acquireInBody() {
	if r.n.Load() < r.max && r.max > 0 {
		r.n.Add(1) // want `check-then-add: r.n.Load tested then r.n.Add\(1\)`
		work()
	}
}

func (r *limiter) release() {
	if atomic.LoadInt32(&r.refs) > 0 {
		atomic.AddInt32(&r.refs, -1) // want `check-then-add: atomic.LoadInt32\(&r.refs\) tested then atomic.AddInt32\(&r.refs, -1\)`
	}
}

func (r *limiter) loop() {
	for {
		if r.n.Load() >= r.max {
			continue
		}
		r.n.Add(1) // want `check-then-add`
		break
	}
}

// The correct forms: act first and check the result, or a CAS loop.
func (r *limiter) acquireFixed() bool {
	if r.n.Add(1) > r.max { // ok
		r.n.Add(-1)
		return false
	}
	return true
}

func (r *limiter) acquireCAS() bool {
	for {
		n := r.n.Load()
		if n >= r.max {
			return false
		}
		if r.n.CompareAndSwap(n, n+1) { // ok
			return true
		}
	}
}

// A check that does not guard the Add: the Add runs either way.
func (r *limiter) logged() {
	if r.n.Load() > 1000 {
		work()
	}
	r.n.Add(1) // ok
}

// Arithmetic on the Load is not a bound check.
func (r *limiter) sampled() {
	if r.n.Load()%100 == 0 {
		return
	}
	r.n.Add(1) // ok
}

// A stop test, not a bound: the Add counts an outcome observed after the
// check (under a condition of its own), not every caller the check lets
// through, so the count only has to reach need and overshooting it is
// harmless (runtime's metrics_test: stop once contention was seen).
func (r *limiter) untilSeen(need int64, contended func() bool) bool {
	if r.n.Load() >= need {
		return false
	}
	work()
	if contended() {
		r.n.Add(1) // ok: counts contention seen, not admissions
	}
	return true
}

func (r *limiter) untilSeenSwitch(need int64, k int) bool {
	if r.n.Load() >= need {
		return false
	}
	switch k {
	case 1:
		r.n.Add(1) // ok
	}
	for range k {
		r.n.Add(1) // ok: a loop body may not run
	}
	return true
}

func (r *limiter) untilSeenShort(need int64, seen func() bool) {
	if r.n.Load() < need {
		_ = seen() && r.n.Add(1) > 0 // ok: the Add runs only when seen
	}
}

// The Add counts every caller that passes, whatever else may end the
// call early: a bound.
func (r *limiter) acquireAfterExits(ok func() bool) error {
	if r.n.Load() >= r.max {
		return nil
	}
	if !ok() {
		return nil
	}
	work()
	r.n.Add(1) // want `check-then-add: r.n.Load tested then r.n.Add\(1\)`
	return nil
}

func (r *limiter) acquireNested() {
	if r.n.Load() < r.max {
		{
			r.n.Add(1) // want `check-then-add`
		}
	}
}

// Under one lock, checkers are serialised.
type lockedLimiter struct {
	mu  sync.Mutex
	n   atomic.Int64
	max int64
}

func (r *lockedLimiter) acquire() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n.Load() >= r.max {
		return false
	}
	r.n.Add(1) // ok: every checker holds r.mu
	return true
}

// Reset by subtracting what was read.

func (r *limiter) drain() int64 {
	n := r.n.Load()
	r.n.Add(-n) // want `r.n.Load followed by r.n.Add\(-n\) loses concurrent updates \(two such resets subtract the same count twice\); use n := r.n.Swap\(0\)`
	return n
}

func (r *limiter) drainLegacy() uint64 {
	n := atomic.LoadUint64(&r.u)
	atomic.AddUint64(&r.u, ^(n - 1)) // want `use n := atomic.SwapUint64\(&r.u, 0\)`
	return n
}

func (r *limiter) drainRefs() int32 {
	n := atomic.LoadInt32(&r.refs)
	work()
	if n > 0 {
		atomic.AddInt32(&r.refs, -n) // want `use n := atomic.SwapInt32\(&r.refs, 0\)`
	}
	return n
}

// Subtracting something else is an ordinary Add.
func (r *limiter) consume(k int64) int64 {
	n := r.n.Load()
	r.n.Add(-k) // ok
	return n
}

// One-way flags guarding an action that must not run twice.

type conn struct {
	closed   atomic.Bool
	stopped  atomic.Bool
	canceled atomic.Bool
	done     atomic.Bool
	shut     atomic.Bool
	cshut    atomic.Bool
	logged   atomic.Bool
	ch       chan int
	cancel   context.CancelFunc
	t        *time.Timer
	c        io.Closer
	wg       sync.WaitGroup
	pending  atomic.Int64
}

func (c *conn) Close() {
	if !c.closed.Load() {
		c.closed.Store(true) // want `check-then-act: c.closed.Load tested then c.closed.Store\(true\) lets two callers both pass and run close\(c.ch\) twice; use c.closed.CompareAndSwap\(false, true\)`
		close(c.ch)
	}
}

func (c *conn) Stop() {
	if !c.stopped.Load() {
		c.stopped.Store(true) // want `run c.t.Stop\(\) twice; use c.stopped.CompareAndSwap\(false, true\)`
		c.t.Stop()
	}
}

func (c *conn) Cancel() {
	if c.canceled.Load() == false {
		c.canceled.Store(true) // want `run c.cancel\(\) twice`
		c.cancel()
	}
}

func (c *conn) Finish() {
	if !c.done.Load() {
		work()
		c.done.Store(true) // want `run c.wg.Done\(\) twice`
		c.wg.Done()
	}
}

func (c *conn) Shutdown() error {
	if !c.shut.Load() {
		c.shut.Store(true) // want `run c.pending.Add\(-1\) twice`
		c.pending.Add(-1)
		return c.c.Close()
	}
	return nil
}

func (c *conn) CloseUnderlying() error {
	if !c.cshut.Load() {
		c.cshut.Store(true) // want `run c.c.Close\(\) twice`
		return c.c.Close()
	}
	return nil
}

// Idempotent bodies: setting the flag twice loses nothing.
func (c *conn) LogOnce() {
	if !c.logged.Load() {
		c.logged.Store(true) // ok: logging twice is harmless
		log.Print("first use")
	}
}

// Assertions: a Load that only feeds a misuse check loses nothing.

type counter struct{ n atomic.Int64 }

func checkPhases(t *testing.T, c *counter, stop func()) {
	if c.n.Load() < 1 {
		t.Fatalf("no messages consumed")
	}
	stop()
	c.n.Store(0) // ok: the Load only asserts

	if n := c.n.Load(); n < 1 {
		t.Errorf("got %d messages", n)
	}
	stop()
	c.n.Store(0) // ok
}

func checkLog(c *counter) {
	if c.n.Load() != 0 {
		log.Fatalf("busy")
	}
	c.n.Store(5) // ok
}

// A check whose body does not report a failure is not an assertion.
func notAssertion(c *counter) {
	if n := c.n.Load(); n > 10 {
		work()
	}
	c.n.Store(0) // want `c.n.Load followed by c.n.Store\(0\) loses concurrent updates; use c.n.Swap\(0\)`
}

// A soft quota: one caller alone may overdraw it (sz is not tested), so
// the check is no bound the code relies on (grpc's writeQuota.get).
type quota struct{ q int32 }

func (w *quota) get(sz int32) bool {
	if atomic.LoadInt32(&w.q) > 0 {
		atomic.AddInt32(&w.q, -sz) // ok: overdraft is designed in
		return true
	}
	return false
}

// The amount is part of the check: a bound.
func (r *limiter) reserve(k int64) bool {
	if r.n.Load()+k > r.max {
		return false
	}
	r.n.Add(k) // want `check-then-add: r.n.Load tested then r.n.Add\(k\)`
	return true
}
