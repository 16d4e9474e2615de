package lost

import "sync/atomic"

// Load-then-Store sequences round a loop: a Store reached from a Load
// only across the loop's back edge pairs with it when it stores a value
// computed from what the Load read; a Store of a value of its own at the
// top of the next iteration starts the next cycle.

type loops struct{ count atomic.Int64 }

func process(int64) {}

func (m *loops) derivedRound() {
	var v int64
	for {
		if v > 0 {
			m.count.Store(v + 1) // want `m.count.Load followed by m.count.Store\(v \+ 1\) loses concurrent updates; use an atomic Add or a CompareAndSwap loop`
		}
		v = m.count.Load()
		run()
	}
}

func (m *loops) derivedLocalRound() {
	var v int64
	for i := 0; i < 10; i++ {
		w := v * 2
		m.count.Store(w) // want `m.count.Load followed by m.count.Store\(w\) loses concurrent updates: w is computed from the loaded value; use a CompareAndSwap loop`
		v = m.count.Load()
		process(v)
	}
}

func (m *loops) resetRound() {
	var n int64
	for {
		m.count.Add(-n) // want `m.count.Load followed by m.count.Add\(-n\) loses concurrent updates \(two such resets subtract the same count twice\); use n := m.count.Swap\(0\)`
		run()
		n = m.count.Load()
		process(n)
	}
}

// Not lost updates.

func (m *loops) independentRound() {
	for {
		m.count.Store(1) // ok: a value of its own starts the next cycle
		run()
		v := m.count.Load()
		process(v)
	}
}

func (m *loops) resetAtTop() {
	var n int64
	for {
		m.count.Store(0) // ok: the reset starts the next cycle; n is not stored
		run()
		n = m.count.Load()
		process(n)
	}
}

func (m *loops) storeThenLoad(k int64) {
	for i := 0; i < 10; i++ {
		m.count.Store(k) // ok: Store then Load in one iteration, k not from a Load
		v := m.count.Load()
		process(v)
	}
}

func (m *loops) loadedFresh() {
	for {
		v := m.count.Load()
		process(v)
		m.count.Store(v + 1) // want `m.count.Load followed by m.count.Store\(v \+ 1\) loses concurrent updates; use an atomic Add or a CompareAndSwap loop`
	}
}
