package lockorder

import (
	"cmp"
	"encoding/gob"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/callres"
	"github.com/cowlint/cowlint/internal/escape"
	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/lockop"
	"github.com/cowlint/cowlint/internal/prescan"
	"github.com/cowlint/cowlint/internal/scc"
)

//go:generate go run github.com/cowlint/cowlint/internal/docs/docgen lockorder

var Analyzer = &analysis.Analyzer{
	Name:      "lockorder",
	Doc:       doc,
	URL:       "https://github.com/cowlint/cowlint#lockorder",
	Requires:  []*analysis.Analyzer{prescan.Analyzer, callres.Analyzer},
	Run:       guard.Run(run),
	FactTypes: []analysis.Fact{new(lockSummary), new(orderGraph)},
}

// dotDir is the -lockorder.dot flag: a directory to write each package's
// lock-order graph to, in Graphviz DOT.
var dotDir string

// debug is the -lockorder.debug flag: say on standard error where the
// analysis degraded to stay within its budgets (see doc.go).
var debug bool

func init() {
	Analyzer.Flags.BoolVar(&debug, "debug", false, "print a line on standard error wherever a function or package is beyond a size budget and lockorder degrades to a cheaper analysis")
	Analyzer.Flags.StringVar(&dotDir, "dot", "", "write each analyzed package's lock-order graph (its own edges and every imported package's) as Graphviz DOT into this `directory`, one file per package")
	gob.Register(new(lockSummary))
	gob.Register(new(orderGraph))
}

// analyzer is the state of one run over one package.
type analyzer struct {
	pass        *analysis.Pass
	decls       map[*types.Func]*ast.FuncDecl
	summaries   map[*types.Func]*lockSummary // nil while being computed
	cfgs        map[*ast.BlockStmt]*cfg.CFG
	relevants   map[*ast.BlockStmt]bool
	scanned     *prescan.Result
	resolver    *callres.Resolver // nil when callres failed
	resolved    map[*ast.CallExpr]callres.Resolution
	methods     map[string][]*types.Func // see methodsNamed
	methodIndex *methodIndex
	lockers     *lockop.Lockers     // see classify; nil until needed
	declParams  map[*types.Var]bool // see declParam
	labels      map[labelKey]string // see dynamicLabel
	edges       []*localEdge
	edgeBlock   []localEdge       // see newEdge
	pairIDs     map[pairKey]int32 // see pairID
	edgeSeen    map[edgeKey]*localEdge
	reported    map[reportKey]bool
	declared    *declarations
	aliases     func(*types.Var) ast.Expr
	locals      *escape.Locals // see sharedLocal
	exported    []*types.Func  // functions whose summaries are exported
	leaves      map[string]bool
	// clears maps each completion flag to the classes certainly held
	// wherever this package may clear it (initflag.go).
	clears        map[string]map[string]bool
	clearSites    map[*ast.CallExpr]bool // clears the walk saw
	clearsScanned bool
	// quiet is set while the summaries of a recursive component are
	// computed: no report, no order edge, no walk of a closure run
	// elsewhere.
	quiet     bool
	positions map[token.Pos]string             // posString's memo
	bodies    map[*ast.BlockStmt]*ast.FuncDecl // declOf's index
	nestings  []nestingSite                    // same-class nestings, reported at the end (reportNestings)
	recursive map[*types.Func]*types.Func      // each function of a recursive component: the component's first (hierarchy.go)
	members   map[*types.Func][]*types.Func    // by component's first: its functions
	counters  map[*types.Func]bool             // by component's first: its recursion carries a counter (hierarchy.go)
}

