// want package:"holder.mu -> impl.mu, impl.mu -> holder.mu"

// Package deferdyn tests deferred calls, static and dynamic: a deferred
// call runs at exit with the locks whose release was deferred before it
// still held.
package deferdyn

import "sync"

type Doer interface{ Do() }

type impl struct{ mu sync.Mutex }

func (i *impl) Do() { i.mu.Lock(); i.mu.Unlock() } // want Do:"acquires impl.mu"

type holder struct {
	mu sync.Mutex
	d  Doer
	f  func()
	n  int
}

func newHolder() *holder {
	h := &holder{d: &impl{}}
	h.f = h.flush
	return h
}

func (h *holder) flush() { h.mu.Lock(); h.n = 0; h.mu.Unlock() } // want flush:"acquires holder.mu"

// A deferred interface call runs under h.mu: holder.mu -> impl.mu.
func (h *holder) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	defer h.d.Do() // ok: the first half
	h.n++
}

func (h *holder) reverse(i *impl) {
	i.mu.Lock()
	defer i.mu.Unlock()
	h.mu.Lock() // want `lock order inversion: holder.mu acquired while holding impl.mu here, impl.mu acquired while holding holder.mu at deferdyn.go:\d+ through \(\*impl\).Do \(h.d.Do resolved by value flow\)`
	h.mu.Unlock()
}

// A deferred call of a function-typed field, and a deferred method call:
// each locks h.mu again before the deferred Unlock runs.
func (h *holder) reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	defer h.f() // want `double lock of h.mu through \(\*holder\).flush \(h.f resolved by assignments\)`
}

func (h *holder) resetStatic() {
	h.mu.Lock()
	defer h.mu.Unlock()
	defer h.flush() // want `double lock of h.mu through holder.flush`
}

// Silent: the deferred call runs after the deferred Unlock (registered
// first, it runs last), or the lock is released before exit.
func (h *holder) resetAfter() {
	defer h.flush() // ok: runs after h.mu.Unlock
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n++
}

func (h *holder) resetReleased() {
	h.mu.Lock()
	h.n++
	h.mu.Unlock()
	defer h.f() // ok: nothing held at exit
}
