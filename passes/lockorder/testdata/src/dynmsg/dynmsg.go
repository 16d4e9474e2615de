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
