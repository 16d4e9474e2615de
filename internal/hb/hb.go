// Package hb answers happens-before questions inside one function body:
// where the body hands a function to another goroutine (a start), where
// it waits for such goroutines to finish (a join), and whether a join
// lies on every control-flow path from a start to a later access.
//
// Starts are go statements and the calls of known APIs that run a
// function argument on another goroutine, identified by the called
// *types.Func, never by a method's name alone: (*sync.WaitGroup).Go,
// errgroup's (*Group).Go and TryGo, (*testing.T).Run of a subtest that
// calls t.Parallel, and the standard library's call-backs run on another
// goroutine (time.AfterFunc, context.AfterFunc; see internal/callres).
//
// Joins are calls that return only once goroutines are done: Wait of a
// sync.WaitGroup or an errgroup.Group; B.RunParallel and T.Run or B.Run
// of a subtest that does not call Parallel (each joins only its own
// function argument); a receive from a channel.
//
// A join counts for a start only when both name the same synchronising
// object, compared by internal/identity: a wg.Wait() joins the goroutines
// that call wg.Done() (or that wg.Go ran, or that were started with wg
// as an argument), a <-done joins those that send on or close done. A
// start that names no such object (go s.run(), a closure that signals
// nothing) is joined by any join: what it signals is out of sight.
//
// Whether the join comes between is a control-flow question, answered
// on a golang.org/x/tools/go/cfg graph of the body: the access is joined
// when every path from the start to it passes a matching join (a Wait in
// one branch of an if joins nothing on the other). The graph, not the
// IR, because the passes using this ask about syntax positions, and a
// cfg is built only for the few bodies with an access to judge.
package hb

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/callres"
	"github.com/cowlint/cowlint/internal/escape"
	"github.com/cowlint/cowlint/internal/identity"
)

// A Join is where goroutines are known to be done.
type Join struct {
	Pos token.Pos
	// Key names the synchronising object (identity key of the WaitGroup,
	// group or channel); for T.Run and RunParallel, a key of the call
	// itself, which only its own function argument signals.
	Key string
}

// callKey is the key of a T.Run or RunParallel call, which joins its own
// function argument.
func callKey(call *ast.CallExpr) string { return "call@" + itoa(int(call.Pos())) }

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// syncKey returns the identity key of e, a WaitGroup, group or channel
// (or its address), empty when it has no stable name.
func syncKey(info *types.Info, e ast.Expr) string {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	if id := identity.Of(info, e); id.Valid() {
		return id.Key
	}
	return ""
}

// method returns the called method's package path, receiver type name
// and method name, identified by the *types.Func the call resolves to.
func method(info *types.Info, call *ast.CallExpr) (pkg, typ, name string, recv ast.Expr, ok bool) {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return "", "", "", nil, false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return "", "", "", nil, false
	}
	t := sig.Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return "", "", "", nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", "", "", nil, false
	}
	return fn.Pkg().Path(), n.Obj().Name(), fn.Name(), sel.X, true
}

func isErrgroup(pkg, typ string) bool {
	return typ == "Group" && (pkg == "golang.org/x/sync/errgroup" || strings.HasSuffix(pkg, "/golang.org/x/sync/errgroup"))
}

func isTesting(pkg, typ string, types ...string) bool {
	return pkg == "testing" && slices.Contains(types, typ)
}

// JoinOf reports whether call is a join, and which.
func JoinOf(info *types.Info, call *ast.CallExpr) (Join, bool) {
	pkg, typ, name, recv, ok := method(info, call)
	if !ok {
		return Join{}, false
	}
	switch {
	case name == "Wait" && (pkg == "sync" && typ == "WaitGroup" || isErrgroup(pkg, typ)):
		return Join{Pos: call.Pos(), Key: syncKey(info, recv)}, true
	case isTesting(pkg, typ, "B") && name == "RunParallel":
		return Join{Pos: call.End(), Key: callKey(call)}, true
	case isTesting(pkg, typ, "T", "B") && name == "Run" && len(call.Args) == 2:
		lit, ok := ast.Unparen(call.Args[1]).(*ast.FuncLit)
		if !ok || Parallel(info, lit) {
			return Join{}, false
		}
		return Join{Pos: call.End(), Key: callKey(call)}, true
	}
	return Join{}, false
}

