package held

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/cowlint/cowlint/internal/lockop"
)

// Representation: the AST with golang.org/x/tools/go/cfg, built for one
// body when a pass asks. Lock operations are syntactic (lockop.Classify), and
// the analysis needs only a control-flow graph with true/false condition
// edges (for TryLock); an IR would cost far more, and the passes using this
// package are AST-based.

// Config tells the analysis how a pass names locks and which calls return.
// The zero Config uses Class, the aliases of the analysed function itself
// (Aliases), and lets every call but panic return.
type Config struct {
	// Class names the lock class of an operation; Class when nil.
	Class func(lockop.Op) (string, bool)
	// Alias maps a local variable to the expression it stands for (see
	// InstanceOf); nil for none.
	Alias func(*types.Var) ast.Expr
	// MayReturn reports whether a call may return (cfg.New's argument):
	// panic, os.Exit and log.Fatal end a path.
	MayReturn func(*ast.CallExpr) bool
}

// A Func is the analysis of one function body.
type Func struct {
	info  *types.Info
	conf  Config
	spans []span // state before each node, filled by the final pass
	cfgs  map[*ast.BlockStmt]*cfg.CFG
}

// span is the set of locks certainly held before one CFG node, or inside
// a function literal that runs elsewhere (opaque: nothing known held).
type span struct {
	pos, end token.Pos
	held     []Lock
}

// Analyze computes the locks held in fn, an *ast.FuncDecl or *ast.FuncLit
// analysed on its own: a literal starts with nothing held, a function named
// ...Locked with its caller's lock (Caller).
func Analyze(info *types.Info, fn ast.Node, conf Config) *Func {
	f := &Func{info: info, conf: conf, cfgs: map[*ast.BlockStmt]*cfg.CFG{}}
	if f.conf.Class == nil {
		f.conf.Class = func(op lockop.Op) (string, bool) { return Class(info, op) }
	}
	if f.conf.MayReturn == nil {
		f.conf.MayReturn = func(call *ast.CallExpr) bool { return !isPanic(info, call) }
	}
	if f.conf.Alias == nil {
		f.conf.Alias = Aliases(info, fn)
	}
	entry := NewSet()
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
		if CallerHolds(fn.Name.Name) {
			entry.Add(Lock{Class: Caller, Must: true, Site: fn.Pos()})
		}
	case *ast.FuncLit:
		body = fn.Body
	}
	if body != nil {
		f.run(body, entry, true)
	}
	return f
}

// At returns the locks certainly held just before the innermost node of
// the body containing pos (nil inside a function literal that runs
// elsewhere, or outside every node).
func (f *Func) At(pos token.Pos) []Lock {
	var best *span
	for i := range f.spans {
		s := &f.spans[i]
		if s.pos <= pos && pos < s.end && (best == nil || s.pos >= best.pos && s.end <= best.end) {
			best = s
		}
	}
	if best == nil {
		return nil
	}
	return best.held
}

func (f *Func) cfgOf(body *ast.BlockStmt) *cfg.CFG {
	g, ok := f.cfgs[body]
	if !ok {
		g = cfg.New(body, f.conf.MayReturn)
		f.cfgs[body] = g
	}
	return g
}

