package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/lockop"
)

// Locks that outlive their scope on purpose: handed back to the caller.

// handedBack returns the classes of the mutexes fw's body hands to its
// caller through a result (return &c.rlock, lock = &c.rlock with lock a
// named result) or an out-parameter (*out = &c.mu): a lock still held
// where its mutex leaves that way is the caller's to release (a Kafka
// client's waitResponse returns the read lock it holds, and its callers
// defer lock.Unlock()). Nil when there is none.
func (fw *funcWalk) handedBack() map[string]bool {
	if fw.decl == nil {
		return nil
	}
	info := fw.a.pass.TypesInfo
	outs := map[types.Object]bool{} // named results and parameters
	for _, list := range []*ast.FieldList{fw.decl.Params, fw.decl.Results} {
		if list == nil {
			continue
		}
		for _, f := range list.List {
			for _, n := range f.Names {
				if obj := info.Defs[n]; obj != nil {
					outs[obj] = true
				}
			}
		}
	}
	var out map[string]bool
	add := func(e ast.Expr) {
		if class, ok := fw.a.mutexClass(e); ok {
			setKey(&out, class, true)
		}
	}
	// toCaller reports whether storing into lhs reaches the caller: a
	// named result, or memory behind a parameter (*out, p.lock).
	toCaller := func(lhs ast.Expr) bool {
		lhs = ast.Unparen(lhs)
		if id, ok := lhs.(*ast.Ident); ok {
			obj := info.Uses[id]
			return obj != nil && outs[obj] && fw.decl.Results != nil && isResult(info, fw.decl.Results, obj)
		}
		for {
			switch e := lhs.(type) {
			case *ast.StarExpr:
				lhs = ast.Unparen(e.X)
				continue
			case *ast.SelectorExpr:
				lhs = ast.Unparen(e.X)
				continue
			case *ast.Ident:
				obj := info.Uses[e]
				return obj != nil && outs[obj] && isPointer(obj.Type())
			}
			return false
		}
	}
	ast.Inspect(fw.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, e := range n.Results {
				add(e)
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, lhs := range n.Lhs {
				if toCaller(lhs) {
					add(n.Rhs[i])
				}
			}
		}
		return true
	})
	return out
}

func isResult(info *types.Info, results *ast.FieldList, obj types.Object) bool {
	for _, f := range results.List {
		for _, n := range f.Names {
			if info.Defs[n] == obj {
				return true
			}
		}
	}
	return false
}

// mutexClass returns the lock class of the mutex an expression hands out:
// &x.mu with mu a sync.Mutex or RWMutex, or a *sync.Mutex or *RWMutex
// value (a field or variable naming one).
func (a *analyzer) mutexClass(e ast.Expr) (string, bool) {
	info := a.pass.TypesInfo
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x := ast.Unparen(u.X)
		if !isSyncMutex(info.TypeOf(x)) {
			return "", false
		}
		e = x
	} else if t := info.TypeOf(e); t == nil || !isPointer(t) || !isSyncMutex(t.Underlying().(*types.Pointer).Elem()) {
		return "", false
	}
	switch e.(type) {
	case *ast.Ident, *ast.SelectorExpr:
	default:
		return "", false
	}
	id, ok := held.ClassOf(info, lockop.Op{Shape: lockop.Shape{Mutex: "Mutex"}, MutexExpr: e})
	if !ok {
		return "", false
	}
	return classOf(id).Key, true
}

// isSyncMutex reports whether t is sync.Mutex or sync.RWMutex.
func isSyncMutex(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex"
}

// Locks taken again before they are released: a branch out of an inner
// loop, or a goto back, with the lock held.

// lockEvent is the first lock operation on a class in a block: an
// acquisition (pos) or a release.
type lockEvent struct {
	acquire bool
	shared  bool
	pos     token.Pos
}

