// Package publish defines an Analyzer that reports mutation of values
// published through an atomic pointer.
//
// # Analyzer publish
//
// publish: check that values published atomically are not mutated
//
// Copy-on-write rests on one rule: a value published through an
// atomic.Pointer or atomic.Value (Store, Swap, a successful
// CompareAndSwap, or atomic.StorePointer and friends with
// unsafe.Pointer(v)) is immutable from then on, because readers look at it
// without a lock. What Load returns (and Swap's old value) is such a
// value, and so is everything reached from it: a shallow copy n := *old
// still shares old's maps, slices and pointers.
//
// The analyzer reports, on every path after a publication, writes through
// the published value or any alias of it (a field store, a map update,
// delete, clear, copy, append into its slice, ++, a call to a function
// that mutates its argument, a closure or goroutine doing so):
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
//	old.Limits[name] = n // reported: readers of old see the write race
//
// Copy the value, mutate the copy, then publish it:
//
//	old := cur.Load()
//	n := *old
//	n.Limits = maps.Clone(old.Limits)
//	n.Limits[name] = n
//	cur.Store(&n)
//
// Functions that publish a parameter (func (b *Box[T]) Set(v *T) {
// b.p.Store(v) }), return a snapshot (func (b *Box[T]) Get() *T { return
// b.p.Load() }) or mutate a parameter are summarised as facts, so calls
// to them count across packages.
//
// Silent: writes before the publication, writes to a local rebound to a
// fresh object, the branch where CompareAndSwap failed, reading a
// snapshot, writes to a copy of a struct whose fields hold no references,
// atomic operations on the snapshot's fields, and writes into a struct
// that has its own sync.Mutex or sync.RWMutex field (an object mutable by
// design, whose pointer alone is swapped atomically). No fix is suggested:
// where to copy is a design decision.
package publish
