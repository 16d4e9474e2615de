package publish

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/go/ir"

	"github.com/cowlint/cowlint/internal/escape/owned"
	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/internal/held"
)

// checker holds what every function of one package shares.
type checker struct {
	pass     *analysis.Pass
	facts    *factsOf
	scan     *scan
	closures map[*ir.Function]*closureSummary
	reported map[lineKey]bool // one finding per line: c.Tags = append(c.Tags, t) is one write
	entries  *held.Entries    // locks held on entry, from the calls; built on demand
	// The serialization rule's writers of each atomic pointer variable,
	// the first without each lock, and their locks (serialize.go).
	writers     map[string][]*writer
	free        map[[2]string]*writer
	writerLocks map[ast.Node]*held.Func
	fixed       map[*types.Var]bool      // parameters never reassigned (serialize.go varKey)
	starts      *goStarts                // functions started once by a go statement (serialize.go confined)
	owned       map[ast.Node]*owned.Body // writers' bodies' private locals (serialize.go constructorWrite)
	// Dynamic calls (dynamic.go): each call's resolution, once, and the
	// IR of the function literals built.
	dyn  map[*ast.CallExpr]*dynCall
	lits map[*ast.FuncLit]*ir.Function
}

type lineKey struct {
	file string
	line int
}

// closureSummary says which free variables and parameters of a function
// literal it mutates, so that calling it, deferring it or starting it as a
// goroutine counts as mutating what it captured.
type closureSummary struct {
	freeVars intSet // the captured variable itself is written
	held     intSet // memory the captured variable points to is written
	params   intSet
	// sites is the first write inside the literal for each entry above,
	// where findings are reported: the line that writes, not the call.
	sites map[closureSite]mutation
}

type closureSite struct {
	kind byte // 'f' free variable, 'h' held, 'p' parameter
	i    int
}

func (s *closureSummary) record(kind byte, i int, m mutation) {
	k := closureSite{kind, i}
	if _, ok := s.sites[k]; !ok {
		s.sites[k] = m
	}
}

// at returns the mutation m at the site recorded for kind and i, described
// as happening how.
func (s *closureSummary) at(kind byte, i int, target ir.Value, how string) mutation {
	site := s.sites[closureSite{kind, i}]
	return mutation{target: target, node: site.node, what: site.what + " (" + how + ")", via: site.via}
}

// mutation is one write into memory that may be shared.
type mutation struct {
	target ir.Value // the address written, or the map, slice or pointer written through
	node   ast.Node // where to report
	what   string   // the written place as written in the source
	via    string   // the resolution of the dynamic call that writes, if any
}

// checkFunc runs the three phases on fn and reports.
func (c *checker) checkFunc(fn *ir.Function) {
	guard.At(c.pass, fn.Pos())
	f := newFuncFlow(c, fn)
	if !f.findSources() {
		return // nothing published, nothing loaded
	}
	f.resolveMemory()
	c.checkSerialized(f)
	for i, p := range f.pubs {
		f.memberClosure(p)
		for v := range p.members {
			f.defines[v] = append(f.defines[v], i)
			if !builtAfter(v, p.site) {
				f.ends[v] = append(f.ends[v], i)
			}
		}

	}
	in, reached := f.activePublications()
	// A deferred call runs at exit: its mutations are judged against the
	// publications in force at any return.
	var deferred []mutation
	var atExit pubSet
	for _, b := range fn.Blocks {
		if !reached[b.Index] {
			continue // unreachable
		}
		active, mem := in[b.Index], f.memIn[b.Index]
		for _, instr := range b.Instrs {
			mem = f.memTransfer(mem, instr)
			ms := c.mutations(f, mem, instr)
			switch instr.(type) {
			case *ir.Defer:
				deferred = append(deferred, ms...)
				ms = nil
			case *ir.Return, *ir.Panic:
				atExit = joinPubs(atExit, active)
			}
			for _, m := range ms {
				c.check(f, m, active)
			}
			active = f.pubTransfer(active, instr)
		}
	}
	for _, m := range deferred {
		c.check(f, m, atExit)
	}
}

// check reports m if it writes into a snapshot or into a value whose
// publication is in force.
func (c *checker) check(f *funcFlow, m mutation, active pubSet) {
	if src, pub := f.origin(m.target, active); pub != nil {
		c.reportPublished(m, pub)
	} else if src != nil {
		c.reportSnapshot(m, src)
	}
}

