package checks

import (
	"math"
	"sync"
	"sync/atomic"
)

// An Add that undoes the function's own earlier successful write of the
// variable (a CompareAndSwap it checked, an Add it made) gives back what
// this caller took: Adds commute, so the undo is exact whatever other
// goroutines did in between, and the Load it follows asks whether someone
// else came in, not whether a bound lets this caller through (grpc's
// internal/idle: CompareAndSwap(0, -MaxInt32), then, under the lock,
// if Load() != -MaxInt32 { Add(MaxInt32) }).

type idler struct {
	mu     sync.Mutex
	calls  int32
	active int32
	n      atomic.Int64
	u      uint32
	max    int64
}

func (m *idler) tryEnterIdle() bool {
	if !atomic.CompareAndSwapInt32(&m.calls, 0, -math.MaxInt32) {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if atomic.LoadInt32(&m.calls) != -math.MaxInt32 {
		atomic.AddInt32(&m.calls, math.MaxInt32) // ok: undoes this caller's own CompareAndSwap
		return false
	}
	return true
}

func (m *idler) onCall() {
	if atomic.AddInt32(&m.calls, 1) > 0 {
		return
	}
	m.mu.Lock()
	atomic.AddInt32(&m.calls, math.MaxInt32)
	m.mu.Unlock()
}

const closing = 1 << 40

func (m *idler) tryCloseTyped() bool {
	if m.n.CompareAndSwap(0, -closing) {
		if m.n.Load() != -closing {
			m.n.Add(closing) // ok: undoes the CompareAndSwap of the enclosing if
			return false
		}
		return true
	}
	return false
}

// Act first, then check with a separate Load: the Add undone is this
// caller's own.
func (m *idler) admit() bool {
	m.n.Add(1)
	if m.n.Load() > m.max {
		m.n.Add(-1) // ok: undoes this caller's own Add(1)
		return false
	}
	return true
}

// The unsigned spelling of -1.
func (m *idler) admitUnsigned(max uint32) bool {
	atomic.AddUint32(&m.u, 1)
	if atomic.LoadUint32(&m.u) > max {
		atomic.AddUint32(&m.u, ^uint32(0)) // ok: undoes this caller's own AddUint32(&m.u, 1)
		return false
	}
	return true
}

// The CompareAndSwap may have failed: the Add takes back what this caller
// never gave.
func (m *idler) tryEnterUnchecked() bool {
	atomic.CompareAndSwapInt32(&m.active, 0, -math.MaxInt32)
	if atomic.LoadInt32(&m.active) != -math.MaxInt32 {
		atomic.AddInt32(&m.active, math.MaxInt32) // want `check-then-add: atomic.LoadInt32\(&m.active\) tested then atomic.AddInt32\(&m.active, math.MaxInt32\)`
		return false
	}
	return true
}

// Not the amount the CompareAndSwap took.
func (m *idler) tryEnterOther() bool {
	if !m.n.CompareAndSwap(0, -closing) {
		return false
	}
	if m.n.Load() != -closing {
		m.n.Add(1) // want `check-then-add: m.n.Load tested then m.n.Add\(1\)`
		return false
	}
	return true
}

// The undo runs once per iteration, the Add it would undo once.
func (m *idler) admitLoop(k int) {
	m.n.Add(1)
	for range k {
		if m.n.Load() > m.max {
			m.n.Add(-1) // want `check-then-add: m.n.Load tested then m.n.Add\(-1\)`
		}
	}
}

// Another write comes between the Add and the undo: the nearest earlier
// write is not the one undone.
func (m *idler) admitTwice() bool {
	m.n.Add(1)
	m.n.Store(5)
	if m.n.Load() > m.max {
		m.n.Add(-1) // want `check-then-add: m.n.Load tested then m.n.Add\(-1\)`
		return false
	}
	return true
}

// In generic code.
type gate[T any] struct {
	n   atomic.Int32
	val T
}

func (g *gate[T]) enter(max int32) bool {
	g.n.Add(1)
	if g.n.Load() > max {
		g.n.Add(-1) // ok: undoes this caller's own Add(1)
		return false
	}
	return true
}

func (g *gate[T]) enterChecked(max int32) bool {
	if g.n.Load() >= max {
		return false
	}
	g.n.Add(1) // want `check-then-add: g.n.Load tested then g.n.Add\(1\)`
	return true
}

// In a case clause: the statements before the undo in the clause count.
func (m *idler) admitCase(k int) bool {
	switch k {
	case 1:
		m.n.Add(1)
		if m.n.Load() > m.max {
			m.n.Add(-1) // ok: undoes this caller's own Add(1)
			return false
		}
	case 2:
		m.n.Add(1)
		m.n.Store(3)
		if m.n.Load() > m.max {
			m.n.Add(-1) // want `check-then-add: m.n.Load tested then m.n.Add\(-1\)`
			return false
		}
	}
	return true
}

// The undo is in a function literal run elsewhere.
func (m *idler) admitLater() func() {
	m.n.Add(1)
	return func() {
		if m.n.Load() > m.max {
			m.n.Add(-1) // want `check-then-add: m.n.Load tested then m.n.Add\(-1\)`
		}
	}
}

// In a select: the clause's statements, then those before the select.
func (m *idler) admitSelect(ch chan int64) bool {
	m.n.Add(1)
	select {
	case v := <-ch:
		if m.n.Load() > v {
			m.n.Add(-1) // ok: undoes this caller's own Add(1)
			return false
		}
	default:
	}
	return true
}
