// This file tests lost updates on elements of slices and arrays: two index
// expressions name the same element when they are written alike and no
// variable in them can change between the Load and the Store.
package lost

import "sync/atomic"

type shards struct {
	counts []atomic.Int64
	legacy [8]uint64
	flags  [4]atomic.Uint32
	cur    int
}

func (s *shards) mark(i int) { s.flags[i].Add(2) }

func (s *shards) inc(i int) {
	s.counts[i].Add(1)
	atomic.AddUint64(&s.legacy[i], 1)
}

func pick() int      { return 0 }
func next(i int) int { return i + 1 }
func bump(p *int)    { *p++ }

func (s *shards) drain(i int) int64 {
	n := s.counts[i].Load()
	s.counts[i].Store(0) // want `s.counts\[i\].Load followed by s.counts\[i\].Store\(0\) loses concurrent updates; use s.counts\[i\].Swap\(0\)`
	return n
}

func (s *shards) drainLegacy(i int) uint64 {
	n := atomic.LoadUint64(&s.legacy[i])
	atomic.StoreUint64(&s.legacy[i], 0) // want `atomic.LoadUint64\(&s.legacy\[i\]\) followed by atomic.StoreUint64\(&s.legacy\[i\], 0\) loses concurrent updates; use atomic.SwapUint64\(&s.legacy\[i\], 0\)`
	return n
}

// moveTo is the shape of Prometheus histograms' addAndResetCounts: the
// Load is an argument of another atomic call.
func (s *shards) moveTo(hot *shards) {
	for i := range s.legacy {
		atomic.AddUint64(&hot.legacy[i], atomic.LoadUint64(&s.legacy[i]))
		atomic.StoreUint64(&s.legacy[i], 0) // want `atomic.LoadUint64\(&s.legacy\[i\]\) followed by atomic.StoreUint64\(&s.legacy\[i\], 0\) loses concurrent updates`
	}
}

func (s *shards) drainAll() (sum int64) {
	for i := range s.counts {
		sum += s.counts[i].Load()
		s.counts[i].Store(0) // want `s.counts\[i\].Load followed by s.counts\[i\].Store\(0\)`
	}
	return sum
}

func (s *shards) drainFirst() int64 {
	n := s.counts[0].Load()
	s.counts[0].Store(0) // want `s.counts\[0\].Load followed by s.counts\[0\].Store\(0\)`
	return n
}

func (s *shards) drainNext(i int) int64 {
	n := s.counts[i+1].Load()
	s.counts[i+1].Store(0) // want `s.counts\[i\+1\].Load followed by s.counts\[i\+1\].Store\(0\)`
	return n
}

func (s *shards) incrElem(i int) {
	s.counts[i].Store(s.counts[i].Load() + 1) // want `s.counts\[i\].Store\(s.counts\[i\].Load\(\) \+ 1\) loses concurrent updates; use s.counts\[i\].Add\(1\)`
}

func (s *shards) readOnlyCapture(i int) {
	go func() {
		n := s.counts[i].Load()
		s.counts[i].Store(0) // want `s.counts\[i\].Load followed by s.counts\[i\].Store\(0\)`
		log(n)
	}()
}

func (s *shards) claim(i int) {
	if s.flags[i].Load() == 0 {
		s.flags[i].Store(1) // want `check-then-act: s.flags\[i\].Load tested then s.flags\[i\].Store\(1\) races with concurrent updates; use s.flags\[i\].CompareAndSwap\(0, 1\)`
	}
}

// Not the same element.

func (s *shards) moved(i int) int64 {
	n := s.counts[i].Load()
	i++
	s.counts[i].Store(0) // ok: i changed: another element
	return n
}

func (s *shards) otherIndex(i, j int) int64 {
	n := s.counts[i].Load()
	s.counts[j].Store(0) // ok: a different index
	return n
}

func (s *shards) calledIndex() int64 {
	n := s.counts[pick()].Load()
	s.counts[pick()].Store(0) // ok: the index is a call, which may differ
	return n
}

func (s *shards) assigned(i int) int64 {
	n := s.counts[i].Load()
	i = next(i)
	s.counts[i].Store(0) // ok: i changed
	return n
}

func (s *shards) addressTaken(i int) int64 {
	p := &i
	n := s.counts[i].Load()
	bump(p)
	s.counts[i].Store(0) // ok: i may change through p
	return n
}

func (s *shards) writtenByClosure(i int) int64 {
	step := func() { i++ }
	n := s.counts[i].Load()
	step()
	s.counts[i].Store(0) // ok: i may change in step
	return n
}

func (s *shards) fieldIndex() int64 {
	n := s.counts[s.cur].Load()
	s.counts[s.cur].Store(0) // ok: s.cur is shared memory, which may change
	return n
}

func (s *shards) nextIteration() (n int64) {
	for i := 0; i < len(s.counts); i++ {
		if i%2 == 0 {
			n += s.counts[i].Load()
			continue
		}
		s.counts[i].Store(0) // ok: reached from the Load only after i++
	}
	return n
}

func (s *shards) nextRangeIteration() (n int64) {
	for i := range s.counts {
		if i%2 == 0 {
			n += s.counts[i].Load()
			continue
		}
		s.counts[i].Store(0) // ok: reached from the Load only with the next i
	}
	return n
}

func (s *shards) reassignedInLoad(i int) int64 {
	var n int64
	n, i = s.counts[i].Load(), i+1
	s.counts[i].Store(0) // ok: i changed in the Load's own statement
	return n
}
