// Package pointers: the variable behind a conversion or a local pointer.
package pointers

import (
	"sync/atomic"
	"unsafe"
)

type flagset int32

type conn struct {
	flags flagset
	n     int64
	m     int64
	other int64
	hits  atomic.Int64
	bits  float64
}

// A named integer type reached through a conversion of its address.
func (c *conn) set(bit flagset, on bool) {
	w := atomic.LoadInt32((*int32)(&c.flags))
	if on {
		w |= int32(bit)
	} else {
		w &^= int32(bit)
	}
	atomic.StoreInt32((*int32)(&c.flags), w) // want `atomic.LoadInt32\(\(\*int32\)\(&c.flags\)\) followed by atomic.StoreInt32\(\(\*int32\)\(&c.flags\), w\) loses concurrent updates: w is computed from the loaded value`
}

// Beside those atomics, a plain write of the field is a race; no fix is
// offered for a named type (the call would need conversions).
func (c *conn) setPlain(bit flagset) {
	c.flags |= bit // want `plain write of conn.flags, which is accessed atomically \(atomic.LoadInt32 at pointers.go:\d+:\d+\): a data race; make it an atomic.Int32 so that every access is atomic`
}

// A float reached through unsafe.Pointer.
func (c *conn) addBits(d float64) {
	for {
		old := atomic.LoadUint64((*uint64)(unsafe.Pointer(&c.bits)))
		if atomic.CompareAndSwapUint64((*uint64)(unsafe.Pointer(&c.bits)), old, old+uint64(d)) {
			return
		}
	}
}

func (c *conn) bitsPlain() float64 {
	return c.bits // want `plain read of conn.bits, which is accessed atomically .*: a data race; make every access atomic`
}

// A local pointer taken from the field.
func (c *conn) drain() int64 {
	p := &c.n
	n := atomic.LoadInt64(p)
	atomic.StoreInt64(p, 0) // want `atomic.LoadInt64\(p\) followed by atomic.StoreInt64\(p, 0\) loses concurrent updates; use atomic.SwapInt64\(p, 0\)`
	return n
}

// A method returning a pointer into its receiver.
func (c *conn) counter() *int64 { return &c.m }

func (c *conn) reset() int64 {
	p := c.counter()
	n := atomic.LoadInt64(p)
	atomic.StoreInt64(p, 0) // want `atomic.LoadInt64\(p\) followed by atomic.StoreInt64\(p, 0\) loses concurrent updates; use atomic.SwapInt64\(p, 0\)`
	return n
}

func (c *conn) mPlain() {
	c.m++ // want `plain write of conn.m, which is accessed atomically`
}

// A typed atomic through a local pointer.
func (c *conn) hitsReset() int64 {
	h := &c.hits
	v := h.Load()
	h.Store(0) // want `h.Load followed by h.Store\(0\) loses concurrent updates; use h.Swap\(0\)`
	return v
}

// A method returning its receiver, of a named integer type, converted.
type count int64

func (c *count) ptr() *int64 { return (*int64)(c) }

type stats struct{ sent count }

func (s *stats) flush() int64 {
	p := s.sent.ptr()
	n := atomic.LoadInt64(p)
	atomic.StoreInt64(p, 0) // want `use atomic.SwapInt64\(p, 0\)`
	return n
}

// The updates the resets above would lose.
func (c *conn) inc(s *stats) {
	atomic.AddInt64(&c.n, 1)
	atomic.AddInt64(c.counter(), 1)
	c.hits.Add(1)
	atomic.AddInt64(s.sent.ptr(), 1)
}

// Silent: the pointer is reassigned, comes from a parameter, or from a
// method that is not a plain accessor; different fields.

func (c *conn) moved(o *conn) int64 {
	p := &c.n
	n := atomic.LoadInt64(p)
	p = &o.n
	atomic.StoreInt64(p, 0) // ok: another variable
	return n
}

func param(p *int64) int64 {
	n := atomic.LoadInt64(p)
	atomic.StoreInt64(p, 0) // ok: nothing names *p
	return n
}

func (c *conn) pick(first bool) *int64 {
	if first {
		return &c.n
	}
	return &c.other
}

func (c *conn) picked() int64 {
	p := c.pick(true)
	n := atomic.LoadInt64(p)
	atomic.StoreInt64(p, 0) // ok: not an accessor
	return n
}

func (c *conn) twoFields() int64 {
	p, q := &c.n, &c.other
	n := atomic.LoadInt64(p)
	atomic.StoreInt64(q, 0) // ok: another field
	return n
}

// A pointer to the first word of a larger value is another variable.
type pair struct{ lo, hi int32 }

type wide struct {
	p pair
}

func (w *wide) first() int64 {
	return atomic.LoadInt64((*int64)(unsafe.Pointer(&w.p)))
}

func (w *wide) lo() int32 { return w.p.lo } // ok
