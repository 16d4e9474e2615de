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
// package variable that is passed to a sync/atomic function is atomic;
// every plain read or write of it is reported, with the atomic access as
// related information, in the same package or across packages (whichever
// of the two is analyzed last reports):
//
//	func (s *Server) serve() { atomic.AddInt64(&s.hits, 1) }
//	func (s *Server) Hits() int64 { return s.hits } // plain read: a data race
//
// Use the atomic function everywhere, or better, make the field an
// atomic.Int64, which makes a plain access impossible:
//
//	func (s *Server) Hits() int64 { return atomic.LoadInt64(&s.hits) }
//
// Not reported: composite literals and other initialisation before the
// memory can be shared (writes to a local object the function allocated,
// before it escapes; package init functions); reads after the goroutines
// that shared a local have been joined (wg.Wait() in the function that
// started them); plain reads made while holding a lock that every atomic
// write also holds (a mutex-serialised writer publishing to lock-free
// atomic readers); a field of the same name in another struct type.
// Plain writes always race with lock-free atomic loads and are always
// reported. The suggested fix rewrites the access to the matching call
// (x to atomic.LoadInt64(&x), x = v to atomic.StoreInt64(&x, v), x++ and
// x += d to atomic.AddInt64(&x, d)).
//
// Lost updates. Two atomic operations in a row are not one atomic
// operation: an update another goroutine makes between them is lost.
//
//	n := m.count.Load()
//	m.count.Store(0) // increments since the Load are lost
//
// is reported as "m.count.Load followed by m.count.Store(0) loses
// concurrent updates; use m.count.Swap(0)", for the typed atomics and the
// legacy functions alike, when the Store is reachable from the Load with
// no other operation on the variable in between:
//
//	n := m.count.Swap(0)
//
// Likewise x.Store(x.Load() + d) should be x.Add(d) (or a CompareAndSwap
// loop when no Add fits), and the check-then-act
//
//	if x.Load() == a {
//		x.Store(b)
//	}
//
// should be x.CompareAndSwap(a, b). Suggested fixes make these rewrites
// when they are certainly equivalent. Not reported: Swap, CompareAndSwap
// and Add themselves, a Store before the Load, operations on different
// variables, and a Load and Store both made while holding the same lock.
//
// A variable with a single writer goroutine does not lose updates this
// way; say so with an ignore directive on the Store's line:
//
//	//cowlint:ignore atomicmix only the flusher goroutine writes m.count
package atomicmix
