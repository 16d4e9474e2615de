// want package:"X.mu -> Y.mu, Y.mu -> X.mu"

// Package closures tests closures: called in place (caller's locks),
// deferred (at exit), started as goroutines (nothing held), and stored.
package closures

import "sync"

type X struct{ mu sync.Mutex }
type Y struct{ mu sync.Mutex }

func inPlace(x *X, y *Y) {
	x.mu.Lock()
	defer x.mu.Unlock()
	func() {
		y.mu.Lock() // ok: first half (X.mu -> Y.mu)
		defer y.mu.Unlock()
	}()
}

func reverse(x *X, y *Y) {
	y.mu.Lock()
	defer y.mu.Unlock()
	go func() {
		x.mu.Lock() // ok: a goroutine holds nothing
		x.mu.Unlock()
	}()
	f := func() {
		x.mu.Lock() // ok: runs later, not with y.mu held
		x.mu.Unlock()
	}
	defer f()
	func() {
		x.mu.Lock() // want `lock order inversion: X.mu acquired while holding Y.mu here, Y.mu acquired while holding X.mu at closures.go:16`
		x.mu.Unlock()
	}()
}

func unlockInPlace(x *X) {
	x.mu.Lock()
	func() {
		x.mu.Unlock()
	}()
	x.mu.Lock() // ok: released by the closure
	x.mu.Unlock()
}

func deferredUnlock(x *X, c bool) int {
	x.mu.Lock()
	defer func() {
		if c {
			x.mu.Unlock()
		}
	}()
	if c {
		return 1 // ok: the deferred closure unlocks
	}
	return 0
}

func goLeak(x *X, c bool) {
	go func() {
		x.mu.Lock()
		if c {
			return // want `x.mu is still held at this return`
		}
		x.mu.Unlock()
	}()
}

// A deferred closure runs at exit, with the locks whose release was
// deferred before it still held.
type Z struct{ mu sync.Mutex }
type W struct{ mu sync.Mutex }

func zw(z *Z, w *W) {
	z.mu.Lock()
	defer z.mu.Unlock()
	w.mu.Lock() // ok: first half
	w.mu.Unlock()
}

func wzAtExit(z *Z, w *W) {
	w.mu.Lock()
	defer w.mu.Unlock()
	defer func() {
		z.mu.Lock() // want `lock order inversion: Z.mu acquired while holding W.mu here`
		z.mu.Unlock()
	}()
}

func doubleAtExit(z *Z) {
	z.mu.Lock()
	defer z.mu.Unlock()
	defer func() {
		z.mu.Lock() // want `double lock of z.mu`
		z.mu.Unlock()
	}()
}

func relockAtExit(z *Z) {
	z.mu.Lock()
	defer func() {
		z.mu.Lock() // ok: z.mu is unlocked below, before exit
		z.mu.Unlock()
	}()
	z.mu.Unlock()
}

// A function literal bound to a local variable runs where it is called.
func localUnlock(x *X, c bool) int {
	x.mu.Lock()
	unlock := func() { x.mu.Unlock() }
	if c {
		unlock()
		return 1 // ok: unlocked through the local function
	}
	x.mu.Unlock()
	return 0
}

func localDeferredUnlock(x *X, c bool) int {
	x.mu.Lock()
	unlock := func() { x.mu.Unlock() }
	defer unlock()
	if c {
		return 1 // ok: deferred through the local function
	}
	return 0
}

func localLockTwice(x *X) {
	lock := func() { x.mu.Lock() } // want `double lock of x.mu`
	lock()
	lock()
	x.mu.Unlock()
}

func localSemaphore(x *X) {
	unlock := func() { x.mu.Unlock() }
	x.mu.Lock()
	go unlock()
	x.mu.Lock() // ok: a goroutine unlocks it
	x.mu.Unlock()
}
