package lockorder

import (
	"go/token"
	"maps"
	"slices"

	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/identity"
)

// lockClass names a mutex independently of the instance (see
// internal/identity): a field path on a named type, a package variable, or
// a local (whose key is only meaningful in this package).
type lockClass struct {
	Key, Short string
	Kind       identity.Kind
}

func classOf(id identity.ID) lockClass {
	return lockClass{Key: id.Key, Short: id.Short, Kind: id.Kind}
}

// exported reports whether the class means the same in every package.
func (c lockClass) exported() bool { return c.Kind == identity.Field || c.Kind == identity.Global }

// heldKey identifies one held lock: its class and, when known, instance.
// Unknown instances are told apart by their acquisition site.
type heldKey struct {
	class string
	inst  held.Instance
	site  token.Pos // only for unknown instances
}

// heldLock is one lock that may be held at a program point.
type heldLock struct {
	class  lockClass
	inst   held.Instance
	shared bool
	must   bool      // held on every path to this point
	site   token.Pos // acquisition (or call acquiring it)
	via    []string
	// checked lists the completion flags seen unset since this lock was
	// taken (double-checked initialisation, see initflag.go); after, the
	// flags whose initialisation had completed when it was taken.
	checked, after []string
}

// heldSet is the state of the flow analysis: the locks that may be held,
// the releases deferred to the function's exit, and the classes released
// that the function did not itself acquire (its caller's locks).
type heldSet struct {
	held     map[heldKey]heldLock
	deferred map[string]bool // class keys released at exit
	dropped  map[string]release
	taken    map[string]bool        // classes certainly acquired on every path so far
	inited   map[string]bool        // completion flags certainly initialised (initflag.go)
	owned    map[held.Instance]bool // objects whose last reference was dropped (refcount.go)
}

func newHeldSet() *heldSet {
	return &heldSet{held: map[heldKey]heldLock{}, deferred: map[string]bool{}, dropped: map[string]release{}, taken: map[string]bool{}, inited: map[string]bool{}, owned: map[held.Instance]bool{}}
}

// Clone and Join make heldSet a held.State.
func (s *heldSet) Clone() *heldSet {
	return &heldSet{held: maps.Clone(s.held), deferred: maps.Clone(s.deferred), dropped: maps.Clone(s.dropped), taken: maps.Clone(s.taken), inited: maps.Clone(s.inited), owned: maps.Clone(s.owned)}
}

// join merges t into s (may-held: union; must-held: intersection) and
// reports whether s changed.
func (s *heldSet) Join(t *heldSet) bool {
	changed := false
	for k, h := range s.held {
		if th, ok := t.held[k]; !ok || !th.must {
			if h.must {
				h.must = false
				s.held[k] = h
				changed = true
			}
		}
	}
	for k, th := range t.held {
		h, ok := s.held[k]
		if !ok {
			th.must = false
			s.held[k] = th
			changed = true
			continue
		}
		if c, a := intersect(h.checked, th.checked), intersect(h.after, th.after); len(c) != len(h.checked) || len(a) != len(h.after) {
			h.checked, h.after = c, a
			s.held[k] = h
			changed = true
		}
		if th.shared && !h.shared {
			// Keep the exclusive mode: an upgrade report needs certainty.
			continue
		}
		if th.site < h.site {
			h.site, h.via = th.site, th.via
			s.held[k] = h
			changed = true
		}
	}
	changed = keepCommon(s.taken, t.taken) || changed
	changed = keepCommon(s.inited, t.inited) || changed
	changed = keepCommon(s.owned, t.owned) || changed
	for k := range t.deferred {
		if !s.deferred[k] {
			s.deferred[k] = true
			changed = true
		}
	}
	for k, r := range t.dropped {
		if _, ok := s.dropped[k]; !ok {
			s.dropped[k] = r
			changed = true
		}
	}
	return changed
}

func (s *heldSet) add(h heldLock) {
	k := heldKey{class: h.class.Key, inst: h.inst}
	if !h.inst.Known() {
		k.site = h.site
	}
	if old, ok := s.held[k]; ok && old.must && !h.must {
		h.must = true
	}
	s.held[k] = h
}

// release removes the lock (class, inst) and reports whether anything
// of that class was held. An unknown or unmatched instance releases every
// lock of the class: a mutex reached another way is most likely the same.
func (s *heldSet) release(class string, inst held.Instance) bool {
	if inst.Known() {
		if _, ok := s.held[heldKey{class: class, inst: inst}]; ok {
			delete(s.held, heldKey{class: class, inst: inst})
			return true
		}
	}
	found := false
	for k := range s.held {
		if k.class == class {
			delete(s.held, k)
			found = true
		}
	}
	return found
}

// sortedHeld returns the held locks in a deterministic order.
func (s *heldSet) sortedHeld() []heldLock {
	out := make([]heldLock, 0, len(s.held))
	for _, h := range s.held {
		out = append(out, h)
	}
	sortHeld(out)
	return out
}

// keepCommon deletes from s the keys t lacks (a must-set's join) and
// reports whether s changed.
func keepCommon[K comparable](s, t map[K]bool) bool {
	changed := false
	for k := range s {
		if !t[k] {
			delete(s, k)
			changed = true
		}
	}
	return changed
}

// intersect returns the elements of the sorted list a also in b.
func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
