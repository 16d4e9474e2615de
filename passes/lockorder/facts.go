package lockorder

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Facts are kept small and deterministic: entries are sorted, witness call
// chains are bounded by maxVia, and a package's order graph (which must
// carry its dependencies' edges, since package facts only travel from
// direct imports) is capped at maxEdges.
const (
	maxVia   = 3
	maxEdges = 2000
	// maxAcquires bounds the classes a summary lists (see doc.go).
	maxAcquires = 16
)

// lockSummary is what a function does to locks, as seen by its callers.
type lockSummary struct {
	// Acquires lists the classes the function may acquire (blocking:
	// TryLock is left out), directly or through its callees.
	Acquires []acquisition
	// Holds lists the classes it always returns still holding: it is a
	// lock helper.
	Holds []acquisition
	// CondHolds lists the classes it returns still holding exactly when
	// its last result is CondOn ("true", or "a nil error"), and not
	// otherwise: a conditional helper (lockIfOpen() bool), or a function
	// that returns such a helper's result as its own.
	CondHolds []acquisition
	CondOn    string
	// Releases lists the classes it releases without having acquired
	// them (an unlock helper, or a function that drops its caller's lock
	// and, if Reacquired, takes it again before returning).
	Releases []release
	// Inits lists the completion flags whose double-checked
	// initialisation it runs, directly or through its callees (see
	// initflag.go).
	Inits []string
	// Calls lists the function parameters it calls (directly, or by
	// passing them to a callee that calls them) while holding locks: a
	// callback passed there runs with those locks held (a sharded map's
	// Upsert, a WithLock helper, a visitor under the tree's lock).
	Calls []paramCall
	// Yields lists the locks held where the iterator the function returns
	// calls yield: the body of a range over it runs holding them.
	Yields []acquisition
}

// paramCall is one function parameter a function calls with locks held.
type paramCall struct {
	Param int           // index among the parameters, receiver aside
	Held  []acquisition // the locks held there (Path as in acquisition)
}

func (*lockSummary) AFact() {}

func (s *lockSummary) String() string {
	var parts []string
	for _, a := range s.Acquires {
		verb := "acquires "
		if !a.Certain {
			verb = "may acquire "
		}
		part := verb + a.Short + a.mode()
		if a.Dyn != "" {
			var conds []string
			for _, term := range strings.Split(a.Dyn, "&") {
				base, typ, _ := strings.Cut(term, ":")
				conds = append(conds, base+" is "+typ)
			}
			part += " (acquires if " + strings.Join(conds, " and ") + ")"
		}
		parts = append(parts, part)
	}
	for _, a := range s.Holds {
		parts = append(parts, "holds "+a.Short+a.mode())
	}
	for _, a := range s.CondHolds {
		parts = append(parts, "holds "+a.Short+a.mode()+" on "+s.CondOn)
	}
	parts = slices.Compact(parts)
	for _, r := range s.Releases {
		verb := "releases "
		if r.Reacquired {
			verb = "drops "
		}
		parts = append(parts, verb+r.Short)
	}
	for _, f := range s.Inits {
		parts = append(parts, "initialises "+shortFlag(f))
	}
	for _, c := range s.Calls {
		var held []string
		for _, h := range c.Held {
			held = append(held, h.Short+h.mode())
		}
		if len(held) == 0 {
			parts = append(parts, fmt.Sprintf("calls p%d", c.Param))
			continue
		}
		parts = append(parts, fmt.Sprintf("calls p%d holding %s", c.Param, strings.Join(held, " and ")))
	}
	for _, y := range s.Yields {
		parts = append(parts, "yields holding "+y.Short+y.mode())
	}
	return strings.Join(parts, ", ")
}

func (s *lockSummary) empty() bool {
	return len(s.Acquires) == 0 && len(s.Holds) == 0 && len(s.CondHolds) == 0 && len(s.Releases) == 0 && len(s.Inits) == 0 && len(s.Calls) == 0 && len(s.Yields) == 0
}

