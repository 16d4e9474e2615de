// Package ops exercises every sync/atomic function and method form that
// internal/atomicop must recognise: legacy functions of every type, typed
// atomics' methods directly, through embedding, through pointers and in
// generic code, and calls that merely look similar.
package ops

import (
	"sync/atomic"
	"unsafe"
)

type S struct {
	i32 int32
	i64 int64
	u32 uint32
	u64 uint64
	up  uintptr
	ptr unsafe.Pointer
}

var global int64

// legacy calls every legacy function on a field of S.
func legacy(s *S, v unsafe.Pointer) {
	atomic.LoadInt32(&s.i32)                   // want "Load legacy Int32 field ops.S.i32"
	atomic.StoreInt32(&s.i32, 1)               // want "Store legacy Int32 field ops.S.i32"
	atomic.SwapInt32(&s.i32, 1)                // want "Swap legacy Int32 field ops.S.i32"
	atomic.CompareAndSwapInt32(&s.i32, 0, 1)   // want "CompareAndSwap legacy Int32 field ops.S.i32"
	atomic.AddInt32(&s.i32, 1)                 // want "Add legacy Int32 field ops.S.i32"
	atomic.AndInt32(&s.i32, 1)                 // want "And legacy Int32 field ops.S.i32"
	atomic.OrInt32(&s.i32, 1)                  // want "Or legacy Int32 field ops.S.i32"
	atomic.LoadInt64(&s.i64)                   // want "Load legacy Int64 field ops.S.i64"
	atomic.StoreInt64(&s.i64, 1)               // want "Store legacy Int64 field ops.S.i64"
	atomic.SwapInt64(&s.i64, 1)                // want "Swap legacy Int64 field ops.S.i64"
	atomic.CompareAndSwapInt64(&s.i64, 0, 1)   // want "CompareAndSwap legacy Int64 field ops.S.i64"
	atomic.AddInt64(&s.i64, 1)                 // want "Add legacy Int64 field ops.S.i64"
	atomic.AndInt64(&s.i64, 1)                 // want "And legacy Int64 field ops.S.i64"
	atomic.OrInt64(&s.i64, 1)                  // want "Or legacy Int64 field ops.S.i64"
	atomic.LoadUint32(&s.u32)                  // want "Load legacy Uint32 field ops.S.u32"
	atomic.StoreUint32(&s.u32, 1)              // want "Store legacy Uint32 field ops.S.u32"
	atomic.SwapUint32(&s.u32, 1)               // want "Swap legacy Uint32 field ops.S.u32"
	atomic.CompareAndSwapUint32(&s.u32, 0, 1)  // want "CompareAndSwap legacy Uint32 field ops.S.u32"
	atomic.AddUint32(&s.u32, 1)                // want "Add legacy Uint32 field ops.S.u32"
	atomic.AndUint32(&s.u32, 1)                // want "And legacy Uint32 field ops.S.u32"
	atomic.OrUint32(&s.u32, 1)                 // want "Or legacy Uint32 field ops.S.u32"
	atomic.LoadUint64(&s.u64)                  // want "Load legacy Uint64 field ops.S.u64"
	atomic.StoreUint64(&s.u64, 1)              // want "Store legacy Uint64 field ops.S.u64"
	atomic.SwapUint64(&s.u64, 1)               // want "Swap legacy Uint64 field ops.S.u64"
	atomic.CompareAndSwapUint64(&s.u64, 0, 1)  // want "CompareAndSwap legacy Uint64 field ops.S.u64"
	atomic.AddUint64(&s.u64, 1)                // want "Add legacy Uint64 field ops.S.u64"
	atomic.AndUint64(&s.u64, 1)                // want "And legacy Uint64 field ops.S.u64"
	atomic.OrUint64(&s.u64, 1)                 // want "Or legacy Uint64 field ops.S.u64"
	atomic.LoadUintptr(&s.up)                  // want "Load legacy Uintptr field ops.S.up"
	atomic.StoreUintptr(&s.up, 1)              // want "Store legacy Uintptr field ops.S.up"
	atomic.SwapUintptr(&s.up, 1)               // want "Swap legacy Uintptr field ops.S.up"
	atomic.CompareAndSwapUintptr(&s.up, 0, 1)  // want "CompareAndSwap legacy Uintptr field ops.S.up"
	atomic.AddUintptr(&s.up, 1)                // want "Add legacy Uintptr field ops.S.up"
	atomic.AndUintptr(&s.up, 1)                // want "And legacy Uintptr field ops.S.up"
	atomic.OrUintptr(&s.up, 1)                 // want "Or legacy Uintptr field ops.S.up"
	atomic.LoadPointer(&s.ptr)                 // want "Load legacy Pointer field ops.S.ptr"
	atomic.StorePointer(&s.ptr, v)             // want "Store legacy Pointer field ops.S.ptr"
	atomic.SwapPointer(&s.ptr, v)              // want "Swap legacy Pointer field ops.S.ptr"
	atomic.CompareAndSwapPointer(&s.ptr, v, v) // want "CompareAndSwap legacy Pointer field ops.S.ptr"
	atomic.AddInt64(&global, 1)                // want "Add legacy Int64 global ops.global"
}

