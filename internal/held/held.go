// Package held computes the locks held at each point of one function body:
// a flow-sensitive analysis over golang.org/x/tools/go/cfg, written once for
// every pass that needs to know whether an access or an acquisition happens
// under a lock.
//
// Lock and RLock add a lock, Unlock and RUnlock remove it; a deferred
// Unlock releases at exit only; TryLock holds only on the branch where it
// succeeded; early returns end their path; a go statement's function and a
// function literal that is not called in place start with nothing held (they
// run later, elsewhere) while a literal called in place, directly or
// through a local variable (unlock := func() {...}; unlock()), runs with
// its caller's locks; a function declaration starts with the locks every
// call of it holds (Entries), never by its name.
//
// Locks are keyed the way internal/lockop and internal/identity name them: a
// class (ClassOf: the identity of the mutex, Server.mu whatever the
// instance, with two values of one type side by side in a struct told apart)
// and, when the function names it, an instance (a variable and a field
// path: s.mu).
//
// At(pos) answers "which locks are certainly held here" for any position in
// the body; Lock.Must distinguishes locks held on every path from those
// held on some.
package held

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"

	"github.com/cowlint/cowlint/internal/lockop"
)

// An Instance names one mutex value within a function: a variable and the
// field path from it (s, "mu"). Root is nil when the mutex is reached
// otherwise (through an index, a call, a map).
type Instance struct {
	Root types.Object
	Path string
}

// Known reports whether the instance is named.
func (i Instance) Known() bool { return i.Root != nil }

func (i Instance) String() string {
	switch {
	case i.Root == nil:
		return "?"
	case i.Path == "":
		return i.Root.Name()
	}
	return i.Root.Name() + "." + i.Path
}

// A Lock is one lock that may be held at a program point.
type Lock struct {
	Class  string
	Inst   Instance
	Shared bool      // read-locked (on some path)
	Must   bool      // held on every path to the point
	Site   token.Pos // its acquisition (the earliest, over the paths)
	// Data is what a pass keeps with the lock, nil for none.
	Data Payload
}

// A Payload is a pass's data about one held lock (how it was acquired,
// what was checked since). Payloads are shared between cloned sets: a pass
// changes one by storing a new value (Set.Put), never in place.
type Payload interface {
	// Merge returns the payload of a lock held on two paths into one
	// point, the receiver's and other's; otherFirst tells whether
	// other's acquisition comes first in the source. It returns the
	// receiver itself when nothing changes.
	Merge(other Payload, otherFirst bool) Payload
}

// key identifies a held lock: its class and instance; locks of unknown
// instance are told apart by their acquisition site.
type key struct {
	class string
	inst  Instance
	site  token.Pos
}

func (l Lock) key() key {
	k := key{class: l.Class, inst: l.Inst}
	if !l.Inst.Known() {
		k.site = l.Site
	}
	return k
}

// A Set is the state of the analysis at one point: the locks that may be
// held (Must marks those certainly held) and the classes whose release is
// deferred to the function's exit.
type Set struct {
	locks    map[key]Lock
	deferred map[string]bool
	// shared is set when the maps may be shared with another set (Clone,
	// Replace): they are copied before the first write (own). A flow
	// analysis clones the state at every block, and most blocks change
	// nothing.
	shared bool
}

// NewSet returns an empty set.
func NewSet() *Set { return &Set{locks: map[key]Lock{}, deferred: map[string]bool{}} }

// Empty reports whether no lock may be held (deferred releases aside).
func (s *Set) Empty() bool { return len(s.locks) == 0 }

// Clone returns an independent copy of s (copy-on-write: the maps are
// copied by whichever set first writes).
func (s *Set) Clone() *Set {
	s.shared = true
	return &Set{locks: s.locks, deferred: s.deferred, shared: true}
}

// own copies the maps of a set that may share them, before a write.
func (s *Set) own() {
	if s.shared {
		s.locks, s.deferred, s.shared = maps.Clone(s.locks), maps.Clone(s.deferred), false
	}
}

// Join merges t, the state on another path into the same point, into s:
// a lock is may-held if it is on either path, certainly held if on both,
// and shared if shared on either. It reports whether s changed.
func (s *Set) Join(t *Set) bool {
	changed := false
	for k, l := range s.locks {
		tl, ok := t.locks[k]
		old := l
		if !ok || !tl.Must {
			l.Must = false
		}
		if ok {
			l.Shared = l.Shared || tl.Shared
			first := tl.Site < l.Site
			if first {
				l.Site = tl.Site
			}
			if l.Data != nil && tl.Data != nil {
				l.Data = l.Data.Merge(tl.Data, first)
			}
		}
		if l != old {
			s.own()
			s.locks[k] = l
			changed = true
		}
	}
	for k, tl := range t.locks {
		if _, ok := s.locks[k]; !ok {
			tl.Must = false
			s.own()
			s.locks[k] = tl
			changed = true
		}
	}
	for c := range t.deferred {
		if !s.deferred[c] {
			s.own()
			s.deferred[c] = true
			changed = true
		}
	}
	return changed
}

