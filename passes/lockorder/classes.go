package lockorder

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/cowlint/cowlint/internal/escape"
	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/lockop"
	"github.com/cowlint/cowlint/internal/retain"
)

// classOfOp returns the lock class of a lock operation (see held.ClassOf).
func (a *analyzer) classOfOp(op lockop.Op) (lockClass, bool) {
	id, ok := held.ClassOf(a.pass.TypesInfo, op)
	return classOf(id), ok
}

// instanceOfOp names the mutex value of op in this function.
func (a *analyzer) instanceOfOp(op lockop.Op) held.Instance {
	return held.InstanceOfOp(a.pass.TypesInfo, op, a.aliasOf)
}

// aliasOf maps the locals defined once from a selector chain or a function
// literal and never assigned again (c := q.conn, unlock := func() {...}) to
// their definition, so that c.mu and q.conn.mu name one instance and a
// call unlock() runs the literal in place (see held.Aliases).
func (a *analyzer) aliasOf(v *types.Var) ast.Expr {
	if a.aliases == nil {
		// The function bodies' nodes come from the pre-scan; the rest of
		// the files (package-level initialisers) is walked.
		listed := make([][]ast.Node, len(a.scanned.Funcs))
		for i, fn := range a.scanned.Funcs {
			listed[i] = fn.Nodes
		}
		var rest []ast.Node
		for _, f := range a.pass.Files {
			for _, d := range f.Decls {
				if _, ok := d.(*ast.FuncDecl); !ok {
					rest = append(rest, d)
				}
			}
		}
		a.aliases = held.AliasesOf(a.pass.TypesInfo, listed, rest...)
	}
	return a.aliases(v)
}

// localFunc returns the literal a call of a local function variable runs
// (unlock := func() { mu.Unlock() }; unlock()), nil for other calls.
func (a *analyzer) localFunc(call *ast.CallExpr) *ast.FuncLit {
	return held.LocalFunc(a.pass.TypesInfo, a.aliasOf, call)
}

// handoffs returns the classes that a function both locks or unlocks
// itself and locks or unlocks in a closure that runs elsewhere (a
// goroutine, a callback): a mutex handed between goroutines is a
// semaphore (Lock here, Unlock there), whose second Lock is a wait, not a
// double lock. A class read-locked on one side and read-unlocked on the
// other is listed with the suffix sharedHandoff: its read lock, held, is
// another goroutine's to release.
func (a *analyzer) handoffs(body *ast.BlockStmt) map[string]bool {
	if !a.scanned.HasLiterals(body) {
		return nil // nothing runs elsewhere
	}
	inside, outside := map[string]bool{}, map[string]bool{}
	// Literals bound to a local function variable run where it is called
	// (in place, unless through go, walked as escaping above).
	bound := map[*ast.FuncLit]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if lit := a.localFunc(call); lit != nil {
				bound[lit] = true
			}
			// A callback the callee runs before it returns (sync.Once.Do,
			// sort.Slice, a helper that calls it under its lock).
			for _, i := range a.runsNow(call) {
				if lit, ok := ast.Unparen(call.Args[i]).(*ast.FuncLit); ok {
					bound[lit] = true
				}
			}
		}
		return true
	})
	var walk func(n ast.Node, escaped bool)
	walk = func(n ast.Node, escaped bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.GoStmt:
				lit, ok := ast.Unparen(m.Call.Fun).(*ast.FuncLit)
				if !ok {
					lit = a.localFunc(m.Call)
				}
				if lit != nil {
					walk(lit.Body, true)
					for _, arg := range m.Call.Args {
						walk(arg, escaped)
					}
					return false
				}
			case *ast.CallExpr:
				if lit, ok := ast.Unparen(m.Fun).(*ast.FuncLit); ok {
					walk(lit.Body, escaped) // called in place
					for _, arg := range m.Args {
						walk(arg, escaped)
					}
					return false
				}
				if op, ok := a.classify(m); ok {
					if class, ok := a.classOfOp(op); ok {
						side := outside
						if escaped {
							side = inside
						}
						side[class.Key] = true
						// The read side apart: read-locked on one side
						// and read-unlocked on the other (sync's
						// TestRLocker) is a read lock handed over.
						switch op.Kind {
						case lockop.RLock, lockop.TryRLock:
							side[class.Key+":R+"] = true
						case lockop.RUnlock:
							side[class.Key+":R-"] = true
						}
					}
				}
			case *ast.DeferStmt:
				if lit, ok := ast.Unparen(m.Call.Fun).(*ast.FuncLit); ok {
					walk(lit.Body, escaped) // runs at exit, same goroutine
					return false
				}
			case *ast.FuncLit:
				walk(m.Body, !bound[m])
				return false
			}
			return true
		})
	}
	walk(body, false)
	out := map[string]bool{}
	for k := range inside {
		if outside[k] && !strings.HasSuffix(k, ":R+") && !strings.HasSuffix(k, ":R-") {
			out[k] = true
		}
		if base, ok := strings.CutSuffix(k, ":R+"); ok && outside[base+":R-"] {
			out[base+sharedHandoff] = true
		}
		if base, ok := strings.CutSuffix(k, ":R-"); ok && outside[base+":R+"] {
			out[base+sharedHandoff] = true
		}
	}
	return out
}

// sharedHandoff suffixes a class in handoffs whose read lock is handed
// between goroutines.
const sharedHandoff = ":R"

// hasSibling reports whether struct n has another field of f's type.

// sharedLocal reports whether the local variable v may be used by another
// goroutine (escape.Locals: captured by a function literal not only run
// in place, or its address kept). A recursive read lock of an unshared
// local cannot deadlock: no writer can queue between the two RLocks.
func (a *analyzer) sharedLocal(v *types.Var) bool {
	if a.locals == nil {
		a.locals = escape.NewLocals(a.pass.TypesInfo, a.pass.Files, retain.New(a.pass.TypesInfo, a.pass.Pkg, a.pass.Files))
	}
	return a.locals.Shared(v)
}

// classify recognises a lock operation (lockop.Classify), an operation
// through a Locker that stands for a known mutex being one on that mutex
// (lockop.Lockers: rl := mu.RLocker(), a Cond made with c.mu.RLocker()),
// and so is the call of a mutex's method taken as a value (lock :=
// mu.Lock; lock(), s.unlock = s.mu.Unlock; s.unlock()).
func (a *analyzer) classify(call *ast.CallExpr) (lockop.Op, bool) {
	op, ok := lockop.Classify(a.pass.TypesInfo, call)
	if ok && op.Opaque() {
		op = a.lockersIndex().Resolve(op)
	}
	if !ok && lockop.MayBeMethodValue(a.pass.TypesInfo, call) {
		return a.lockersIndex().MethodValue(call)
	}
	return op, ok
}

// deferred is classify for the call of a defer statement.
func (a *analyzer) deferred(d *ast.DeferStmt) (lockop.Op, bool) {
	op, ok := a.classify(d.Call)
	op.Deferred = ok
	return op, ok
}

func (a *analyzer) lockersIndex() *lockop.Lockers {
	if a.lockers == nil {
		a.lockers = lockop.NewLockers(a.pass.TypesInfo, a.pass.Files)
	}
	return a.lockers
}
