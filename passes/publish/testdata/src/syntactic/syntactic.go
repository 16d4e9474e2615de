// want package:`methods\(Server.Reload synchronises\(0\)\)`

// Package syntactic is checked with a size budget of 0: every function
// gets publish's syntactic check only, as one over the budget would.
package syntactic

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

type Config struct {
	Name   string
	N      int
	Limits map[string]int
	Tags   []string
	Inner  struct{ N int }
	Arr    [4]int
}

type Server struct {
	cur atomic.Pointer[Config]
	v   atomic.Value
	raw unsafe.Pointer
}

func (s *Server) Reload(c *Config) { // want Reload:`publishes\(1\)`
	s.cur.Store(c)
	s.v.Store(c)
	atomic.StorePointer(&s.raw, unsafe.Pointer(c))
}

// Reported: writes through the Load itself, or through a local assigned
// once from it.
func (s *Server) direct() {
	s.cur.Load().Name = "x"  // want `in-place mutation of a snapshot loaded from s.cur \(copy it, mutate the copy, then Store\)`
	s.cur.Load().Inner.N = 3 // want `in-place mutation of a snapshot loaded from s.cur`
	s.cur.Load().Arr[1] = 3  // want `in-place mutation of a snapshot loaded from s.cur`
}

func (s *Server) viaLocal(k string) {
	old := s.cur.Load()
	old.Limits[k]++       // want `in-place mutation of a snapshot loaded from s.cur`
	old.Tags[0] = "x"     // want `in-place mutation of a snapshot loaded from s.cur`
	old.N += 2            // want `in-place mutation of a snapshot loaded from s.cur`
	delete(old.Limits, k) // want `in-place mutation of a snapshot loaded from s.cur`
	*old = Config{}       // want `in-place mutation of a snapshot loaded from s.cur`
}

func (s *Server) value() {
	c := s.v.Load().(*Config)
	c.Name = "x" // want `in-place mutation of a snapshot loaded from s.v`
}

func (s *Server) unsafePtr() {
	c := (*Config)(atomic.LoadPointer(&s.raw))
	c.Name = "x" // want `in-place mutation of a snapshot loaded from s.raw`
}

func (s *Server) inGoroutine() {
	old := s.cur.Load()
	go func() {
		old.Name = "x" // want `in-place mutation of a snapshot loaded from s.cur`
	}()
}

// Silent: what the syntactic check cannot be sure of, and what the full
// analysis leaves alone too.

func (s *Server) reassigned(c *Config) {
	old := s.cur.Load()
	if c != nil {
		old = c
	}
	old.Name = "x" // ok here: old may be c (the full analysis follows both)
}

func (s *Server) addressTaken() {
	old := s.cur.Load()
	p := &old
	(*p).Name = "x" // ok here: through a pointer to the local
	old.Name = "y"  // ok here: the local's address is taken
}

func (s *Server) copied() {
	n := *s.cur.Load()
	n.Name = "x" // ok: a copy
	m := s.v.Load().(*Config)
	_ = m.Name // ok: a read
}

func (s *Server) fresh() {
	c := &Config{}
	c.Name = "x" // ok: not loaded
	s.cur.Store(c)
}

type Locked struct {
	mu sync.Mutex
	N  int
}

var lockedCur atomic.Pointer[Locked]

func SetLocked(l *Locked) { lockedCur.Store(l) } // want SetLocked:`publishes\(0\)`

func locked() {
	l := lockedCur.Load()
	l.mu.Lock()
	l.N++ // ok: the struct carries its own mutex
	l.mu.Unlock()
}

// A slot: set once from nil, never replaced; what it holds is handed
// over, not a snapshot.
var slot atomic.Pointer[Config]

func initSlot() {
	slot.CompareAndSwap(nil, &Config{})
}

func useSlot() {
	slot.Load().Name = "x" // ok: a slot
}
