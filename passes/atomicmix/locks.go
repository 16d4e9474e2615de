package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/cowlint/cowlint/internal/lockop"
)

// A heldLock is a mutex known to be held, by key: the identity key of the
// mutex (Server.mu for any instance), or the source text for one reached
// through a pointer.
type heldLock struct {
	key       string
	exclusive bool
}

// anyLock stands for "the caller holds the lock": the body of a function
// named ...Locked, by the convention std and most Go code follow.
const anyLock = "*"

// A lockMap gives the locks held at each statement of one function body.
// It is a lexical approximation: Lock and Unlock calls in statement
// order, branches that return discarded, and locks held on only some
// paths into a join dropped, so a lock is "held" only when it certainly
// is.
type lockMap struct {
	spans []lockSpan
}

type lockSpan struct {
	pos, end token.Pos
	held     []heldLock
}

func buildLockMap(info *types.Info, fn ast.Node) *lockMap {
	m := &lockMap{}
	var body *ast.BlockStmt
	var held []heldLock
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
		if name := fn.Name.Name; strings.HasSuffix(name, "Locked") || strings.HasSuffix(name, "_locked") {
			held = []heldLock{{key: anyLock, exclusive: true}}
		}
	case *ast.FuncLit:
		body = fn.Body
	}
	if body != nil {
		w := lockWalker{info: info, m: m}
		w.stmts(body.List, held)
	}
	return m
}

// at returns the locks held at pos: those of the innermost statement
// containing it.
func (m *lockMap) at(pos token.Pos) []heldLock {
	var best *lockSpan
	for i := range m.spans {
		s := &m.spans[i]
		if s.pos <= pos && pos < s.end && (best == nil || s.pos >= best.pos && s.end <= best.end) {
			best = s
		}
	}
	if best == nil {
		return nil
	}
	return best.held
}

type lockWalker struct {
	info *types.Info
	m    *lockMap
}

// stmts walks a statement list with the locks held on entry and returns
// those held after it.
func (w *lockWalker) stmts(list []ast.Stmt, held []heldLock) []heldLock {
	for _, s := range list {
		held = w.stmt(s, held)
	}
	return held
}

func (w *lockWalker) stmt(s ast.Stmt, held []heldLock) []heldLock {
	w.m.spans = append(w.m.spans, lockSpan{pos: s.Pos(), end: s.End(), held: held})
	switch s := s.(type) {
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		if !ok {
			break
		}
		op, ok := lockop.Classify(w.info, call)
		if !ok {
			break
		}
		key := lockKey(w.info, op)
		switch op.Kind {
		case lockop.Lock, lockop.RLock:
			return append(slices.Clip(held), heldLock{key: key, exclusive: op.Kind == lockop.Lock})
		case lockop.Unlock, lockop.RUnlock:
			return slices.DeleteFunc(slices.Clone(held), func(h heldLock) bool { return h.key == key })
		}
	case *ast.BlockStmt:
		return w.stmts(s.List, held)
	case *ast.LabeledStmt:
		return w.stmt(s.Stmt, held)
	case *ast.IfStmt:
		if s.Init != nil {
			held = w.stmt(s.Init, held)
		}
		after := w.stmts(s.Body.List, held)
		bodyEnds := terminates(s.Body.List)
		elseAfter, elseEnds := held, false
		if s.Else != nil {
			elseAfter = w.stmt(s.Else, held)
			if b, ok := s.Else.(*ast.BlockStmt); ok {
				elseEnds = terminates(b.List)
			}
		}
		switch {
		case bodyEnds && elseEnds:
			return held
		case bodyEnds:
			return elseAfter
		case elseEnds:
			return after
		}
		return intersect(after, elseAfter)
	case *ast.ForStmt:
		return intersect(held, w.stmts(s.Body.List, held))
	case *ast.RangeStmt:
		return intersect(held, w.stmts(s.Body.List, held))
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		var body *ast.BlockStmt
		switch s := s.(type) {
		case *ast.SwitchStmt:
			if s.Init != nil {
				held = w.stmt(s.Init, held)
			}
			body = s.Body
		case *ast.TypeSwitchStmt:
			if s.Init != nil {
				held = w.stmt(s.Init, held)
			}
			body = s.Body
		case *ast.SelectStmt:
			body = s.Body
		}
		out := held
		for _, c := range body.List {
			var list []ast.Stmt
			switch c := c.(type) {
			case *ast.CaseClause:
				list = c.Body
			case *ast.CommClause:
				list = c.Body
			}
			w.m.spans = append(w.m.spans, lockSpan{pos: c.Pos(), end: c.End(), held: held})
			if a := w.stmts(list, held); !terminates(list) {
				out = intersect(out, a)
			}
		}
		return out
	}
	return held
}

// terminates reports whether a statement list never falls through.
func terminates(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	switch s := list[len(list)-1].(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// intersect returns the locks in both a and b (exclusive only if both are).
func intersect(a, b []heldLock) []heldLock {
	var out []heldLock
	for _, x := range a {
		for _, y := range b {
			if x.key == y.key {
				out = append(out, heldLock{key: x.key, exclusive: x.exclusive && y.exclusive})
			}
		}
	}
	return out
}

func lockKey(info *types.Info, op lockop.Op) string {
	if id := op.ID(info); id.Valid() {
		return id.Key
	}
	if op.MutexExpr != nil {
		return "expr:" + types.ExprString(op.MutexExpr)
	}
	if sel, ok := ast.Unparen(op.Call.Fun).(*ast.SelectorExpr); ok {
		return "expr:" + types.ExprString(sel.X)
	}
	return "?"
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
