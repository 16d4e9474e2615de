// want package:`methods\(Counter.Generate mutates\(0\); Rand.Read mutates\(0\); buffer.Reset mutates\(0\)\)`

// Package slot tests atomic pointers that are not copy-on-write cells, as
// found in the standard library: a lazily created singleton set once by
// CompareAndSwap(nil, v) (math/rand's globalRand), a one-slot pool emptied
// by Swap(nil) to take ownership (crypto/internal/fips140/drbg), and a
// registry appended to under a lock (image.RegisterFormat). Objects loaded
// from a slot are handed over, not snapshots.
package slot

import (
	"sync"
	"sync/atomic"
)

type Rand struct {
	readVal int64
	readPos int8
}

func (r *Rand) Read(p []byte) {
	r.readPos++
	r.readVal = 0
}

var globalRandGenerator atomic.Pointer[Rand]

func globalRand() *Rand {
	if r := globalRandGenerator.Load(); r != nil {
		return r
	}
	r := &Rand{}
	r.readPos = 1 // ok: before publication
	if !globalRandGenerator.CompareAndSwap(nil, r) {
		return globalRandGenerator.Load()
	}
	return r
}

func Read(p []byte) {
	globalRand().Read(p) // ok: globalRandGenerator is a slot, set once; Rand is mutable by design
}

type Counter struct{ n int }

func (c *Counter) Generate() { c.n++ }

var instance atomic.Pointer[Counter]

var pool = sync.Pool{New: func() any { return new(Counter) }}

func generate() {
	c := instance.Swap(nil)
	if c == nil {
		c = pool.Get().(*Counter)
	}
	defer func() {
		if !instance.CompareAndSwap(nil, c) {
			pool.Put(c)
		}
	}()
	c.Generate() // ok: Swap(nil) took ownership; the slot is never replaced while full
}

type format struct{ name string }

var (
	formatsMu     sync.Mutex
	atomicFormats atomic.Value
)

func RegisterFormat(name string) {
	formatsMu.Lock()
	formats, _ := atomicFormats.Load().([]format)
	atomicFormats.Store(append(formats, format{name})) // ok: append writes past every published length, and writers hold formatsMu
	formatsMu.Unlock()
}

var list atomic.Pointer[[]string]

func appendUnlocked(s string) {
	for {
		old := list.Load()
		n := append(*old, s) // want `in-place mutation of a snapshot loaded from list`
		if list.CompareAndSwap(old, &n) {
			return
		}
	}
}

type buffer struct{ b []byte }

func (b *buffer) Reset() { b.b = b.b[:0] }

var spare atomic.Pointer[buffer]

func withSpare(f func(*buffer)) {
	buf := spare.Swap(nil)
	if buf == nil {
		buf = new(buffer)
	}
	buf.Reset() // ok: spare is never loaded, so Swap handed buf over
	f(buf)
	spare.Store(buf)
}

var shared atomic.Pointer[buffer]

func peek() int { return len(shared.Load().b) }

func takeShared() {
	buf := shared.Swap(&buffer{})
	buf.b = nil // want `in-place mutation of a snapshot loaded from shared`
}