// ReceiveJoin returns the join of a receive expression <-ch.
func ReceiveJoin(info *types.Info, recv *ast.UnaryExpr) Join {
	return Join{Pos: recv.End(), Key: syncKey(info, recv.X)}
}

// StartOf reports whether call runs its function argument arg on another
// goroutine, and the key of the object the goroutine signals when done
// (the WaitGroup or group whose Go ran it), empty when none.
func StartOf(info *types.Info, call *ast.CallExpr) (arg int, key string, ok bool) {
	if pkg, typ, name, recv, ok := method(info, call); ok {
		switch {
		case pkg == "sync" && typ == "WaitGroup" && name == "Go" && len(call.Args) == 1,
			isErrgroup(pkg, typ) && (name == "Go" || name == "TryGo") && len(call.Args) == 1:
			return 0, syncKey(info, recv), true
		case isTesting(pkg, typ, "T") && name == "Run" && len(call.Args) == 2:
			if lit, ok := ast.Unparen(call.Args[1]).(*ast.FuncLit); ok && Parallel(info, lit) {
				return 1, "", true
			}
			return 0, "", false
		}
	}
	for _, cb := range callres.Callbacks(info, call) {
		if cb.When == callres.Goroutine && cb.Method == "" {
			return cb.Arg, "", true
		}
	}
	return 0, "", false
}

// worldStopped lists the functions that register a hook the runtime
// calls with the world stopped, by package path and name, and the hook's
// argument index.
var worldStopped = map[[2]string]int{
	{"sync", "runtime_registerPoolCleanup"}: 0, // sync.Pool's poolCleanup, at the start of a collection
}

// RegistersStopped reports whether call registers its argument arg as a
// hook the runtime runs with the world stopped: while it runs, no other
// goroutine does.
func RegistersStopped(info *types.Info, call *ast.CallExpr) (arg int, ok bool) {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return 0, false
	}
	arg, ok = worldStopped[[2]string{fn.Pkg().Path(), fn.Name()}]
	return arg, ok && arg < len(call.Args)
}

// IsParallel reports whether call is t.Parallel() on a *testing.T.
func IsParallel(info *types.Info, call *ast.CallExpr) bool {
	pkg, typ, name, _, ok := method(info, call)
	return ok && pkg == "testing" && typ == "T" && name == "Parallel"
}

// Parallel reports whether the subtest function lit calls Parallel
// anywhere in its own body (outside further literals, which are other
// subtests or goroutines).
func Parallel(info *types.Info, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if IsParallel(info, n) {
				found = true
			}
		}
		return !found
	})
	return found
}

// Signals returns the keys of the objects the function literal lit
// signals when it is done: the WaitGroups it calls Done on, the channels
// it sends on or closes, wherever in its body (deferred or not, in
// literals it runs, but not in goroutines it starts itself), and the
// semaphores it releases by a deferred receive.
func Signals(info *types.Info, lit *ast.FuncLit) []string {
	var keys []string
	add := func(k string) {
		if k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	var defers []*ast.DeferStmt
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.DeferStmt:
			defers = append(defers, n)
		case *ast.SendStmt:
			add(syncKey(info, n.Chan))
		case *ast.UnaryExpr:
			// A deferred receive releases a semaphore slot.
			deferred := slices.ContainsFunc(defers, func(d *ast.DeferStmt) bool { return d.Pos() <= n.Pos() && n.End() <= d.End() })
			if n.Op == token.ARROW && deferred {
				if k := syncKey(info, n.X); k != "" {
					add(releasePrefix + k)
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
					add(syncKey(info, n.Args[0]))
				}
			}
			if pkg, typ, name, recv, ok := method(info, n); ok && pkg == "sync" && typ == "WaitGroup" && name == "Done" {
				add(syncKey(info, recv))
			}
		}
		return true
	})
	return keys
}

