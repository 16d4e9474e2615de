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
func (c lockClass) exported() bool { return exportedKind(c.Kind) }

func exportedKind(k identity.Kind) bool { return k == identity.Field || k == identity.Global }

// heldLock is one lock that may be held at a program point, as this pass
// reads it: a held.Lock with the lockInfo payload unpacked.
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
	// yields names the iterator holding it over a range body (iter.go):
	// such a lock is never in a heldSet, so it has no payload field.
	yields string
}

// lockInfo is this pass's payload on a held.Lock.
type lockInfo struct {
	class          lockClass
	via            []string
	checked, after []string
}

// Merge keeps the call chain of the earlier acquisition and the flags
// common to both paths.
func (p *lockInfo) Merge(other held.Payload, otherFirst bool) held.Payload {
	o := other.(*lockInfo)
	c, a := intersect(p.checked, o.checked), intersect(p.after, o.after)
	if !otherFirst && len(c) == len(p.checked) && len(a) == len(p.after) {
		return p
	}
	m := &lockInfo{class: p.class, via: p.via, checked: c, after: a}
	if otherFirst {
		m.via = o.via
	}
	return m
}

func (h heldLock) lock() held.Lock {
	return held.Lock{Class: h.class.Key, Inst: h.inst, Shared: h.shared, Must: h.must, Site: h.site,
		Data: &lockInfo{class: h.class, via: h.via, checked: h.checked, after: h.after}}
}

func view(l held.Lock) heldLock {
	p := l.Data.(*lockInfo)
	return heldLock{class: p.class, inst: l.Inst, shared: l.Shared, must: l.Must, site: l.Site, via: p.via, checked: p.checked, after: p.after}
}

// heldSet is the state of the flow analysis: the locks that may be held and
// the releases deferred to the function's exit (a held.Set, shared with
// every pass that asks which locks are held), the classes released that the
// function did not itself acquire (its caller's locks), and what the
// precision rules follow.
type heldSet struct {
	*held.Set
	dropped map[string]release
	taken   map[string]bool // classes certainly acquired on every path so far
	// takenShared is set when taken is shared with a clone (or the state
	// it was cloned from): copied before it is written. A function's
	// every acquisition through a callee adds to taken, and the states of
	// its blocks and exits are clones that mostly never write it again.
	takenShared bool
	inited      map[string]bool        // completion flags certainly initialised (initflag.go)
	owned       map[held.Instance]bool // objects whose last reference was dropped (refcount.go)
}

// newHeldSet returns an empty state. Its maps other than the locks are
// allocated on first write (setKey): most functions never fill them, and
// every block's transfer clones the state.
func newHeldSet() *heldSet {
	return &heldSet{Set: held.NewSet()}
}

// Clone and Join make heldSet a held.State.
func (s *heldSet) Clone() *heldSet {
	c := &heldSet{Set: s.Set.Clone(), dropped: cloneMap(s.dropped), inited: cloneMap(s.inited), owned: cloneMap(s.owned)}
	if len(s.taken) > 0 {
		s.takenShared = true
		c.taken, c.takenShared = s.taken, true
	}
	return c
}

// take adds key to taken (copied first if shared).
func (s *heldSet) take(key string) {
	if s.taken[key] {
		return
	}
	if s.takenShared {
		s.taken, s.takenShared = maps.Clone(s.taken), false
	}
	setKey(&s.taken, key, true)
}

// Join merges t into s (may-held: union; must-held: intersection; see
// held.Set.Join) and reports whether s changed.
func (s *heldSet) Join(t *heldSet) bool {
	changed := s.Set.Join(t.Set)
	if s.takenShared && !hasAll(t.taken, s.taken) {
		s.taken, s.takenShared = maps.Clone(s.taken), false
	}
	changed = keepCommon(s.taken, t.taken) || changed
	changed = keepCommon(s.inited, t.inited) || changed
	changed = keepCommon(s.owned, t.owned) || changed
	for k, r := range t.dropped {
		if _, ok := s.dropped[k]; !ok {
			setKey(&s.dropped, k, r)
			changed = true
		}
	}
	return changed
}

// equal reports whether s and t are the same state (see held.Set.Equal).
func (s *heldSet) equal(t *heldSet) bool {
	return s.Set.Equal(t.Set) && maps.Equal(s.dropped, t.dropped) && maps.Equal(s.taken, t.taken) &&
		maps.Equal(s.inited, t.inited) && maps.Equal(s.owned, t.owned)
}

func (s *heldSet) add(h heldLock) { s.Add(h.lock()) }

// put stores h as it is (a changed payload).
func (s *heldSet) put(h heldLock) { s.Put(h.lock()) }

// find returns the lock of s that h names.
func (s *heldSet) find(h heldLock) (heldLock, bool) {
	l, ok := s.Find(h.lock())
	if !ok {
		return heldLock{}, false
	}
	return view(l), true
}

// sortedHeld returns the held locks in a deterministic order.
func (s *heldSet) sortedHeld() []heldLock {
	ls := s.Locks()
	out := make([]heldLock, len(ls))
	for i, l := range ls {
		out[i] = view(l)
	}
	return out
}

// cloneMap copies m; nil when it is empty (see setKey).
func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

// setKey sets m[k] = v, allocating m if it is nil.
func setKey[K comparable, V any](m *map[K]V, k K, v V) {
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
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

// hasAll reports whether every key of t is in s.
func hasAll(s, t map[string]bool) bool {
	for k := range t {
		if !s[k] {
			return false
		}
	}
	return true
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
