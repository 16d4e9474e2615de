// Package copies tests copies of struct values holding a field that is
// accessed atomically: copying the struct reads the field plainly.
package copies

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"
)

type stats struct {
	name string
	hits int64
}

func (s *stats) hit() { atomic.AddInt64(&s.hits, 1) }

type server struct {
	mu  sync.Mutex
	st  stats
	all []stats
	arr [2]stats
}

type wrapper struct {
	inner stats // holds stats.hits by value
}

func snapshot(s *stats) stats {
	return *s // want `copy of \*s reads stats.hits plainly, which is accessed atomically \(atomic.AddInt64 at copies.go:17:25\): a data race; make it an atomic.Int64 so that every access is atomic`
}

func assign(s *stats) int64 {
	c := *s       // want `copy of \*s reads stats.hits plainly`
	return c.hits // ok: c is a private copy
}

func field(srv *server) stats {
	return srv.st // want `copy of srv.st reads server.st.hits plainly`
}

func nested(w *wrapper) {
	fmt.Println(*w) // want `copy of \*w reads wrapper.inner.hits plainly`
}

func ranged(srv *server) (n int) {
	for _, s := range srv.all { // want `copy of each element of srv.all reads stats.hits plainly`
		n += len(s.name)
	}
	for _, s := range srv.arr { // want `copy of each element of srv.arr reads stats.hits plainly`
		n += len(s.name)
	}
	for i := range srv.all { // ok: no element is copied
		n += i
	}
	for _, s := range srv.all[:1] { // want `copy of each element of srv.all\[:1\] reads stats.hits plainly`
		n += len(s.name)
	}
	return n
}

func element(srv *server) stats {
	return srv.all[0] // want `copy of srv.all\[0\] reads stats.hits plainly`
}

func compare(a, b *stats) bool {
	return *a == *b // want `copy of \*a reads stats.hits plainly` `copy of \*b reads stats.hits plainly`
}

var global stats

func incGlobal() { atomic.AddInt64(&global.hits, 1) }

func copyGlobal() stats {
	return global // want `copy of global reads stats.hits plainly`
}

// Not copies, or copies nothing else can see.

func notCopies(s *stats, srv *server) (uintptr, *stats, string) {
	p := &srv.st                      // ok: an address
	name := srv.st.name               // ok: another field, read through the struct
	_ = len(srv.all)                  // ok
	_ = srv.arr[1].name               // ok: a field of an element
	*s = stats{name: "x"}             // ok: a whole-struct write is not a copy (see doc)
	return unsafe.Sizeof(*s), p, name // ok: not evaluated
}

func fresh() stats {
	s := &stats{name: "a"}
	s.hits = 1
	return *s // ok: s was allocated here and has not escaped
}

func newStats(name string) (*stats, stats) {
	s := &stats{name: name}
	c := *s // ok: in a constructor, before s is shared
	return s, c
}

func joined() stats {
	s := &stats{}
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.hit()
		}()
	}
	wg.Wait()
	return *s // ok: every goroutine that saw s has been joined
}

func localCopy(s stats) stats {
	c := s   // ok: s is the caller's copy, private
	return c // ok: likewise
}

// Copies of a struct whose field is only loaded atomically do not race.
type config struct{ version int64 }

func (c *config) current() int64 { return atomic.LoadInt64(&c.version) }

func copyConfig(c *config) config {
	return *c // ok: reads do not race with atomic loads
}

// Generic types: every instantiation shares the field.
type box[T any] struct {
	n int64
	v T
}

func (b *box[T]) inc() { atomic.AddInt64(&b.n, 1) }

func copyBox(b *box[string]) box[string] {
	return *b // want `copy of \*b reads box.n plainly`
}

func copyBoxGeneric[T any](b *box[T]) box[T] {
	return *b // want `copy of \*b reads box.n plainly`
}
