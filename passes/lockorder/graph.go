package lockorder

import (
	"cmp"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/scc"
)

// localEdge is an order edge found in this package, with its positions
// and the kinds of its two classes. A package can record a great many
// (every lock held times every class a callee's summary acquires), so
// they are allocated in blocks (newEdge) and handled by pointer.
type localEdge struct {
	orderEdge
	fromKind, toKind identity.Kind
	pos, heldPos     token.Pos
	pair             int32 // see pairID
	// orderEdge.Descent, here: every acquisition of the pair at pos was
	// taken by a recursion descending from the held lock's node to a
	// child (hierarchy.go); a cycle of descents alone is not reported.
}

// exported reports whether both classes mean the same in every package.
func (e *localEdge) exported() bool { return exportedKind(e.fromKind) && exportedKind(e.toKind) }

// edgeBlock is how many edges newEdge allocates at once.
const edgeBlock = 512

// newEdge returns a new zero edge: edges are allocated in blocks, so that
// neither the edges nor the list of them are copied as it grows.
func (a *analyzer) newEdge() *localEdge {
	if len(a.edgeBlock) == cap(a.edgeBlock) {
		a.edgeBlock = make([]localEdge, 0, edgeBlock)
	}
	a.edgeBlock = a.edgeBlock[:len(a.edgeBlock)+1]
	return &a.edgeBlock[len(a.edgeBlock)-1]
}

// edgeKey is one edge: its class pair (pairID) and the acquisition.
type edgeKey struct {
	pair int32
	pos  token.Pos
}

type pairKey struct{ from, to string }

// pairID numbers the class pair from -> to: every pair with an edge, local
// or imported, gets one number, so the graph's per-pair tables are slices
// and its strings are hashed once per edge.
func (a *analyzer) pairID(from, to string) int32 {
	k := pairKey{from, to}
	id, ok := a.pairIDs[k]
	if !ok {
		id = int32(len(a.pairIDs))
		if a.pairIDs == nil {
			a.pairIDs = map[pairKey]int32{}
		}
		a.pairIDs[k] = id
	}
	return id
}

// addEdge records that ev acquires its lock while h may be held; descent
// says a recursion took it descending from h's node (hierarchy.go).
func (a *analyzer) addEdge(h heldLock, ev acquireEvent, fn string, descent bool) {
	if a.quiet {
		return
	}
	pair := a.pairID(h.class.Key, ev.class.Key)
	k := edgeKey{pair, ev.pos}
	if le := a.edgeSeen[k]; le != nil {
		le.Descent = le.Descent && descent
		return
	}
	e := orderEdge{
		From: h.class.Key, FromShort: h.class.Short, To: ev.class.Key, ToShort: ev.class.Short,
		Pkg: a.pass.Pkg.Path(), Func: fn, Site: a.posString(ev.pos), Held: a.posString(h.site),
		Init: h.checked, After: h.after, Descent: descent,
	}
	if len(ev.via) > 0 {
		e.Via, e.LockSite = ev.via, ev.lockSite
	}
	le := a.newEdge()
	*le = localEdge{orderEdge: e, fromKind: h.class.Kind, toKind: ev.class.Kind, pos: ev.pos, heldPos: h.site, pair: pair}
	a.edges = append(a.edges, le)
	a.edgeSeen[k] = le
}

// lockGraph is the order graph seen from this package.
type lockGraph struct {
	local    []*localEdge // in source order
	imported []orderEdge  // one per class pair, from the imports' facts
	// importedPair numbers imported's pairs (pairID).
	importedPair []int32
	decl         *declarations
	leaves       map[string]bool // private leaf classes: edges into them stay local
	ids          map[pairKey]int32
	// pairs holds, per class pair (pairID), Init and After merged over
	// every local and imported edge of the pair; seen whether it has one.
	pairs []pairFlags
}

