// want package:"Conn.in.Mutex -> Conn.out.Mutex"

// Package stdfp holds the false positives met in the standard library,
// reduced: each must stay silent.
package stdfp

import "sync"

// A mutex used as a semaphore between goroutines (runtime/pprof tests,
// runtime/chan_test.go): the second Lock waits for the goroutine's Unlock.
func semaphore(work func()) {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		work()
		mu.Unlock()
	}()
	mu.Lock() // ok: released by the goroutine, a wait
}

func semaphoreInGoroutine() {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		mu.Lock() // ok: released by the parent
	}()
	mu.Unlock()
}

// Two mutexes held by value in one struct (crypto/tls's c.in and c.out,
// both halfConn) are two classes, not two instances of halfConn.Mutex.
type halfConn struct {
	sync.Mutex
	seq int
}

type Conn struct {
	in, out halfConn
	hsMu    sync.Mutex
	quic    bool
}

func (c *Conn) sendAlert() {
	c.out.Lock()
	defer c.out.Unlock()
	c.out.seq++
}

func (c *Conn) read() {
	c.in.Lock()
	defer c.in.Unlock()
	c.sendAlert() // ok: Conn.in.Mutex before Conn.out.Mutex, two classes
}

// renegotiate takes hsMu only when not under QUIC.
func (c *Conn) renegotiate() {
	if c.quic {
		return
	}
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
}

type QUICConn struct{ conn *Conn }

// An alias (c := q.conn) names the same instance, and a callee that only
// may acquire the lock (on a path infeasible here) is no certain deadlock.
func (q *QUICConn) handleData() {
	c := q.conn
	c.hsMu.Lock()
	defer c.hsMu.Unlock()
	q.conn.renegotiate() // ok: may acquire only (c.quic is set)
}

// syscall's acquireForkLock: keeps the write lock on one path by design,
// and only pairs a read lock elsewhere.
var ForkLock sync.RWMutex

var forking int

func acquireForkLock() {
	if forking == 0 {
		ForkLock.Lock()
		forking++
		return // ok: the function never Unlocks ForkLock's write side
	}
	ForkLock.RLock()
	ForkLock.RUnlock()
	forking++
}

// sync's BenchmarkRWMutexUncontended: a recursive read lock of a local
// RWMutex that no other goroutine can reach (no writer can queue).
func uncontended() {
	var rw sync.RWMutex
	rw.RLock()
	rw.RLock() // ok: no other goroutine sees rw
	rw.RUnlock()
	rw.RUnlock()
}

func contended() {
	var rw sync.RWMutex
	go func() {
		rw.Lock()
		rw.Unlock()
	}()
	rw.RLock()
	rw.RLock() // want `recursive read lock of rw`
	rw.RUnlock()
	rw.RUnlock()
}

func uncontendedEmbedded() {
	type padded struct {
		sync.RWMutex
		pad [32]uint32
	}
	var rw padded
	rw.RLock()
	rw.RLock() // ok: no other goroutine sees rw
	rw.RUnlock()
	rw.RUnlock()
}

// grpc's addrConn.updateAddrs: the lock is handed to a goroutine that
// unlocks it.
type addrConn struct {
	mu    sync.Mutex
	addrs []string
}

func (ac *addrConn) resetTransportAndUnlock() {
	ac.addrs = nil
	ac.mu.Unlock()
}

func (ac *addrConn) updateAddrs(addrs []string) {
	ac.mu.Lock()
	if len(addrs) == 0 {
		ac.mu.Unlock()
		return
	}
	ac.addrs = addrs
	go ac.resetTransportAndUnlock() // ok: the goroutine unlocks ac.mu
}

func (ac *addrConn) handOffClosure() {
	ac.mu.Lock()
	if ac.addrs == nil {
		ac.mu.Unlock()
		return
	}
	go func() {
		ac.addrs = nil
		ac.mu.Unlock()
	}()
} // ok: the goroutine unlocks ac.mu

// testify's Call.Unset: unlocking through sync.Once.Do(c.unlock).
type Mock struct {
	mutex sync.Mutex
	calls []string
}

type Call struct{ Parent *Mock }

func (c *Call) lock()   { c.Parent.mutex.Lock() }
func (c *Call) unlock() { c.Parent.mutex.Unlock() } // want unlock:"releases Mock.mutex"

func (m *Mock) fail() {
	m.mutex.Lock()
	defer m.mutex.Unlock()
	m.calls = nil
}

func (c *Call) Unset(found bool) {
	var unlockOnce sync.Once
	c.lock()
	defer unlockOnce.Do(c.unlock)
	if !found {
		unlockOnce.Do(c.unlock)
		c.Parent.fail() // ok: unlocked through unlockOnce.Do
	}
}

// Ownership of a local RWMutex (internal/escape): handing its address to
// a helper that keeps nothing of it, or capturing it in a literal run in
// place, shares it with no goroutine.
func rlockHelper(rw *sync.RWMutex) {
	rw.RLock()
	rw.RUnlock()
}

func uncontendedHelper() {
	var rw sync.RWMutex
	rw.RLock()
	rlockHelper(&rw) // ok: the helper keeps nothing of rw
	rw.RUnlock()
}

func uncontendedInPlace() {
	var rw sync.RWMutex
	func() {
		rw.RLock()
		rw.RLock() // ok: a literal run in place shares nothing
		rw.RUnlock()
		rw.RUnlock()
	}()
}

var keptRW *sync.RWMutex

func keptHelper(rw *sync.RWMutex) {
	keptRW = rw
	rw.RLock()
	rw.RUnlock()
}

func contendedKept() {
	var rw sync.RWMutex
	rw.RLock()
	keptHelper(&rw)
	rw.RUnlock()
}

func contendedInPlace() {
	var rw sync.RWMutex
	func() {
		go func() {
			rw.Lock()
			rw.Unlock()
		}()
	}()
	rw.RLock()
	rw.RLock() // want `recursive read lock of rw`
	rw.RUnlock()
	rw.RUnlock()
}
