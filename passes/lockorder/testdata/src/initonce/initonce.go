// want package:`checkBeforeLock.hsMu -> checkBeforeLock.in, checkBeforeLock.in -> checkBeforeLock.hsMu, conn.hsMu -> conn.in \(initialises conn.done\), conn.in -> conn.hsMu \(after conn.done\), looseReset.hsMu -> looseReset.in, looseReset.in -> looseReset.hsMu \(after looseReset.done\), noInit.hsMu -> noInit.in \(initialises noInit.done\), noInit.in -> noInit.hsMu`

// Package initonce tests the double-checked initialisation rule, reduced
// from crypto/tls (Conn.handshakeContext and Conn.Read): hsMu -> in is
// taken only while the completion flag, checked under hsMu, is unset; in ->
// hsMu only after a call that completes the handshake. The pair is not a
// cycle. The same shapes without the dominating call, or with the flag
// cleared outside hsMu, still are.
package initonce

import (
	"sync"
	"sync/atomic"
)

type conn struct {
	hsMu sync.Mutex
	in   sync.Mutex
	done atomic.Bool
	err  error
	n    int
}

// handshakeContext is crypto/tls's: a fast path, then the same check again
// under hsMu before in is taken.
func (c *conn) handshakeContext() error {
	if c.done.Load() {
		return nil
	}
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
	if c.err != nil {
		return c.err
	}
	if c.done.Load() {
		return nil
	}
	c.in.Lock() // ok: initialisation edge, reversed only after the handshake
	defer c.in.Unlock()
	c.n++
	c.done.Store(true)
	return nil
}

func (c *conn) handshake() error { return c.handshakeContext() }

// renegotiate clears the flag, under hsMu, and runs the handshake again.
func (c *conn) renegotiate() {
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
	c.done.Store(false)
	c.n++
	c.done.Store(true)
}

func (c *conn) read() error {
	if err := c.handshake(); err != nil {
		return err
	}
	c.in.Lock()
	defer c.in.Unlock()
	c.renegotiate() // ok: in -> hsMu only once handshake has completed
	return nil
}

// noInit has the same shape, but its read takes in without completing the
// handshake first: a reader holding in waits for hsMu while a handshake
// holding hsMu (flag unset) waits for in.
type noInit struct {
	hsMu sync.Mutex
	in   sync.Mutex
	done atomic.Bool
}

func (c *noInit) handshake() {
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
	if c.done.Load() {
		return
	}
	c.in.Lock()
	defer c.in.Unlock()
	c.done.Store(true)
}

func (c *noInit) renegotiate() {
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
	c.done.Store(false)
	c.done.Store(true)
}

func (c *noInit) read() {
	c.in.Lock()
	defer c.in.Unlock()
	c.renegotiate() // want `lock order inversion: noInit.hsMu acquired through noInit.renegotiate \(locked at initonce.go:\d+\) while holding noInit.in here, noInit.in acquired while holding noInit.hsMu at initonce.go:\d+`
}

// looseReset has a dominating handshake, but clears the flag without hsMu:
// a handshake may then pass its check while a reader holds in.
type looseReset struct {
	hsMu sync.Mutex
	in   sync.Mutex
	done atomic.Bool
}

func (c *looseReset) handshake() {
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
	if c.done.Load() {
		return
	}
	c.in.Lock()
	defer c.in.Unlock()
	c.done.Store(true)
}

func (c *looseReset) invalidate() {
	c.done.Store(false) // not under hsMu
}

func (c *looseReset) renegotiate() {
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
}

func (c *looseReset) read() {
	c.handshake()
	c.in.Lock()
	defer c.in.Unlock()
	c.renegotiate() // want `lock order inversion: looseReset.hsMu acquired through looseReset.renegotiate \(locked at initonce.go:\d+\) while holding looseReset.in here`
}

// checkBeforeLock checks the flag only before taking hsMu (no second check
// under it): nothing stops two callers from both passing it.
type checkBeforeLock struct {
	hsMu sync.Mutex
	in   sync.Mutex
	done atomic.Bool
}

func (c *checkBeforeLock) handshake() {
	if c.done.Load() {
		return
	}
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
	c.in.Lock()
	defer c.in.Unlock()
	c.done.Store(true)
}

func (c *checkBeforeLock) read() {
	c.handshake()
	c.in.Lock()
	defer c.in.Unlock()
	c.hsMu.Lock() // want `lock order inversion: checkBeforeLock.hsMu acquired while holding checkBeforeLock.in here`
	c.hsMu.Unlock()
}