// pairFlags are the initialisation flags of a class pair's edges, and
// whether any of them, or any imported one, is not a recursion's descent.
type pairFlags struct {
	Init, After                    []string
	seen                           bool
	nonDescent, importedNonDescent bool
}

func (a *analyzer) buildGraph() *lockGraph {
	g := &lockGraph{local: a.edges, decl: a.declared, leaves: a.leaves, pairs: make([]pairFlags, len(a.pairIDs))}
	slices.SortFunc(g.local, func(x, y *localEdge) int { return cmp.Compare(x.pos, y.pos) })
	for _, e := range g.local {
		a.validInits(e)
		g.merge(e.pair, e.Init, e.After, e.Descent)
	}
	var imported []orderEdge
	var seen []bool
	for _, pf := range a.pass.AllPackageFacts() {
		og, ok := pf.Fact.(*orderGraph)
		if !ok || pf.Package == a.pass.Pkg {
			continue
		}
		for _, e := range og.Edges {
			id := a.pairID(e.From, e.To)
			g.merge(id, e.Init, e.After, e.Descent)
			g.pairs[id].importedNonDescent = g.pairs[id].importedNonDescent || !e.Descent
			seen = grow(seen, id)
			if !seen[id] {
				seen[id] = true
				imported = append(imported, e)
				g.importedPair = append(g.importedPair, id)
			}
		}
	}
	// Sorted with their pair numbers.
	order := make([]int, len(imported))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return compareEdges(&imported[x], &imported[y]) })
	g.imported = make([]orderEdge, len(imported))
	ids := make([]int32, len(imported))
	for i, j := range order {
		g.imported[i], ids[i] = imported[j], g.importedPair[j]
	}
	g.importedPair = ids
	g.ids = a.pairIDs
	return g
}

// merge folds an edge's Init, After and descent into its pair's (a pair
// is an initialisation edge, or a descent, only if all its sites are).
func (g *lockGraph) merge(pair int32, init, after []string, descent bool) {
	g.pairs = grow(g.pairs, pair)
	m := &g.pairs[pair]
	if !m.seen {
		*m = pairFlags{Init: init, After: after, seen: true, nonDescent: !descent}
		return
	}
	m.nonDescent = m.nonDescent || !descent
	if len(m.Init) > 0 {
		m.Init = intersect(m.Init, init)
	}
	if len(m.After) > 0 {
		m.After = intersect(m.After, after)
	}
}

// grow extends s to hold index i.
func grow[T any](s []T, i int32) []T {
	if int(i) < len(s) {
		return s
	}
	return append(s, make([]T, int(i)+1-len(s))...)
}

// flags returns the merged flags of the pair from -> to (zero without an
// edge).
func (g *lockGraph) flags(from, to string) pairFlags {
	if id, ok := g.ids[pairKey{from, to}]; ok && int(id) < len(g.pairs) {
		return g.pairs[id]
	}
	return pairFlags{}
}

// exported returns e (of pair id) as the package fact carries it: Init,
// After and Descent merged over the pair.
func (g *lockGraph) exported(e orderEdge, id int32) orderEdge {
	m := g.pairs[id]
	e.Init, e.After, e.Descent = m.Init, m.After, !m.nonDescent
	return e
}

// fact returns the graph to export: this package's edges between classes
// that mean the same everywhere, and the imported ones, one per pair.
func (g *lockGraph) fact() *orderGraph {
	f := &orderGraph{Declared: g.decl.all}
	// Chosen by pointer, sorted, capped, and only then copied: a
	// package may record far more edges than a fact carries.
	type chosen struct {
		e  *orderEdge
		id int32
	}
	var es []chosen
	seen := make([]bool, len(g.pairs))
	for _, e := range g.local {
		if e.exported() && !g.leaves[e.To] && !seen[e.pair] {
			seen[e.pair] = true
			es = append(es, chosen{&e.orderEdge, e.pair})
		}
	}
	for i, id := range g.importedPair {
		if !seen[id] {
			seen[id] = true
			es = append(es, chosen{&g.imported[i], id})
		}
	}
	slices.SortFunc(es, func(x, y chosen) int { return compareEdges(x.e, y.e) })
	if len(es) > maxEdges {
		es = es[:maxEdges]
	}
	f.Edges = make([]orderEdge, len(es))
	for i, c := range es {
		f.Edges[i] = g.exported(*c.e, c.id)
	}
	return f
}

