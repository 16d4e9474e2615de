package lockorder

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/identity"
)

// Double-checked initialisation (crypto/tls's handshake): a function takes
// A, checks an atomic completion flag again under A and returns if it is
// set, and only then takes B. The order edge A -> B is an initialisation
// edge for that flag. Another function that holds B and then takes A only
// after a call that runs the initialisation (Read calls Handshake first) is
// not its reverse: when it holds B the flag is set, and as long as the
// flag is cleared only under A, a goroutine that holds A and finds it unset
// cannot be waiting for B while the other waits for A. Such a pair of edges
// is not reported as a cycle (see excusedPair); a longer cycle through
// either edge still is.
//
// The walk records on each held lock the flags seen unset since it was
// taken (heldLock.checked) and the flags initialised on every path when it
// was taken (heldLock.after, from heldSet.inited, set by calls to
// functions whose summary Inits the flag); edges carry both (orderEdge.Init,
// After). Flags cleared anywhere without A held do not make A -> B an
// initialisation edge (see validInits).

// flagOf returns the key of the completion flag an expression reads, and
// whether the expression is true when the flag is set: c.done.Load() and
// atomic.LoadUint32(&c.done) != 0 (set), atomic.LoadUint32(&c.done) == 0
// (unset).
func flagOf(info *types.Info, e ast.Expr) (key string, whenSet bool, ok bool) {
	e = ast.Unparen(e)
	if bin, isBin := e.(*ast.BinaryExpr); isBin && (bin.Op == token.EQL || bin.Op == token.NEQ) {
		call, other := bin.X, bin.Y
		if isZero(info, call) {
			call, other = other, call
		}
		if !isZero(info, other) {
			return "", false, false
		}
		key, ok := flagLoad(info, call, false)
		return key, bin.Op == token.NEQ, ok
	}
	key, ok = flagLoad(info, e, true)
	return key, true, ok
}

// flagLoad recognises an atomic load of a field or package variable, of a
// Bool when boolean is set, of an integer otherwise.
func flagLoad(info *types.Info, e ast.Expr, boolean bool) (string, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	op, ok := atomicop.Classify(info, call)
	if !ok || op.Kind != atomicop.Load || (op.Type == "Bool") != boolean || op.Type == "Pointer" || op.Type == "Value" {
		return "", false
	}
	id := op.ID(info)
	if id.Kind != identity.Field && id.Kind != identity.Global {
		return "", false
	}
	return id.Key, true
}

func isZero(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Int && constant.Sign(tv.Value) == 0
}

// isSetValue reports whether e is a constant that sets a flag: true or a
// non-zero integer.
func isSetValue(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	switch tv.Value.Kind() {
	case constant.Bool:
		return constant.BoolVal(tv.Value)
	case constant.Int:
		return constant.Sign(tv.Value) != 0
	}
	return false
}

// flagUnset marks flag as seen unset under every lock certainly held.
func (r *bodyRun) flagUnset(s *heldSet, flag string) {
	for _, h := range s.sortedHeld() {
		if !h.must || slices.Contains(h.checked, flag) {
			continue
		}
		h.checked = append(slices.Clip(h.checked), flag)
		slices.Sort(h.checked)
		s.put(h)
	}
}

// flagWrite records an atomic write that may clear a completion flag (a
// Store, Swap or CompareAndSwap of anything but a constant true or non-zero
// value) with the classes certainly held there.
func (r *bodyRun) flagWrite(s *heldSet, op atomicop.Op) {
	if !r.reporting || !clears(r.fw.a.pass.TypesInfo, op) {
		return
	}
	id := op.ID(r.fw.a.pass.TypesInfo)
	if !id.Valid() {
		return
	}
	classes := map[string]bool{}
	for _, l := range s.Must() {
		classes[l.Class] = true
	}
	a := r.fw.a
	a.clearSites[op.Call] = true
	if prev, ok := a.clears[id.Key]; ok {
		keepCommon(prev, classes)
		return
	}
	a.clears[id.Key] = classes
}

// validInits keeps, of an edge's initialisation flags, those that this
// package clears only with the edge's outer lock held.
func (a *analyzer) validInits(e *localEdge) {
	if len(e.Init) == 0 {
		return
	}
	a.scanClears()
	var keep []string
	for _, f := range e.Init {
		if held, ok := a.clears[f]; !ok || held[e.From] {
			keep = append(keep, f)
		}
	}
	e.Init = keep
}

// excusedPair reports whether the edges from -> to and to -> from (each
// merged over all their sites) are an initialisation edge and an edge
// whose outer lock is taken only after that initialisation.
func (g *lockGraph) excusedPair(from, to string) bool {
	ab, ba := g.flags(from, to), g.flags(to, from)
	return len(intersect(ab.Init, ba.After)) > 0 || len(intersect(ba.Init, ab.After)) > 0
}

// scanClears records, once, the writes that may clear a flag in functions
// the walk skipped (they touch no lock): nothing is held there.
func (a *analyzer) scanClears() {
	if a.clearsScanned {
		return
	}
	a.clearsScanned = true
	info := a.pass.TypesInfo
	for _, f := range a.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || a.clearSites[call] {
				return true
			}
			op, ok := atomicop.Classify(info, call)
			if !ok || !clears(info, op) {
				return true
			}
			if id := op.ID(info); id.Valid() {
				a.clears[id.Key] = map[string]bool{}
			}
			return true
		})
	}
}

// clears reports whether an atomic operation may clear a flag: a Store,
// Swap or CompareAndSwap of anything but a constant true or non-zero.
func clears(info *types.Info, op atomicop.Op) bool {
	if op.Kind != atomicop.Store && op.Kind != atomicop.Swap && op.Kind != atomicop.CompareAndSwap {
		return false
	}
	v := op.Value()
	return v == nil || !isSetValue(info, v)
}
