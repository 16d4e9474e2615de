// want package:"A.mu -> B.mu, A.mu -> C.mu, B.mu -> C.mu, C.mu -> A.mu, Child.mu -> Other.mu, Child.mu -> Parent.mu, Other.mu -> Parent.mu, Parent.mu -> Child.mu, declared Parent.mu < Child.mu, declared A.mu < B.mu < C.mu"

// Package declared tests //cowlint:order declarations.
package declared

import "sync"

//cowlint:order Parent.mu < Child.mu
type Parent struct {
	mu    sync.Mutex
	child *Child
}

type Child struct {
	mu     sync.Mutex
	parent *Parent
}

func (p *Parent) update() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.child.mu.Lock() // ok: the declared order
	p.child.mu.Unlock()
}

func (c *Child) notify() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parent.mu.Lock() // want `lock order violation: Parent.mu acquired while holding Child.mu, against //cowlint:order Parent.mu < Child.mu at declared.go:8`
	c.parent.mu.Unlock()
}

//cowlint:order A.mu < B.mu < C.mu
type A struct{ mu sync.Mutex }
type B struct{ mu sync.Mutex }
type C struct{ mu sync.Mutex }

func transitive(a *A, c *C) {
	c.mu.Lock()
	a.mu.Lock() // want `lock order violation: A.mu acquired while holding C.mu, against //cowlint:order A.mu < B.mu < C.mu`
	a.mu.Unlock()
	c.mu.Unlock()
}

func ordered(a *A, b *B, c *C) {
	a.mu.Lock()
	b.mu.Lock() // ok: declared order
	c.mu.Lock() // ok: declared order
	c.mu.Unlock()
	b.mu.Unlock()
	a.mu.Unlock()
}

// A violation through a callee's nested acquisitions: lockBoth takes
// Parent.mu under its own Other.mu; the edge Child.mu -> Parent.mu at the
// call is kept (with declarations in sight, no edge is left implied), and
// the cycle Child.mu -> Other.mu -> Parent.mu -> Child.mu is reported too.

type Other struct{ mu sync.Mutex }

func lockBoth(o *Other, p *Parent) {
	o.mu.Lock()
	p.mu.Lock()
	p.mu.Unlock()
	o.mu.Unlock()
}

func (c *Child) viaNested(o *Other) {
	c.mu.Lock()
	defer c.mu.Unlock()
	lockBoth(o, c.parent) // want `lock order violation: Parent.mu acquired through lockBoth \(locked at declared.go:\d+\) while holding Child.mu` `lock order inversion: Other.mu acquired through lockBoth \(locked at declared.go:\d+\) while holding Child.mu here, Parent.mu acquired while holding Other.mu at declared.go:\d+, Child.mu acquired while holding Parent.mu at declared.go:22`
}