func run(pass *analysis.Pass) (any, error) {
	scanned, ok := prescan.Of(pass)
	if !ok {
		return nil, nil // the pre-scan failed, and said so
	}
	a := &analyzer{
		pass:       pass,
		decls:      map[*types.Func]*ast.FuncDecl{},
		summaries:  map[*types.Func]*lockSummary{},
		cfgs:       map[*ast.BlockStmt]*cfg.CFG{},
		relevants:  map[*ast.BlockStmt]bool{},
		scanned:    scanned,
		edgeSeen:   map[edgeKey]*localEdge{},
		reported:   map[reportKey]bool{},
		clears:     map[string]map[string]bool{},
		clearSites: map[*ast.CallExpr]bool{},
	}
	a.resolver, _ = callres.Of(pass)

	// Declared orders: this package's //cowlint:order directives and
	// those its imports carry.
	a.declared = a.readDeclarations()

	// Function summaries, callees first: each function is walked once,
	// reporting double locks, nesting and leaks and collecting order edges.
	a.walkFuncs()
	a.walkVarInits()
	a.reportNestings()

	// Export the summaries of exported functions, without the private
	// leaf classes (see privateLeaves).
	a.exportSummaries()

	// The order graph: report violated declarations and the cycles this
	// package closes, export the graph for importers, draw it if asked.
	graph := a.buildGraph()
	if !guard.FactsOnly { // a dependency go vet runs for its facts alone prints nothing
		a.reportViolations(graph)
		a.reportCycles(graph)
	}
	if fact := graph.fact(); len(fact.Edges) > 0 || len(fact.Declared) > 0 {
		pass.ExportPackageFact(fact)
	}
	if dotDir != "" {
		if err := a.writeDOT(graph); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// walkFuncs summarises every function declared in the package, over the
// call graph's strongly connected components, callees first: a function
// outside any cycle of calls is walked once, with its callees' summaries
// final; the functions of a recursive component are walked in silence
// until their summaries stop changing (at most maxRounds times), then once
// more reporting.
func (a *analyzer) walkFuncs() {
	var fns []*types.Func
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := a.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					a.decls[fn] = fd
					fns = append(fns, fn)
				}
			}
		}
	}
	callees := map[*types.Func][]*types.Func{}
	succ := func(fn *types.Func) []*types.Func {
		cs, ok := callees[fn]
		if !ok {
			cs = a.localCallees(fn)
			callees[fn] = cs
		}
		return cs
	}
	for _, comp := range scc.Components(fns, succ) {
		if !scc.Cyclic(comp, succ) {
			a.summaryOf(comp[0])
			continue
		}
		slices.SortFunc(comp, func(x, y *types.Func) int { return cmp.Compare(x.Pos(), y.Pos()) })
		for _, fn := range comp {
			setKey(&a.recursive, fn, comp[0])
		}
		setKey(&a.members, comp[0], comp)
		a.fixpoint(comp, succ)
	}
}

// maxRounds bounds the silent walks of a recursive component: summaries
// only grow by classes and flags, so real components settle in two or
// three rounds.
const maxRounds = 8

// fixpoint computes the summaries of the recursive component comp, whose
// functions' callees succ lists. Each round walks, in order, the functions
// of which some callee in comp changed its summary since they were last
// walked (all of them in the first round): a walk depends only on its
// callees' summaries, so the others would return what they returned
// before, and the rounds end as if every function had been walked.
func (a *analyzer) fixpoint(comp []*types.Func, succ func(*types.Func) []*types.Func) {
	inComp := make(map[*types.Func]int, len(comp))
	for i, fn := range comp {
		a.summaries[fn] = nil
		inComp[fn] = i
	}
	callers := make([][]int, len(comp))
	for i, fn := range comp {
		for _, c := range succ(fn) {
			if j, ok := inComp[c]; ok && (len(callers[j]) == 0 || callers[j][len(callers[j])-1] != i) {
				callers[j] = append(callers[j], i)
			}
		}
	}
	dirty := make([]bool, len(comp))
	for i := range dirty {
		dirty[i] = true
	}
	a.quiet = true
	for round := 0; ; round++ {
		changed := false
		for i, fn := range comp {
			if !dirty[i] {
				continue
			}
			dirty[i] = false
			sum := a.walkDecl(fn)
			if !reflect.DeepEqual(sum, a.summaries[fn]) {
				a.summaries[fn] = sum
				changed = true
				for _, j := range callers[i] {
					dirty[j] = true
				}
			}
		}
		if !changed {
			break
		}
		if round+1 == maxRounds {
			a.debugf(a.decls[comp[0]].Pos(), "recursive component of %d functions: summaries still changing after %d rounds (budget); the last round's are kept", len(comp), maxRounds)
			break
		}
	}
	a.quiet = false
	// The reporting walk, with the settled summaries.
	for _, fn := range comp {
		if sum := a.walkDecl(fn); sum != nil {
			a.summaries[fn] = sum
			a.export(fn)
		}
	}
}

