// want package:"Conn.subsMu -> Sub.mu, Sub.mu -> Conn.subsMu"

// Package section7 tests a callee's effect on its caller's locks applied
// through one more function: a helper that drops the caller's lock around
// another and takes it back (called through one or two wrappers), and a
// mutex handed to a goroutine that a callee starts (a one-shot semaphore).
package section7

import "sync"

type Conn struct {
	subsMu sync.Mutex
	subs   []*Sub
}

type Sub struct {
	mu   sync.Mutex
	conn *Conn
}

// relock is called with sub.mu held and returns with it held.
func (sub *Sub) relock() {
	sub.mu.Unlock()
	sub.conn.subsMu.Lock()
	sub.conn.subsMu.Unlock()
	sub.mu.Lock()
}

func (sub *Sub) prepare() { sub.relock() }

func (sub *Sub) prepareMore() { sub.prepare() }

func (sub *Sub) check() {
	sub.mu.Lock()
	sub.prepare() // ok: prepare drops sub.mu around the connection's lock
	sub.mu.Unlock()
}

func (sub *Sub) checkDeeper() {
	sub.mu.Lock()
	sub.prepareMore() // ok: two wrappers deep
	sub.mu.Unlock()
}

func (c *Conn) barrier() {
	c.subsMu.Lock()
	for _, s := range c.subs {
		s.mu.Lock() // ok: Conn.subsMu before Sub.mu, the documented order
		s.mu.Unlock()
	}
	c.subsMu.Unlock()
}

// A wrapper that does not give the lock back: the caller's second Lock is
// fine, and nothing is reported.
func (sub *Sub) release() { sub.mu.Unlock() }

func (sub *Sub) releaseVia() { sub.release() }

func (sub *Sub) cycle() {
	sub.mu.Lock()
	sub.releaseVia()
	sub.mu.Lock() // ok: released through releaseVia
	sub.mu.Unlock()
}

// Wrong: keeps sub.mu across the connection lock.
func (sub *Sub) checkHolding() {
	sub.mu.Lock()
	sub.conn.subsMu.Lock() // want `lock order inversion: Conn.subsMu acquired while holding Sub.mu here`
	sub.conn.subsMu.Unlock()
	sub.mu.Unlock()
}

// A future: lock a fresh mutex, have another goroutine unlock it when the
// result is ready, lock it again to wait.

type future struct{ ready chan struct{} }

func unlockMutex(m *sync.Mutex) { m.Unlock() }

func setCallback(f *future, m *sync.Mutex) {
	go func() {
		<-f.ready
		unlockMutex(m)
	}()
}

func register(f *future, m *sync.Mutex) { setCallback(f, m) }

func (f *future) blockUntilReady() {
	m := &sync.Mutex{}
	m.Lock()
	setCallback(f, m)
	m.Lock() // ok: unlocked by the goroutine setCallback starts
}

func (f *future) blockVia() {
	m := &sync.Mutex{}
	m.Lock()
	register(f, m)
	m.Lock() // ok: one call deeper
}

// A callee that starts a goroutine which does not unlock: still a double
// lock.
func wait(f *future, m *sync.Mutex) {
	go func() { <-f.ready }()
}

func (f *future) stuck() {
	var m sync.Mutex
	m.Lock()
	wait(f, &m)
	m.Lock() // want `double lock of m`
}