// GoSignals returns what the goroutine a go statement starts signals when
// done: what its function literal signals, and the WaitGroups and
// channels passed to it (go func(wg *sync.WaitGroup) {...}(&wg)).
func GoSignals(info *types.Info, g *ast.GoStmt) []string {
	var keys []string
	if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
		keys = Signals(info, lit)
	}
	for _, k := range ArgSignals(info, g.Call) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// GoWaits returns what the goroutine a go statement starts may wait for
// before it signals: the WaitGroups it waits on and the channels it
// receives from, for a literal; every WaitGroup and channel passed to it,
// for a named function, whose body is out of sight. A join of what it
// signals then joins, through it, the goroutines signalling those
// (end.Wait(); close(done) in one goroutine, <-done in the test).
func GoWaits(info *types.Info, g *ast.GoStmt) []string {
	lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
	if !ok {
		return ArgSignals(info, g.Call)
	}
	var keys []string
	add := func(k string) {
		if k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt, *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				add(syncKey(info, n.X))
			}
		case *ast.RangeStmt:
			if _, ok := info.TypeOf(n.X).Underlying().(*types.Chan); ok {
				add(syncKey(info, n.X))
			}
		case *ast.CallExpr:
			if j, ok := JoinOf(info, n); ok && !strings.HasPrefix(j.Key, "call@") {
				add(j.Key)
			}
		}
		return true
	})
	for _, k := range ArgSignals(info, g.Call) {
		add(k)
	}
	return keys
}