// reportViolations reports the local edges that contradict a declared
// order.
func (a *analyzer) reportViolations(g *lockGraph) {
	for _, e := range g.local {
		d, ok := g.decl.before(e.ToShort, e.To, e.FromShort, e.From)
		if !ok {
			continue
		}
		a.report(analysis.Diagnostic{
			Pos: e.pos,
			Message: fmt.Sprintf("lock order violation: %s acquired%s while holding %s, against //cowlint:order %s at %s",
				e.ToShort, viaText(e.orderEdge), e.FromShort, strings.Join(d.Classes, " < "), d.Site),
			Related: []analysis.RelatedInformation{{Pos: e.heldPos, Message: e.FromShort + " acquired here"}},
		})
	}
}

func viaText(e orderEdge) string {
	if len(e.Via) == 0 {
		return ""
	}
	return fmt.Sprintf(" through %s (locked at %s)", strings.Join(e.Via, " -> "), e.LockSite)
}

// graphEdge is one edge of the cycle search: local when it has positions.
type graphEdge struct {
	*orderEdge
	local *localEdge
}

// maxClosingTries bounds the closing edges tried in one component whose
// candidates all fail (each try is a search inside the component): only
// initialisation pairs make a try fail, and no real component has more than
// a handful.
const maxClosingTries = 64

// reportCycles reports the cycles of the order graph that this package
// closes: one diagnostic per strongly connected component (Tarjan, once
// over the whole graph), at the latest local acquisition closing a cycle
// in it, with one concrete cycle as the witness (the shortest, searched
// inside the component only) and the component's other classes named.
// Components closed among the imports alone were reported there.
func (a *analyzer) reportCycles(g *lockGraph) {
	all := map[string][]graphEdge{}
	imported := map[string][]graphEdge{}
	pairs := make([]bool, len(g.pairs)) // by pairID: an edge of it is in all
	var nodes []string
	node := func(k string) {
		if _, ok := all[k]; !ok {
			all[k] = nil
			nodes = append(nodes, k)
		}
	}
	for _, e := range g.local {
		if pairs[e.pair] || g.decl.violates(&e.orderEdge) {
			continue
		}
		pairs[e.pair] = true
		node(e.From)
		node(e.To)
		all[e.From] = append(all[e.From], graphEdge{&e.orderEdge, e})
	}
	if len(all) == 0 {
		return // no local edge closes anything
	}
	importedPair := make([]bool, len(g.pairs))
	for i := range g.imported {
		e, id := &g.imported[i], g.importedPair[i]
		if g.decl.violates(e) {
			continue
		}
		importedPair[id] = true
		imported[e.From] = append(imported[e.From], graphEdge{orderEdge: e})
		if !pairs[id] {
			pairs[id] = true
			node(e.From)
			node(e.To)
			all[e.From] = append(all[e.From], graphEdge{orderEdge: e})
		}
	}
	comp := components(nodes, all)
	// The local edges inside each component, latest first: the closing
	// candidates, but not a recursion's descents (hierarchy.go): a cycle
	// of descents alone follows the structure, which is acyclic.
	closing := map[int][]*localEdge{}
	for i := len(g.local) - 1; i >= 0; i-- {
		e := g.local[i]
		if e.Descent {
			continue
		}
		if c := comp[e.From]; c >= 0 && c == comp[e.To] && !g.decl.violates(&e.orderEdge) {
			closing[c] = append(closing[c], e)
		}
	}
	ids := make([]int, 0, len(closing))
	for c := range closing {
		ids = append(ids, c)
	}
	slices.SortFunc(ids, func(x, y int) int { return cmp.Compare(closing[x][0].pos, closing[y][0].pos) })
	for _, c := range ids {
		inside := func(p graphEdge) bool { return comp[p.To] == c }
		for tries, e := range closing[c] {
			if tries == maxClosingTries {
				a.debugf(e.pos, "lock-order component of %d classes: gave up after %d closing edges without a cycle (budget)", a.componentSize(comp, c), maxClosingTries)
				break
			}
			// The reverse edge of an initialisation pair closes no cycle.
			skip := func(p graphEdge) bool {
				return !inside(p) || p.From == e.To && p.To == e.From && g.excusedPair(e.From, e.To)
			}
			path := shortestPath(all, e.To, e.From, skip)
			if path == nil {
				continue
			}
			if importedPair[e.pair] && g.importedCycle(imported, e, skip) {
				continue // closed in an imported package, reported there
			}
			a.reportCycle(e, path, a.componentClasses(comp, c, all))
			break
		}
	}
}