// localCallees returns the functions of this package whose summaries fn
// may apply, in its body and in the literals inside it: those it calls
// statically, those its dynamic calls may run (a function-typed variable
// or field's assigned functions; for an interface method, this package's
// methods of that name whose receiver implements the interface), those it
// refers to as values (a method value handed to a callee that calls it
// back), and the methods the standard library calls back (fmt's String).
// Missing one would let its summary be computed on demand in the middle
// of another walk, in an order that depends on which call comes first.
func (a *analyzer) localCallees(fn *types.Func) []*types.Func {
	fd := a.decls[fn]
	info := a.pass.TypesInfo
	calls, _ := a.scanned.Calls(fd.Body)
	var out []*types.Func
	add := func(c *types.Func) {
		if c != nil {
			if c = c.Origin(); a.decls[c] != nil {
				out = append(out, c)
			}
		}
	}
	for _, call := range calls {
		if c := typeutil.StaticCallee(info, call); c != nil {
			add(c)
		} else if name, ok := interfaceMethod(a, call); ok {
			// Resolved as the walk will (callres's CHA, bounded), when
			// a method of that name is declared here at all.
			if a.resolver != nil && slices.ContainsFunc(a.methodsNamed(name), func(m *types.Func) bool { return a.decls[m] != nil }) {
				res := a.resolver.Resolve(call)
				setKey(&a.resolved, call, res)
				for _, c := range res.Callees {
					add(c.Func)
				}
			}
		} else if a.resolver != nil {
			if res := a.resolver.Resolve(call); res.How == callres.ValueFlow || res.How == callres.Assigned {
				for _, c := range res.Callees {
					add(c.Func)
				}
			}
		}
		if callres.CallsBackMethods(typeutil.StaticCallee(info, call)) {
			for _, cb := range callres.Callbacks(info, call) {
				if cb.Method != "" {
					add(callres.MethodCallee(info, call.Args[cb.Arg], cb.Method))
				}
			}
		}
		for _, arg := range call.Args {
			switch e := ast.Unparen(arg).(type) {
			case *ast.Ident:
				f, _ := info.Uses[e].(*types.Func)
				add(f)
			case *ast.SelectorExpr:
				f, _ := info.Uses[e.Sel].(*types.Func)
				add(f)
			}
		}
	}
	return out
}

// walkVarInits walks the function literals of package-level variable
// initialisers, which run on their own.
func (a *analyzer) walkVarInits() {
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			ast.Inspect(gd, func(n ast.Node) bool {
				if lit, ok := n.(*ast.FuncLit); ok {
					if a.relevant(lit.Body) {
						a.walkFunc(nil, "func literal", nil, a.handoffs(lit.Body), lit.Type, lit.Body, lit.Pos())
					}
					return false
				}
				return true
			})
		}
	}
}

// summaryOf returns fn's summary (for a function of this package, walking
// it first if need be), nil when it does nothing visible to callers. Inside
// a recursive component being computed, it is the current round's.
func (a *analyzer) summaryOf(fn *types.Func) *lockSummary {
	fn = fn.Origin()
	if fn.Pkg() != a.pass.Pkg {
		if sum, ok := a.summaries[fn]; ok {
			return sum
		}
		sum := new(lockSummary)
		if !a.pass.ImportObjectFact(fn, sum) {
			sum = nil
		}
		a.summaries[fn] = sum
		return sum
	}
	if sum, ok := a.summaries[fn]; ok {
		return sum // nil while in progress outside a component (a literal's callee)
	}
	if a.decls[fn] == nil {
		return nil
	}
	a.summaries[fn] = nil
	sum := a.walkDecl(fn)
	if sum == nil {
		return nil
	}
	a.summaries[fn] = sum
	a.export(fn)
	return sum
}

// walkDecl walks the declared function fn and returns its summary, nil
// when it does nothing visible to callers.
func (a *analyzer) walkDecl(fn *types.Func) *lockSummary {
	fd := a.decls[fn]
	if !a.relevant(fd.Body) {
		return nil
	}
	fw := a.walkFunc(fn, funcName(fn), a.rootsOf(fd), a.handoffs(fd.Body), fd.Type, fd.Body, fd.Pos())
	sum := fw.summary()
	if sum.empty() {
		return nil
	}
	return sum
}

