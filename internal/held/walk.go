package held

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"

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
	// Entry lists the locks held on entry to a function declaration
	// (see Entries).
	Entry []Lock
	// Lockers, when set, resolves the Lockers that stand for a known
	// mutex and the mutex methods taken as values (lock := mu.Lock;
	// lock()): see lockop.Lockers.Classify. Nil: lockop.Classify alone.
	Lockers *lockop.Lockers
}

// A Func is the analysis of one function body.
type Func struct {
	info  *types.Info
	conf  Config
	spans []span // state before each node, filled by the final pass
	cfgs  map[*ast.BlockStmt]*cfg.CFG
	// rbraces lists the closing braces of the bodies analysed, where cfg
	// puts a body's implicit return.
	rbraces map[token.Pos]bool
	walk    Walker[*Set]
	// record is set during a final pass, cond to the branch condition of
	// the block being run.
	record bool
	cond   ast.Expr
	// locked is 1 when no span holds a lock (At then answers nil at
	// once: most bodies take no lock, and passes ask At once per
	// operation), 2 when some does, 0 until At first asks.
	locked int8
	// index orders spans by position, outer before inner (see At),
	// parent[i] is the innermost span containing index[i] (an index
	// into index, -1 for none); both built when At first asks.
	index, parent []int32
}

// span is the set of locks certainly held before one CFG node, or inside
// a function literal that runs elsewhere (nothing known held).
type span struct {
	pos, end token.Pos
	held     []Lock
}

// Analyze computes the locks held in fn, an *ast.FuncDecl or *ast.FuncLit
// analysed on its own: a literal starts with nothing held, a declaration
// with conf.Entry.
func Analyze(info *types.Info, fn ast.Node, conf Config) *Func {
	if fd, ok := fn.(*ast.FuncDecl); ok && len(conf.Entry) == 0 && fd.Body != nil && !mayLock(info, fd.Body, conf.Lockers != nil) {
		return &Func{info: info, conf: conf, locked: 1} // nothing held anywhere: no graph, no walk
	}
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
	f.walk = Walker[*Set]{
		Info: info, Alias: f.conf.Alias,
		Call: f.call, Literal: f.elsewhere, Inline: f.inline, Go: f.handOff, Defer: f.deferred,
	}
	entry := NewSet()
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
		for _, l := range conf.Entry {
			entry.Add(l)
		}

	case *ast.FuncLit:
		body = fn.Body
	}
	if body != nil {
		f.run(body, entry, true)
	}
	return f
}

// mayLock reports whether a declaration's body may take a lock: it has a
// lock operation, or calls a function variable (a local closure, which the
// walk runs in place). Most bodies have neither, and start with nothing held
// (no Entry), so nothing is held anywhere in them.
func mayLock(info *types.Info, body *ast.BlockStmt, values bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok {
			return !found
		}
		if _, ok := lockop.Classify(info, call); ok || values && lockop.MayBeMethodValue(info, call) {
			found = true
		} else if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			_, found = info.Uses[id].(*types.Var)
		}
		return !found
	})
	return found
}

// At returns the locks certainly held just before the innermost node of
// the body containing pos (nil inside a function literal that runs
// elsewhere, or outside every node). A node of a local closure called in
// place from several sites was run once from each: the locks held at all
// of them are returned.
func (f *Func) At(pos token.Pos) []Lock {
	if f.locked == 0 {
		f.locked = 1
		for i := range f.spans {
			if len(f.spans[i].held) > 0 {
				f.locked = 2
				break
			}
		}
	}
	if f.locked == 1 {
		return nil
	}
	if f.index == nil {
		f.buildIndex()
	}
	// The last span starting at or before pos, then up its enclosing
	// spans to the first that contains pos: the innermost one (spans
	// are AST nodes, nested or disjoint). Identical spans are adjacent.
	i := sort.Search(len(f.index), func(i int) bool { return f.spans[f.index[i]].pos > pos }) - 1
	for i >= 0 {
		if s := &f.spans[f.index[i]]; s.pos <= pos && pos < s.end {
			break
		}
		i = int(f.parent[i])
	}
	if i < 0 {
		return nil
	}
	same := func(j int) bool {
		s, t := &f.spans[f.index[j]], &f.spans[f.index[i]]
		return s.pos == t.pos && s.end == t.end
	}
	first := i
	for first > 0 && same(first-1) {
		first--
	}
	held := f.spans[f.index[first]].held
	for j := first + 1; j <= i; j++ {
		held = intersect(held, f.spans[f.index[j]].held)
	}
	return held
}

