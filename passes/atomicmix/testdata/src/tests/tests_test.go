// This file tests the rules for test code: sequential tests, joins by
// RunParallel and t.Run, and callbacks the code under test calls.
package tests

import (
	"sync"
	"sync/atomic"
	"testing"
)

var sink uint64

func BenchmarkParallel(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		var t uint64
		for pb.Next() {
			t++
		}
		atomic.AddUint64(&sink, t)
	})
}

func BenchmarkSequential(b *testing.B) {
	sink = 0 // ok: a sequential benchmark runs alone
}

func TestParallelGlobal(t *testing.T) {
	t.Parallel()
	sink = 1 // want `plain write of sink`
}

func helper() {
	sink = 2 // want `plain write of sink`
}

func TestRunParallelJoin(t *testing.T) {
	testing.Benchmark(func(b *testing.B) {
		var procs uint32
		b.RunParallel(func(pb *testing.PB) {
			atomic.AddUint32(&procs, 1)
			for pb.Next() {
			}
		})
		if procs == 0 { // ok: RunParallel returns when its goroutines are done
			t.Error("no procs")
		}
	})
}

func TestSubtestJoin(t *testing.T) {
	var count uint32
	t.Run("group", func(t *testing.T) {
		for range 4 {
			t.Run("par", func(t *testing.T) {
				t.Parallel()
				atomic.AddUint32(&count, 1)
			})
		}
	})
	if count != 4 { // ok: t.Run waits for the group's parallel subtests
		t.Error(count)
	}
}

func TestSubtestNoJoin(t *testing.T) {
	var count uint32
	t.Run("par", func(t *testing.T) {
		t.Parallel()
		atomic.AddUint32(&count, 1)
	})
	if count != 1 { // want `plain read of count`
		t.Error(count) // want `plain read of count`
	}
}

type server struct{ handler func() }

func (s *server) do() { s.handler() }

func TestCallback(t *testing.T) {
	var calls int32
	s := &server{handler: func() { atomic.AddInt32(&calls, 1) }}
	calls = 0 // ok: the callback runs inside calls the test makes
	s.do()
	if calls != 1 { // ok: likewise
		t.Error(calls)
	}
}

func TestGoroutine(t *testing.T) {
	var calls int32
	go func() { atomic.AddInt32(&calls, 1) }()
	if calls != 1 { // want `plain read of calls`
		t.Error(calls) // want `plain read of calls`
	}
}

func BenchmarkCallback(b *testing.B) {
	var t uint64
	for range b.N {
		func() { t++ }()
	}
	sink = t // ok: a callback is not a goroutine
}

type counter struct{ val uint64 }

func newCounter() *counter { return &counter{} }

func (c *counter) inc() { atomic.AddUint64(&c.val, 1) }

func TestSequential(t *testing.T) {
	c := newCounter()
	c.inc()
	if c.val != 1 { // ok: a sequential test
		t.Error(c.val) // ok
	}
	t.Run("sub", func(t *testing.T) {
		c.inc()
		if c.val != 2 { // ok: a sequential subtest
			t.Error(c.val) // ok
		}
	})
}

func TestReceive(t *testing.T) {
	c := newCounter()
	done := make(chan bool)
	go func() {
		c.inc()
		done <- true
	}()
	<-done
	if c.val != 1 { // ok: the goroutine reported back
		t.Error(c.val) // ok
	}
}

func TestQuick(t *testing.T) {
	check := func(n int) bool {
		c := newCounter()
		result := make(chan uint64)
		go func() {
			for range n {
				c.inc()
			}
			result <- 0
		}()
		<-result
		return c.val == uint64(n) // ok: the goroutine reported back
	}
	if !check(3) {
		t.Error("check failed")
	}
}

// subtests is a test framework's subtest runner in the shape of
// testing.T.Run (quicktest's C.Run): f starts goroutines and joins them
// before it returns, so when Run returns they are done, as with a
// callback the test waits for.
type subtests struct{ testing.TB }