// export lists fn among the functions whose summaries are exported: only
// exported functions and methods can be called (statically) from other
// packages, and those used as values (dynamically), so facts stay few.
func (a *analyzer) export(fn *types.Func) {
	if (fn.Exported() || a.resolver != nil && a.resolver.Escaping(fn)) && a.importable(a.decls[fn]) {
		a.exported = append(a.exported, fn)
	}
}

// importable reports whether another package may call fd: not when it
// is declared in a test file or in a main package.
func (a *analyzer) importable(fd *ast.FuncDecl) bool {
	if a.pass.Pkg.Name() == "main" || strings.HasSuffix(a.pass.Pkg.Path(), "_test") {
		return false
	}
	return !strings.HasSuffix(a.pass.Fset.File(fd.Pos()).Name(), "_test.go")
}

// calleeSummary returns the summary of a static call's callee.
func (a *analyzer) calleeSummary(call *ast.CallExpr) *lockSummary {
	fn := typeutil.StaticCallee(a.pass.TypesInfo, call)
	if fn == nil {
		return nil
	}
	return a.summaryOf(fn)
}

// relevant reports whether a body contains a lock operation or a call to a
// function whose summary touches locks: the cheap pre-scan that decides
// whether a control-flow graph is built at all.
func (a *analyzer) relevant(body *ast.BlockStmt) bool {
	if r, ok := a.relevants[body]; ok {
		return r
	}
	a.relevants[body] = false // in progress: a literal that calls itself
	calls, ok := a.scanned.Calls(body)
	if !ok {
		// A literal outside every function (a variable's initialiser):
		// not pre-scanned.
		ast.Inspect(body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				calls = append(calls, call)
			}
			return true
		})
	}
	found := slices.ContainsFunc(calls, func(call *ast.CallExpr) bool {
		if _, ok := a.classify(call); ok {
			return true
		}
		if fn := typeutil.StaticCallee(a.pass.TypesInfo, call); fn != nil {
			return a.summaryOf(fn) != nil || a.stringerRelevant(call)
		}
		return a.dynamicRelevant(call)
	})
	if !a.quiet {
		a.relevants[body] = found
	} else {
		// Inside a recursive component, a callee's summary may still
		// grow: decide again next round.
		delete(a.relevants, body)
	}
	return found
}

func (a *analyzer) cfgOf(body *ast.BlockStmt) *cfg.CFG {
	if g, ok := a.cfgs[body]; ok {
		return g
	}
	g := cfg.New(body, a.mayReturn)
	a.cfgs[body] = g
	return g
}

// mayReturn reports whether a call may return: panics, os.Exit, log.Fatal
// and t.Fatal end a path without an exit (no leak is reported there).
func (a *analyzer) mayReturn(call *ast.CallExpr) bool {
	switch fn := typeutil.Callee(a.pass.TypesInfo, call).(type) {
	case *types.Builtin:
		return fn.Name() != "panic"
	case *types.Func:
		if fn.Pkg() == nil {
			return true
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "os.Exit", "runtime.Goexit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln",
			"testing.Fatal", "testing.Fatalf", "testing.FailNow", "testing.Skip", "testing.Skipf", "testing.SkipNow":
			return false
		}
	}
	return true
}

// debugf prints a -lockorder.debug line at pos.
func (a *analyzer) debugf(pos token.Pos, format string, args ...any) {
	if !debug {
		return
	}
	fmt.Fprintf(os.Stderr, "%s: lockorder debug: %s\n", a.pass.Fset.Position(pos), fmt.Sprintf(format, args...))
}

// posString renders a position for facts and messages: file.go:12.
func (a *analyzer) posString(pos token.Pos) string {
	if s, ok := a.positions[pos]; ok {
		return s // every edge of a call repeats its two positions
	}
	p := a.pass.Fset.Position(pos)
	s := filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
	if a.positions == nil {
		a.positions = map[token.Pos]string{}
	}
	a.positions[pos] = s
	return s
}