// activePublications is phase 2: the publications in force at the entry
// of each block, and which blocks are reachable.
func (f *funcFlow) activePublications() ([]pubSet, []bool) {
	// A CompareAndSwap publishes only along its success edge.
	type edge struct{ from, to *ir.BasicBlock }
	var casEdges map[edge][]int
	for i, pub := range f.pubs {
		if pub.successFrom != nil {
			if casEdges == nil {
				casEdges = map[edge][]int{}
			}
			e := edge{pub.successFrom, pub.successTo}
			casEdges[e] = append(casEdges[e], i)
		}
	}
	success := func(p, b *ir.BasicBlock, st pubSet) pubSet {
		for _, i := range casEdges[edge{p, b}] {
			st = st.Set(uint32(i), struct{}{})
		}
		return st
	}
	return forward(f.fn, joinPubs, equalPubs, success, f.pubTransfer)
}

// builtAfter reports whether the member v of a publication at site is
// computed after it (later in its block, or in a block it strictly
// dominates): a part stored into the published object afterwards
// (*c = Config{Tags: []string{t}}), whose computation does not make the
// published object fresh again.
func builtAfter(v ir.Value, site ir.Instruction) bool {
	instr, ok := v.(ir.Instruction)
	if !ok || site == nil || instr.Block() == nil {
		return false
	}
	vb, sb := instr.Block(), site.Block()
	if vb == sb {
		for _, x := range sb.Instrs {
			switch x {
			case site:
				return true
			case instr:
				return false
			}
		}
		return false
	}
	return sb.Dominates(vb)
}

// pubTransfer applies one instruction to the set of publications in force:
// redefining a published value ends its publication (a fresh object), a
// publishing call starts one.
func (f *funcFlow) pubTransfer(active pubSet, instr ir.Instruction) pubSet {
	if v, ok := instr.(ir.Value); ok {
		for _, i := range f.ends[v] {
			active = active.Delete(uint32(i))
		}
	}
	for _, i := range f.pubAt[instr] {
		active = active.Set(uint32(i), struct{}{})
	}
	return active
}

// mutations lists the writes instr makes into memory that may be shared:
// stores through an address, map updates, delete/clear/copy/append, and
// calls to functions or literals that mutate an argument or a captured
// variable.
func (c *checker) mutations(f *funcFlow, mem memState, instr ir.Instruction) []mutation {
	switch instr := instr.(type) {
	case *ir.Store:
		if _, ok := locationOf(instr.Addr, f.private); ok {
			return nil // a private local
		}
		if ownLocked(instr.Addr) {
			return nil
		}
		node, what := c.lvalue(instr.Source(), instr.Pos())
		if lit, ok := instr.Source().(*ast.CompositeLit); ok && node == nil {
			node, what = wholeStore(f.fn, lit)
		}
		if node == nil {
			return nil // compiler-generated (composite literal, range)
		}
		return []mutation{{target: instr.Addr, node: node, what: what}}
	case *ir.MapUpdate:
		if ownLocked(instr.Map) {
			return nil
		}
		node, what := c.lvalue(instr.Source(), instr.Pos())
		if node == nil {
			return nil
		}
		return []mutation{{target: instr.Map, node: node, what: what}}
	case ir.CallInstruction:
		return c.callMutations(f, mem, instr)
	}
	return nil
}