// run computes the fixpoint over body from entry, then (when record is set)
// walks every reached block once more recording spans, and returns the
// state at the exits joined, after the body's deferred releases.
func (f *Func) run(body *ast.BlockStmt, entry *Set, record bool) *Set {
	g := f.cfgOf(body)
	blocks := g.Blocks
	if len(blocks) == 0 {
		return entry
	}
	in := make([]*Set, len(blocks))
	in[0] = entry
	work := []int32{0}
	queued := map[int32]bool{0: true}
	for steps := 0; len(work) > 0 && steps < 50*len(blocks); steps++ {
		i := work[0]
		work = work[1:]
		queued[i] = false
		b := blocks[i]
		outs, _ := f.transfer(b, in[i], false)
		for j, succ := range b.Succs {
			out := outs[min(j, len(outs)-1)]
			if in[succ.Index] == nil {
				in[succ.Index] = out.Clone()
			} else if !in[succ.Index].Join(out) {
				continue
			}
			if !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ.Index)
			}
		}
	}
	var exit *Set
	for i, b := range blocks {
		if in[i] == nil || !b.Live {
			continue
		}
		_, ret := f.transfer(b, in[i], record)
		if ret == nil {
			continue
		}
		for k := range ret.locks {
			if ret.deferred[k.class] {
				delete(ret.locks, k)
			}
		}
		if exit == nil {
			exit = ret
		} else {
			exit.Join(ret)
		}
	}
	if exit == nil {
		exit = NewSet() // never returns
	}
	return exit
}

// transfer runs the nodes of b over a copy of in. It returns the states on
// b's outgoing edges (one per successor when its condition holds a
// TryLock) and, for a block that returns, the state at the return.
func (f *Func) transfer(b *cfg.Block, in *Set, record bool) (outs []*Set, ret *Set) {
	s := in.Clone()
	var cond ast.Expr
	if len(b.Succs) == 2 && len(b.Nodes) > 0 {
		cond, _ = b.Nodes[len(b.Nodes)-1].(ast.Expr)
	}
	for _, n := range b.Nodes {
		if record {
			f.spans = append(f.spans, span{pos: n.Pos(), end: n.End(), held: s.Must()})
		}
		f.node(n, s, cond, record)
	}
	if b.Return() != nil {
		ret = s.Clone()
	}
	if cond == nil {
		return []*Set{s}, ret
	}
	onTrue, onFalse := Succeeded(f.info, cond, true), Succeeded(f.info, cond, false)
	if len(onTrue) == 0 && len(onFalse) == 0 {
		return []*Set{s}, ret
	}
	t := s.Clone()
	for _, c := range onTrue {
		f.tryAcquired(t, c)
	}
	for _, c := range onFalse {
		f.tryAcquired(s, c)
	}
	return []*Set{t, s}, ret
}

func (f *Func) tryAcquired(s *Set, call *ast.CallExpr) {
	op, _ := lockop.Classify(f.info, call)
	if class, ok := f.conf.Class(op); ok {
		s.Add(Lock{Class: class, Inst: f.instanceOf(op), Shared: op.Kind.Shared(), Must: true, Site: call.Pos()})
	}
}

func (f *Func) instanceOf(op lockop.Op) Instance {
	return InstanceOf(f.info, op.MutexExpr, op.Embedded, f.conf.Alias)
}

// node runs one CFG node; cond is the block's branch condition, whose
// TryLock calls hold only on their branch.
func (f *Func) node(n ast.Node, s *Set, cond ast.Expr, record bool) {
	switch n := n.(type) {
	case *ast.GoStmt:
		// The new goroutine starts with nothing held; its arguments are
		// evaluated here, and the locks it unlocks were handed to it.
		f.exprs(s, cond, record, argNodes(n.Call.Args)...)
		lit, _ := ast.Unparen(n.Call.Fun).(*ast.FuncLit)
		if lit == nil {
			lit = f.localFunc(n.Call)
			f.exprs(s, cond, record, n.Call.Fun)
		} else {
			f.elsewhere(lit, record)
		}
		if lit != nil {
			f.handOff(lit, s)
		}
	case *ast.DeferStmt:
		f.exprs(s, cond, record, argNodes(n.Call.Args)...)
		f.deferred(n, s, record)
	default:
		f.exprs(s, cond, record, n)
	}
}

