// Package lockorder defines an Analyzer that reports lock-order inversions,
// double locking, recursive read locks, lock upgrades and forgotten unlocks.
//
// # Analyzer lockorder
//
// lockorder: check the order and pairing of mutex acquisitions
//
// Go's mutexes are not reentrant, and a sync.RWMutex stops admitting new
// readers once a writer waits. The lockorder analyzer follows, in every
// function that touches a mutex, which locks may be held and which are
// certainly held at each point: Lock and RLock add, Unlock and RUnlock
// remove, a deferred Unlock releases at exit, TryLock holds only where it
// succeeded, a go statement starts with nothing held, a closure called in
// place (or through a local variable: unlock := func() {...}; unlock())
// runs with its caller's locks, and a deferred one at exit. Locks are
// named by class: a field of a named type (Server.mu, whatever the
// instance), an embedded mutex, a package variable; two values of one type
// held side by side in a struct are two classes (Conn.in.Mutex,
// Conn.out.Mutex); local mutexes are ordered only within their function.
// Each function's summary (the classes it acquires, on every path or on
// some, directly or through its callees, and those it returns still
// holding or releases for its caller) is computed over the call graph's
// strongly connected components, callees first, a recursive component's
// functions walked again until their summaries settle (so recursion hides
// neither a self-deadlock nor an inversion), and exported as a fact, and so is the
// package's lock-order graph, so that a cycle whose halves live in two
// packages is found in the package that closes it.
//
// Dynamic calls and callbacks: a call whose callee is not named at the
// call is resolved by internal/callres (an interface method by value flow
// on the receiver, else by CHA over the types the package sees, bounded at
// four implementations; a function-typed field or variable by the
// functions, method values and closures assigned to it, also in the
// defining package through its fact; a function or interface value taken
// from a map, slice, array or channel (handlers[k](x), a range over
// hooks, f := <-ch) by the values put into that container variable or
// field: literal elements, appends, index assignments, sends), and each
// possible callee's summary
// applies as possible acquisitions (certain only when the resolution is
// complete with one callee). A method called on an interface parameter
// and resolved by CHA acquires for certain where the caller passes that
// type (render(s) with func render(kv KV) { kv.Get() }: a recursive read
// lock when the caller read-locks s and Get read-locks it again), through
// parameters forwarded from function to function and across packages,
// and through a chain of such calls, whose conditions add up (acquires if
// p0 is a Relay and p1 a *Server).
// Summaries record the function parameters a function calls, and the
// locks it holds there, so a callback passed there (a literal, a method
// value, a method expression, a function) runs with those locks and its
// caller's (a method expression's receiver, which the callee supplies, is
// named by class only): a sharded
// map's Upsert running its callback under the shard lock, a WithLock
// helper, a visitor; the standard library's call-backs are a table
// (sync.Once.Do, sort.Slice, sync.Map.Range run now; sort.Sort calls Len,
// Less and Swap, container/heap the heap's methods, fmt's %v String or
// Error, fmt.Fprintf its writer's Write, io.Copy and io.WriteString the
// Write, Read, ReadFrom, WriteTo or WriteString io picks by the operands'
// static types; time.AfterFunc runs elsewhere). A function that only stores
// its parameter, or calls it in a go statement, runs nothing. An iterator
// returned by a function that yields while holding a lock (Yields in its
// summary) runs the body of a range over it with that lock held. Findings
// name the resolution: "through (*client).Do (c.cl.Do resolved by value
// flow)", "double lock of t.mu in the callback passed to walk at
// tree.go:41", "while read-locked at set.go:12 by the iterator Set.All".
//
//	func (m *Map) Upsert(k string, cb func(v *Val) *Val) {
//		m.mu.Lock() // Upsert calls its parameter 1 holding Map.mu
//		defer m.mu.Unlock()
//		m.items[k] = cb(m.items[k])
//	}
//
//	m.Upsert(k, func(v *Val) *Val {
//		v.mu.Lock() // Map.mu -> Val.mu, inside the callback
//		...
//	})
//
// Lockers: a lock behind a sync.Locker value or a type parameter
// constrained by an interface with Lock and Unlock is named by that
// variable or field (g.mu with mu an L), unless the Locker stands for a
// known mutex (internal/lockop's Lockers): a local written once (rl :=
// mu.RLocker(); rl.Lock() is mu.RLock()), or a sync.Cond or Locker field
// every write of which names a mutex of the object holding it, so that
// with c.cond = sync.NewCond(c.mu.RLocker()), c.cond.L.Lock() is
// c.mu.RLock() and a call that read-locks c.mu again before the Wait
// loop's Unlock is a recursive read lock. Such a Cond's Wait releases its
// L and takes it again under the other locks still held: waiting while
// holding another lock orders that lock before L. A mutex's own method
// taken as a value is an operation on that mutex where the value is
// called, by the same rules: lock := mu.Lock; lock() locks mu, unlock :=
// mu.Unlock; defer unlock() releases it at exit, and a func field set to
// s.mu.Unlock in every write (s.unlock()) unlocks s.mu.
//
// Not followed (recall left): closures stored by another package, and
// its unexported functions (go/analysis facts do not reach them); a
// container of containers (map[string][]func()), a container parameter,
// and the receiver a method value in a container binds when the element
// is not called straight from its holder's field (for _, f := range
// s.hooks { f() } names the lock by class); a chain of more than four
// interface calls resolved by CHA through parameters (Serve(h Handler, d
// Doer) calling h.Handle(d), which calls d.Do, is certain where Serve
// gets a Relay and a *Server: two conditions); interfaces with more than
// four implementations in sight (io.Writer, error: the policy that keeps
// them from flooding the order graph); an interface method a dependency
// calls on a value of a type it cannot see (dep.Render(myImpl): the
// dependency's summary knows only its own implementations); the standard
// library's calls of methods on values passed in beyond the table
// (encoding/json's MarshalJSON, io.Copy with an interface operand, whose
// dynamic type picks the method); a Cond or Locker in an exported field,
// or a Cond field made from another object's mutex (a local Cond made
// from any mutex is resolved) and the Wait of such a Cond; a mutex's
// method value stored in an exported field or a container, passed as an
// argument (t.Cleanup(mu.Unlock)), or kept in a package variable set from
// a local mutex.
//
// Lock order inversion: a cycle in the order graph, reported once at the
// acquisition that closes it, with the other half's site and call chain.
// Cycles are found by the strongly connected components of the graph
// (Tarjan, once), and each component is reported once, at its latest local
// acquisition that closes a cycle, with the shortest cycle through it as
// the witness and the component's other classes named (counted past four):
// twenty classes each nested with every other are one design problem, not
// 190 findings; -lockorder.dot draws the rest.
//
//	func (s *Server) add(c *Conn) {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		c.mu.Lock()
//		c.srv = s
//		c.mu.Unlock()
//	}
//
//	func (c *Conn) close() {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		c.srv.mu.Lock() // lock order inversion: Server.mu acquired while holding
//		                // Conn.mu here, Conn.mu acquired while holding Server.mu
//		                // at server.go:12
//		c.srv.mu.Unlock()
//	}
//
// Good: one order everywhere (Server.mu before Conn.mu), so close releases
// c.mu before it takes the server's lock:
//
//	func (c *Conn) close() {
//		c.mu.Lock()
//		srv := c.srv
//		c.mu.Unlock()
//		srv.mu.Lock()
//		defer srv.mu.Unlock()
//	}
//
// Double lock: a lock acquired again while certainly held by the same
// goroutine, directly, through a call that acquires it on every path, an
// embedded mutex, or a closure called in place. It always deadlocks:
//
//	s.mu.Lock()
//	defer s.mu.Unlock()
//	s.flush() // double lock of s.mu through Store.flush (locked at store.go:20)
//
// A deferred Unlock inside a loop is a double lock on the next iteration:
// deferred calls run when the function returns.
//
// Good: a locked wrapper and a flushLocked that expects the lock held:
//
//	s.mu.Lock()
//	defer s.mu.Unlock()
//	s.flushLocked()
//
// A mutex locked here and unlocked by another goroutine is a semaphore, not a
// double lock; a function that unlocks its caller's lock and locks it again
// (a wait) is summarised as such; sync.Once.Do(c.unlock) unlocks in place.
//
// Recursive read lock and upgrade: RLock taken again (directly or through a
// call) while the read lock is held deadlocks once a writer queues between
// the two; Lock taken while the read lock is held always deadlocks:
//
//	c.mu.RLock()
//	defer c.mu.RUnlock()
//	return c.m[a] + c.get(b) // recursive read lock of c.mu through Cache.get
//
//	c.mu.RLock()
//	if _, ok := c.m[k]; !ok {
//		c.mu.Lock() // c.mu locked while read-locked: an RWMutex cannot upgrade
//	}
//
// Good: read both under one RLock (c.m[a] + c.m[b]); to upgrade, release the
// read lock, take the write lock and check again. A local RWMutex that no
// other goroutine can reach is not reported.
//
// Same-class nesting: two instances of one class nested (from.mu, then
// to.mu in a transfer) deadlock when two goroutines nest them in opposite
// order:
//
//	from.mu.Lock()
//	to.mu.Lock() // to.mu locked while holding from.mu, another instance of Account.mu
//
// Good: lock the instances in one global order (by ID, by address, parent
// before child), and declare it, which silences the report for the class:
//
//	//cowlint:order Account.mu < Account.mu
//	first, second := from, to
//	if second.id < first.id {
//		first, second = second, first
//	}
//	first.mu.Lock()
//	second.mu.Lock()
//
// Also good: a gate. Where one lock of another class (m.bucketsMu) is
// held exclusively around every nesting of the class in the package, the
// instances cannot wait for each other in a cycle, whatever their order
// (Linux lockdep's nest_lock), and nothing is reported. Otherwise the
// report says the risk and the two ways out: an order, or an ignore
// directive saying why nothing else nests them concurrently.
//
// Also good: a hierarchy walked by recursion. A function that holds its
// node's lock while its own recursion (direct or mutual) takes the same
// lock of a child, an element or field of the node, nests them parent
// before child on every path; the structure it descends is acyclic, or the
// recursion would block on itself (lockdep's nesting subclass):
//
//	lp.decUseMutex.Lock()
//	defer lp.decUseMutex.Unlock()
//	for _, imp := range lp.imports {
//		imp.decUse() // silent: parent before child
//	}
//
// The descent counts as a declared order for that class alone: silent
// while it is the only kind of nesting of the class in the package. When
// another function nests two instances too (a child locking its parent, two
// parameters in either order), both are reported, the descent naming the
// other nesting. A child is an element or field of the node, directly
// or through a getter (range n.Children(), whose body is return
// n.kids). A recursion that carries a counter it compares (r.peer.f(hops-1)
// under if hops > 0, or hops-- then f(hops), in one function of a mutual
// recursion or across them) stops where the counter says, perhaps short
// of a cycle in the structure (a ring of two, walked from each end by two
// goroutines), so it is no hierarchy and is reported; a depth only
// passed on (an indentation) bounds nothing. Between two
// classes the same holds: a recursion through a tree of two node types
// (Dir.walk holding d.mu walks each File, File.walk holding f.mu walks
// its sub-Dir) makes the order edges Dir.mu -> File.mu and File.mu ->
// Dir.mu, both descents, and a cycle of descents alone is not reported;
// one that any other edge closes (a File locking a Dir it did not descend
// to) is, in the package or in an importer: descents are marked in the
// exported graph, and drawn dashed by -lockorder.dot. Left: a child
// reached through any other call or a channel is not recognised (the
// nesting is reported); a counter kept in a field or a variable rather
// than passed as a parameter is not seen (the descent is taken for a
// hierarchy), and a depth passed on and compared for another purpose
// (printing a header at depth 0) is taken for a counter (reported).
//
// Forgotten unlock: a function that returns holding a lock on some paths
// and releases it on others is reported at each leaking return, or at the
// break, continue or goto after which the lock is never released; a lock
// taken in a loop's body and still held at a continue, while the other
// paths into the next iteration release it, is reported at the continue
// (the next iteration takes it again and blocks on itself), and so is a
// break out of an inner loop, or a goto back, after which the lock is
// taken again before any path releases it:
//
//	c.mu.Lock()
//	if c.closed {
//		return errClosed // c.mu is still held at this return but released on other paths
//	}
//	c.buf = append(c.buf, p...)
//	c.mu.Unlock()
//
// Good: unlock before the early return, or defer c.mu.Unlock(). A function
// that returns holding the lock on every path is a lock helper, and its
// callers see the lock held after the call; one that returns holding it
// exactly where it returns true or a nil error is a conditional helper
// (lockIfOpen() bool), and so is a function returning such a helper's
// result as its own (return c.lockIfOpen()); a lock whose mutex is
// handed back through a result or an out-parameter (return &c.rlock,
// *out = &c.mu) is the caller's to release; a lock handed to a goroutine
// that unlocks it (go c.resetAndUnlock()) is released. None of these is
// reported where it is taken. Their callers must release the lock: a
// chain of helpers that ends where nothing can (a goroutine's body, a
// test, benchmark, fuzz test or example, main, init) without an Unlock,
// or a call that discards a conditional helper's result, is reported
// once, at the call, naming the helpers (and how a dynamic call among
// them was resolved). A release counts wherever the function may make
// it: in a literal it starts or defers, through a method value it hands
// on (t.Cleanup(c.Release)), a possible callee of a dynamic call, or a
// result the helper hands back: an unlock function, the mutex itself, a
// sync.Locker, or a guard, a value whose type has a method that releases
// the lock by its summary (through its fact when declared in another
// package), whatever that method is named: a result whose Close leaves
// the lock held is no way to release it. The analysis is
// modular: an exported function returning holding a lock is a helper to
// callers it cannot see, as any other; each importer checks its own calls
// of it through its fact, and the chain is reported in the package where
// it ends (a goroutine, main or a test there). A library helper whose
// only callers are outside the analysed program is not reported, nor is
// a helper nothing calls.
//
//	go func() {
//		c.Do(k) // c.mu, read-locked through Client.Do -> Client.getRemote -> Client.acquire,
//		        // is never released: the goroutine ends holding it
//	}()
//
//	c.cleanup() // c.mu is held by Client.cleanup when it returns a nil error,
//	            // and this call discards the result: never released
//
// Declared order: a comment anywhere in a package,
//
//	//cowlint:order Server.mu < Conn.mu
//
// states that Server.mu may be held while acquiring Conn.mu and never the
// reverse (classes as diagnostics print them, or fully qualified; several
// may be chained with <, and the order is transitive). Acquisitions against
// it are reported as violations with the directive's position, whether or
// not a cycle is visible, and declarations travel to importing packages.
// Naming one class on both sides declares that its instances nest in a
// fixed order.
//
//	c.mu.Lock()
//	c.parent.mu.Lock() // lock order violation: Parent.mu acquired while holding
//	                   // Child.mu, against //cowlint:order Parent.mu < Child.mu
//
// Silent by design: a consistent order everywhere; acquisitions one after
// the other; a goroutine taking B while its parent holds A; locks released
// on every path before the next acquisition; TryLock, which cannot block;
// locks only possibly held, and callees that only possibly acquire, for
// the certain reports (inversions use every possible acquisition).
//
// Each silent case follows from one of three relations, never from a
// function's name: the lockset (internal/held: what is held, must or may,
// at each point, through helpers, callbacks run in place and the locks
// every caller holds; an order edge needs B taken while A is held, so
// consistent orders, released locks, TryLock and gate locks add no
// cycle); happens-before (a goroutine's body starts with nothing held,
// so B taken there is no edge from its parent's A; the double-checked
// initialisation edge cannot close a cycle once the completion flag,
// cleared only under A, is set); and ownership (a mutex no other
// goroutine can reach, a local never captured nor address-taken or one
// inside an object whose last reference was dropped, cannot be waited
// for by another goroutine). What none of them proves (instances always
// nested in one order) is declared with //cowlint:order.
//
// Double-checked initialisation (crypto/tls's Handshake): a function that
// takes A, checks an atomic completion flag again under A, returns when it
// is set and only then takes B makes A -> B an initialisation edge. A
// function holding B that takes A only after a call running that
// initialisation (Read calls Handshake before it locks c.in) closes no
// cycle with it: while it holds B the flag is set, so a goroutine holding
// A never gets past the check to wait for B. This needs the flag to be
// cleared (Store(false), Swap, CompareAndSwap to zero) only with A held,
// anywhere in the package; the rule pairs exactly these two edges, so a
// longer cycle through either is still reported. Its limit: the call is
// trusted to complete the initialisation (an error return is not followed),
// and plain (non-atomic) writes to an integer flag are not seen.
//
//	func (c *Conn) handshake() error {
//		c.hsMu.Lock()
//		defer c.hsMu.Unlock()
//		if c.done.Load() {
//			return nil
//		}
//		c.in.Lock() // hsMu -> in, only before the handshake completed
//		...
//	}
//
//	func (c *Conn) Read() error {
//		if err := c.handshake(); err != nil {
//			return err
//		}
//		c.in.Lock()
//		defer c.in.Unlock()
//		c.renegotiate() // in -> hsMu: not reported
//	}
//
// Last reference: inside if atomic.AddInt32(&x.refs, -1) == 0 { ... } (or
// x.refs.Add(-1) == 0) the goroutine has dropped the last reference to x, so
// no other goroutine holds x's locks: locking a mutex stored inside x (not
// behind one of its pointers), directly or through a call in that branch
// that receives x, cannot block, adds no order edge and stays out of the
// summary, as TryLock does (golang.org/x/net/trace's unref, called with a
// bucket's lock held).
//
// Budgets: the analysis is linear in the size of the code up to limits no
// hand-written code reaches, and degrades past them rather than hang; the
// -lockorder.debug flag prints a line on standard error wherever it does.
// A summary lists at most 16 lock classes (a function acquiring more,
// directly or through its callees, keeps the 16 nearest: its direct
// acquisitions first), so a caller's order edges stay proportional to its
// calls; a recursive component of the call graph is walked at most 8 times
// before its summaries are taken as they are; one lock-order component
// tries at most 64 closing edges for a cycle; a closure called in place
// is run once per distinct entry state (at most 8 remembered); the
// exported order graph keeps at most 2000 edges and call chains 3 calls.
//
// The -lockorder.dot=DIR flag writes each package's lock-order graph (its
// own edges and its imports', classes as nodes, edges labelled with their
// sites) in Graphviz DOT to DIR/<import path>.dot; under go vet each package
// runs in its own process and writes its own file, and the main package's
// file is the whole program's graph.
package lockorder