// T holds typed atomics of every kind.
type T struct {
	b   atomic.Bool
	i32 atomic.Int32
	i64 atomic.Int64
	u32 atomic.Uint32
	u64 atomic.Uint64
	up  atomic.Uintptr
	p   atomic.Pointer[S]
	v   atomic.Value
}

// typed calls every method of every typed atomic.
func typed(t *T, s *S) {
	t.b.Load()                      // want "Load typed Bool field ops.T.b"
	t.b.Store(true)                 // want "Store typed Bool field ops.T.b"
	t.b.Swap(true)                  // want "Swap typed Bool field ops.T.b"
	t.b.CompareAndSwap(false, true) // want "CompareAndSwap typed Bool field ops.T.b"
	t.i32.Load()                    // want "Load typed Int32 field ops.T.i32"
	t.i32.Store(1)                  // want "Store typed Int32 field ops.T.i32"
	t.i32.Swap(1)                   // want "Swap typed Int32 field ops.T.i32"
	t.i32.CompareAndSwap(0, 1)      // want "CompareAndSwap typed Int32 field ops.T.i32"
	t.i32.Add(1)                    // want "Add typed Int32 field ops.T.i32"
	t.i32.And(1)                    // want "And typed Int32 field ops.T.i32"
	t.i32.Or(1)                     // want "Or typed Int32 field ops.T.i32"
	t.i64.Load()                    // want "Load typed Int64 field ops.T.i64"
	t.i64.Store(1)                  // want "Store typed Int64 field ops.T.i64"
	t.i64.Swap(1)                   // want "Swap typed Int64 field ops.T.i64"
	t.i64.CompareAndSwap(0, 1)      // want "CompareAndSwap typed Int64 field ops.T.i64"
	t.i64.Add(1)                    // want "Add typed Int64 field ops.T.i64"
	t.i64.And(1)                    // want "And typed Int64 field ops.T.i64"
	t.i64.Or(1)                     // want "Or typed Int64 field ops.T.i64"
	t.u32.Load()                    // want "Load typed Uint32 field ops.T.u32"
	t.u32.Store(1)                  // want "Store typed Uint32 field ops.T.u32"
	t.u32.Swap(1)                   // want "Swap typed Uint32 field ops.T.u32"
	t.u32.CompareAndSwap(0, 1)      // want "CompareAndSwap typed Uint32 field ops.T.u32"
	t.u32.Add(1)                    // want "Add typed Uint32 field ops.T.u32"
	t.u32.And(1)                    // want "And typed Uint32 field ops.T.u32"
	t.u32.Or(1)                     // want "Or typed Uint32 field ops.T.u32"
	t.u64.Load()                    // want "Load typed Uint64 field ops.T.u64"
	t.u64.Store(1)                  // want "Store typed Uint64 field ops.T.u64"
	t.u64.Swap(1)                   // want "Swap typed Uint64 field ops.T.u64"
	t.u64.CompareAndSwap(0, 1)      // want "CompareAndSwap typed Uint64 field ops.T.u64"
	t.u64.Add(1)                    // want "Add typed Uint64 field ops.T.u64"
	t.u64.And(1)                    // want "And typed Uint64 field ops.T.u64"
	t.u64.Or(1)                     // want "Or typed Uint64 field ops.T.u64"
	t.up.Load()                     // want "Load typed Uintptr field ops.T.up"
	t.up.Store(1)                   // want "Store typed Uintptr field ops.T.up"
	t.up.Swap(1)                    // want "Swap typed Uintptr field ops.T.up"
	t.up.CompareAndSwap(0, 1)       // want "CompareAndSwap typed Uintptr field ops.T.up"
	t.up.Add(1)                     // want "Add typed Uintptr field ops.T.up"
	t.up.And(1)                     // want "And typed Uintptr field ops.T.up"
	t.up.Or(1)                      // want "Or typed Uintptr field ops.T.up"
	t.p.Load()                      // want "Load typed Pointer field ops.T.p"
	t.p.Store(s)                    // want "Store typed Pointer field ops.T.p"
	t.p.Swap(s)                     // want "Swap typed Pointer field ops.T.p"
	t.p.CompareAndSwap(s, s)        // want "CompareAndSwap typed Pointer field ops.T.p"
	t.v.Load()                      // want "Load typed Value field ops.T.v"
	t.v.Store(1)                    // want "Store typed Value field ops.T.v"
	t.v.Swap(1)                     // want "Swap typed Value field ops.T.v"
	t.v.CompareAndSwap(1, 2)        // want "CompareAndSwap typed Value field ops.T.v"
}

// Counter embeds its atomic: the methods are promoted.
type Counter struct {
	atomic.Int64
	name string
}