// acquisition is one lock class a function acquires.
type acquisition struct {
	Class, Short string
	Global       bool // a package variable, not a field
	Shared       bool
	Certain      bool // on every path through the function
	// Path locates the mutex from the function's receiver or a parameter
	// ("recv.mu", "p0.inner.mu"), so callers can name the instance; empty
	// when it is reached otherwise.
	Path string
	// Site is where the lock is finally taken (file.go:12), Via the
	// calls leading there from the function (at most maxVia).
	Site string
	Via  []string
	// Released lists the caller's lock classes the function released
	// before it took this one (on some path to it): no order edge from
	// those (UnlockKey takes the table lock while its caller still holds
	// the key's lock, then releases it: that edge stays).
	Released []string
	// Under is set when the function takes the class while holding
	// another lock of its own, whose order edge to the class is recorded
	// in this package: a caller in this package holding h needs only the
	// edge h -> that outer lock (a chain of N nested calls makes N edges,
	// not N^2/2).
	Under bool
	// Below, for an acquisition on an unknown instance (Path ""), names
	// the receiver or parameter ("recv", "p0") on a child of which (an
	// element or field of it), or further down, the function's recursion
	// takes the class, and never on anything else (hierarchy.go): the
	// order edges a caller of the same recursion holding its node's lock
	// gets from it are descents.
	Below string
	// Dyn, for an acquisition not certain, is a condition that makes it
	// certain: "pN:T", parameter N has dynamic type T, or several such
	// terms joined by "&", all true (a chain of interface calls through
	// parameters, at most maxCondTerms). A function that
	// calls a method on an interface parameter (func render(kv KV) {
	// kv.Get() }) resolved by CHA to T.Get acquires what T.Get acquires
	// on every path when called with a T.
	Dyn string
}

func (a acquisition) mode() string {
	if a.Shared {
		return ":R"
	}
	return ""
}

// release is one lock class a function releases without acquiring it.
type release struct {
	Class, Short string
	Path         string // as in acquisition
	Reacquired   bool
	// Param is set when the mutex is a parameter itself (m *sync.Mutex),
	// whose class means nothing to callers: they find it by Path.
	Param bool
}

// orderGraph is the lock-order graph seen from a package: its own edges
// and those of every package it imports, with the declared orders.
type orderGraph struct {
	Edges    []orderEdge
	Declared []declaredOrder
}

func (*orderGraph) AFact() {}

func (g *orderGraph) String() string {
	var parts []string
	for _, e := range g.Edges {
		p := e.FromShort + " -> " + e.ToShort
		for _, f := range e.Init {
			p += " (initialises " + shortFlag(f) + ")"
		}
		for _, f := range e.After {
			p += " (after " + shortFlag(f) + ")"
		}
		if e.Descent {
			p += " (descent)"
		}
		parts = append(parts, p)
	}
	for _, d := range g.Declared {
		parts = append(parts, "declared "+strings.Join(d.Classes, " < "))
	}
	return strings.Join(parts, ", ")
}

// orderEdge says To was acquired while From may have been held.
type orderEdge struct {
	From, FromShort string
	To, ToShort     string
	Pkg, Func       string // where: package path, function name
	Site            string // acquisition of To (file.go:12), a call when Via is set
	Held            string // acquisition of From
	Via             []string
	LockSite        string // when Via is set: where To is finally taken
	// Init lists the completion flags seen unset under From before To
	// was taken, After those initialised before From was taken (see
	// initflag.go). Merged over a pair's sites, they keep what all share.
	Init, After []string
	// Descent: every edge of the pair is a recursion's descent from a
	// node to its child (hierarchy.go), so a cycle of descents alone was
	// not reported where it formed: an importer's edge that closes it is.
	Descent bool
}

// where describes the acquisition of To for a message: its position and the
// call chain to it.
func (e orderEdge) where() string {
	s := e.Site
	if len(e.Via) > 0 {
		s += fmt.Sprintf(" (via %s, locked at %s)", strings.Join(e.Via, " -> "), e.LockSite)
	}
	return s
}

// declaredOrder is one //cowlint:order directive.
type declaredOrder struct {
	Classes []string
	Site    string
}

func sortAcquisitions(as []acquisition) {
	slices.SortFunc(as, func(a, b acquisition) int {
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(a.Path, b.Path), boolCmp(a.Shared, b.Shared))
	})
}

func sortEdges(es []orderEdge) {
	slices.SortFunc(es, func(a, b orderEdge) int { return compareEdges(&a, &b) })
}

// compareEdges orders edges by classes, then package and site.
func compareEdges(a, b *orderEdge) int {
	return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Pkg, b.Pkg), cmp.Compare(a.Site, b.Site))
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

func appendVia(name string, via []string) []string {
	out := append([]string{name}, via...)
	if len(out) > maxVia {
		out = append(out[:maxVia-1:maxVia-1], "...")
	}
	return out
}

// shortFlag prints a flag's key without its package path: Conn.done.
func shortFlag(key string) string {
	key = key[strings.LastIndex(key, "/")+1:]
	if _, rest, ok := strings.Cut(key, "."); ok {
		return rest
	}
	return key
}
