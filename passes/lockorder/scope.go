package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"

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