// importedCycle reports whether the imports' edges alone make a cycle
// through e's pair that an imported package reported: one with an edge
// that is not a recursion's descent (a cycle of descents alone is not
// reported where it forms, hierarchy.go). Imported edges carry one
// Descent flag per pair, merged over the pair's edges.
func (g *lockGraph) importedCycle(imported map[string][]graphEdge, e *localEdge, skip func(graphEdge) bool) bool {
	if g.pairs[e.pair].importedNonDescent {
		return shortestPath(imported, e.To, e.From, skip) != nil
	}
	// Search e.To to e.From over (class, seen a non-descent edge) states.
	type state struct {
		class string
		mixed bool
	}
	visited := map[state]bool{{e.To, false}: true}
	queue := []state{{e.To, false}}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, p := range imported[s.class] {
			if skip(p) {
				continue
			}
			next := state{p.To, s.mixed || !p.Descent}
			if next.class == e.From && next.mixed {
				return true
			}
			if !visited[next] {
				visited[next] = true
				queue = append(queue, next)
			}
		}
	}
	return false
}

// components returns the strongly connected component of each node, -1
// for a node alone in its component (a self edge is a double lock, not
// an order).
func components(nodes []string, adj map[string][]graphEdge) map[string]int {
	succ := func(v string) []string {
		out := make([]string, len(adj[v]))
		for i, e := range adj[v] {
			out[i] = e.To
		}
		return out
	}
	comp := map[string]int{}
	ncomp := 0
	for _, members := range scc.Components(nodes, succ) {
		id := -1
		if len(members) > 1 {
			id = ncomp
			ncomp++
		}
		for _, w := range members {
			comp[w] = id
		}
	}
	return comp
}

func (a *analyzer) componentSize(comp map[string]int, c int) int {
	n := 0
	for _, id := range comp {
		if id == c {
			n++
		}
	}
	return n
}