// buildIndex sorts the spans for At, outer before inner (by start, then
// by end descending; identical ones in the order they were recorded),
// and links each to the innermost span containing it.
func (f *Func) buildIndex() {
	f.index = make([]int32, len(f.spans))
	for i := range f.index {
		f.index[i] = int32(i)
	}
	slices.SortStableFunc(f.index, func(a, b int32) int {
		s, t := &f.spans[a], &f.spans[b]
		return cmp.Or(cmp.Compare(s.pos, t.pos), cmp.Compare(t.end, s.end))
	})
	f.parent = make([]int32, len(f.index))
	var stack []int32
	for i, x := range f.index {
		s := &f.spans[x]
		for len(stack) > 0 {
			t := &f.spans[f.index[stack[len(stack)-1]]]
			if t.pos <= s.pos && s.end <= t.end {
				break
			}
			stack = stack[:len(stack)-1]
		}
		f.parent[i] = -1
		if len(stack) > 0 {
			f.parent[i] = stack[len(stack)-1]
		}
		stack = append(stack, int32(i))
	}
}

// intersect returns the locks of a that b holds too (same class and
// instance), shared if shared in either.
func intersect(a, b []Lock) []Lock {
	var out []Lock
	for _, l := range a {
		for _, m := range b {
			if l.Class == m.Class && l.Inst == m.Inst {
				l.Shared = l.Shared || m.Shared
				l.Site = min(l.Site, m.Site)
				out = append(out, l)
				break
			}
		}
	}
	return out
}

func (f *Func) cfgOf(body *ast.BlockStmt) *cfg.CFG {
	g, ok := f.cfgs[body]
	if !ok {
		g = cfg.New(body, f.conf.MayReturn)
		f.cfgs[body] = g
		if f.rbraces == nil {
			f.rbraces = map[token.Pos]bool{}
		}
		f.rbraces[body.Rbrace] = true
	}
	return g
}

// run computes the fixpoint over body from entry, then walks every reached
// block once more (recording spans when this is the outermost body or a
// literal run in place during its final pass), and returns the state at the
// exits joined, after the body's deferred releases.
func (f *Func) run(body *ast.BlockStmt, entry *Set, top bool) *Set {
	g := f.cfgOf(body)
	outer := f.record
	f.record = false
	in := Fixpoint(g, entry, func(b *cfg.Block, in *Set) []*Set {
		outs, _ := f.transfer(b, in)
		return outs
	})
	f.record = outer || top
	var exit *Set
	for i, b := range g.Blocks {
		if in[i] == nil || !b.Live {
			continue
		}
		_, ret := f.transfer(b, in[i])
		if ret == nil {
			continue
		}
		ret.ApplyDeferred()
		if exit == nil {
			exit = ret
		} else {
			exit.Join(ret)
		}
	}
	f.record = outer
	if exit == nil {
		exit = NewSet() // never returns
	}
	return exit
}

