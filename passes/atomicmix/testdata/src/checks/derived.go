package checks

import "sync/atomic"

// New values computed from the loaded one in locals.

type flagged struct {
	flags int32
	mask  atomic.Uint32
	n     atomic.Int64
}

func (c *flagged) set(bit int32, on bool) {
	w := atomic.LoadInt32(&c.flags)
	if on {
		w |= bit
	} else {
		w &^= bit
	}
	atomic.StoreInt32(&c.flags, w) // want `atomic.LoadInt32\(&c.flags\) followed by atomic.StoreInt32\(&c.flags, w\) loses concurrent updates: w is computed from the loaded value; use a CompareAndSwap loop`
}

func (c *flagged) setTyped(bit uint32) {
	m := c.mask.Load()
	next := m | bit
	c.mask.Store(next) // want `c.mask.Load followed by c.mask.Store\(next\) loses concurrent updates: next is computed from the loaded value`
}

func (c *flagged) double() {
	v := c.n.Load()
	d := v
	d = d * 2
	c.n.Store(d) // want `d is computed from the loaded value`
}

func (c *flagged) bump() {
	v := c.n.Load()
	v++
	c.n.Store(v) // want `v is computed from the loaded value`
}

func scale(x int64) int64 { return x * 3 }

func (c *flagged) scaled() {
	v := c.n.Load()
	w := scale(v)
	c.n.Store(w) // want `w is computed from the loaded value`
}

// Silent: the Store does not depend on the Load.

func reload() int64 { return 7 }

func (c *flagged) fullReload() {
	v := c.n.Load()
	w := v
	w = reload()
	c.n.Store(w) // ok: w is reassigned from elsewhere
	_ = v
}

func (c *flagged) restore() {
	v := c.n.Load()
	c.n.Store(v) // ok: the loaded value unchanged (nothing computed)
}

func (c *flagged) viaPointer(bit int32) {
	w := atomic.LoadInt32(&c.flags)
	p := &w
	*p |= bit
	atomic.StoreInt32(&c.flags, w) // ok: w's address is taken (not followed)
}

func (c *flagged) casLoop(bit int32) {
	for {
		w := atomic.LoadInt32(&c.flags)
		if atomic.CompareAndSwapInt32(&c.flags, w, w|bit) { // ok
			return
		}
	}
}

// The CompareAndSwap loop is offered only where a retry repeats the same
// computation: not when a local declared before the Load is changed, nor
// when a local of the region is used after the Store.
func (c *flagged) counted(bit int32) int {
	n := 0
	w := atomic.LoadInt32(&c.flags)
	n++
	w |= bit
	atomic.StoreInt32(&c.flags, w) // want `w is computed from the loaded value`
	return n
}

func (c *flagged) usedAfter(bit int32) int32 {
	w := atomic.LoadInt32(&c.flags)
	w |= bit
	atomic.StoreInt32(&c.flags, w) // want `w is computed from the loaded value`
	return w
}

// The loaded value's name is taken: the loop names it otherwise.
func (c *flagged) shadow(old, bit int32) {
	w := atomic.LoadInt32(&c.flags)
	w |= bit | old
	atomic.StoreInt32(&c.flags, w) // want `w is computed from the loaded value`
}

// Resets that subtract what they read, on elements.
type buckets struct {
	counts [8]int64
	typed  []atomic.Uint64
}

func (b *buckets) drain(i int) int64 {
	n := atomic.LoadInt64(&b.counts[i])
	atomic.AddInt64(&b.counts[i], -n) // want `atomic.LoadInt64\(&b.counts\[i\]\) followed by atomic.AddInt64\(&b.counts\[i\], -n\) loses concurrent updates \(two such resets subtract the same count twice\); use n := atomic.SwapInt64\(&b.counts\[i\], 0\)`
	return n
}

func (b *buckets) drainTyped(i int) uint64 {
	n := b.typed[i].Load()
	b.typed[i].Add(^(n - 1)) // want `use n := b.typed\[i\].Swap\(0\)`
	return n
}

// Another element in between: nothing is lost.
func (b *buckets) move(i int) int64 {
	n := atomic.LoadInt64(&b.counts[i])
	i++
	atomic.AddInt64(&b.counts[i], -n) // ok: another element
	return n
}