// ArgSignals returns the keys of the WaitGroups and channels passed to
// call (go worker(&wg, done)): the function may signal them when done.
func ArgSignals(info *types.Info, call *ast.CallExpr) []string {
	var keys []string
	for _, a := range call.Args {
		if !syncType(info.TypeOf(a)) {
			continue
		}
		if k := syncKey(info, a); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// syncType reports whether t is a channel, or a WaitGroup or pointer to
// one.
func syncType(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := t.Underlying().(*types.Chan); ok {
		return true
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup"
}

// Matches reports whether join j joins a goroutine signalling keys (none
// but releases: unknown, joined by any join but a subtest's or a
// semaphore's). A join on an object without a stable name (<-results[i])
// joins any goroutine.
func Matches(j Join, keys []string) bool {
	if j.Key == "" {
		return true // a Wait or receive on something without a stable name: it may be any
	}
	if slices.Contains(keys, j.Key) {
		return true
	}
	if strings.HasPrefix(j.Key, "call@") || strings.HasPrefix(j.Key, releasePrefix) {
		return false
	}
	return !slices.ContainsFunc(keys, func(k string) bool { return !strings.HasPrefix(k, releasePrefix) })
}

// releasePrefix marks the key of a channel a goroutine receives from: a
// semaphore it releases.
const releasePrefix = "release:"

// FillJoin reports whether loop is a semaphore fill: a loop whose body is
// one send on a channel made with capacity n, run n times
// (for i := n; i > 0; i--, for i := 0; i < n; i++, for range n). Once
// it is done, every goroutine that held a slot has released it (the kth
// receive happens before the (k+n)th send completes), so it joins the
// goroutines that receive from the channel. makes gives the capacity
// expression each channel variable was made with.
func FillJoin(info *types.Info, loop ast.Stmt, capOf func(*types.Var) ast.Expr) (Join, bool) {
	var body *ast.BlockStmt
	var bound ast.Expr
	var at token.Pos
	switch l := loop.(type) {
	case *ast.ForStmt:
		body, at = l.Body, l.Pos()
		if l.Cond == nil {
			return Join{}, false
		}
		at = l.Cond.Pos()
		cond, ok := ast.Unparen(l.Cond).(*ast.BinaryExpr)
		if !ok {
			return Join{}, false
		}
		switch cond.Op {
		case token.GTR: // i := n; i > 0; i--
			if init, ok := l.Init.(*ast.AssignStmt); ok && len(init.Rhs) == 1 && isZero(info, cond.Y) {
				bound = init.Rhs[0]
			}
		case token.LSS: // i := 0; i < n; i++
			if init, ok := l.Init.(*ast.AssignStmt); ok && len(init.Rhs) == 1 && isZero(info, init.Rhs[0]) {
				bound = cond.Y
			}
		}
	case *ast.RangeStmt:
		if l.Key != nil || l.Value != nil {
			return Join{}, false
		}
		if b, ok := info.TypeOf(l.X).Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return Join{}, false
		}
		body, bound, at = l.Body, l.X, l.X.Pos()
	}
	if body == nil || bound == nil || len(body.List) != 1 {
		return Join{}, false
	}
	send, ok := body.List[0].(*ast.SendStmt)
	if !ok {
		return Join{}, false
	}
	id, ok := ast.Unparen(send.Chan).(*ast.Ident)
	if !ok {
		return Join{}, false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return Join{}, false
	}
	c := capOf(v)
	if c == nil || types.ExprString(c) != types.ExprString(bound) {
		return Join{}, false
	}
	return Join{Pos: at, Key: releasePrefix + syncKey(info, id)}, true
}

func isZero(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.String() == "0"
}

// A Graph is the control-flow graph of one body, indexed by position.
type Graph struct {
	g     *cfg.CFG
	nodes []nodeAt          // sorted by position
	back  map[[2]int32]bool // built on demand by BackEdge
}

type nodeAt struct {
	pos, end token.Pos
	blk      *cfg.Block
	idx      int
}

// NewGraph builds the graph of body. Calls of panic, os.Exit, log.Fatal
// and the testing methods that stop the test (Fatal, FailNow, Skip...)
// do not return.
func NewGraph(info *types.Info, body *ast.BlockStmt) *Graph {
	return NewGraphFunc(body, func(call *ast.CallExpr) bool { return mayReturn(info, call) })
}

// NewGraphFunc builds the graph of body with the calls that may return
// decided by mayReturn (see cfg.New).
func NewGraphFunc(body *ast.BlockStmt, mayReturn func(*ast.CallExpr) bool) *Graph {
	g := &Graph{g: cfg.New(body, mayReturn)}
	for _, blk := range g.g.Blocks {
		for i, n := range blk.Nodes {
			g.nodes = append(g.nodes, nodeAt{n.Pos(), n.End(), blk, i})
		}
	}
	slices.SortStableFunc(g.nodes, func(x, y nodeAt) int { return cmp.Compare(x.pos, y.pos) })
	return g
}

func mayReturn(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			return b.Name() != "panic"
		}
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return true
	}
	switch fn.Pkg().Path() {
	case "os":
		return fn.Name() != "Exit"
	case "log":
		return !strings.HasPrefix(fn.Name(), "Fatal") && !strings.HasPrefix(fn.Name(), "Panic")
	case "testing":
		switch fn.Name() {
		case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
			return false
		}
	}
	return true
}

// CFG returns the control-flow graph.
func (g *Graph) CFG() *cfg.CFG { return g.g }

// NodeOf returns the block and index of the innermost node holding pos.
func (g *Graph) NodeOf(pos token.Pos) (*cfg.Block, int, bool) {
	n, ok := g.nodeOf(pos)
	return n.blk, n.idx, ok
}

// nodeOf returns the innermost node holding pos.
func (g *Graph) nodeOf(pos token.Pos) (nodeAt, bool) {
	n, _ := slices.BinarySearchFunc(g.nodes, pos+1, func(x nodeAt, p token.Pos) int { return cmp.Compare(x.pos, p) })
	best, found := nodeAt{}, false
	for i := n - 1; i >= 0; i-- {
		x := g.nodes[i]
		if x.pos <= pos && pos < x.end && (!found || x.end-x.pos < best.end-best.pos) {
			best, found = x, true
		}
	}
	return best, found
}

