// want package:"Log.Mu -> Meter.mu, Pool.mu -> Queue.Mu, Queue.Mu -> Pool.mu, Watcher.Mu -> Panel.mu, Meter.mu -> Log.Mu, Panel.mu -> Watcher.Mu"

// Package dynd calls package dync's callees through interfaces, function
// values, callbacks and method values: issue 12's shapes 1-4 across
// packages, positive and negative, generic where it fits.
package dynd

import (
	"sync"

	"dync"
)

// Shape 1.

func chain(s *dync.Server, f *dync.Front) int {
	s.RLock()
	defer s.RUnlock()
	return f.Serve(s, 1) // want `recursive read lock of s.RWMutex through Front.Serve -> Relay.Handle \(f.h.Handle resolved by value flow\) -> \(\*Server\).Do \(d.Do resolved by CHA\)`
}

// A chain of two interface calls each resolved by CHA through a
// parameter (Serve's h, Handle's d): Serve acquires for certain when its
// p0 is a Relay and its p1 a *Server.
func chainCHA(s *dync.Server) int {
	s.RLock()
	defer s.RUnlock()
	return dync.Serve(dync.Relay{}, s, 1) // want `recursive read lock of s.RWMutex through Serve -> Relay.Handle \(h.Handle resolved by CHA\) -> \(\*Server\).Do \(d.Do resolved by CHA\)`
}

func generic(s *dync.Server) int {
	s.RLock()
	defer s.RUnlock()
	return dync.Get(s, 1) // want `recursive read lock of s.RWMutex through Get -> \(\*Server\).Do`
}

type constDoer struct{}

func (constDoer) Do(k int) int { return k }

func chainOther(s *dync.Server) int {
	s.RLock()
	defer s.RUnlock()
	return dync.Serve(dync.Relay{}, constDoer{}, 1) + dync.Get(constDoer{}, 1) // ok: the store's Do does not run
}

func chainUnlocked(s *dync.Server) int {
	s.RLock()
	s.RUnlock()
	return dync.Serve(dync.Relay{}, s, 1) // ok: released first
}

// Shape 2.

// A closure set by a setter in dync: the field's calls may run it (an
// inversion), but the instance it captured is not known here (no double
// lock).

type Panel struct{ mu sync.Mutex }

func (p *Panel) refresh(w *dync.Watcher) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w.Notify() // ok: the first half (Panel.mu -> Watcher.Mu, through the hook)
}

func (p *Panel) attach(w *dync.Watcher) {
	w.Mu.Lock()
	defer w.Mu.Unlock()
	p.mu.Lock() // want `lock order inversion: Panel.mu acquired while holding Watcher.Mu here, Watcher.Mu acquired while holding Panel.mu at dynd.go:\d+ through Watcher.Notify -> the func literal at dync.go:\d+ \(w.onChange resolved by assignments\)`
	p.mu.Unlock()
}

// Not followed (doc.go, recall left): a closure stored in another
// package's variable has no summary here.
func reset(w *dync.Watcher) {
	w.Mu.Lock()
	defer w.Mu.Unlock()
	dync.Reset(w)
}

func count(w *dync.Watcher) int {
	w.Mu.Lock()
	defer w.Mu.Unlock()
	return dync.Count(w) // ok: Count takes no lock
}

// Shape 3.

func prune(x *dync.Index[string, int]) {
	x.Range(func(k string, v int) bool {
		if v == 0 {
			x.Delete(k) // want `x.mu locked in the callback passed to \(\*dync.Index\).Range at dynd.go:\d+ through Index.Delete \(locked at dync.go:\d+\) while read-locked at dynd.go:\d+: an RWMutex cannot upgrade`
		}
		return true
	})
}

func clear(x *dync.Index[string, int]) {
	x.WithLock(func(m map[string]int) {
		x.Delete("a") // want `double lock of x.mu in the callback passed to \(\*dync.Index\).WithLock at dynd.go:\d+ through Index.Delete`
	})
}

func pruneSnapshot(x *dync.Index[string, int]) {
	x.Visit(func(k string, v int) {
		x.Delete(k) // ok: Visit released its lock
	})
}

func pruneLater(x *dync.Index[string, int]) {
	x.Later(func() {
		x.Delete("a") // ok: another goroutine
	})
}

// Shape 4.

func drain(p *dync.Pool, q *dync.Queue) {
	p.Run(q.Flush) // ok: the first half (Pool.mu -> Queue.Mu, through the method value)
}

func measure(p *dync.Pool, q *dync.Queue) int {
	q.Mu.Lock()
	defer q.Mu.Unlock()
	return p.Size() // want `lock order inversion: Pool.mu acquired through Pool.Size`
}

// A method expression run by a generic visitor with the caller's locks.

type Meter struct{ mu sync.Mutex }

func (m *Meter) sample(l *dync.Log) {
	m.mu.Lock()
	defer m.mu.Unlock()
	dync.Apply(l, (*dync.Log).Sync) // ok: the first half (Meter.mu -> Log.Mu, through the method expression)
}

func (m *Meter) record(l *dync.Log) {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	m.mu.Lock() // want `lock order inversion: Meter.mu acquired while holding Log.Mu here, Log.Mu acquired while holding Meter.mu at dynd.go:\d+ through Log.Sync \(the callback passed to dync.Apply at dynd.go:\d+\)`
	m.mu.Unlock()
}

func trimLocked(p *dync.Pool, q *dync.Queue) {
	q.Mu.Lock()
	defer q.Mu.Unlock()
	dync.Apply(q, (*dync.Queue).Trim) // ok: Trim takes no lock
}

func trimUnder(p *dync.Pool, q *dync.Queue) {
	p.Run(q.Trim) // ok: Trim takes no lock
}

func flushLater(q *dync.Queue) {
	f := q.Flush
	q.Mu.Lock()
	q.Mu.Unlock()
	f() // ok: released first
}
