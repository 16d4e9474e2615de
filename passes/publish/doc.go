// Package publish defines an Analyzer that reports mutation of values
// published through an atomic pointer.
//
// # Analyzer publish
//
// publish: check that values published atomically are not mutated
//
// Copy-on-write rests on one rule: a value published through an
// atomic.Pointer or atomic.Value (Store, Swap, a successful
// CompareAndSwap, or atomic.StorePointer, SwapPointer and
// CompareAndSwapPointer with unsafe.Pointer(v)) is immutable from then on,
// because readers look at it without a lock. What Load returns (and
// Swap's old value) is such a value, and so is everything reached from it:
// a shallow copy n := *old still shares old's maps, slices and pointers.
//
// The analyzer reports writes through the published value or any alias of
// it on a path after the publication (a field or element store, a whole
// struct stored through it (*p = Config{...}), a map
// update, delete, clear, copy, append into its slice, ++ and op-assign, a
// call to a function that mutates its argument, a closure, goroutine or
// deferred function doing so):
//
//	write to c.Name after c was published by cur.Store at config.go:41
//
// and any in-place write into a loaded snapshot:
//
//	in-place mutation of a snapshot loaded from cur (copy it, mutate the copy, then Store)
//
// For example:
//
//	old := cur.Load()
//	old.Limits[name] = limit // reported: readers of old race with this write
//
// Copy the value, mutate the copy, then publish it:
//
//	old := cur.Load()
//	n := *old
//	n.Limits = maps.Clone(old.Limits)
//	n.Limits[name] = limit
//	cur.Store(&n)
//
// Writers must be serialised too: two writers that each Load, copy and
// Store lose one update, and the race detector cannot see it. A Store or
// Swap of a value derived from a Load of the same variable (a copy, a
// field-by-field overlay, maps.Clone or slices.Clone, a constructor fed
// the old value, a type-asserted atomic.Value) with no lock held from the
// Load to the Store is reported:
//
//	cfg.Store of a value derived from cfg.Load at config.go:12 with no lock held from Load to Store: concurrent writers lose updates (hold one writer mutex from Load to Store, or retry with CompareAndSwap)
//
// Hold one writer mutex from the Load to the Store (readers still take
// no lock), or retry with CompareAndSwap:
//
//	for {
//		old := cur.Load()
//		n := *old
//		n.Limits = maps.Clone(old.Limits)
//		n.Limits[name] = limit
//		if cur.CompareAndSwap(old, &n) {
//			return
//		}
//	}
//
// Silent for this rule: a full reload not derived from the Load, putting
// the loaded value itself back, and writers that run on one goroutine
// (happens-before, internal/hb): init and a command's main, which the
// language runs once on the main goroutine, up to where a goroutine they
// started may be running (one not joined on every path to the Store), and
// tests that run alone (no t.Parallel, no goroutine started: go test runs
// them one at a time). A lock held from Load to Store counts when the function
// takes it, or when every call of an unexported function holds it (its
// name, fooLocked, proves nothing), and only when every other writer of
// the variable in the package (a Store, a Swap, a CompareAndSwap) holds
// it too: a writer without it stores between the Load and the Store, and
// its update is lost. The finding then names it:
//
//	func reload(c *Config) { cfg.Store(c) } // no lock
//
//	func setLimit(k string, v int) {
//		mu.Lock()
//		defer mu.Unlock()
//		old := cfg.Load()
//		n := *old
//		n.Limits = maps.Clone(old.Limits)
//		n.Limits[k] = v
//		cfg.Store(&n) // reported: mu is held from Load to Store, but cfg.Store at config.go:1 writes cfg without it
//	}
//
// Take mu in reload too. Writers that run alone do not count (init, a
// command's main, sequential tests, a constructor storing into the object
// it allocated where no escape of it reaches, by internal/escape/owned:
// happens-before and ownership, not names); writers in other packages
// and behind summarised methods (box.Set) are out of sight. A command's
// single reloader goroutine is one writer too: a function started once
// (by a go statement in init or main, outside loops and literals) and
// referred to nowhere else, when every other writer of the variable runs
// alone:
//
//	func main() { go reload(sig); serve() }
//	func reload(sig <-chan os.Signal) {
//		for range sig {
//			old := cfg.Load()
//			n := *old
//			n.Limits = readLimits()
//			cfg.Store(&n) // fine: the only writer, on one goroutine
//		}
//	}
//
// A writer confined to one goroutine some other way (a goroutine a
// library's constructor starts per object, a helper the reloader calls)
// is not recognised: silence it with //cowlint:ignore publish and the
// reason. The rule works within one function: a Load and a Store
// in different functions are not paired.
//
// Functions that publish a parameter (func (b *Box[T]) Set(v *T) {
// b.p.Store(v) }), return a snapshot (func (b *Box[T]) Get() *T { return
// b.p.Load() }) or mutate a parameter are summarised as facts, so calls
// to them count across packages. A call without a static callee (an
// interface method, a function-typed field or variable, a method value,
// a function literal stored in a field, a function value taken from a
// map or slice, a type parameter's method) is
// resolved by internal/callres, as lockorder resolves it, and each
// possible callee's summary applies there as at a static call (writes
// under the callee's lock and into arguments it synchronises included:
// they are not in its summary). The finding names the resolution:
//
//	in-place mutation of a snapshot loaded from cfg through interface call m.Apply resolved by CHA to (*patcher).Apply (copy it, mutate the copy, then Store)
//
// Which callees count: value flow and assignments list what the program
// stores into the very variable or field called through, so an effect of
// any one of them counts (a may-effect, as lockorder applies them); CHA
// lists every implementation in sight, not those that reach the call, so
// an effect counts only when every implementation has it (an interface
// with three implementations of which one mutates is silent). A function
// that calls its parameter with another of its parameters (func Each(c
// *Config, f func(*Config)) { f(c) }, outside a lock it holds) is
// summarised so, and at a call of it the callback passed (a function, a
// method value, a function literal) has its writes applied:
//
//	in-place mutation of a snapshot loaded from cfg through rename (the callback passed to Each) (copy it, mutate the copy, then Store)
//
// Unresolved calls (an interface with more than four implementations in
// sight, a function value callres does not follow) stay silent, and so does
// what a function does by handing its parameter to a dynamic call:
// summaries follow static calls only. A function value run later by the
// standard library (time.AfterFunc) is not a call at all.
//
// Silent, besides correct copy-on-write: writes before the publication; a
// local rebound to a fresh object; the branch where CompareAndSwap failed;
// reading a snapshot; writes into a copy of a struct whose fields hold no
// references; atomic operations on the snapshot's fields. Also silent, as
// objects that are mutable by design rather than snapshots: a struct with
// its own sync.Mutex or sync.RWMutex field; a function's writes made while
// it holds a lock, or into an argument it locks or updates atomically (a
// custom lock, a reference count); an atomic variable that is a slot,
// only ever set from nil (CompareAndSwap(nil, v)) or emptied (Swap(nil));
// Swap's old value when the variable is never loaded (a spare handed back
// and forth); and append to a snapshot's slice by a writer holding a lock (append
// writes past every published length). No fix is suggested: where to copy
// is a design decision.
//
// The silent cases follow from three relations, not from names:
// ownership (an allocation whose address never leaves the function, a
// local rebound to a fresh object, a write before the publication, a copy
// holding no references), happens-before (init and main up to their
// first goroutine still running, sequential tests, a command's reloader
// goroutine started once: one writer), and the
// lockset (internal/held: a writer lock held from Load to Store, writes
// under a lock held on every path to them, or into a locked argument); the
// rest are atomic protocols
// the pass recognises (a CompareAndSwap loop or slot, a restore of the
// loaded value, Swap's old value of a never-loaded variable). What no
// relation proves (a goroutine per object, started by a library's
// constructor) is said with //cowlint:ignore publish and the reason.
//
// Size budget: a function of more than 4000 statements and calls (the
// pre-scan's count; generated code: no hand-written function in GOROOT/src
// that uses atomic pointers has more than about 1000) is not given the
// flow analysis, whose IR construction grows faster than linearly with
// the size of one function. It gets a syntactic check instead, linear in
// its size: in-place writes into a snapshot through the Load itself
// (cur.Load().Name = n) or through a local assigned once from it and
// whose address is never taken (old := cur.Load(); old.Limits[k] = v),
// closures included. Writes after a publication, aliases, calls that
// mutate an argument, appends and the serialization rule are not checked
// there. -publish.debug prints a line for each function over the budget.
package publish
