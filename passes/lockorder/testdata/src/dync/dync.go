// Package dync is the defining half of the dynd fixture: shapes 1-4 of
// issue 12 with their callees in one package and their callers in
// another, generic where it fits.
package dync

import (
	"maps"
	"sync"
)

// Shape 1: an implementation read-locking its embedded RWMutex, reached
// through a chain of interface calls (Serve -> Handler.Handle ->
// Doer.Do) and through a type parameter constrained by the interface.

type Doer interface{ Do(k int) int }

type Server struct {
	sync.RWMutex
	m map[int]int
}

func (s *Server) Do(k int) int { // want Do:"acquires Server.RWMutex:R"
	s.RLock()
	defer s.RUnlock()
	return s.m[k]
}

type Handler interface{ Handle(d Doer, k int) int }

type Relay struct{}

func (Relay) Handle(d Doer, k int) int { return d.Do(k) } // want Handle:"may acquire Server.RWMutex:R \\(acquires if p0 is dync.Server\\)"

func Serve(h Handler, d Doer, k int) int { return h.Handle(d, k) } // want Serve:"may acquire Server.RWMutex:R \\(acquires if p0 is dync.Relay and p1 is dync.Server\\)"

func Get[T Doer](t T, k int) int { return t.Do(k) } // want Get:"may acquire Server.RWMutex:R \\(acquires if p0 is dync.Server\\)"

// Shape 2: a function-typed field set to a closure by a setter, and
// function-typed package variables.

type Watcher struct {
	Mu       sync.Mutex
	onChange func()
	n        int
}

func (w *Watcher) SetHook() {
	w.onChange = func() {
		w.Mu.Lock()
		w.n++
		w.Mu.Unlock()
	}
}

func (w *Watcher) Notify() { w.onChange() } // want Notify:"may acquire Watcher.Mu"

var Reset = func(w *Watcher) {
	w.Mu.Lock()
	w.n = 0
	w.Mu.Unlock()
}

var Count = func(w *Watcher) int { return w.n }

// Shape 3: a generic index running callbacks under its lock (Range
// read-locked, WithLock locked), after releasing it (Visit), or on
// another goroutine (Later).

type Index[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (x *Index[K, V]) Range(f func(K, V) bool) { // want Range:"acquires Index.mu:R, calls p0 holding Index.mu:R"
	x.mu.RLock()
	defer x.mu.RUnlock()
	for k, v := range x.m {
		if !f(k, v) {
			return
		}
	}
}

func (x *Index[K, V]) WithLock(f func(m map[K]V)) { // want WithLock:"acquires Index.mu, calls p0 holding Index.mu"
	x.mu.Lock()
	defer x.mu.Unlock()
	f(x.m)
}

func (x *Index[K, V]) Visit(f func(K, V)) { // want Visit:"acquires Index.mu:R, calls p0"
	x.mu.RLock()
	snap := maps.Clone(x.m)
	x.mu.RUnlock()
	for k, v := range snap {
		f(k, v)
	}
}

func (x *Index[K, V]) Later(f func()) { // want Later:"acquires Index.mu"
	x.mu.Lock()
	defer x.mu.Unlock()
	go f()
}

func (x *Index[K, V]) Delete(k K) { // want Delete:"acquires Index.mu"
	x.mu.Lock()
	delete(x.m, k)
	x.mu.Unlock()
}

// Shape 4: methods handed over as values: a pool running a callback
// under its lock, a visitor running one with nothing held.

type Queue struct {
	Mu    sync.Mutex
	items []int
}

func (q *Queue) Flush() { // want Flush:"acquires Queue.Mu"
	q.Mu.Lock()
	q.items = nil
	q.Mu.Unlock()
}

func (q *Queue) Trim() { q.items = q.items[:0] }

type Pool struct{ mu sync.Mutex }

func (p *Pool) Run(f func()) { // want Run:"acquires Pool.mu, calls p0 holding Pool.mu"
	p.mu.Lock()
	defer p.mu.Unlock()
	f()
}

func (p *Pool) Size() int { // want Size:"acquires Pool.mu"
	p.mu.Lock()
	defer p.mu.Unlock()
	return 0
}

func Apply[T any](v T, f func(T)) { f(v) } // want Apply:"calls p1"

type Log struct{ Mu sync.Mutex }

func (l *Log) Sync() { // want Sync:"acquires Log.Mu"
	l.Mu.Lock()
	l.Mu.Unlock()
}

// Shape 1 through a chain of two interface calls, the first resolved by
// value flow on an unexported field.

type Front struct{ h Handler }

func NewFront() *Front { return &Front{h: Relay{}} }

func (f *Front) Serve(d Doer, k int) int { return f.h.Handle(d, k) } // want Serve:"may acquire Server.RWMutex:R \\(acquires if p0 is dync.Server\\)"