// exprs runs the calls in the nodes, callees after their arguments.
func (f *Func) exprs(s *Set, cond ast.Expr, record bool, nodes ...ast.Node) {
	for _, n := range nodes {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				f.elsewhere(m, record)
				return false
			case *ast.CallExpr:
				f.exprs(s, cond, record, argNodes(m.Args)...)
				if lit, ok := ast.Unparen(m.Fun).(*ast.FuncLit); ok {
					f.inline(lit, s, record)
					return false
				}
				if lit := f.localFunc(m); lit != nil {
					f.inline(lit, s, record)
					return false
				}
				f.exprs(s, cond, record, m.Fun)
				f.call(m, s, cond)
				return false
			}
			return true
		})
	}
}

func argNodes(args []ast.Expr) []ast.Node {
	out := make([]ast.Node, len(args))
	for i, a := range args {
		out[i] = a
	}
	return out
}

// call runs a lock operation.
func (f *Func) call(call *ast.CallExpr, s *Set, cond ast.Expr) {
	op, ok := lockop.Classify(f.info, call)
	if !ok {
		return
	}
	class, ok := f.conf.Class(op)
	if !ok {
		return
	}
	switch {
	case op.Kind.Try():
		if cond == nil || !contains(cond, call) {
			// Result kept for later: held on some paths only.
			s.Add(Lock{Class: class, Inst: f.instanceOf(op), Shared: op.Kind.Shared(), Site: call.Pos()})
		}
	case op.Kind.Acquires():
		s.Add(Lock{Class: class, Inst: f.instanceOf(op), Shared: op.Kind.Shared(), Must: true, Site: call.Pos()})
	case op.Kind.Releases():
		s.Release(class, f.instanceOf(op))
	}
}

func contains(n ast.Node, call *ast.CallExpr) bool {
	return n.Pos() <= call.Pos() && call.End() <= n.End()
}

// elsewhere records a function literal that runs later, on its own: nothing
// is known held inside it.
func (f *Func) elsewhere(lit *ast.FuncLit, record bool) {
	if record {
		f.spans = append(f.spans, span{pos: lit.Pos(), end: lit.End()})
	}
}

// inline runs a literal called in place with the caller's locks.
func (f *Func) inline(lit *ast.FuncLit, s *Set, record bool) {
	entry := s.Clone()
	entry.deferred = map[string]bool{}
	out := f.run(lit.Body, entry, record)
	s.locks = out.locks
}

// deferred records what a defer statement releases at exit: a deferred
// Unlock, or the unlocks of a deferred literal.
func (f *Func) deferred(d *ast.DeferStmt, s *Set, record bool) {
	if op, ok := lockop.Deferred(f.info, d); ok {
		if class, ok := f.conf.Class(op); ok && op.Kind.Releases() {
			s.Defer(class)
		}
		return
	}
	lit, _ := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if lit == nil {
		lit = f.localFunc(d.Call)
		f.exprs(s, nil, record, d.Call.Fun)
	} else {
		f.elsewhere(lit, record)
	}
	if lit == nil {
		return
	}
	f.eachRelease(lit, func(class string, _ Instance) { s.Defer(class) })
}

// handOff releases the locks that a new goroutine unlocks: the lock was
// handed to it (go c.finishAndUnlock()).
func (f *Func) handOff(lit *ast.FuncLit, s *Set) {
	f.eachRelease(lit, func(class string, inst Instance) { s.Release(class, inst) })
}

func (f *Func) eachRelease(lit *ast.FuncLit, fn func(string, Instance)) {
	ast.Inspect(lit.Body, func(m ast.Node) bool {
		if call, ok := m.(*ast.CallExpr); ok {
			if op, ok := lockop.Classify(f.info, call); ok && op.Kind.Releases() {
				if class, ok := f.conf.Class(op); ok {
					fn(class, f.instanceOf(op))
				}
			}
		}
		return true
	})
}

// localFunc returns the literal a call of a local function variable runs
// (unlock := func() { mu.Unlock() }; unlock()): a variable defined once, as
// a literal, and never assigned again.
func (f *Func) localFunc(call *ast.CallExpr) *ast.FuncLit {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := f.info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	lit, _ := f.conf.Alias(v).(*ast.FuncLit)
	return lit
}

func isPanic(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "panic"
}
