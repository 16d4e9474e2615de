// want package:`methods\(Config.SetName mutates\(0\)\)`

// Package snapshot tests in-place writes into what Load (or Swap) returned,
// through fields, maps, slices, shallow copies, type assertions and legacy
// unsafe.Pointer loads, and the copy-on-write idioms that must stay silent.
package snapshot

import (
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

type Config struct {
	Name   string
	Limits map[string]int
	Tags   []string
	Inner  *Inner
	hits   atomic.Int64
}

type Inner struct{ N int }

func (c *Config) SetName(n string) { c.Name = n }

type Flat struct {
	A, B int
	S    string
}

type Server struct {
	cur  atomic.Pointer[Config]
	flat atomic.Pointer[Flat]
	v    atomic.Value
	raw  unsafe.Pointer
	mu   sync.Mutex // serialises the writers
}

func (s *Server) fieldWrite() {
	old := s.cur.Load()
	old.Name = "x" // want `in-place mutation of a snapshot loaded from s.cur \(copy it, mutate the copy, then Store\)`
}

func (s *Server) mapWrite(k string) {
	old := s.cur.Load()
	old.Limits[k]++ // want `in-place mutation of a snapshot loaded from s.cur`
}

func (s *Server) shallowCopy(k string) {
	old := s.cur.Load()
	n := *old
	n.Name = "ok"   // ok: n is a copy
	n.Limits[k] = 1 // want `in-place mutation of a snapshot loaded from s.cur`
	s.cur.Store(&n) // want `s.cur.Store of a value derived from s.cur.Load at snapshot.go:52 with no lock held`
}

func (s *Server) properCopy(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	n := *old
	n.Limits = maps.Clone(old.Limits)
	n.Limits[k] = 1 // ok: n.Limits was replaced by a clone
	n.Tags = slices.Clone(old.Tags)
	n.Tags = append(n.Tags, k) // ok: appending to a clone
	s.cur.Store(&n)            // want `s.cur.Store of a value derived from s.cur.Load at snapshot.go:\d+: s.mu is held from Load to Store, but s.cur.Store at snapshot.go:56 writes s.cur without it`
}

func (s *Server) freshObject(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	n := &Config{Name: old.Name, Limits: map[string]int{}}
	for key, v := range old.Limits { // ok: reading the snapshot
		n.Limits[key] = v // ok: writing the new map
	}
	n.Limits[k] = 1 // ok: fresh map
	s.cur.Store(n)  // want `s.cur.Store of a value derived from s.cur.Load at snapshot.go:\d+: s.mu is held from Load to Store, but s.cur.Store at snapshot.go:56 writes s.cur without it`
}

func (s *Server) appendShared(t string) {
	old := s.cur.Load()
	n := &Config{Tags: append(old.Tags, t)} // want `in-place mutation of a snapshot loaded from s.cur`
	s.cur.Store(n)                          // want `s.cur.Store of a value derived from s.cur.Load`
}

func (s *Server) appendFullSlice(t string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	n := &Config{Tags: append(old.Tags[:len(old.Tags):len(old.Tags)], t)} // ok: a full slice expression makes append copy
	s.cur.Store(n)                                                        // want `s.cur.Store of a value derived from s.cur.Load at snapshot.go:\d+: s.mu is held from Load to Store, but s.cur.Store at snapshot.go:56 writes s.cur without it`
}

func (s *Server) sliceElem() {
	old := s.cur.Load()
	old.Tags[0] = "x" // want `in-place mutation of a snapshot loaded from s.cur`
}

func (s *Server) sortShared() {
	old := s.cur.Load()
	slices.Sort(old.Tags) // want `in-place mutation of a snapshot loaded from s.cur`
}

func (s *Server) method() {
	s.cur.Load().SetName("x") // want `in-place mutation of a snapshot loaded from s.cur`
}

func (s *Server) deep() {
	s.cur.Load().Inner.N = 3 // want `in-place mutation of a snapshot loaded from s.cur`
}

func (s *Server) atomicField() {
	s.cur.Load().hits.Add(1) // ok: an atomic operation on a field of the snapshot
}

func (s *Server) readOnly() int {
	old := s.cur.Load()
	return len(old.Limits) + len(old.Tags) // ok: read-only
}

func (s *Server) flatCopy() {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := *s.flat.Load()
	f.A++ // ok: a struct without references, copied by value
	s.flat.Store(&f)
}

func (s *Server) valueAssert(k string) {
	m := s.v.Load().(map[string]int)
	m[k] = 1 // want `in-place mutation of a snapshot loaded from s.v`
}

func (s *Server) valueCopyOnWrite(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.v.Load().(map[string]int)
	n := maps.Clone(m)
	n[k] = 1 // ok: a clone
	s.v.Store(n)
}

func (s *Server) legacy() {
	c := (*Config)(atomic.LoadPointer(&s.raw))
	c.Name = "x" // want `in-place mutation of a snapshot loaded from s.raw`
}

func (s *Server) swapOld() {
	old := s.cur.Swap(&Config{})
	old.Name = "x" // want `in-place mutation of a snapshot loaded from s.cur`
}

func (s *Server) casLoop(k string) {
	for {
		old := s.cur.Load()
		n := &Config{Limits: maps.Clone(old.Limits)}
		n.Limits[k] = 1 // ok: a clone
		if s.cur.CompareAndSwap(old, n) {
			return
		}
	}
}

func (s *Server) nilInit() {
	c := s.cur.Load()
	if c == nil {
		c = &Config{}
	}
	c.Name = "x" // want `in-place mutation of a snapshot loaded from s.cur`
}

func (s *Server) goroutine() {
	old := s.cur.Load()
	go func() {
		old.Name = "x" // want `in-place mutation of a snapshot loaded from s.cur`
	}()
}

func (s *Server) closureLoads() {
	f := func() {
		s.cur.Load().Name = "x" // want `in-place mutation of a snapshot loaded from s.cur`
	}
	f()
}