// Equal reports whether s and t hold the same locks (payloads compared by
// identity) and defer the same releases: a memo of a flow analysis can
// reuse what it computed from an equal state.
func (s *Set) Equal(t *Set) bool {
	if len(s.locks) != len(t.locks) || len(s.deferred) != len(t.deferred) {
		return false
	}
	for k, l := range s.locks {
		if tl, ok := t.locks[k]; !ok || tl != l {
			return false
		}
	}
	for c := range s.deferred {
		if !t.deferred[c] {
			return false
		}
	}
	return true
}

// Add records l as acquired (certainly held when l.Must).
func (s *Set) Add(l Lock) {
	k := l.key()
	if old, ok := s.locks[k]; ok && old.Must {
		l.Must = true
	}
	s.own()
	s.locks[k] = l
}

// Release removes the lock (class, inst) and reports whether a lock of that
// class was held. An unknown or unmatched instance releases every lock of
// the class: a mutex reached another way is most likely the same one.
func (s *Set) Release(class string, inst Instance) bool {
	if inst.Known() {
		k := key{class: class, inst: inst}
		if _, ok := s.locks[k]; ok {
			s.own()
			delete(s.locks, k)
			return true
		}
	}
	found := false
	for k := range s.locks {
		if k.class == class {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	s.own()
	for k := range s.locks {
		if k.class == class {
			delete(s.locks, k)
		}
	}
	return true
}

// Find returns the lock of s that l names (same class and instance, or
// same acquisition site when the instance is unknown).
func (s *Set) Find(l Lock) (Lock, bool) {
	found, ok := s.locks[l.key()]
	return found, ok
}

// Put stores l as it is, replacing the lock it names.
func (s *Set) Put(l Lock) {
	s.own()
	s.locks[l.key()] = l
}

// HoldsClass reports whether some lock of class is certainly held.
func (s *Set) HoldsClass(class string) bool {
	for k, l := range s.locks {
		if k.class == class && l.Must {
			return true
		}
	}
	return false
}

// Replace makes s hold exactly t's locks: a body run in place (a closure
// called with s) ended with t.
func (s *Set) Replace(t *Set) {
	s.locks = t.locks
	s.shared, t.shared = true, true // s.deferred stays s's own, but one flag covers both maps
}

// ApplyDeferred drops the locks whose release is deferred: the state once
// the function has returned.
func (s *Set) ApplyDeferred() {
	if len(s.deferred) == 0 {
		return
	}
	s.own()
	for k := range s.locks {
		if s.deferred[k.class] {
			delete(s.locks, k)
		}
	}
}

// ClearDeferred forgets the deferred releases: the start of a body run in
// place, whose defers run at its own exit.
func (s *Set) ClearDeferred() {
	s.own()
	s.deferred = map[string]bool{}
}

// DeferredLocks returns a new set of the locks whose release is deferred:
// those a deferred function finds held at exit.
func (s *Set) DeferredLocks() *Set {
	out := NewSet()
	for k, l := range s.locks {
		if s.deferred[k.class] {
			out.locks[k] = l
		}
	}
	return out
}

// Defer records that class is released at the function's exit.
func (s *Set) Defer(class string) {
	if s.deferred[class] {
		return
	}
	s.own()
	s.deferred[class] = true
}

// Deferred reports whether the release of class is deferred to exit.
func (s *Set) Deferred(class string) bool { return s.deferred[class] }

// Locks returns the locks that may be held, in a deterministic order.
func (s *Set) Locks() []Lock {
	out := slices.Collect(maps.Values(s.locks))
	sortLocks(out)
	return out
}

// Must returns the locks certainly held, in a deterministic order.
func (s *Set) Must() []Lock {
	var out []Lock
	for _, l := range s.locks {
		if l.Must {
			out = append(out, l)
		}
	}
	sortLocks(out)
	return out
}

func sortLocks(ls []Lock) {
	slices.SortFunc(ls, func(a, b Lock) int {
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(a.Inst.String(), b.Inst.String()), cmp.Compare(a.Site, b.Site))
	})
}

// Class returns the key of the lock class of an operation (ClassOf), or,
// for a mutex that has none (one behind a sync.Locker, or reached through
// an index or a call), the source text of the expression denoting it. ok is
// false when the operation names no mutex at all.
func Class(info *types.Info, op lockop.Op) (string, bool) {
	if id, ok := ClassOf(info, op); ok {
		return id.Key, true
	}
	if op.MutexExpr != nil {
		return "expr:" + types.ExprString(op.MutexExpr), true
	}
	if sel, ok := ast.Unparen(op.Call.Fun).(*ast.SelectorExpr); ok {
		return "expr:" + types.ExprString(sel.X), true
	}
	return "", false
}
