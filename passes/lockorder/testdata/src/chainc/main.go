// Command chainc is the end of package chaina's helper chains: main and
// the goroutines it starts have no caller to release what they hold.
package main

import "chaina"

func main() {
	var c chaina.Client
	if _, err := c.Do("k"); err != nil { // want `c.mu, read-locked through Client.Do -> Client.getRemote -> Client.acquire, is never released: main returns holding it`
		println(err.Error())
	}
}

// Silent: released, handed to a goroutine that releases it, passed on
// as a method value.

func released(c *chaina.Client) {
	go func() {
		defer c.Release()
		c.Do("k")
	}()
}

func semaphore(c *chaina.Client) {
	done := make(chan bool)
	go func() {
		c.Do("k")
		go func() {
			c.Release()
			close(done)
		}()
	}()
	<-done
}

type cleanups []func()

func (cs *cleanups) add(f func()) { *cs = append(*cs, f) }

func methodValue(c *chaina.Client) {
	var cs cleanups
	go func() {
		c.Do("k")
		cs.add(c.Release)
	}()
}

// Silent: helpers that hand the caller a way to release the lock: an
// unlock function, a guard object, a sync.Locker.

type guard struct{ mu *chainaMu }

type chainaMu = lockedClient

type lockedClient struct{ c *chaina.Client }

func (g guard) Unlock() { g.mu.c.Release() }

func lockGuard(c *chaina.Client) guard {
	c.Do("k")
	return guard{&lockedClient{c}}
}

func lockFunc(c *chaina.Client) func() {
	c.Do("k")
	return c.Release
}

func withUnlockFunc(c *chaina.Client) {
	go func() {
		unlock := lockFunc(c)
		defer unlock()
	}()
}

func withGuard(c *chaina.Client) {
	go func() {
		g := lockGuard(c)
		defer g.Unlock()
	}()
}
