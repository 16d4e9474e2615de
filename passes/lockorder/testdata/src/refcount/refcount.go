// want package:"holder.mu -> unguarded.mu, node.mu -> registry.mu, registry.mu -> node.mu, trace.mu -> bucket.mu, typed.mu -> typedOwner.mu, unguarded.mu -> holder.mu"

// Package refcount tests the last-reference rule, reduced from
// golang.org/x/net/trace (traceBucket.Add and trace.unref): the locks of an
// object taken where its reference count has just dropped to zero cannot
// block (no other goroutine holds a reference, so none holds its locks), and
// add no order edges, also through calls in that branch that receive it.
// Without the guard, or for another object's lock, the inversion stays.
package refcount

import (
	"sync"
	"sync/atomic"
)

type trace struct {
	mu     sync.RWMutex
	refs   int32
	events []int
	parent *trace
}

type bucket struct {
	mu  sync.Mutex
	buf []*trace
}

func (tr *trace) reset() {
	tr.mu.Lock()
	tr.events = nil
	tr.mu.Unlock()
}

func freeTrace(tr *trace) { tr.reset() }

func (tr *trace) unref() {
	if atomic.AddInt32(&tr.refs, -1) == 0 {
		tr.mu.RLock() // ok: tr is owned here
		_ = tr.events
		tr.mu.RUnlock()
		freeTrace(tr) // ok: freeTrace locks only tr's mutex
	}
}

func (b *bucket) add(tr *trace) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf[0].unref() // ok: trace.mu is taken only on the last reference
	b.buf[0] = tr
}

func (tr *trace) finish(b *bucket) {
	tr.mu.RLock()
	b.add(tr)
	tr.mu.RUnlock()
}

// typed counts with atomic.Int32.
type typed struct {
	mu   sync.Mutex
	refs atomic.Int32
}

type typedOwner struct {
	mu sync.Mutex
	t  *typed
}

func (t *typed) release() {
	if t.refs.Add(-1) == 0 {
		t.mu.Lock() // ok: last reference
		t.mu.Unlock()
	}
}

func (o *typedOwner) drop() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.t.release() // ok: typed.mu only on the last reference
}

func (t *typed) attach(o *typedOwner) {
	t.mu.Lock()
	defer t.mu.Unlock()
	o.mu.Lock()
	o.t = t
	o.mu.Unlock()
}

// unguarded decrements without looking at the result: the lock is taken
// whatever the count, so it may block.
type unguarded struct {
	mu   sync.Mutex
	refs int32
}

type holder struct {
	mu sync.Mutex
	u  *unguarded
}

func (u *unguarded) unref() {
	atomic.AddInt32(&u.refs, -1)
	u.mu.Lock()
	u.mu.Unlock()
}

func (h *holder) drop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.u.unref()
}

func (u *unguarded) attach(h *holder) {
	u.mu.Lock()
	defer u.mu.Unlock()
	h.mu.Lock() // want `lock order inversion: holder.mu acquired while holding unguarded.mu here`
	h.u = u
	h.mu.Unlock()
}

// parentLock takes, on the last reference, the lock of the object's parent:
// another object, which other goroutines may hold.
type node struct {
	mu     sync.Mutex
	refs   int32
	parent *node
	kids   int
}

type registry struct {
	mu sync.Mutex
	n  *node
}

func (n *node) unref() {
	if atomic.AddInt32(&n.refs, -1) == 0 {
		n.parent.mu.Lock() // not owned: the parent has other references
		n.parent.kids--
		n.parent.mu.Unlock()
	}
}

func (r *registry) drop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n.unref()
}

func (n *node) register(r *registry) {
	n.mu.Lock()
	defer n.mu.Unlock()
	r.mu.Lock() // want `lock order inversion: registry.mu acquired while holding node.mu here`
	r.n = n
	r.mu.Unlock()
}
