// Package leak tests forgotten unlocks, and the lock helpers that are not.
package leak

import (
	"errors"
	"sync"
)

type Conn struct {
	mu     sync.Mutex
	closed bool
	buf    []byte
}

var errClosed = errors.New("closed")

func (c *Conn) write(p []byte) error {
	c.mu.Lock()
	if c.closed {
		return errClosed // want `c.mu is still held at this return but released on other paths: missing Unlock`
	}
	c.buf = append(c.buf, p...)
	c.mu.Unlock()
	return nil
}

func (c *Conn) loop(ps [][]byte) {
	for _, p := range ps {
		c.mu.Lock()
		if p == nil {
			break // want `c.mu is still held after this break, and never released after it: missing Unlock`
		}
		c.buf = append(c.buf, p...)
		c.mu.Unlock()
	}
}

// Silent.

func (c *Conn) deferred(p []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return errClosed // ok: deferred unlock
	}
	c.buf = append(c.buf, p...)
	return nil
}

func (c *Conn) early(p []byte) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return errClosed // ok: unlocked on this path too
	}
	c.buf = append(c.buf, p...)
	c.mu.Unlock()
	return nil
}

// lock is a lock helper: it always returns holding c.mu.
func (c *Conn) lock() {
	c.mu.Lock()
	if c.closed {
		return // ok: held on every path
	}
}

// lockIfOpen is a conditional helper: it holds c.mu exactly when it
// returns true.
func (c *Conn) lockIfOpen() bool {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false
	}
	return true // ok: the result says the lock is held
}

func (c *Conn) panics() {
	c.mu.Lock()
	if c.closed {
		panic("closed") // ok: not a return
	}
	c.mu.Unlock()
}

func (c *Conn) useHelper() {
	c.lock()
	defer c.mu.Unlock()
	c.buf = nil
}

func (c *Conn) tryLock() bool {
	if !c.mu.TryLock() {
		return false
	}
	c.buf = nil
	return true // ok: a conditional helper (TryLock's true branch)
}

// Across loop iterations: a continue with the lock still held, while the
// other paths to the next iteration release it.

var loopMu sync.Mutex

func loopContinue(items []int) (n int) {
	for _, it := range items {
		loopMu.Lock()
		if it < 0 {
			continue // want `loopMu is still held at this continue but released on the other paths to the next iteration, which locks it again: missing Unlock`
		}
		n += it
		loopMu.Unlock()
	}
	return n
}

func loopContinueFor(t *tracker, k int) {
	for i := 0; i < k; i++ {
		t.mu.Lock()
		if t.n > i {
			continue // want `t.mu is still held at this continue`
		}
		t.n++
		t.mu.Unlock()
	}
}

func loopContinueReleased(items []int) (n int) {
	for _, it := range items {
		loopMu.Lock()
		if it < 0 {
			loopMu.Unlock()
			continue // ok: released first
		}
		n += it
		loopMu.Unlock()
	}
	return n
}

func loopLockedOutside(items []int) (n int) {
	loopMu.Lock()
	defer loopMu.Unlock()
	for _, it := range items {
		if it < 0 {
			continue // ok: taken before the loop, held throughout
		}
		n += it
	}
	return n
}

func loopDeferredClosure(items []int) (n int) {
	for _, it := range items {
		func() {
			loopMu.Lock()
			defer loopMu.Unlock()
			n += it
		}()
		if it < 0 {
			continue // ok: released by the closure
		}
	}
	return n
}

func loopInfinite(ch chan int) {
	for {
		loopMu.Lock()
		v, ok := <-ch
		if !ok {
			loopMu.Unlock()
			return
		}
		if v < 0 {
			continue // want `loopMu is still held at this continue`
		}
		loopMu.Unlock()
	}
}

type tracker struct {
	mu sync.Mutex
	n  int
}

// Out of an inner loop with the lock held: the outer loop's next
// iteration locks it again before any Unlock.

func breakInner(groups [][]int) (n int) {
	for _, g := range groups {
		for _, it := range g {
			loopMu.Lock()
			if it < 0 {
				break // want `loopMu is still held after this break, and locked again at leak.go:\d+ before any Unlock: missing Unlock`
			}
			n += it
			loopMu.Unlock()
		}
	}
	return n
}

func breakInnerLabeled(t *tracker, groups [][]int) {
outer:
	for _, g := range groups {
		for _, it := range g {
			t.mu.Lock()
			if it < 0 {
				break // want `t.mu is still held after this break, and locked again`
			}
			if it == 0 {
				t.mu.Unlock()
				continue outer
			}
			t.n += it
			t.mu.Unlock()
		}
	}
}

func gotoBack(t *tracker, ch chan int) {
again:
	t.mu.Lock()
	v := <-ch
	if v < 0 {
		goto again // want `t.mu is still held after this goto, and locked again`
	}
	t.n += v
	t.mu.Unlock()
}

// Silent: released after the inner loop, before the next Lock.

func breakReleasedAfter(groups [][]int) (n int) {
	for _, g := range groups {
		loopMu.Lock()
		for _, it := range g {
			if it < 0 {
				break // ok: released right after the inner loop
			}
			n += it
		}
		loopMu.Unlock()
	}
	return n
}

func breakThenUnlock(groups [][]int) (n int) {
	for _, g := range groups {
		held := false
		for _, it := range g {
			loopMu.Lock()
			held = true
			if it < 0 {
				break // ok: the code after the loop unlocks on this path
			}
			n += it
			loopMu.Unlock()
			held = false
		}
		if held {
			loopMu.Unlock()
		}
	}
	return n
}

func breakSwitch(items []int) (n int) {
	for _, it := range items {
		loopMu.Lock()
		switch {
		case it < 0:
			break // ok: leaves the switch, the Unlock follows
		default:
			n += it
		}
		loopMu.Unlock()
	}
	return n
}

func breakOuterOnly(groups [][]int) (n int) {
	for _, g := range groups {
		loopMu.Lock()
		if len(g) == 0 {
			loopMu.Unlock()
			break
		}
		n += len(g)
		loopMu.Unlock()
	}
	return n
}