func (c *checker) callMutations(f *funcFlow, mem memState, instr ir.CallInstruction) []mutation {
	common := instr.Common()
	expr, _ := instr.Source().(*ast.CallExpr)
	if expr == nil {
		if g, ok := instr.Source().(*ast.GoStmt); ok {
			expr = g.Call
		} else if d, ok := instr.Source().(*ast.DeferStmt); ok {
			expr = d.Call
		}
	}
	if expr == nil {
		return nil
	}
	argText := func(i int, astArgs []ast.Expr) string {
		if i < len(astArgs) {
			return types.ExprString(astArgs[i])
		}
		return "an argument"
	}
	switch callee := common.Value.(type) {
	case *ir.Builtin:
		if len(common.Args) == 0 || len(expr.Args) == 0 {
			return nil
		}
		switch callee.Name() {
		case "delete", "clear", "copy":
		case "append":
			if s, ok := common.Args[0].(*ir.Slice); ok && s.Max != nil {
				return nil // a full slice expression: append copies
			}
			if f.locks() {
				// append writes past the snapshot's length, where no
				// reader of it looks; it races only with another
				// writer doing the same, which the lock excludes.
				return nil
			}
		default:
			return nil
		}
		if ownLocked(common.Args[0]) {
			return nil
		}
		return []mutation{{target: common.Args[0], node: expr.Args[0], what: types.ExprString(expr.Args[0])}}
	case *ir.MakeClosure:
		g, _ := callee.Fn.(*ir.Function)
		if boundMethod(common) {
			return c.dynamicMutations(common, expr) // f := p.Apply; f(c)
		}
		if g == nil {
			return nil
		}
		return c.literalMutations(f, mem, instr, g, callee.Bindings)
	case *ir.Function:
		if _, ok := callee.Source().(*ast.FuncLit); ok {
			return c.literalMutations(f, mem, instr, callee, nil) // a literal without free variables
		}
	}
	fn := staticFunc(common)
	if fn == nil {
		return c.dynamicMutations(common, expr)
	}
	mutated := c.facts.mutates(fn)
	astArgs, _ := callArgs(c.pass.TypesInfo, expr)
	ms := c.callbackMutations(common, expr, fn, astArgs)
	if len(mutated) == 0 {
		return ms
	}
	for _, i := range mutated.sorted() {
		if i >= len(common.Args) || ownLocked(common.Args[i]) {
			continue
		}
		var node ast.Node = expr
		if i < len(astArgs) {
			node = astArgs[i]
		}
		ms = append(ms, mutation{target: common.Args[i], node: node, what: argText(i, astArgs) + " (by " + types.ExprString(expr.Fun) + ")"})
	}
	return ms
}

// literalMutations lists what calling the function literal g (with its
// free variables bound to bindings) mutates.
func (c *checker) literalMutations(f *funcFlow, mem memState, instr ir.CallInstruction, g *ir.Function, bindings []ir.Value) []mutation {
	common := instr.Common()
	sum := c.closureSummary(g)
	how := "in a function literal"
	switch instr.(type) {
	case *ir.Go:
		how = "in a goroutine"
	case *ir.Defer:
		how = "in a deferred function"
	}
	var ms []mutation
	for _, i := range sum.freeVars.sorted() {
		if i < len(bindings) && i < len(g.FreeVars) {
			ms = append(ms, sum.at('f', i, bindings[i], how))
		}
	}
	for _, i := range sum.held.sorted() {
		if i >= len(bindings) || i >= len(g.FreeVars) {
			continue
		}
		loc, ok := locationOf(bindings[i], f.tracked)
		if !ok {
			continue
		}
		for _, v := range f.memLoad(mem, loc) {
			ms = append(ms, sum.at('h', i, v, how))
		}
	}
	for _, i := range sum.params.sorted() {
		if i < len(common.Args) {
			ms = append(ms, sum.at('p', i, common.Args[i], how))
		}
	}
	return ms
}

// closureSummary computes (once) what a function literal mutates of its
// free variables and parameters.
func (c *checker) closureSummary(g *ir.Function) *closureSummary {
	if s, ok := c.closures[g]; ok {
		return s
	}
	sum := &closureSummary{freeVars: intSet{}, held: intSet{}, params: intSet{}, sites: map[closureSite]mutation{}}
	c.closures[g] = sum // recursion stops here, with what is known so far
	f := newFuncFlow(c, g)
	f.resolveMemory()
	for _, b := range g.Blocks {
		mem := f.memIn[b.Index]
		for _, instr := range b.Instrs {
			mem = f.memTransfer(mem, instr)
			for _, m := range c.mutations(f, mem, instr) {
				direct, held := f.params(m.target)
				for _, v := range held {
					for i, fv := range g.FreeVars {
						if fv == v {
							sum.held[i] = true
							sum.record('h', i, m)
						}
					}
				}
				for _, v := range direct {
					for i, fv := range g.FreeVars {
						if fv == v {
							sum.freeVars[i] = true
							sum.record('f', i, m)
						}
					}
					for i, p := range g.Params {
						if p == v {
							sum.params[i] = true
							sum.record('p', i, m)
						}
					}
				}
			}
		}
	}
	return sum
}

