// Package atomicmix defines an Analyzer that reports memory accessed both
// atomically and plainly, and atomic Load-then-Store sequences that lose
// concurrent updates.
//
// # Analyzer atomicmix
//
// atomicmix: check for mixed atomic and plain access and lost updates
//
// By the Go memory model, once one access to a variable is atomic, every
// access that may run concurrently with it must be atomic too: a plain
// read beside atomic.AddInt64(&s.hits, 1) is a data race.
//
// Mixed access. A struct field (of any value of the struct type) or a
// variable that is passed to a sync/atomic function is atomic; every plain
// read or write of it is reported, with the atomic access as related
// information. This works across packages in both directions, through
// facts: whichever of the two packages is analyzed last reports.
//
//	func (s *Server) serve() { atomic.AddInt64(&s.hits, 1) }
//
//	func (s *Server) Hits() int64 {
//		return s.hits // plain read of Server.hits, which is accessed atomically
//	}
//
// Use the atomic function everywhere, or better, make the field an
// atomic.Int64, which makes a plain access impossible:
//
//	func (s *Server) Hits() int64 { return atomic.LoadInt64(&s.hits) }
//
// The suggested fix rewrites the access to the matching call: x to
// atomic.LoadInt64(&x), x = v to atomic.StoreInt64(&x, v), x++ and x += d
// to atomic.AddInt64(&x, d).
//
// Copying a struct that holds such a field, directly or in a nested struct
// or array, reads the field plainly too:
//
//	func (s *Server) Snapshot() Server {
//		return *s // copy of *s reads Server.hits plainly, which is accessed atomically
//	}
//
// A copy is a dereference, field, array or slice element, or variable of
// the struct type used as a value (assigned, passed, returned, sent,
// compared, put in a literal), or the value variable of a range over an
// array or slice of it. There is no mechanical fix: load the fields one by
// one, or make the field a typed atomic, whose copies go vet's copylocks
// check reports. Whole-struct writes (*s = T{}) are not reported, being how
// an owner resets a pooled object, nor are calls of value-receiver methods.
//
// Not reported, because nothing can run concurrently with the access.
// Each case follows from one of three relations, never from a function's
// name or a comment's wording:
//
//   - Ownership (escape, internal/escape/owned): composite literals;
//     writes to an object the function allocated, on points no escape
//     of it reaches (a path of the control-flow graph, not source
//     order: a goroutine started on one branch of an if does not make
//     the other branch's write racy; a goto back to before it does). Handing it to a function of
//     the package that keeps nothing of it (only reads and writes through
//     it: internal/retain) is not an escape, nor is a dynamic call every
//     one of whose possible callees is known and keeps nothing (see
//     Dynamic calls, below); any other dynamic call (an option, a
//     callback) or an exported function of another package is. The
//     receiver and parameters of an unexported function are private on
//     entry when every call passes a private object, or runs once the
//     object's atomic reference count dropped to zero
//     (if atomic.AddInt32(&s.refs, -1) == 0 { s.reset() }). Exported
//     functions have callers out of sight (in importers): what they are
//     given is private only when the function is a known API whose
//     callers pass fresh objects (std's internal/poll FD.Init, which os
//     and net call on FDs they just allocated; internal/escape's
//     OwnedOnEntry), or when its doc comment says so (//cowlint:exclusive,
//     below). Objects the function
//     allocated and keeps in its own maps and slices, written through
//     them before the container, one of its values or a goroutine leaves
//     the function (see below). Package init functions.
//   - Happens-before (internal/hb): reads after the goroutines that
//     shared a local have been joined, by a Wait on the same WaitGroup or
//     errgroup (the one the goroutine calls Done on, that ran it, or that
//     was passed to it), a receive from the channel it sends on or closes
//     (in tests), a loop filling the semaphore it releases, b.RunParallel
//     or t.Run of a subtest that does not call t.Parallel, when the join
//     lies on every control-flow path from the start to the access (a
//     Wait in one branch of an if joins nothing on the other; a deferred
//     Wait joins at the return; a goroutine whose start cannot reach the
//     access is not running there). A goroutine started inside a literal
//     run in place is joined when a join follows each call of the literal
//     on every path (not only the last one written). Goroutine starts are go statements and
//     known APIs (WaitGroup.Go, errgroup's Go, t.Run of a parallel
//     subtest, time.AfterFunc), not any method named Go. Sequential test
//     code: a test that started no goroutine, or joined those it did.
//     Hooks the runtime calls with the world stopped, known by the call
//     registering them (sync's poolCleanup).
//   - Lockset: plain reads made while holding a lock that every atomic
//     write also holds (a writer serialised by a mutex, publishing to
//     lock-free atomic readers) are not races either, nor are plain reads
//     of memory that is only ever loaded atomically; plain writes race
//     with lock-free atomic loads and are always reported. A function
//     literal called where it is written (func() {...}()), or a local
//     closure only ever called directly, runs with the locks its caller
//     holds at the call (at every call); one run by a go or defer
//     statement, or passed as a value, starts with none, even where its
//     callee runs it under a lock (an Upsert's or WithLock helper's
//     callback: the locks a callee holds while it calls its parameter
//     are lockorder's summary, not followed here). An unexported
//     function starts with the locks every one of its calls holds
//     (internal/held's Entries), not by being named fooLocked; one
//     called through an interface or a function value has callers out
//     of sight and starts with none.
//
// Dynamic calls. A call whose callee is not named at the call (an
// interface method, a function-typed field or variable, a method value
// or expression) is resolved by internal/callres, as lockorder resolves
// it, but here a resolution is used only where it must hold, to keep an
// object private; it never makes a finding, so no message names one.
// A plain access inside a callee reached that way is judged where it is
// written, as every access is (memory is atomic by its identity, not by
// the path that reaches it): such a callee starts with no locks held and
// its parameters are not private on entry, so its plain write of an
// atomic field is reported, and a plain read is silent only under a lock
// it takes itself that every atomic writer holds. A fresh object handed
// to a dynamic call stays private when the resolution is complete (every
// function the call can run is listed: a local bound to a literal, the
// functions, literals, method values and method expressions assigned to
// an unexported variable or field of the package, the types stored in an
// unexported interface-typed one) and none of them keeps the object
// (internal/retain):
//
//	type builder struct{ setup func(*counter) } // assigned reset or clearHits only
//
//	c := &counter{}
//	b.setup(c)
//	c.n = 1 // fine: neither reset nor clearHits keeps c
//
// One possible callee that keeps it (stores it, runs it on another
// goroutine, passes it on to a dynamic call or to another package) makes
// the call an escape. So does a resolution that is not complete: class
// hierarchy analysis, since an importer may add an implementation (and
// an interface with more than four implementations in sight is not
// resolved at all); a call of a parameter, or of an exported field or
// variable, which importers may assign. Options of a named function type
// declared in the package are judged by every value of that type the
// package makes (an importer's own option is out of sight, as with class
// hierarchy analysis). The lost-update rules pair a Load with a Store in
// one function body and follow no call, static or dynamic.
//
// A field of the same name in another struct type is another variable.
// A test is sequential by what its own body starts: a goroutine the code
// under test starts with a closure the test handed it is not seen.
//
// Ownership is followed within one function and into the unexported
// functions it calls, not through what a helper returns or the memory
// it was handed: an object stored into a map or slice a caller passed,
// or into another object, has escaped, even when the whole graph is
// built before any goroutine starts (staticcheck's runner: each new
// action goes into the caller's cache and its dependencies' trigger
// lists before action.pending is set, and the workers that decrement it
// start later). Nor is memory told apart by field once its object has
// escaped: grpc's server stores a new stream into the transport's
// stream map and hands it to a deadline timer before initialising the
// stream's write quota in place; that no goroutine able to reach the
// stream touches the quota until the writers get it afterwards (through
// registerStream and handle) is a fact about fields the analysis does
// not follow.
//
// What no analysis can prove is said once, with a reason: a function
// that runs while nothing else can touch its memory (a hook called with
// the world stopped, a reset used only between tests) is declared in its
// doc comment,
//
//	//cowlint:exclusive the runtime calls it with the world stopped
//	func cleanup() { ... }
//
// A function building a graph of fresh objects before starting the
// goroutines that update them atomically is not racing either:
//
//	nodes := map[*pkg]*node{}
//	var visit func(p *pkg)
//	visit = func(p *pkg) {
//		...
//		n := nodes[imp]
//		n.dependents++ // fine: every value in nodes is a &node{...} of this function
//		nodes[p] = &node{pkg: p}
//	}
//	for _, p := range roots {
//		visit(p)
//	}
//	for _, n := range nodes {
//		wg.Go(func() { n.run() }) // from here on, only atomic.AddInt32(&n.dependents, -1)
//	}
//
// This holds while every value the locals involved are given is a fresh
// allocation (&T{...}, new(T), make, literals, append of fresh pointers)
// or taken from such a container, and only on points no path reaches
// from a place where one of them is used otherwise (passed to a call or method, returned,
// sent, stored into memory the function does not own, another name for a
// container, captured by a closure that is not only called directly) or a
// goroutine starts; local closures called only directly (such as a
// recursive walk) run at their call sites. The same write after the
// goroutines start, after the container was handed to a function, or on
// a container holding one value that was not allocated here is reported.
//
// Lost updates. Two atomic operations in a row are not one atomic
// operation: an update another goroutine makes between them is lost.
//
//	n := m.count.Load()
//	m.count.Store(0) // m.count.Load followed by m.count.Store(0) loses concurrent updates; use m.count.Swap(0)
//
// is reported, for the typed atomics and the legacy functions alike
// (atomic.LoadInt64(&m.n) then atomic.StoreInt64(&m.n, 0)), when the Store
// is reachable from the Load with no other operation on the variable in
// between. Write instead
//
//	n := m.count.Swap(0)
//
// An element of a slice or array is the same variable when its index
// expressions are written alike, hold only constants and local variables,
// and none of those is assigned between the Load and the Store (nor has
// its address taken, nor is assigned in another function body):
//
//	for i := range hot.buckets {
//		atomic.AddUint64(&hot.buckets[i], atomic.LoadUint64(&cold.buckets[i]))
//		atomic.StoreUint64(&cold.buckets[i], 0) // loses concurrent updates; use atomic.SwapUint64
//	}
//
// Likewise m.count.Store(m.count.Load() + 1) should be m.count.Add(1) (a
// CompareAndSwap loop when no Add, And or Or fits), and the check-then-act
//
//	if !m.started.Load() {
//		m.started.Store(true)
//		go m.run()
//	}
//
// should be
//
//	if m.started.CompareAndSwap(false, true) {
//		go m.run()
//	}
//
// A one-way flag (every write stores the same constant) loses no flag
// value, but a check-then-act on it still lets two callers both pass:
// when the guarded body must not run twice (it closes a channel, calls a
// context's cancel function, a timer's Stop, an io.Closer's Close,
// WaitGroup.Done, or decrements a counter; recognised by identity, not
// name), the Store is reported with CompareAndSwap(false, true) as the
// fix.
//
// A new value computed from the loaded one in locals, through branches and
// compound assignments, loses updates like arithmetic in the Store:
//
//	w := atomic.LoadInt32(&c.flags)
//	if on {
//		w |= bit
//	} else {
//		w &^= bit
//	}
//	atomic.StoreInt32(&c.flags, w) // w is computed from the loaded value; use a CompareAndSwap loop
//
// The suggested fix wraps the statements in a retry loop ending in
// if atomic.CompareAndSwapInt32(&c.flags, old, w) { break }, when
// retrying certainly repeats the same computation (the statements between
// call nothing but conversions and pure builtins, do not branch out, and
// assign only locals they declare). A reset that subtracts what it read,
// n := x.Load(); x.Add(-n), loses what was added in between (two such
// resets subtract the same count twice): use n := x.Swap(0).
//
// Check, then Add:
//
//	if r.n.Load() >= r.max {
//		return false
//	}
//	r.n.Add(1) // check-then-add: concurrent callers pass the check together
//
// lets concurrent callers past the bound; act first and check the result
// (if r.n.Add(1) > r.max { r.n.Add(-1); return false }) or use a
// CompareAndSwap loop. It is reported when the Add counts every caller
// the check lets through (it runs unconditionally after the check, early
// exits aside). An Add under a condition of its own counts an outcome
// observed after the check, and the check is then a stop test that only
// needs the count to be reached, whose overshoot is harmless:
//
//	if seen.Load() >= need {
//		return false
//	}
//	...
//	if contended() {
//		seen.Add(1) // fine
//	}
//
// Nor is a check that does not bound the Add even in one goroutine: an
// amount the check does not test (if q.Load() > 0 { q.Add(-sz) }, a soft
// quota one caller alone may overdraw) is overshoot designed in; the
// amount tested with the Load (if n.Load()+k > max { return }; n.Add(k))
// is a bound. Nor is an Add that gives back what the function's own
// earlier write took, on every path to it: an Add of the opposite
// constant, or a CompareAndSwap(old, new) it checked succeeded, adding
// new-old. Adds commute, so the undo is exact whatever others did
// meanwhile, and the check asks whether someone came in, not whether a
// bound admits this caller:
//
//	if !atomic.CompareAndSwapInt32(&m.calls, 0, -math.MaxInt32) {
//		return false
//	}
//	if atomic.LoadInt32(&m.calls) != -math.MaxInt32 {
//		atomic.AddInt32(&m.calls, math.MaxInt32) // fine: undoes the CompareAndSwap
//		return false
//	}
//
// Suggested fixes make these rewrites when they are certainly equivalent.
// Not reported: Swap, CompareAndSwap and Add themselves; a Store the Load
// reaches only round a loop, across its back edge, storing a value not
// computed from the loaded one (x.Store(0) at the top of the loop whose
// bottom loads x starts the next cycle; v = x.Load() at the bottom and
// if v > 0 { x.Store(v + 1) } at the top of the next iteration, or
// n = x.Load() then x.Add(-n), are reported); operations on different
// variables (m.count and o.count); a Load
// and a Store serialised by a lock (see below); one-way flags, whose
// every write stores the same constant, guarding an idempotent body; a
// check-then-act clearing a flag that other writers only ever set to the
// value tested; a Load that only checks for misuse, its value feeding
// only the test of an if whose body reports the failure (panic, testing's
// Fatal and Error, log.Fatal, os.Exit: if x.Load() != want {
// t.Fatalf(...) }); locals no other goroutine can see.
//
// A lock serialises a Load-then-Store only against writers that hold it.
// It must be held exclusively at the Load and at the Store (a read lock
// lets two such sequences in at once), taken in the function or held on
// entry to it by every caller (internal/held's locks on entry), and every
// other atomic writer of the variable that may run concurrently (an Add,
// a Store, a CompareAndSwap) must hold it too, in either mode. A writer
// without it writes between the Load and the Store, and the Store erases
// its update; the finding names that writer:
//
//	func (c *counts) observe() { atomic.AddUint64(&c.count, 1) } // no lock: the hot path
//
//	func (h *hist) write() {
//		h.mtx.Lock()
//		defer h.mtx.Unlock()
//		n := atomic.LoadUint64(&h.cold.count)
//		atomic.StoreUint64(&h.cold.count, 0) // reported: h.mtx is held from the Load to the Store, but atomic.AddUint64(&c.count, 1) at hist.go:1:33 writes without it
//		...
//	}
//
// Silent when every writer holds h.mtx, or with atomic.SwapUint64(&h.cold.count, 0).
// Writers that cannot run concurrently do not count: in init, in a hook
// run with the world stopped, in a sequential test, or storing into an
// object the function allocated and has not shared yet (a constructor;
// the object is the local the memory is reached from, through fields
// and elements). Writers are those of the package and, for memory other
// packages can reach (legacy functions on exported fields and
// variables), those of its dependencies, whose facts say which locks
// every concurrent write there holds and name one holding none; writers
// in importers are out of sight.
//
// A variable with a single writer does not lose updates this way: only
// the flusher goroutine ever writes it, or the other writers have
// provably stopped (a hot/cold double buffer whose reader, holding a
// lock, swaps the halves and waits until every update begun on the cold
// half has completed before draining it, as Prometheus histograms do).
// The pass sees one form of it: a Store after a loop waiting for the
// count to reach a value (for count != x.Load() { runtime.Gosched() },
// the body not touching x), when every writer the lock held from the
// Load to the Store does not exclude only counts up (an Add of a
// positive constant). Such a wait ends only once those writers have
// stopped at count (one more increment could carry it past unseen, and
// the wait would never end), so nothing still coming is lost
// (Prometheus' summary Write). A wait with <, writers that also subtract
// or store, and a reset in another function than the wait (Prometheus'
// histogram addAndResetCounts, called after waitForCooldown) are
// reported; the rest of such protocols the pass cannot see. The Swap is
// still as cheap and
// stays correct if the protocol is ever broken, so prefer it; otherwise
// say why the Store is safe with an ignore directive on its line or the
// line above:
//
//	n := m.count.Load()
//	//cowlint:ignore atomicmix only the flusher goroutine writes m.count
//	m.count.Store(0)
//
// The same directive documents a plain access that is safe only by the
// caller's discipline, such as a reset method used between tests.
//
// # Representation
//
// Both rules work on syntax and the type checker's records, not on the
// IR that publish builds. The mixed-access rule starts from the type
// checker's uses of sync/atomic and its field selections, so a package
// without atomics costs almost nothing, and looks at the syntax around
// the few accesses it wants. The lost-update rules pair a Load with the
// operations it reaches along go/cfg's flow graph over the function's
// AST, naming the variable by identity and expression; the value a Store
// writes is followed through locals by a must-derivation over the locals
// whose address is never taken (every assignment computed from the loaded
// value, compound assignments and ++ included), which on such locals is
// what SSA def-use chains would give. Syntax is kept because every
// message and fix is about the text as written: the operation and its
// receiver (p.Swap(0), atomic.SwapInt32((*int32)(&c.flags), 0)), the
// statement to delete, the lines to wrap in a retry loop; and because
// building the IR for every package go vet visits costs more than these
// rules need. The price: a local whose address is taken, or a value
// passed through memory, is not followed.
package atomicmix
