// Package a accesses memory declared in b, testing facts in both directions. // want package:`atomic\(Both.N\) atomic\(Plain.N\) atomic\(Quiet.N\) atomic\(Reader.N\)`
package a

import (
	"sync/atomic"

	"b"
)

func read(s *b.Stats) int64 {
	return s.Hits // want `plain read of Stats.Hits, which is accessed atomically \(atomic.AddInt64 in b at b.go:9:28\): a data race; make it an atomic.Int64`
}

func readCounter() int64 {
	return b.Counter // want `plain read of counter|plain read of Counter`
}

func writeCounter() {
	b.Counter = 0 // want `plain write of Counter`
}

func bump(p *b.Plain) {
	atomic.AddInt64(&p.N, 1) // want `atomic access of Plain.N, which package b accesses plainly \(a write at b.go:19:26\): a data race; make it an atomic.Int64 so that every access is atomic`
}

func load(r *b.Reader) int64 {
	return atomic.LoadInt64(&r.N) // ok: b only reads Reader.N, and reads do not race with loads
}

func both(x *b.Both) {
	atomic.AddInt64(&x.N, 1) // ok: b already reports its own plain access
}

func quiet(q *b.Quiet) {
	atomic.AddInt64(&q.N, 1) // ok: b never accesses Quiet.N plainly
}

func literal() b.Stats {
	return b.Stats{Hits: 1} // ok: composite literal
}

func fresh() *b.Stats {
	s := &b.Stats{}
	s.Hits = 2 // ok: s has not escaped
	return s
}

func readBox(x *b.Box[string]) int64 {
	return x.N // want `plain read of Box.N`
}

func copyStats(s *b.Stats) b.Stats {
	return *s // want `copy of \*s reads Stats.Hits plainly, which is accessed atomically \(atomic.AddInt64 in b at b.go:9:28\)`
}

func copyFresh() b.Stats {
	s := &b.Stats{}
	return *s // ok: s has not escaped
}
