// want package:"pipe.wrMu -> onceError.Mutex, forkingLock -> ForkLock"

// Command chainc is the end of package chaina's helper chains: main and
// the goroutines it starts have no caller to release what they hold.
package main

import (
	"os"
	"sync"

	"chaina"
)

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

// Silent: the helper's lock released by a deferred closure, or through a
// sync.Locker the helper hands back.

func deferredClosure(c *chaina.Client) {
	go func() {
		defer func() {
			c.Release()
		}()
		c.Do("k")
	}()
}

type releaser struct{ c *chaina.Client }

func (r releaser) Lock()   { r.c.Do("k") }
func (r releaser) Unlock() { r.c.Release() }

func lockLocker(c *chaina.Client) sync.Locker {
	c.Do("k")
	return releaser{c}
}

func withLocker(c *chaina.Client) {
	go func() {
		l := lockLocker(c)
		defer l.Unlock()
	}()
}

// Silent: the program ends with the lock held (os.Exit, a panic): no
// other goroutine is left to block on it.

func exits(c *chaina.Client) {
	go func() {
		if _, err := c.Do("k"); err != nil {
			os.Exit(1)
		}
		c.Release()
	}()
}

func panics(c *chaina.Client) {
	go func() {
		if _, err := c.Do("k"); err != nil {
			panic(err)
		}
		c.Release()
	}()
}

// Reported once: the same goroutine, returning on the error with the
// lock held, by the early-return rule.
func returns(c *chaina.Client) {
	go func() {
		if _, err := c.Do("k"); err != nil {
			return // want `c.mu is still held at this return but released on other paths: missing Unlock`
		}
		c.Release()
	}()
}

// Silent: a Lock/Unlock pair of helpers over several objects, used as
// designed.

type group []*chaina.Client

func (g group) lockAll() {
	for _, c := range g {
		c.Do("k")
	}
}

func (g group) unlockAll() {
	for _, c := range g {
		c.Release()
	}
}

func (g group) snapshot() {
	go func() {
		g.lockAll()
		defer g.unlockAll()
	}()
}

// A helper's result handed on, not used here: it is how the lock is
// released when its type has a method that releases it, whatever that
// method is named.

// Silent: finisher's Finish releases c.mu.
type finisher struct{ group []*chaina.Client }

func (f finisher) Finish() {
	for _, c := range f.group {
		c.Release()
	}
}

func lockFinisher(c *chaina.Client) finisher {
	c.Do("k")
	return finisher{[]*chaina.Client{c}}
}

func handsFinisherOn(c *chaina.Client, out chan<- finisher) {
	go func() {
		out <- lockFinisher(c)
	}()
}

// Reported: closer has a Close, but it leaves c.mu held (and a closer
// holds no way to release it).
type closer struct{ data map[string]int }

func (k *closer) Close() { clear(k.data) }

func lockCloser(c *chaina.Client) *closer {
	c.Do("k")
	return &closer{map[string]int{}}
}

func handsCloserOn(c *chaina.Client, out chan<- *closer) {
	go func() {
		out <- lockCloser(c) // want `c.mu, read-locked through lockCloser -> Client.Do -> ..., is never released: the goroutine ends holding it`
	}()
}

// The same across packages: the helper and its result's type are
// chaina's, the release known by Guard.Finish's fact.

func handsGuardOn(c *chaina.Client, out chan<- chaina.Guard) {
	go func() {
		out <- c.LockGuard() // ok: Guard.Finish releases c.mu
	}()
}

func handsHandleOn(c *chaina.Client, out chan<- *chaina.Handle) {
	go func() {
		out <- c.LockHandle() // want `c.mu, read-locked through Client.LockHandle -> Client.Do -> ..., is never released: the goroutine ends holding it`
	}()
}