// Joined reports whether every path from from to to (positions in the
// body, outside function literals other than the one at from) passes one
// of the join positions cuts; to == token.NoPos asks about every path
// from from to the end of the body. An unknown position answers false.
func (g *Graph) Joined(from, to token.Pos, cuts []token.Pos) bool {
	fn, ok := g.nodeOf(from)
	if !ok {
		return false
	}
	var tn nodeAt
	if to.IsValid() {
		if tn, ok = g.nodeOf(to); !ok {
			return false
		}
	}
	cutIn := func(lo, hi token.Pos) bool {
		return slices.ContainsFunc(cuts, func(c token.Pos) bool { return lo <= c && c < hi })
	}
	if to.IsValid() && tn.blk == fn.blk && tn.idx == fn.idx && from < to && !cutIn(from, to) {
		return false
	}
	if cutIn(from+1, fn.end+1) {
		return true // the start's own statement joins it (t.Run of a literal)
	}
	joined := true
	walk([]at{{fn.blk, fn.idx + 1}}, func(p at) bool {
		if !joined {
			return false // decided: drain the walk
		}
		if p.idx >= len(p.blk.Nodes) {
			if len(p.blk.Succs) == 0 && !to.IsValid() {
				joined = false // the end of the body, not joined
			}
			return joined
		}
		n := p.blk.Nodes[p.idx]
		if to.IsValid() && p.blk == tn.blk && p.idx == tn.idx {
			joined = cutIn(n.Pos(), to)
			return false
		}
		return !cutIn(n.Pos(), n.End()+1)
	})
	return joined
}

// at is a point of a graph: the node idx of blk, or its end when idx is
// len(blk.Nodes).
type at struct {
	blk *cfg.Block
	idx int
}

// walk visits once, depth first, each point reached from work: from a
// node, the next one in its block; from a block's end, its successors.
// visit says whether to go on past a point.
func walk(work []at, visit func(at) bool) {
	seen := map[at]bool{}
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[p] {
			continue
		}
		seen[p] = true
		if !visit(p) {
			continue
		}
		if p.idx >= len(p.blk.Nodes) {
			for _, s := range p.blk.Succs {
				work = append(work, at{s, 0})
			}
			continue
		}
		work = append(work, at{p.blk, p.idx + 1})
	}
}

// BackEdge reports whether the edge from block from to its successor to
// closes a loop: a back edge of a depth-first search of the graph from
// its entry (then from each block the entry does not reach, in order).
// Every cycle crosses at least one back edge, and in a graph without goto
// into a loop these are exactly the edges into a loop head that dominates
// their source. The edges are found once, in time linear in the graph.
func (g *Graph) BackEdge(from, to *cfg.Block) bool {
	if g.back == nil {
		g.back = map[[2]int32]bool{}
		const (
			unseen = iota
			open
			done
		)
		state := make([]uint8, len(g.g.Blocks))
		type frame struct {
			blk  *cfg.Block
			next int
		}
		for _, root := range g.g.Blocks {
			if state[root.Index] != unseen {
				continue
			}
			state[root.Index] = open
			stack := []frame{{root, 0}}
			for len(stack) > 0 {
				f := &stack[len(stack)-1]
				if f.next == len(f.blk.Succs) {
					state[f.blk.Index] = done
					stack = stack[:len(stack)-1]
					continue
				}
				succ := f.blk.Succs[f.next]
				f.next++
				switch state[succ.Index] {
				case open:
					g.back[[2]int32{f.blk.Index, succ.Index}] = true
				case unseen:
					state[succ.Index] = open
					stack = append(stack, frame{succ, 0})
				}
			}
		}
	}
	return g.back[[2]int32{from.Index, to.Index}]
}