// ownLocked reports whether the write lands in a struct that carries its
// own mutex: such an object is mutable by design, and publishing a pointer
// to it through an atomic pointer only makes the pointer's switch atomic.
func ownLocked(target ir.Value) bool {
	for range 8 {
		switch v := target.(type) {
		case *ir.FieldAddr:
			return hasMutex(v.X.Type())
		case *ir.IndexAddr:
			target = v.X
		case *ir.Load:
			target = v.X
		case *ir.Field:
			return hasMutex(v.X.Type())
		default:
			return hasMutex(v.Type())
		}
	}
	return false
}

func hasMutex(t types.Type) bool {
	if p, ok := coreUnder(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := coreUnder(t).(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		ft := st.Field(i).Type()
		if p, ok := types.Unalias(ft).(*types.Pointer); ok {
			ft = p.Elem()
		}
		if n, ok := types.Unalias(ft).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" {
			switch n.Obj().Name() {
			case "Mutex", "RWMutex":
				return true
			}
		}
	}
	return false
}

// wholeStore finds the *p of an assignment *p = T{...} whose composite
// literal the IR stores through p field by field (a whole-struct store
// into memory that may be published); nil when lit initialises a fresh
// variable (&T{...}, x := T{...}).
func wholeStore(fn *ir.Function, lit *ast.CompositeLit) (ast.Node, string) {
	body := fn.Source()
	if body == nil {
		return nil, ""
	}
	var lhs ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		if lhs != nil || n == nil || n.Pos() > lit.Pos() || n.End() <= lit.Pos() {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN && len(as.Lhs) == len(as.Rhs) {
			for i, r := range as.Rhs {
				if ast.Unparen(r) == lit {
					if star, ok := ast.Unparen(as.Lhs[i]).(*ast.StarExpr); ok {
						lhs = star
					}
				}
			}
		}
		return true
	})
	if lhs == nil {
		return nil, ""
	}
	return lhs, types.ExprString(lhs)
}

// lvalue finds the expression a store or map update writes to, from the
// instruction's source node.
func (c *checker) lvalue(src ast.Node, pos token.Pos) (ast.Node, string) {
	switch n := src.(type) {
	case *ast.AssignStmt:
		lhs := n.Lhs[0]
		for _, l := range n.Lhs {
			if l.Pos() <= pos && pos < l.End() {
				lhs = l
			}
		}
		if len(n.Lhs) > 1 && !(lhs.Pos() <= pos && pos < lhs.End()) {
			return n, types.ExprString(lhs)
		}
		return lhs, types.ExprString(lhs)
	case *ast.IncDecStmt:
		return n.X, types.ExprString(n.X)
	case *ast.IndexExpr:
		return n, types.ExprString(n)
	case *ast.SelectorExpr:
		return n, types.ExprString(n)
	case *ast.StarExpr:
		return n, types.ExprString(n)
	case *ast.Ident:
		return n, n.Name
	}
	return nil, ""
}

func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func (c *checker) reportPublished(m mutation, p *publication) {
	if c.seen(m.node.Pos()) {
		return
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:     m.node.Pos(),
		End:     m.node.End(),
		Message: fmt.Sprintf("write to %s after %s was published by %s at %s", m.what, p.name, p.via, c.where(p.call.Pos())),
		Related: []analysis.RelatedInformation{{Pos: p.call.Pos(), End: p.call.End(), Message: p.name + " published here"}},
	})
}

func (c *checker) reportSnapshot(m mutation, s *snapshotSource) {
	if c.seen(m.node.Pos()) {
		return
	}
	through := ""
	if m.via != "" {
		through = " through " + m.via
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:     m.node.Pos(),
		End:     m.node.End(),
		Message: fmt.Sprintf("in-place mutation of a snapshot loaded from %s%s (copy it, mutate the copy, then Store)", s.from, through),
		Related: []analysis.RelatedInformation{{Pos: s.call.Pos(), End: s.call.End(), Message: "snapshot loaded here"}},
	})
}

// seen reports whether a finding was already reported on pos's line, and
// records it.
func (c *checker) seen(pos token.Pos) bool {
	p := c.pass.Fset.Position(pos)
	k := lineKey{p.Filename, p.Line}
	if c.reported[k] {
		return true
	}
	c.reported[k] = true
	return false
}