func (c *subtests) Run(name string, f func(c *subtests)) bool { f(c); return true }

func TestFrameworkSubtestJoin(t *testing.T) {
	var x int32
	c := &subtests{t}
	c.Run("sub", func(c *subtests) {
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				atomic.AddInt32(&x, 1)
			}()
		}
		wg.Wait()
	})
	if x != 2 { // ok: the function passed to Run joined its goroutines
		t.Error(x) // ok
	}
}

func TestFrameworkSubtestNoJoin(t *testing.T) {
	var x int32
	c := &subtests{t}
	c.Run("sub", func(c *subtests) {
		var wg sync.WaitGroup
		wg.Wait() // before the goroutine: joins nothing
		go func() {
			atomic.AddInt32(&x, 1)
		}()
	})
	if x != 1 { // want `plain read of x`
		t.Error(x) // want `plain read of x`
	}
}

// quicktest's own race test: the goroutines are started by a local helper
// closure that the subtest function calls before its wg.Wait().
func TestFrameworkHelperJoin(t *testing.T) {
	var x int32
	c := &subtests{t}
	c.Run("sub", func(c *subtests) {
		var wg sync.WaitGroup
		start := func(f func()) {
			repeat := func() {
				defer wg.Done()
				f()
			}
			wg.Add(2)
			go repeat()
			go repeat()
		}
		start(func() { atomic.AddInt32(&x, 1) })
		wg.Wait()
	})
	if x != 2 { // ok: the helper's goroutines are joined by the wait after its last call
		t.Error(x) // ok
	}
}

func TestFrameworkHelperLate(t *testing.T) {
	var x int32
	c := &subtests{t}
	c.Run("sub", func(c *subtests) {
		var wg sync.WaitGroup
		start := func(f func()) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f()
			}()
		}
		start(func() { atomic.AddInt32(&x, 1) })
		wg.Wait()
		start(func() { atomic.AddInt32(&x, 1) }) // after the wait: nothing joins it
	})
	if x != 2 { // want `plain read of x`
		t.Error(x) // want `plain read of x`
	}
}

// The helper is called twice: the first call's path returns without the
// wait, so its goroutine is not joined, though the last call is.
func TestFrameworkHelperEarlyReturn(t *testing.T) {
	var x int32
	c := &subtests{t}
	c.Run("sub", func(c *subtests) {
		var wg sync.WaitGroup
		start := func() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				atomic.AddInt32(&x, 1)
			}()
		}
		if len(c.Name()) > 3 {
			start()
			return // not joined on this path
		}
		start()
		wg.Wait()
	})
	if x != 1 { // want `plain read of x`
		t.Error(x) // want `plain read of x`
	}
}

// Every call of the helper is followed by the wait: joined.
func TestFrameworkHelperEveryCall(t *testing.T) {
	var x int32
	c := &subtests{t}
	c.Run("sub", func(c *subtests) {
		var wg sync.WaitGroup
		start := func() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				atomic.AddInt32(&x, 1)
			}()
		}
		if len(c.Name()) > 3 {
			start()
			wg.Wait()
			return
		}
		start()
		start()
		wg.Wait()
	})
	if x != 1 { // ok: every call's goroutines are joined
		t.Error(x) // ok
	}
}

func TestReset(t *testing.T) {
	el := NewEventLog()
	el.(*eventLog).reset()
	s := &span{}
	s.reset()
}

func TestResetParallel(t *testing.T) {
	t.Parallel()
	s := spans[0]
	s.reset()
}

var spans = []*span{{}}

// Examples run one at a time, like sequential tests (logrus'
// Example_basic: log := logrus.New(); log.Level = logrus.TraceLevel).
func ExampleSequential() {
	c := newCounter()
	c.inc()
	c.val = 5 // ok: an example runs alone and started no goroutine
}

func ExampleGoroutine() {
	c := newCounter()
	go c.inc()
	c.val = 5 // want `plain write of counter.val`
}
