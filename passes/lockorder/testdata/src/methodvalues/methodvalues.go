// want package:"Holder.mu -> Other.mu, Other.mu -> Store.mu, Store.mu -> Other.mu, Store.mu -> Store.rw"

// Package methodvalues tests a mutex's own Lock, Unlock, RLock taken as a
// function value: the call of the value is the operation on the mutex the
// method value bound (internal/lockop's Lockers.MethodValue).
package methodvalues

import "sync"

type Store struct {
	mu     sync.Mutex
	rw     sync.RWMutex
	unlock func()
	n      int
}

func NewStore() *Store {
	s := &Store{}
	s.unlock = s.mu.Unlock
	return s
}

func (s *Store) doubleLock() {
	lock := s.mu.Lock
	lock()
	s.mu.Lock() // want `double lock of s.mu`
	s.n++
	s.mu.Unlock()
	s.mu.Unlock()
}

func (s *Store) doubleLockValue() {
	s.mu.Lock()
	lock := s.mu.Lock
	lock() // want `double lock of s.mu through lock \(s.mu.Lock taken as a value\)`
	s.mu.Unlock()
}

func (s *Store) recursiveRead() {
	s.rw.RLock()
	f := s.rw.RLock
	f() // want `recursive read lock of s.rw`
	s.rw.RUnlock()
	s.rw.RUnlock()
}

// The field set to s.mu.Unlock in every write releases s.mu.
func (s *Store) viaField() {
	s.mu.Lock()
	s.n++
	s.unlock()
	s.mu.Lock() // ok: released through s.unlock
	s.unlock()
}

// A deferred unlock through a value releases at exit, as defer
// s.mu.Unlock() does: no lock is leaked, and none is held twice.
func (s *Store) deferredValue() int {
	unlock := s.mu.Unlock
	s.mu.Lock()
	defer unlock()
	return s.n
}

// Negative: the Lock value of another mutex than the one held.
func (s *Store) otherMutex(t *Store) {
	s.mu.Lock()
	lock := t.rw.Lock
	lock() // ok: t.rw, not s.mu
	t.rw.Unlock()
	s.mu.Unlock()
}

type Other struct{ mu sync.Mutex }

// Inversion: one order with direct calls, the other through values.
func inverted(s *Store, o *Other) {
	s.mu.Lock()
	o.mu.Lock()
	o.mu.Unlock()
	s.mu.Unlock()
}

func invertedValues(s *Store, o *Other) {
	lockO, lockS := o.mu.Lock, s.mu.Lock
	lockO()
	lockS() // want `lock order inversion: Store.mu acquired through lockS \(s.mu.Lock taken as a value\)`
	s.unlock()
	o.mu.Unlock()
}

// A local Cond made from another object's mutex: its L is that mutex.
type Holder struct{ mu sync.Mutex }

func condOther(h *Holder, o *Other) {
	c := sync.NewCond(&o.mu)
	o.mu.Lock()
	c.L.Lock() // want `double lock of o.mu`
	c.L.Unlock()
	o.mu.Unlock()
	h.mu.Lock()
	c.L.Lock() // ok: o.mu, not h.mu
	c.L.Unlock()
	h.mu.Unlock()
}
