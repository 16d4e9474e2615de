// want package:"declared Outer.mu < Inner.mu"

// Package dynmsg tests that every kind of finding reached through a
// resolved dynamic call names the resolution: a declared-order
// violation, a same-class nesting, a leak at the end of a chain of lock
// helpers.
package dynmsg

import "sync"

// A declared-order violation through a function-typed field.
//
//cowlint:order Outer.mu < Inner.mu
type Outer struct{ mu sync.Mutex }

type Inner struct {
	mu   sync.Mutex
	hook func()
}

func (o *Outer) touch() {
	o.mu.Lock()
	o.mu.Unlock()
}

func wire(in *Inner, o *Outer) { in.hook = o.touch }

func (in *Inner) fire() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.hook() // want `lock order violation: Outer.mu acquired through \(\*Outer\).touch \(in.hook resolved by assignments\) \(locked at dynmsg.go:\d+\) while holding Inner.mu, against //cowlint:order Outer.mu < Inner.mu`
}

// A same-class nesting through an interface call resolved by value flow.
type Pinger interface{ Ping() }

type node struct {
	mu   sync.Mutex
	peer Pinger
}

func (n *node) Ping() {
	n.mu.Lock()
	n.mu.Unlock()
}

func link(n *node) { n.peer = &node{} }

func (n *node) probe() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.peer.Ping() // want `n.peer.mu locked through \(\*node\).Ping \(n.peer.Ping resolved by value flow\) \(locked at dynmsg.go:\d+\) while holding n.mu .*another instance of node.mu`
}

// A lock helper reached through an interface, at the end of a chain.
type Acquirer interface{ Acquire() }

type conn struct{ mu sync.Mutex }

func (c *conn) Acquire() { c.mu.Lock() } // want Acquire:"acquires conn.mu, holds conn.mu"

func (c *conn) Serve() {
	go func() {
		var a Acquirer = c
		a.Acquire() // want `c.mu, locked through \(\*conn\).Acquire \(a.Acquire resolved by value flow\), is never released: the goroutine ends holding it`
	}()
}

// A conditional helper reached through an interface, its result
// discarded.
type Opener interface{ TryOpen() bool }

type gate struct {
	mu     sync.Mutex
	closed bool
}

func (g *gate) TryOpen() bool { // want TryOpen:"holds gate.mu on true"
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return false
	}
	return true
}

func (g *gate) sweep() {
	var o Opener = g
	o.TryOpen() // want `g.mu is held by \(\*gate\).TryOpen \(o.TryOpen resolved by value flow\) when it returns true, and this call discards the result: never released`
}

// A mutex's own Lock taken as a function value, stored in a field: the
// call is the Lock.
type batch struct {
	mu   sync.Mutex
	lock func()
}

func newBatch() *batch {
	b := &batch{}
	b.lock = b.mu.Lock
	return b
}

func (b *batch) twice() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lock() // want `double lock of b.mu through b.lock \(b.mu.Lock taken as a value\)`
}

// A function value taken from a map: the values put in (one cell per
// container field), each bound to the object holding the map.
type router struct {
	mu     sync.Mutex
	routes map[string]func()
}

func newRouter() *router {
	r := &router{routes: map[string]func(){}}
	r.routes["reset"] = r.reset
	return r
}

func (r *router) reset() {
	r.mu.Lock()
	r.mu.Unlock()
}

func (r *router) dispatch(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.routes[k]() // want `double lock of r.mu through \(\*router\).reset \(r.routes\[k\] resolved by assignments\)`
}

// Silent: the helper's lock released through an interface that may run
// one of two releases (CHA): a release that may run is a release.
type Releaser interface{ Release() }

type session struct{ c *conn }

func (s session) Release() { s.c.mu.Unlock() } // want Release:"releases conn.mu"

type nop struct{}

func (nop) Release() {}

func (c *conn) Borrow(r Releaser) {
	go func() {
		c.Acquire()
		r.Release()
	}()
}