// summary turns what the walk collected into the function's summary.
func (fw *funcWalk) summary() *lockSummary {
	sum := new(lockSummary)
	// The acquisitions are fw's own, changed in place (fw is done).
	sum.Acquires = fw.acq[:0:len(fw.acq)]
	for _, acq := range fw.acq {
		acq.Certain = len(fw.exits) > 0
		dyn := acq.Dyn != "" && len(fw.exits) > 0
		for _, e := range fw.exits {
			key := acq.Class + modeSuffix(acq.Shared)
			if !e.held.taken[key] {
				acq.Certain = false
				if !e.held.taken[key+"|"+acq.Dyn] {
					dyn = false
				}
			}
		}
		if acq.Certain || !dyn {
			acq.Dyn = ""
		}
		sum.Acquires = append(sum.Acquires, acq)
	}
	if len(sum.Acquires) > maxAcquires {
		// Beyond the budget: keep the acquisitions nearest to the
		// function (outer ones first, whose edges imply those of the
		// acquisitions under them, then direct ones, then certain
		// ones), so that callers' order edges stay linear in their
		// number of calls.
		slices.SortFunc(sum.Acquires, func(x, y acquisition) int {
			return cmp.Or(boolCmp(x.Under, y.Under), cmp.Compare(len(x.Via), len(y.Via)), -boolCmp(x.Certain, y.Certain), cmp.Compare(x.Class, y.Class), cmp.Compare(x.Path, y.Path), boolCmp(x.Shared, y.Shared))
		})
		if !sum.Acquires[maxAcquires].Under {
			// Outer acquisitions are dropped too: what the kept ones
			// imply is no longer certain to be recorded.
			for i := range sum.Acquires {
				sum.Acquires[i].Under = false
			}
		}
		fw.a.debugf(fw.body.Pos(), "%s acquires %d lock classes, directly or through its callees: its summary keeps the %d nearest (budget)", fw.name, len(sum.Acquires), maxAcquires)
		sum.Acquires = sum.Acquires[:maxAcquires:maxAcquires]
		if cap(fw.acq) > 2*maxAcquires {
			sum.Acquires = slices.Clone(sum.Acquires) // not the dropped ones' array
		}
	}
	sortAcquisitions(sum.Acquires)
	sum.Inits = sortedKeys(fw.inits)
	if len(fw.exits) == 0 {
		return sum
	}
	// Holds: exported classes held on every exit, not given back from the
	// caller's own lock.
	first := fw.exits[0].held
	for _, h := range first.sortedHeld() {
		if !h.class.exported() || !h.must {
			continue
		}
		if _, ok := first.dropped[h.class.Key]; ok {
			continue
		}
		always := true
		for _, e := range fw.exits[1:] {
			if eh, ok := e.held.find(h); !ok || !eh.must {
				always = false
				break
			}
		}
		if always {
			sum.Holds = append(sum.Holds, acquisition{Class: h.class.Key, Short: h.class.Short, Global: h.class.Kind == identity.Global, Shared: h.shared, Path: fw.basePath(h.inst), Via: h.via})
		}
	}
	sortAcquisitions(sum.Holds)
	sum.CondHolds, sum.CondOn = fw.condHolds(sum.Holds)
	// Releases: the caller's locks released on some exit; reacquired when
	// held again at every exit.
	rels := map[string]release{}
	for _, e := range fw.exits {
		for k, r := range e.held.dropped {
			if _, ok := rels[k]; !ok {
				rels[k] = r
			}
		}
	}
	for k, r := range rels {
		if !r.Reacquired {
			r.Reacquired = true
			for _, e := range fw.exits {
				if !e.heldClass(k) && !e.held.dropped[k].Reacquired {
					r.Reacquired = false
				}
			}
		}
		sum.Releases = append(sum.Releases, r)
	}
	sortReleases(sum.Releases)
	sum.Yields = fw.yields
	for k, held := range fw.calls {
		sortAcquisitions(held)
		sum.Calls = append(sum.Calls, paramCall{Param: k, Held: held})
	}
	slices.SortFunc(sum.Calls, func(x, y paramCall) int { return x.Param - y.Param })
	return sum
}

func (e exitState) heldClass(class string) bool { return e.held.HoldsClass(class) }