// Reach returns a test of whether some path leads from one of the
// positions from to a position without passing one of the positions
// cuts (as in Joined): the nodes reached are found once, so the test is
// cheap for many positions. A position later in a node holding one of
// from is reached; an unknown position (in from, or asked about) is
// reached.
func (g *Graph) Reach(from, cuts []token.Pos) func(to token.Pos) bool {
	cutIn := func(lo, hi token.Pos) bool {
		return slices.ContainsFunc(cuts, func(c token.Pos) bool { return lo <= c && c < hi })
	}
	first := map[at]token.Pos{} // the earliest of from in a node
	unknown := false
	var work []at
	for _, f := range from {
		n, ok := g.nodeOf(f)
		if !ok {
			unknown = true
			continue
		}
		k := at{n.blk, n.idx}
		if p, ok := first[k]; !ok || f < p {
			first[k] = f
		}
		if !cutIn(f+1, n.end+1) {
			work = append(work, at{n.blk, n.idx + 1})
		}
	}
	reached := map[at]bool{}
	walk(work, func(p at) bool {
		reached[p] = true
		if p.idx < len(p.blk.Nodes) {
			n := p.blk.Nodes[p.idx]
			return !cutIn(n.Pos(), n.End()+1)
		}
		return true
	})
	return func(to token.Pos) bool {
		n, ok := g.nodeOf(to)
		if unknown || !ok {
			return true
		}
		k := at{n.blk, n.idx}
		if p, ok := first[k]; ok && p <= to && !cutIn(p, to) {
			return true
		}
		return reached[k] && !cutIn(n.pos, to)
	}
}

// A Start is where a body hands a function to another goroutine, what
// that goroutine signals when done (see Signals; none: unknown, any join
// counts), and what it may wait for before (see GoWaits).
type Start struct {
	Pos   token.Pos
	Keys  []string
	Waits []string
}

// Options says which joins a body's analysis counts.
type Options struct {
	// Receives: a receive from a channel among the body's own
	// statements joins the goroutines that send on or close it (test
	// code waiting for its goroutines to report back).
	Receives bool
}

// Goroutines lists the goroutines one body starts and the joins it
// makes, and answers whether a start is joined at a position of the body
// (Joined) and whether a goroutine the body started may be running there
// (AloneAt). Starts and joins are the body's own, outside function
// literals and defer statements; a goroutine a literal starts is counted
// as the literal's: joined when the literal joins it before it returns,
// or, for a literal run in place (escape.InPlace), when a join follows
// each call of the literal on every path, in the literal it is called in
// and so on outwards.
type Goroutines struct {
	info *types.Info
	body *ast.BlockStmt
	// Starts are go statements, the calls StartOf knows, and function
	// literals handed to a call that runs and joins them (t.Run, B.RunParallel).
	Starts []Start
	Joins  []Join
	// Parallel is set when the body calls t.Parallel().
	Parallel bool
	// Nested counts the starts inside function literals; Unjoined those
	// of them a literal does not join before it returns.
	Nested, Unjoined int
	leaky            map[*ast.FuncLit]bool
	graph            *Graph
}