// componentClasses returns the short names of component c's classes,
// sorted.
func (a *analyzer) componentClasses(comp map[string]int, c int, adj map[string][]graphEdge) []string {
	short := map[string]string{}
	for from, es := range adj {
		if comp[from] != c {
			continue
		}
		for _, e := range es {
			short[e.From] = e.FromShort
			if comp[e.To] == c {
				short[e.To] = e.ToShort
			}
		}
	}
	var names []string
	for _, n := range short {
		names = append(names, n)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// maxNamed is how many classes of a component a message names before
// giving only their count.
const maxNamed = 4

func (a *analyzer) reportCycle(e *localEdge, path []graphEdge, classes []string) {
	var others []string
	related := []analysis.RelatedInformation{{Pos: e.heldPos, Message: e.FromShort + " acquired here"}}
	for _, p := range path {
		site := p.Site + viaText(*p.orderEdge)
		if p.local == nil {
			site += " in " + p.Pkg
		}
		others = append(others, fmt.Sprintf("%s acquired while holding %s at %s", p.ToShort, p.FromShort, site))
		if p.local != nil {
			related = append(related, analysis.RelatedInformation{Pos: p.local.pos, Message: fmt.Sprintf("%s acquired while holding %s", p.ToShort, p.FromShort)})
		}
	}
	rest := ""
	if len(classes) > len(path)+1 {
		rest = fmt.Sprintf("; these classes are part of one lock-order cycle of %d classes", len(classes))
		if len(classes) <= maxNamed {
			rest = fmt.Sprintf("; these classes are part of one lock-order cycle with %s", strings.Join(classes, ", "))
		}
		rest += " (one report for all; -lockorder.dot draws them)"
	}
	a.report(analysis.Diagnostic{
		Pos: e.pos,
		Message: fmt.Sprintf("lock order inversion: %s acquired%s while holding %s here, %s%s",
			e.ToShort, viaText(e.orderEdge), e.FromShort, strings.Join(others, ", "), rest),
		Related: related,
	})
}

// shortestPath returns the edges of a shortest path from -> to, nil if
// there is none; adjacency lists are in a deterministic order.
func shortestPath(adj map[string][]graphEdge, from, to string, skip func(graphEdge) bool) []graphEdge {
	prev := map[string]graphEdge{}
	visited := map[string]bool{from: true}
	queue := []string{from}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, e := range adj[n] {
			if visited[e.To] || skip(e) {
				continue
			}
			visited[e.To] = true
			prev[e.To] = e
			if e.To == to {
				var path []graphEdge
				for cur := to; cur != from; cur = prev[cur].From {
					path = append(path, prev[cur])
				}
				slices.Reverse(path)
				return path
			}
			queue = append(queue, e.To)
		}
	}
	return nil
}

// writeDOT writes the graph seen from this package (its edges and every
// imported package's) to the -lockorder.dot directory. Under go vet each
// package runs in its own process, so each gets its own file, named after
// its import path; the file of the main package is the program's graph.
func (a *analyzer) writeDOT(g *lockGraph) error {
	f := g.fact()
	for _, e := range g.local {
		if !e.exported() || g.leaves[e.To] {
			f.Edges = append(f.Edges, g.exported(e.orderEdge, e.pair))
		}
	}
	if len(f.Edges) == 0 {
		return nil
	}
	sortEdges(f.Edges)
	f.Edges = slices.CompactFunc(f.Edges, func(x, y orderEdge) bool { return x.From == y.From && x.To == y.To })
	var b strings.Builder
	fmt.Fprintf(&b, "// lock-order graph seen from package %s (cowlint lockorder)\n", a.pass.Pkg.Path())
	fmt.Fprintf(&b, "digraph %q {\n\trankdir=LR;\n\tnode [shape=box];\n", "lockorder "+a.pass.Pkg.Path())
	nodes := map[string]string{}
	for _, e := range f.Edges {
		nodes[e.From], nodes[e.To] = e.FromShort, e.ToShort
	}
	keys := make([]string, 0, len(nodes))
	for k := range nodes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "\t%q [label=%q];\n", k, nodes[k])
	}
	for _, e := range f.Edges {
		label := e.Site + viaText(e)
		if e.Pkg != a.pass.Pkg.Path() {
			label += "\n" + e.Pkg
		}
		style := ""
		if e.Descent {
			// A recursion's descent from a node to its child: a cycle of
			// these alone is no deadlock (hierarchy.go).
			label += "\ndescent"
			style = ", style=dashed"
		}
		fmt.Fprintf(&b, "\t%q -> %q [label=%q%s];\n", e.From, e.To, label, style)
	}
	b.WriteString("}\n")
	if err := os.MkdirAll(dotDir, 0o777); err != nil {
		return err
	}
	file := filepath.Join(dotDir, strings.ReplaceAll(a.pass.Pkg.Path(), "/", "_")+".dot")
	return os.WriteFile(file, []byte(b.String()), 0o666)
}
