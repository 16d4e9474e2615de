package lockorder

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/identity"
)

type reportKey struct {
	pos token.Pos
	msg string
}

// report emits a diagnostic once.
func (a *analyzer) report(d analysis.Diagnostic) {
	k := reportKey{d.Pos, d.Message}
	if a.reported[k] {
		return
	}
	a.reported[k] = true
	a.pass.Report(d)
}

// name prints a held or acquired mutex: the instance when known (s.mu),
// else the class (Server.mu).
func name(class lockClass, inst instance) string {
	if inst.known() && class.Kind != identity.Global {
		return inst.String()
	}
	return class.Short
}

func (ev acquireEvent) describe() string {
	if ev.callee == nil {
		return ""
	}
	return fmt.Sprintf(" through %s (locked at %s)", strings.Join(ev.via, " -> "), ev.lockSite)
}

// reportReacquire reports a lock taken again while certainly held by the
// same goroutine: a double lock, a recursive read lock, or an upgrade.
func (a *analyzer) reportReacquire(h heldLock, ev acquireEvent) {
	n := name(ev.class, ev.inst)
	if ev.inst == (instance{}) {
		n = name(h.class, h.inst)
	}
	held := a.posString(h.site)
	var msg string
	switch {
	case !h.shared:
		msg = fmt.Sprintf("double lock of %s%s: already held since %s, and sync mutexes are not reentrant", n, ev.describe(), held)
	case ev.shared:
		msg = fmt.Sprintf("recursive read lock of %s%s: already read-locked at %s; a writer queued in between deadlocks both", n, ev.describe(), held)
	default:
		msg = fmt.Sprintf("%s locked%s while read-locked at %s: an RWMutex cannot upgrade RLock to Lock, this deadlocks", n, ev.describe(), held)
	}
	a.report(analysis.Diagnostic{
		Pos: ev.pos, Message: msg,
		Related: []analysis.RelatedInformation{{Pos: h.site, Message: n + " acquired here"}},
	})
}

// reportNesting reports two instances of one class nested.
func (a *analyzer) reportNesting(h heldLock, ev acquireEvent) {
	if a.declared.nests(ev.class) {
		return
	}
	msg := fmt.Sprintf("%s locked%s while holding %s (locked at %s), another instance of %s: two goroutines nesting instances in opposite order deadlock; lock instances in one fixed order (parent before child, or by address or ID) and declare it with //cowlint:order %s < %s",
		name(ev.class, ev.inst), ev.describe(), name(h.class, h.inst), a.posString(h.site), ev.class.Short, ev.class.Short, ev.class.Short)
	a.report(analysis.Diagnostic{
		Pos: ev.pos, Message: msg,
		Related: []analysis.RelatedInformation{{Pos: h.site, Message: name(h.class, h.inst) + " acquired here"}},
	})
}

// reportLeaks reports the exits that return holding a lock released on
// other exits: a forgotten Unlock. Locks held on every exit make a lock
// helper (see summary), not a finding.
func (fw *funcWalk) reportLeaks() {
	if len(fw.exits) < 2 {
		return
	}
	for i, e := range fw.exits {
		for _, h := range e.held.sortedHeld() {
			if !h.must {
				continue
			}
			var released []exitState
			for j, o := range fw.exits {
				if j != i && !o.heldAny(h.class.Key) {
					released = append(released, o)
				}
			}
			if len(released) == 0 || fw.conditionalHelper(e, released, h.class.Key) {
				continue
			}
			n := name(h.class, h.inst)
			pos, end := e.ret.Pos(), e.ret.End()
			if end-pos <= 1 {
				// The implicit return at the closing brace.
				end = pos + 1
			}
			fw.a.report(analysis.Diagnostic{
				Pos: pos, End: end,
				Message: fmt.Sprintf("%s is still held at this return but released on other paths (e.g. %s): missing Unlock", n, fw.a.posString(released[0].ret.Pos())),
				Related: []analysis.RelatedInformation{{Pos: h.site, Message: n + " acquired here"}, {Pos: released[0].ret.Pos(), Message: "released before this return"}},
			})
		}
	}
}

func (e exitState) heldAny(class string) bool {
	for k := range e.held.held {
		if k.class == class {
			return true
		}
	}
	return false
}

// conditionalHelper recognises a function that returns holding the lock
// exactly when its bool or error result says so (lockIfOpen() bool): the
// leaking and the releasing returns return different results.
func (fw *funcWalk) conditionalHelper(leak exitState, released []exitState, class string) bool {
	if fw.decl == nil || fw.decl.Results == nil || len(fw.decl.Results.List) == 0 {
		return false
	}
	res := fw.decl.Results.List[len(fw.decl.Results.List)-1]
	t := fw.a.pass.TypesInfo.TypeOf(res.Type)
	if t == nil || !(types.Identical(t, types.Typ[types.Bool]) || types.Identical(t, types.Universe.Lookup("error").Type())) {
		return false
	}
	last := func(e exitState) string {
		if len(e.ret.Results) == 0 {
			return ""
		}
		return types.ExprString(e.ret.Results[len(e.ret.Results)-1])
	}
	leaks := map[string]bool{}
	for _, o := range fw.exits {
		if !o.heldAny(class) {
			continue
		}
		leaks[last(o)] = true
	}
	if leaks[""] {
		return false
	}
	for _, r := range released {
		if leaks[last(r)] {
			return false
		}
	}
	return true
}

func sortHeld(hs []heldLock) {
	slices.SortFunc(hs, func(a, b heldLock) int {
		return cmp.Or(cmp.Compare(a.class.Key, b.class.Key), cmp.Compare(a.inst.String(), b.inst.String()), cmp.Compare(a.site, b.site))
	})
}

func sortReleases(rs []release) {
	slices.SortFunc(rs, func(a, b release) int {
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(a.Recv, b.Recv))
	})
}

