// want package:"Client.Mu -> T.mu, Lessor.Mu -> U.mu, Registry.mu -> W.mu, shard.mu -> V.mu, T.mu -> Client.Mu, U.mu -> Lessor.Mu, V.mu -> shard.mu, W.mu -> Registry.mu"

// Package dynb tests dynamic calls and callbacks across packages: an
// interface resolved by CHA to another package's implementation, a
// function field set by another package's constructor (its fact), and a
// generic map's callback run under the map's lock.
package dynb

import "dyna"

import "sync"

type T struct {
	mu sync.Mutex
	n  int
}

// U and V keep the three cycles apart (one report per component).
type U struct{ mu sync.Mutex }

type V struct {
	mu sync.Mutex
	n  int
}

func (t *T) call(d dyna.Doer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	d.Do(1) // ok: first half (T.mu -> Client.Mu, through the interface)
}

func (t *T) back(c *dyna.Client) {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	t.mu.Lock() // want `lock order inversion: T.mu acquired while holding Client.Mu here, Client.Mu acquired while holding T.mu at dynb.go:29 through \(\*dyna.Client\).Do \(d.Do resolved by CHA\)`
	t.mu.Unlock()
}

func (t *U) renew(le *dyna.Lessor) {
	t.mu.Lock()
	defer t.mu.Unlock()
	le.OnRenew(1) // ok: first half (T.mu -> Lessor.Mu, through the field)
}

func (t *U) lease(le *dyna.Lessor) {
	le.Mu.Lock()
	defer le.Mu.Unlock()
	t.mu.Lock() // want `lock order inversion: U.mu acquired while holding Lessor.Mu here, Lessor.Mu acquired while holding U.mu at dynb.go:42 through \(\*dyna.Lessor\).checkpoint \(le.OnRenew resolved by assignments\)`
	t.mu.Unlock()
}

func (t *V) connect(m *dyna.Map[*V]) {
	m.Upsert("k", func(cur *V) *V {
		t.mu.Lock() // ok: first half (shard.mu -> T.mu, in Upsert's callback)
		t.n++
		t.mu.Unlock()
		return cur
	})
}

func (t *V) scan(m *dyna.Map[*V]) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m.Remove("k") // want `lock order inversion: shard.mu acquired through Map.Remove`
}

// Shape 1 across packages: another package's function calling the
// store's Get through an interface parameter, and an interface value
// holding the store.

func dump(s *dyna.Store) int {
	s.RLock()
	defer s.RUnlock()
	return dyna.Render(s, 1) // want `recursive read lock of s.RWMutex through Render -> \(\*Store\).Get \(g.Get resolved by CHA\)`
}

func viaValue(s *dyna.Store) int {
	s.RLock()
	defer s.RUnlock()
	var g dyna.Getter = s
	return g.Get(1) // want `recursive read lock of s.RWMutex through \(\*dyna.Store\).Get \(g.Get resolved by value flow\)`
}

type local struct{}

func (local) Get(k int) int { return k }

func dumpLocal(s *dyna.Store) int {
	s.RLock()
	defer s.RUnlock()
	return dyna.Render(local{}, 1) // ok: Render runs local.Get
}

// Shape 4 across packages: a method value run by another package's
// function under its lock.

type W struct{ mu sync.Mutex }

func (w *W) process() { // want process:"acquires W.mu"
	w.mu.Lock()
	w.mu.Unlock()
}

func (w *W) start(r *dyna.Registry) {
	r.Each(w.process) // ok: first half (Registry.mu -> W.mu, through the method value)
}

func (w *W) stop(r *dyna.Registry) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r.Add() // want `lock order inversion: Registry.mu acquired through Registry.Add`
}

func (w *W) stopUnlocked(r *dyna.Registry) {
	w.mu.Lock()
	w.mu.Unlock()
	r.Add() // ok: released first
}