// BodyGoroutines analyses root, a *ast.FuncDecl or *ast.FuncLit.
func BodyGoroutines(info *types.Info, root ast.Node, opts Options) *Goroutines {
	var body *ast.BlockStmt
	switch r := root.(type) {
	case *ast.FuncDecl:
		body = r.Body
	case *ast.FuncLit:
		body = r.Body
	}
	g := &Goroutines{info: info, body: body, leaky: map[*ast.FuncLit]bool{}}
	if body == nil {
		return g
	}
	type nestedStart struct {
		pos     token.Pos
		in      *ast.FuncLit // innermost
		outer   *ast.FuncLit // outermost
		keys    []string
		subtest bool // a parallel subtest: T.Run of the enclosing test waits for it
	}
	var nested []nestedStart
	litJoins := map[*ast.FuncLit][]Join{}
	litDeferJoins := map[*ast.FuncLit][]Join{}
	subtests := map[*ast.FuncLit]bool{}   // function arguments of a T.Run or B.Run that joins them
	chanCaps := map[*types.Var]ast.Expr{} // channels made here: v := make(chan T, n)
	var stack []ast.Node
	outermost := func() *ast.FuncLit {
		for _, n := range stack {
			if fl, ok := n.(*ast.FuncLit); ok {
				return fl
			}
		}
		return nil
	}
	innermost := func() *ast.FuncLit {
		for i := len(stack) - 1; i >= 0; i-- {
			if fl, ok := stack[i].(*ast.FuncLit); ok {
				return fl
			}
		}
		return nil
	}
	capOf := func(id *ast.Ident, rhs ast.Expr) {
		v, ok := info.Defs[id].(*types.Var)
		call, isCall := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || !isCall || len(call.Args) != 2 {
			return
		}
		if _, ok := v.Type().Underlying().(*types.Chan); ok {
			if fid, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[fid].(*types.Builtin); ok && b.Name() == "make" {
					chanCaps[v] = call.Args[1]
				}
			}
		}
	}
	start := func(pos token.Pos, keys []string, subtest bool) {
		if lit := outermost(); lit != nil {
			g.Nested++
			nested = append(nested, nestedStart{pos, innermost(), lit, keys, subtest})
		} else {
			g.Starts = append(g.Starts, Start{Pos: pos, Keys: keys})
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		lit := outermost()
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						capOf(id, n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					capOf(id, n.Values[i])
				}
			}
		case *ast.GoStmt:
			start(n.Pos(), GoSignals(info, n), false)
			if lit == nil {
				g.Starts[len(g.Starts)-1].Waits = GoWaits(info, n)
			}
		case *ast.CallExpr:
			if arg, key, ok := StartOf(info, n); ok {
				pos, keys := n.Pos(), []string(nil)
				if fl, ok := ast.Unparen(n.Args[arg]).(*ast.FuncLit); ok {
					pos, keys = fl.Pos(), Signals(info, fl)
				}
				if key != "" {
					keys = append(keys, key)
				}
				_, _, name, _, _ := method(info, n)
				start(pos, keys, name == "Run")
			} else if j, ok := JoinOf(info, n); ok {
				// A call that runs its function argument and joins it
				// (t.Run of a sequential subtest, RunParallel).
				for _, a := range n.Args {
					if fl, ok := ast.Unparen(a).(*ast.FuncLit); ok {
						if lit == nil {
							g.Starts = append(g.Starts, Start{Pos: fl.Pos(), Keys: []string{j.Key}})
						}
						subtests[fl] = true
					}
				}
			}
			if j, ok := JoinOf(info, n); ok {
				in := innermost()
				switch {
				case lit == nil && !deferredIn(stack):
					g.Joins = append(g.Joins, j)
				case in != nil && !deferredIn(stack):
					litJoins[in] = append(litJoins[in], j)
				case in != nil && topDefer(stack, in):
					// defer wg.Wait() among the literal's own
					// statements: it joins before the literal returns.
					litDeferJoins[in] = append(litDeferJoins[in], j)
				}
			}
			if IsParallel(info, n) && lit == nil {
				g.Parallel = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && lit == nil && opts.Receives && !deferredIn(stack) {
				g.Joins = append(g.Joins, ReceiveJoin(info, n))
			}
		case *ast.ForStmt, *ast.RangeStmt:
			if lit == nil {
				if j, ok := FillJoin(info, n.(ast.Stmt), func(v *types.Var) ast.Expr { return chanCaps[v] }); ok {
					g.Joins = append(g.Joins, j)
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	var inPlace map[*ast.FuncLit]ast.Node
	var calls map[*ast.FuncLit][]escape.Call
	joinedIn := func(s nestedStart) bool {
		type at struct {
			lit  *ast.FuncLit
			from token.Pos
		}
		seen := map[at]bool{}
		work := []at{{s.in, s.pos}}
		for len(work) > 0 {
			p := work[len(work)-1]
			work = work[:len(work)-1]
			if seen[p] {
				continue
			}
			seen[p] = true
			if s.subtest && subtests[p.lit] {
				continue // T.Run returns once its parallel subtests are done
			}
			var cuts []token.Pos
			for _, j := range litJoins[p.lit] {
				if Matches(j, s.keys) {
					cuts = append(cuts, j.Pos)
				}
			}
			if len(cuts) > 0 && NewGraph(info, p.lit.Body).Joined(p.from, token.NoPos, cuts) {
				continue
			}
			if slices.ContainsFunc(litDeferJoins[p.lit], func(j Join) bool { return Matches(j, s.keys) }) {
				continue
			}
			if inPlace == nil {
				inPlace, calls = escape.InPlace(info, root)
			}
			if _, ok := inPlace[p.lit]; !ok {
				return false // runs elsewhere
			}
			for _, call := range calls[p.lit] {
				lit, ok := call.Body.(*ast.FuncLit)
				if !ok {
					return false // called in the body itself
				}
				work = append(work, at{lit, call.Pos})
			}
		}
		return true
	}
	for _, s := range nested {
		if !joinedIn(s) {
			g.Unjoined++
			g.leaky[s.outer] = true
		}
	}
	return g
}

// deferredIn reports whether the innermost statement on the stack, within
// the innermost function, is a defer statement: what it calls runs at the
// function's return.
func deferredIn(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.DeferStmt:
			return true
		case *ast.FuncLit:
			return false
		}
	}
	return false
}

// topDefer reports whether the top of stack is a defer statement among
// lit's own statements.
func topDefer(stack []ast.Node, lit *ast.FuncLit) bool {
	if len(stack) < 2 {
		return false
	}
	_, ok := stack[len(stack)-1].(*ast.DeferStmt)
	return ok && stack[len(stack)-2] == ast.Node(lit.Body)
}

// Leaky reports whether lit, a function literal of the body outside
// others, starts a goroutine it does not join before it returns: what
// it captures stays shared.
func (g *Goroutines) Leaky(lit *ast.FuncLit) bool { return g.leaky[lit] }

// Joined reports whether every path from from (a goroutine start, or a
// closure escape that may become one) to pos passes a join of what the
// goroutine signals (keys; none: any join), true when no path leads from
// one to the other; directly or relayed: a join
// of a key also joins, through the body's goroutines that wait before
// they signal it, what those wait for.
func (g *Goroutines) Joined(from, pos token.Pos, keys []string) bool {
	var cuts []token.Pos
	for _, j := range g.Joins {
		if Matches(j, keys) || g.relayed(j.Key, keys) {
			cuts = append(cuts, j.Pos)
		}
	}
	return g.Graph().Joined(from, pos, cuts)
}

// Graph returns the control-flow graph of the body, built on first use.
func (g *Goroutines) Graph() *Graph {
	if g.graph == nil {
		g.graph = NewGraph(g.info, g.body)
	}
	return g.graph
}

// relayed reports whether a join of key joins, through goroutines of the
// body that wait before they signal, a goroutine signalling keys: the
// keys a join of key covers grow by what each goroutine signalling one of
// them waits for.
func (g *Goroutines) relayed(key string, keys []string) bool {
	if key == "" || len(keys) == 0 {
		return false
	}
	covered := []string{key}
	for changed := true; changed; {
		changed = false
		for _, s := range g.Starts {
			if !slices.ContainsFunc(s.Keys, func(k string) bool { return slices.Contains(covered, k) }) {
				continue
			}
			for _, w := range s.Waits {
				if !slices.Contains(covered, w) {
					covered = append(covered, w)
					changed = true
				}
			}
		}
	}
	return slices.ContainsFunc(keys, func(k string) bool { return slices.Contains(covered, k) })
}

// AloneAt reports whether no goroutine the body started can be running
// at pos: no literal of the body leaves one running, and every path from
// each start to pos passes a join of what it signals (a start that
// cannot reach pos does not count).
func (g *Goroutines) AloneAt(pos token.Pos) bool {
	if g.Unjoined > 0 {
		return false // a literal may start goroutines whenever it is called
	}
	for _, s := range g.Starts {
		if !g.Joined(s.Pos, pos, s.Keys) {
			return false
		}
	}
	return true
}
