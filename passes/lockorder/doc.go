// Package lockorder defines an Analyzer that reports lock-order inversions,
// double locking, recursive read locks, lock upgrades and forgotten unlocks.
//
// # Analyzer lockorder
//
// lockorder: check the order and pairing of mutex acquisitions
//
// Go's mutexes are not reentrant, and a sync.RWMutex stops admitting new
// readers once a writer waits. The lockorder analyzer follows, in every
// function, which locks may be held at each point (Lock and RLock add,
// Unlock and RUnlock remove, a deferred Unlock releases at exit, TryLock
// holds only where it succeeded, a go statement starts with nothing held, a
// closure called in place runs with its caller's locks). Locks are named by
// class: a field of a named type (Server.mu, whatever the instance), an
// embedded mutex, a package variable; local mutexes are ordered only within
// their function. Each function's summary (the classes it acquires, directly
// or through its callees, and those it returns still holding) is exported
// as a fact, and so is the package's lock-order graph, so that a cycle
// whose halves live in two packages is found in the package that closes it.
//
// Lock order inversion: a cycle in the order graph, reported once at the
// acquisition that closes it, with the other half's site and call chain:
//
//	func (s *Server) add(c *Conn) { s.mu.Lock(); c.mu.Lock() /* ... */ }
//	func (c *Conn) close()        { c.mu.Lock(); c.srv.mu.Lock() /* ... */ }
//	// lock order inversion: Server.mu acquired while holding Conn.mu here,
//	// Conn.mu acquired while holding Server.mu at server.go:12
//
// Fix: pick one order (Server.mu before Conn.mu) and release c.mu before
// taking the server's lock, or take them in that order everywhere.
//
// Double lock: a lock acquired again while certainly held by the same
// goroutine, directly, through a call, an embedded mutex or a closure
// called in place. It always deadlocks:
//
//	s.mu.Lock()
//	defer s.mu.Unlock()
//	s.flush() // flush locks s.mu: double lock of s.mu through Server.flush
//
// Fix: split flush into a locked wrapper and a flushLocked that expects
// the lock held, and call the latter.
//
// Recursive read lock and upgrade: RLock taken again (directly or through a
// call) while the read lock is held deadlocks once a writer queues between
// the two; Lock taken while the read lock is held always deadlocks:
//
//	c.mu.RLock()
//	v, ok := c.m[k]
//	if !ok {
//		c.mu.Lock() // c.mu locked while read-locked: an RWMutex cannot upgrade
//	}
//
// Fix: release the read lock, take the write lock, and check again.
//
// Same-class nesting: two instances of one class nested (from.mu, then
// to.mu in a transfer) deadlock when two goroutines nest them in opposite
// order. Order the instances (parent before child, or by address or ID) and
// declare it, which silences the report for that class:
//
//	//cowlint:order Account.mu < Account.mu
//
// Forgotten unlock: a function that returns holding a lock on some paths
// but not on others is reported at each leaking return:
//
//	s.mu.Lock()
//	if s.closed {
//		return errClosed // s.mu is still held at this return
//	}
//	s.mu.Unlock()
//
// Fix: unlock before the early return, or defer s.mu.Unlock(). A function
// that returns holding the lock on every path is a lock helper, and its
// callers see the lock held after the call; one whose bool or error result
// says whether the lock is held is a conditional helper, not reported.
//
// Declared order: a comment anywhere in a package,
//
//	//cowlint:order Server.mu < Conn.mu
//
// states that Server.mu may be held while acquiring Conn.mu and never the
// reverse (classes as diagnostics print them, or fully qualified; several
// may be chained with <). Acquisitions against it are reported as
// violations with the directive's position, declarations travel to
// importing packages, and naming one class on both sides declares that its
// instances nest in a fixed order.
//
// Silent by design: a consistent order everywhere; acquisitions one after
// the other; a goroutine taking B while its parent holds A; locks released
// on every path before the next acquisition; TryLock (it cannot block), and
// locks held only on some paths (the analyzer reports certainties there).
//
// The -lockorder.dot=DIR flag writes each package's lock-order graph (its
// own edges and its imports') in Graphviz DOT to DIR/<import path>.dot; under
// go vet each package runs in its own process and writes its own file, and
// the main package's file is the whole program's graph.
package lockorder