// firstEvents returns, for each class a block locks or releases, the
// first such operation: direct lock operations (TryLock aside), calls
// whose callee certainly acquires it or releases it, closures run in
// place; a deferred release counts as a release.
func (a *analyzer) firstEvents(b *cfg.Block) map[string]lockEvent {
	var out map[string]lockEvent
	note := func(class string, ev lockEvent) {
		if _, ok := out[class]; !ok {
			setKey(&out, class, ev)
		}
	}
	visiting := map[*ast.FuncLit]bool{}
	for _, n := range b.Nodes {
		if g, ok := n.(*ast.GoStmt); ok {
			n = &ast.CallExpr{Fun: ast.NewIdent("_"), Args: g.Call.Args} // the goroutine's body runs elsewhere
		}
		var visit func(m ast.Node) bool
		visit = func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return a.runsHere(n, m)
			case *ast.CallExpr:
				if lit := a.localFunc(m); lit != nil && !visiting[lit] {
					visiting[lit] = true
					ast.Inspect(lit.Body, visit)
				}
				if op, ok := lockop.Classify(a.pass.TypesInfo, m); ok {
					if class, ok := a.classOfOp(op); ok && !op.Kind.Try() {
						note(class.Key, lockEvent{acquire: op.Kind.Acquires(), shared: op.Kind.Shared(), pos: m.Pos()})
					}
				} else if sum := a.calleeSummary(m); sum != nil {
					for _, rel := range sum.Releases {
						if !rel.Reacquired {
							note(rel.Class, lockEvent{pos: m.Pos()})
						}
					}
					for _, acq := range sum.Acquires {
						if acq.Certain {
							note(acq.Class, lockEvent{acquire: true, shared: acq.Shared, pos: m.Pos()})
						}
					}
				}
			}
			return true
		}
		ast.Inspect(n, visit)
	}
	return out
}

// relockedFrom returns, for each block, the classes that some path from
// its start locks again before any release (with the position of that
// acquisition), and the classes that some path from its start releases
// before any acquisition: two backward may-analyses over the first lock
// event of each class in each block, solved like releasedFrom.
func (a *analyzer) relockedFrom(g *cfg.CFG) (relock map[*cfg.Block]map[string]lockEvent, release map[*cfg.Block]map[string]bool) {
	n := len(g.Blocks)
	first := make([]map[string]lockEvent, n)
	preds := make([][]*cfg.Block, n)
	relock = make(map[*cfg.Block]map[string]lockEvent, n)
	release = make(map[*cfg.Block]map[string]bool, n)
	some := false
	for _, b := range g.Blocks {
		first[b.Index] = a.firstEvents(b)
		for class, ev := range first[b.Index] {
			some = true
			if ev.acquire {
				m := relock[b]
				setKey(&m, class, ev)
				relock[b] = m
			} else {
				m := release[b]
				setKey(&m, class, true)
				release[b] = m
			}
		}
		for _, succ := range b.Succs {
			preds[succ.Index] = append(preds[succ.Index], b)
		}
	}
	if !some {
		return relock, release
	}
	work := make([]*cfg.Block, 0, n)
	queued := make([]bool, n)
	for _, b := range g.Blocks {
		work = append(work, b)
		queued[b.Index] = true
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		queued[b.Index] = false
		for _, p := range preds[b.Index] {
			grew := false
			for class, ev := range relock[b] {
				if _, seen := first[p.Index][class]; seen {
					continue
				}
				if _, ok := relock[p][class]; !ok {
					m := relock[p]
					setKey(&m, class, ev)
					relock[p] = m
					grew = true
				}
			}
			for class := range release[b] {
				if _, seen := first[p.Index][class]; seen {
					continue
				}
				if !release[p][class] {
					m := release[p]
					setKey(&m, class, true)
					release[p] = m
					grew = true
				}
			}
			if grew && !queued[p.Index] {
				queued[p.Index] = true
				work = append(work, p)
			}
		}
	}
	return relock, release
}
