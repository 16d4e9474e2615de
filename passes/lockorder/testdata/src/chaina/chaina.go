// Package chaina declares lock helpers, plain and conditional, whose
// callers (here and in package chainb) must release what they hold.
package chaina

import (
	"errors"
	"sync"
)

type Client struct {
	mu     sync.RWMutex
	closed bool
	data   map[string]string
}

var ErrClosed = errors.New("closed")

// acquire is a lock helper: it returns read-locking c.mu on every path.
func (c *Client) acquire() error {
	c.mu.RLock()
	if c.closed {
		return ErrClosed
	}
	return nil
}

func (c *Client) release() { c.mu.RUnlock() }

// getRemote and Do pass the helper's lock up: helpers too.
func (c *Client) getRemote(k string) (string, error) {
	if err := c.acquire(); err != nil {
		return "", err
	}
	return c.data[k], nil
}

func (c *Client) Do(k string) (string, error) { return c.getRemote(k) } // want Do:"acquires Client.mu:R, holds Client.mu:R"

func (c *Client) Release() { c.release() } // want Release:"releases Client.mu"

// Get uses the chain as designed: released on every path.
func (c *Client) Get(k string) (string, error) { // want Get:"acquires Client.mu:R"
	v, err := c.Do(k)
	c.Release()
	return v, err
}

// A goroutine that takes the chain's lock and never releases it: the
// next Lock of c.mu (Close) blocks forever.
func (c *Client) Prefetch(keys []string) {
	go func() {
		for _, k := range keys {
			c.Do(k) // want `c.mu, read-locked through Client.Do -> Client.getRemote -> Client.acquire, is never released: the goroutine ends holding it`
		}
	}()
}

func (c *Client) Close() { // want Close:"acquires Client.mu"
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

// cleanup is a conditional helper: it returns a nil error holding c.mu,
// and an error without it.
func (c *Client) cleanup() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// Cleanup passes cleanup's result up: a conditional helper too.
func (c *Client) Cleanup() error { return c.cleanup() } // want Cleanup:"acquires Client.mu, holds Client.mu on a nil error"

// TryLockOpen is a conditional helper with a bool result.
func (c *Client) TryLockOpen() bool { // want TryLockOpen:"holds Client.mu on true"
	if !c.mu.TryLock() {
		return false
	}
	if c.closed {
		c.mu.Unlock()
		return false
	}
	return true
}

func (c *Client) Unlock() { c.mu.Unlock() } // want Unlock:"releases Client.mu"

func (c *Client) sweep() {
	c.cleanup() // want `c.mu is held by Client.cleanup when it returns a nil error, and this call discards the result: never released`
	c.data = nil
}

func (c *Client) sweepBlank() {
	_ = c.Cleanup() // want `c.mu is held by Client.Cleanup -> Client.cleanup when it returns a nil error, and this call discards the result`
}

// Silent: the result is tested, the lock released where it is held.

func (c *Client) sweepChecked() error {
	if err := c.cleanup(); err != nil {
		return err
	}
	c.data = nil
	c.mu.Unlock()
	return nil
}

func (c *Client) sweepTry() {
	if c.TryLockOpen() {
		c.data = nil
		c.Unlock()
	}
}

// Silent: a helper used as designed.
func (c *Client) Keys() (n int) { // want Keys:"acquires Client.mu:R"
	if _, err := c.Do(""); err == nil {
		n = len(c.data)
	}
	c.Release()
	return n
}

// Silent: the lock handed to a goroutine that releases it.
func (c *Client) Handed() { // want Handed:"acquires Client.mu:R"
	c.acquire()
	go func() {
		c.data = nil
		c.mu.RUnlock()
	}()
}

// A tested conditional helper holds its lock where its result says so.

func (c *Client) sweepLeak() error {
	if err := c.cleanup(); err != nil {
		return err
	}
	if c.data == nil {
		return ErrClosed // want `c.mu is still held at this return but released on other paths: missing Unlock`
	}
	c.mu.Unlock()
	return nil
}

func (c *Client) tryTwice() {
	if c.TryLockOpen() {
		c.mu.Lock() // want `double lock of c.mu`
	}
}

func (c *Client) tryInit() {
	if ok := c.TryLockOpen(); ok {
		defer c.Unlock() // ok: held on this branch
		c.data = nil
	}
}

func (c *Client) cleanupEq() {
	if c.cleanup() == nil {
		c.data = nil
		c.mu.Unlock() // ok
	}
}

// Helpers that hand back a value standing for the lock they leave held:
// whether it is a way to release the lock is what its methods do, not
// what they are named (their callers are in package chainc).

// Guard's Finish releases the locks LockGuard leaves held.
type Guard struct{ group []*Client }

func (g Guard) Finish() { // want Finish:"releases Client.mu"
	for _, c := range g.group {
		c.Release()
	}
}

func (c *Client) LockGuard() Guard { // want LockGuard:"acquires Client.mu:R, holds Client.mu:R"
	c.Do("k")
	return Guard{[]*Client{c}}
}

// Handle's Close does not release the lock LockHandle leaves held (nor
// does anything a Handle holds).
type Handle struct{ keys []string }

func (h *Handle) Close() { h.keys = nil }

func (c *Client) LockHandle() *Handle { // want LockHandle:"acquires Client.mu:R, holds Client.mu:R"
	c.Do("k")
	return &Handle{keys: []string{"k"}}
}
