// Package b declares memory that package a also accesses. // want package:`atomic\(Both.N\) atomic\(Box.N\) atomic\(Counter\) atomic\(Stats.Hits\) plain\(Plain.N\) plain\(Reader.N\)`
package b

import "sync/atomic"

// Stats.Hits is atomic here; a reads it plainly.
type Stats struct{ Hits int64 }

func (s *Stats) Record() { atomic.AddInt64(&s.Hits, 1) }

// Counter is atomic here; a reads it plainly.
var Counter int64

func Tick() { atomic.AddInt64(&Counter, 1) }

// Plain.N is written plainly here; a accesses it atomically.
type Plain struct{ N int64 }

func (p *Plain) Bump() { p.N++ }

// Reader.N is only read plainly here; a only loads it atomically.
type Reader struct{ N int64 }

func (r *Reader) Get() int64 { return r.N }

// Both.N is atomic and plain here: b reports, a need not.
type Both struct{ N int64 }

func (b *Both) Add() { atomic.AddInt64(&b.N, 1) }

func (b *Both) Get() int64 {
	return b.N // want `plain read of Both.N`
}

// Quiet.N is never accessed here.
type Quiet struct{ N int64 }

func NewPlain() *Plain {
	p := &Plain{}
	p.N = 1 // ok: initialisation, not a witness
	return p
}

// Box is generic: its field is the same for every instantiation.
type Box[T any] struct {
	N int64
	V T
}

func (b *Box[T]) Inc() { atomic.AddInt64(&b.N, 1) }

// unexported fields never leave the package.
type hidden struct{ n int64 }

func (h *hidden) inc() { atomic.AddInt64(&h.n, 1) }