// Outer reaches an atomic through a chain of embedded structs.
type Outer struct {
	Counter
}

func embedded(c *Counter, o Outer, local Counter) {
	c.Add(1)         // want "Add typed Int64 field ops.Counter.Int64"
	c.Int64.Load()   // want "Load typed Int64 field ops.Counter.Int64"
	o.Add(1)         // want "Add typed Int64 field ops.Counter.Int64"
	o.Counter.Add(1) // want "Add typed Int64 field ops.Counter.Int64"
	local.Store(2)   // want "Store typed Int64 field ops.Counter.Int64"
}

var hits atomic.Int64

func pointers(p *atomic.Int64, q *int64, t *T) {
	p.Add(1)              // want "Add typed Int64 unknown ?"
	atomic.AddInt64(q, 1) // want "Add legacy Int64 unknown ?"
	(&t.i64).Add(1)       // want "Add typed Int64 field ops.T.i64"
	hits.Add(1)           // want "Add typed Int64 global ops.hits"
	var n atomic.Uint32
	n.Store(1) // want "Store typed Uint32 local n"
	var m int32
	atomic.AddInt32(&m, 1) // want "Add legacy Int32 local m"
	arr := []S{{}}
	atomic.AddInt64(&arr[0].i64, 1) // want "Add legacy Int64 field ops.S.i64"
	pp := &t.p
	pp.Load() // want "Load typed Pointer unknown ?"
}

// Box is a generic wrapper around atomic.Pointer.
type Box[V any] struct {
	p atomic.Pointer[V]
}

func (b *Box[V]) Get() *V  { return b.p.Load() } // want "Load typed Pointer field ops.Box.p"
func (b *Box[V]) Set(v *V) { b.p.Store(v) }      // want "Store typed Pointer field ops.Box.p"

func generic[V any](p *atomic.Pointer[V], v *V) {
	p.Store(v) // want "Store typed Pointer unknown ?"
}

func useBox(b *Box[int], x *int) {
	b.p.Swap(x) // want "Swap typed Pointer field ops.Box.p"
}

// lookalike has methods named like atomic ones: not atomic.
type lookalike struct{}

func (lookalike) Load() int   { return 0 }
func (lookalike) Store(int)   {}
func (lookalike) Add(int) int { return 0 }

func notAtomic(l lookalike, i int64) {
	l.Load()   // ok: not sync/atomic
	l.Store(1) // ok: not sync/atomic
	l.Add(1)   // ok: not sync/atomic
	_ = i + 1  // ok: plain arithmetic
	f := hits.Load
	_ = f // ok: a method value is not a call
}

// Stats is a named struct nested in others: its fields are named by Stats,
// however they are reached. Conn's stats has an unnamed struct type, so its
// fields are named through Conn.
type Stats struct{ hits int64 }

type Srv struct {
	stats  Stats
	pstats *Stats
}

type Conn struct {
	stats struct{ hits int64 }
}

var totals struct{ hits int64 }

func nesting(srv *Srv, c Conn) {
	atomic.AddInt64(&srv.stats.hits, 1)   // want "Add legacy Int64 field ops.Stats.hits"
	atomic.AddInt64(&srv.pstats.hits, 1)  // want "Add legacy Int64 field ops.Stats.hits"
	atomic.AddInt64(&c.stats.hits, 1)     // want "Add legacy Int64 field ops.Conn.stats.hits"
	atomic.AddInt64(&totals.hits, 1)      // want "Add legacy Int64 global ops.totals.hits"
	atomic.AddInt64(&(srv.stats).hits, 1) // want "Add legacy Int64 field ops.Stats.hits"
}

// Conversions that keep the memory: a named integer type, another type of
// one size through unsafe.Pointer, a pointer field seen as unsafe.Pointer.

type flagset int32

type Conv struct {
	flags flagset
	bits  float64
	p     *S
	pair  [2]int32
	wide  int64
}

func conversions(c *Conv, v unsafe.Pointer) {
	atomic.LoadInt32((*int32)(&c.flags))                                              // want "Load legacy Int32 field ops.Conv.flags"
	atomic.OrInt32((*int32)((&c.flags)), 1)                                           // want "Or legacy Int32 field ops.Conv.flags"
	atomic.LoadUint64((*uint64)(unsafe.Pointer(&c.bits)))                             // want "Load legacy Uint64 field ops.Conv.bits"
	atomic.StorePointer((*unsafe.Pointer)(unsafe.Pointer(&c.p)), v)                   // want "Store legacy Pointer field ops.Conv.p"
	atomic.LoadInt64((*int64)(unsafe.Pointer(&c.pair)))                               // want "Load legacy Int64 unknown \\?"
	atomic.LoadUint32((*uint32)(unsafe.Pointer(&c.wide)))                             // want "Load legacy Uint32 unknown \\?"
	atomic.LoadInt32((*int32)(unsafe.Pointer(uintptr(unsafe.Pointer(&c.flags)) + 4))) // want "Load legacy Int32 unknown \\?"
}