// transfer runs the nodes of b over a copy of in. It returns the states on
// b's outgoing edges (one per successor when its condition holds a
// TryLock) and, for a block that returns, the state at the return.
func (f *Func) transfer(b *cfg.Block, in *Set) (outs []*Set, ret *Set) {
	s := in.Clone()
	var cond ast.Expr
	if len(b.Succs) == 2 && len(b.Nodes) > 0 {
		cond, _ = b.Nodes[len(b.Nodes)-1].(ast.Expr)
	}
	for _, n := range b.Nodes {
		if f.record {
			end := n.End()
			if ret, ok := n.(*ast.ReturnStmt); ok && f.rbraces[ret.Return] {
				// cfg's implicit return at a body's closing brace: its
				// End (the brace plus len("return")) would overlap the
				// next statement.
				end = ret.Return + 1
			}
			f.spans = append(f.spans, span{pos: n.Pos(), end: end, held: s.Must()})
		}
		outer := f.cond
		f.cond = cond
		f.walk.Node(n, s)
		f.cond = outer
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
	op, _ := f.classify(call)
	if class, ok := f.conf.Class(op); ok {
		s.Add(Lock{Class: class, Inst: f.instanceOf(op), Shared: op.Kind.Shared(), Must: true, Site: call.Pos()})
	}
}

func (f *Func) instanceOf(op lockop.Op) Instance {
	return InstanceOfOp(f.info, op, f.conf.Alias)
}

// call runs a lock operation.
func (f *Func) call(s *Set, call *ast.CallExpr) {
	cond := f.cond
	op, ok := f.classify(call)
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
func (f *Func) elsewhere(lit *ast.FuncLit, _ string) {
	if f.record {
		f.spans = append(f.spans, span{pos: lit.Pos(), end: lit.End()})
	}
}

// inline runs a literal called in place with the caller's locks.
func (f *Func) inline(s *Set, lit *ast.FuncLit) {
	entry := s.Clone()
	entry.ClearDeferred()
	s.Replace(f.run(lit.Body, entry, false))
}

// deferred records what a defer statement releases at exit: a deferred
// Unlock, or the unlocks of a deferred literal.
func (f *Func) deferred(s *Set, d *ast.DeferStmt) {
	if op, ok := f.classifyDeferred(d); ok {
		if class, ok := f.conf.Class(op); ok && op.Kind.Releases() {
			s.Defer(class)
		}
		return
	}
	lit, _ := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if lit == nil {
		lit = LocalFunc(f.info, f.conf.Alias, d.Call)
		f.walk.Exprs(s, d.Call.Fun)
	} else {
		f.elsewhere(lit, "deferred")
	}
	if lit != nil {
		f.eachRelease(lit, func(class string, _ Instance) { s.Defer(class) })
	}
}

// handOff releases the locks that a new goroutine unlocks: the lock was
// handed to it (go func() { ...; mu.Unlock() }()).
func (f *Func) handOff(s *Set, g *ast.GoStmt) {
	lit, _ := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
	if lit == nil {
		lit = LocalFunc(f.info, f.conf.Alias, g.Call)
	}
	if lit != nil {
		f.eachRelease(lit, func(class string, inst Instance) { s.Release(class, inst) })
	}
}

func (f *Func) eachRelease(lit *ast.FuncLit, fn func(string, Instance)) {
	ast.Inspect(lit.Body, func(m ast.Node) bool {
		if call, ok := m.(*ast.CallExpr); ok {
			if op, ok := f.classify(call); ok && op.Kind.Releases() {
				if class, ok := f.conf.Class(op); ok {
					fn(class, f.instanceOf(op))
				}
			}
		}
		return true
	})
}

// classify recognises a lock operation, through conf.Lockers when set.
func (f *Func) classify(call *ast.CallExpr) (lockop.Op, bool) {
	if f.conf.Lockers != nil {
		return f.conf.Lockers.Classify(call)
	}
	return lockop.Classify(f.info, call)
}

func (f *Func) classifyDeferred(d *ast.DeferStmt) (lockop.Op, bool) {
	if f.conf.Lockers != nil {
		return f.conf.Lockers.Deferred(d)
	}
	return lockop.Deferred(f.info, d)
}

func isPanic(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "panic"
}
