// Package owned answers the flow-sensitive form of internal/escape's
// question: at this point of a function body, can another goroutine see
// the memory reached through this local? It is the ownership relation
// of cowlint's model of sharing, asked at a point, and built on the two
// others' vocabulary: internal/escape's closures run in place (they run
// at their calls, on the caller's goroutine) and internal/hb's starts,
// joins and control-flow graph.
//
// Two forms of the question, with one notion of escape and one of
// "after" (a path of the body's control-flow graph leads from the escape
// to the point, never an order of source positions):
//
//   - Body: per local. A local holding its own memory or an object the
//     body allocated is private up to each of its escapes, and again
//     once the goroutines it escaped into are joined on every path
//     (hb.Goroutines.Joined).
//   - Region: per declaration, for a graph of fresh objects kept in the
//     function's own maps and slices. Which locals hold only fresh
//     objects is a must-points-to question solved to a fixpoint over
//     the locals' assignments, which the per-local form cannot answer
//     (an element read back from a container is fresh only if every
//     value stored into it was); the region escapes as a whole, at any
//     use of one of its values that lets it leave, and never becomes
//     private again.
//
// Why this is not in internal/escape itself: internal/hb uses escape's
// in-place closures to decide joins, and this package uses hb's joins.
//
// The syntax tree with types: the passes asking (atomicmix) report on
// syntax positions and build no IR for most packages.
package owned
