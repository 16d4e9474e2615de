package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/cowlint/cowlint/internal/held"
)

// A heldLock is a mutex known to be held, by key: the identity key of the
// mutex (Server.mu for any instance), or the source text for one reached
// through a pointer (see held.Class).
type heldLock struct {
	key       string
	exclusive bool
	name      string // as messages name it: s.mu, or Server.mu
}

// anyLock stands for "some lock, unknown": it matches any key. Nothing
// produces it since locks held on entry come from the calls (see
// held.Entries) rather than from a function's name.
const anyLock = "*"

// A lockMap gives the locks certainly held at each point of one function
// body: internal/held's flow-sensitive analysis, shared with lockorder.
type lockMap struct {
	fn *held.Func
}

// buildLockMap analyses fn; a declaration starts with the locks every
// call of it holds (entries).
func buildLockMap(info *types.Info, fn ast.Node, entries *held.Entries) *lockMap {
	if decl, ok := fn.(*ast.FuncDecl); ok {
		return &lockMap{fn: entries.Func(decl)}
	}
	return &lockMap{fn: held.Analyze(info, fn, held.Config{})}
}

// at returns the locks certainly held at pos.
func (m *lockMap) at(pos token.Pos) []heldLock {
	var out []heldLock
	for _, l := range m.fn.At(pos) {
		out = append(out, heldLock{key: l.Class, exclusive: !l.Shared, name: lockName(l)})
	}
	return out
}

// lockName names a held lock in a message: by its instance where known
// (s.mu), else by its class without the package path (Server.mu).
func lockName(l held.Lock) string {
	if l.Inst.Known() {
		return l.Inst.String()
	}
	name, ok := strings.CutPrefix(l.Class, "expr:")
	if ok {
		return name
	}
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.Index(name, "."); i >= 0 && strings.Contains(name[i+1:], ".") {
		name = name[i+1:] // pkg.Type.field -> Type.field; pkg.mu stays
	}
	return name
}

// exclusiveKeys lists the keys of the locks held exclusively, sorted.
func exclusiveKeys(held []heldLock) []string {
	var keys []string
	for _, h := range held {
		if h.exclusive {
			keys = append(keys, h.key)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// allKeys lists the keys of the locks held, sorted.
func allKeys(held []heldLock) []string {
	var keys []string
	for _, h := range held {
		keys = append(keys, h.key)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// lockSet is the set of locks held at every one of a set of accesses; nil
// until the first access is added.
type lockSet struct {
	started bool
	keys    []string
}

func (s *lockSet) add(keys []string) {
	if !s.started {
		s.started, s.keys = true, keys
		return
	}
	s.keys = intersectKeys(s.keys, keys)
}

// intersectKeys intersects two sorted key lists; anyLock matches any key.
func intersectKeys(a, b []string) []string {
	switch {
	case slices.Equal(a, []string{anyLock}):
		return b
	case slices.Equal(b, []string{anyLock}):
		return a
	}
	var out []string
	for _, k := range a {
		if slices.Contains(b, k) {
			out = append(out, k)
		}
	}
	return out
}

// covers reports whether a reader holding held excludes every writer that
// holds all of keys.
func covers(held []string, keys []string) bool {
	if len(keys) == 0 || len(held) == 0 {
		return false
	}
	if slices.Contains(held, anyLock) || slices.Contains(keys, anyLock) {
		return true
	}
	return len(intersectKeys(held, keys)) > 0
}
