// want package:"declared Branch.mu < Branch.mu"

// Package hierarchy tests same-class nesting through a recursion that
// descends from a node to its children while holding the node's lock:
// parent before child on every path, an ordered hierarchy (Linux lockdep's
// nesting subclass), silent while nothing else in the package nests the
// class. golangci-lint's loadingPackage.decUse is the first shape.
package hierarchy

import "sync"

// The shape of golangci-lint pkg/goanalysis loadingPackage.decUse: the
// package's lock is held while each import's decUse locks the import's.
type loadingPackage struct {
	decUseMutex sync.Mutex
	imports     map[string]*loadingPackage
	dependents  int32
	actions     []int
}

func (lp *loadingPackage) decUse(canClearTypes bool) {
	lp.decUseMutex.Lock()
	defer lp.decUseMutex.Unlock()
	lp.dependents--
	if lp.dependents != 0 {
		return
	}
	for _, imp := range lp.imports {
		imp.decUse(canClearTypes) // ok: parent before child
	}
	lp.imports = nil
	lp.actions = nil
}

// Self-recursion through a slice of children, with an index.
type Node struct {
	mu   sync.Mutex
	kids []*Node
	n    int
}

func (n *Node) Sum() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	s := n.n
	for i := range n.kids {
		k := n.kids[i]
		s += k.Sum() // ok: parent before child
	}
	return s
}

// Through a pointer field, directly.
type List struct {
	mu   sync.Mutex
	next *List
	v    int
}

func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.next == nil {
		return 1
	}
	return l.next.Len() + 1 // ok: parent before child
}

// Mutual recursion over a tree: visit holds the node's lock and calls
// visitKids on each child, which calls visit again.
type Dir struct {
	mu      sync.Mutex
	entries map[string]*Dir
	size    int
}

func (d *Dir) visit() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	total := d.size
	for _, e := range d.entries {
		total += e.visitKids() // ok: parent before child
	}
	return total
}

func (d *Dir) visitKids() int {
	return d.visit()
}

// Mutual recursion through functions taking the node as a parameter.
type Elem struct {
	mu       sync.Mutex
	children []*Elem
}

func render(e *Elem) {
	e.mu.Lock()
	for _, c := range e.children {
		renderChild(c) // ok: parent before child
	}
	e.mu.Unlock()
}

func renderChild(c *Elem) {
	render(c)
}

// Self-recursion on the same instance: the second call blocks on the
// first's lock.
type Counter struct {
	mu   sync.Mutex
	subs []*Counter
	n    int
}

func (c *Counter) total(deep bool) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if deep {
		return c.total(false) // want `double lock of c.mu through Counter.total`
	}
	return c.n
}

// A nesting outside recursion: nothing says it follows a hierarchy.
func (c *Counter) first() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.subs {
		s.mu.Lock() // want `s.mu locked while holding c.mu \(locked at hierarchy.go:\d+\), another instance of Counter.mu: this may deadlock`
		c.n += s.n
		s.mu.Unlock()
	}
	return c.n
}

// Recursion into a non-recursive helper that locks the child: not the
// function's own recursion, reported.
type Group struct {
	mu      sync.Mutex
	members []*Group
	n       int
}

func (g *Group) lockOne() {
	g.mu.Lock()
	g.n++
	g.mu.Unlock()
}

func (g *Group) bump() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, m := range g.members {
		m.lockOne() // want `m.mu locked through Group.lockOne \(locked at hierarchy.go:\d+\) while holding g.mu .*another instance of Group.mu: this may deadlock`
	}
}

// A recursion over something that is not the node's child: a parameter
// unrelated to the receiver.
type Peer struct {
	mu sync.Mutex
	n  int
}

func (p *Peer) sync(other *Peer, depth int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if depth > 0 {
		other.sync(nil, depth-1) // want `other.mu locked through Peer.sync \(locked at hierarchy.go:\d+\) while holding p.mu .*another instance of Peer.mu: this may deadlock`
	}
}

// Handing the node back to the recursion: the callee locks it again.
func (p *Peer) pingPong(other *Peer, depth int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if depth > 0 {
		other.pingPong(p, depth-1) // want `double lock of p.mu through Peer.pingPong -> Peer.pingPong` `other.mu locked through Peer.pingPong \(locked at hierarchy.go:\d+\) while holding p.mu .*another instance of Peer.mu: this may deadlock`
	}
}

// Recursion descending parent before child, but another function of the
// package nests two instances the other way (child before parent): both
// reported, the recursion's naming the other nesting.
type Tree struct {
	mu     sync.Mutex
	parent *Tree
	kids   []*Tree
	n      int
}

func (t *Tree) Count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.n
	for _, k := range t.kids {
		c += k.Count() // want `k.mu locked through Tree.Count \(locked at hierarchy.go:\d+\) while holding t.mu \(locked at hierarchy.go:\d+\), another instance of Tree.mu: the recursion descends from t to k, an element of t.kids \(parent before child\), but Tree.bubble nests two instances at hierarchy.go:\d+ in an order not known to agree`
	}
	return c
}

func (t *Tree) bubble() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.parent != nil {
		t.parent.mu.Lock() // want `t.parent.mu locked while holding t.mu \(locked at hierarchy.go:\d+\), another instance of Tree.mu: this may deadlock`
		t.parent.n += t.n
		t.parent.mu.Unlock()
	}
}

// The same descent, and a function nesting two instances in an unknown
// order (two parameters).
type Cell struct {
	mu   sync.Mutex
	next *Cell
	v    int
}

func (c *Cell) Fold() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.next == nil {
		return c.v
	}
	return c.v + c.next.Fold() // want `c.next.mu locked through Cell.Fold \(locked at hierarchy.go:\d+\) while holding c.mu .*another instance of Cell.mu: the recursion descends from c to c.next \(parent before child\), but swapCells nests two instances at hierarchy.go:\d+ in an order not known to agree`
}

func swapCells(a, b *Cell) {
	a.mu.Lock()
	b.mu.Lock() // want `b.mu locked while holding a.mu .*another instance of Cell.mu: this may deadlock`
	a.v, b.v = b.v, a.v
	b.mu.Unlock()
	a.mu.Unlock()
}

// The descent declared: nothing reported, the declaration covers the
// recursion as it would any nesting.
//
//cowlint:order Branch.mu < Branch.mu
type Branch struct {
	mu   sync.Mutex
	subs []*Branch
}

func (b *Branch) Prune() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		s.Prune() // ok: declared
	}
	b.subs = b.subs[:0]
}

// A child variable reassigned in the loop: it may be anything by then.
type Chain struct {
	mu   sync.Mutex
	next *Chain
}

func (c *Chain) Walk(other *Chain) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.next
	if other != nil {
		n = other
	}
	if n != nil {
		n.Walk(nil) // want `n.mu locked through Chain.Walk \(locked at hierarchy.go:\d+\) while holding c.mu .*another instance of Chain.mu: this may deadlock`
	}
}

// The recursion's callee locks a lock of another node than its own (its
// parent's), not the same lock of the child: no descent, both reported.
type Org struct {
	mu    sync.Mutex
	up    *Org
	teams []*Org
}

func (o *Org) audit() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, t := range o.teams {
		t.report() // want `t.up.mu locked through Org.report \(locked at hierarchy.go:\d+\) while holding o.mu .*this may deadlock` `t.mu locked through Org.report -> Org.audit \(locked at hierarchy.go:\d+\) while holding o.mu .*the recursion descends from o to t, an element of o.teams \(parent before child\), but Org.audit nests two instances at hierarchy.go:\d+`
	}
}

func (o *Org) report() {
	if o.up != nil {
		o.up.mu.Lock()
		o.up.mu.Unlock()
	}
	o.audit()
}

// A generic tree: the descent is the same for every instantiation.
type GNode[T any] struct {
	mu   sync.Mutex
	kids []*GNode[T]
	v    T
}

func (g *GNode[T]) each(f func(T)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f(g.v)
	for _, k := range g.kids {
		k.each(f) // ok: parent before child
	}
}

func useGNode(g *GNode[int]) {
	g.each(func(int) {})
}

// A recursion over a channel of the node: what it receives is not known
// to be the node's child.
type Pipe struct {
	mu   sync.Mutex
	from chan *Pipe
}

func (p *Pipe) Drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for q := range p.from {
		q.Drain() // want `q.mu locked through Pipe.Drain \(locked at hierarchy.go:\d+\) while holding p.mu .*this may deadlock`
	}
}

// A tree of two node types: each walk holds its node's lock while the
// recursion locks the child's (Folder.mu -> Doc.mu, Doc.mu -> Folder.mu,
// both descents): a cycle of descents alone is not reported.
type Folder struct {
	mu   sync.Mutex
	docs []*Doc
}

type Doc struct {
	mu       sync.Mutex
	attached *Folder
}

func (f *Folder) walk() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range f.docs {
		d.walk() // ok: parent before child
	}
}

func (d *Doc) walk() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.attached != nil {
		d.attached.walk() // ok: parent before child
	}
}

// The same tree, and a function taking a shelf's lock under a box's: no
// descent, and it closes a cycle with them.
type Shelf struct {
	mu    sync.Mutex
	boxes []*Box
}

type Box struct {
	mu    sync.Mutex
	inner *Shelf
}

func (s *Shelf) walk() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.boxes {
		b.walk() // ok: parent before child
	}
}

func (b *Box) walk() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inner != nil {
		b.inner.walk() // ok: parent before child
	}
}

func (b *Box) moveTo(s *Shelf) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s.mu.Lock() // want `lock order inversion: Shelf.mu acquired while holding Box.mu here, Box.mu acquired while holding Shelf.mu at hierarchy.go:\d+ through Box.walk`
	s.mu.Unlock()
}

// The callee of the recursion reaches a node that is no child (looked up
// in a package map): no descent, the cycle is reported.
type Item struct {
	mu    sync.Mutex
	parts []*Part
}

type Part struct {
	mu    sync.Mutex
	owner string
}

var items = map[string]*Item{}

func (i *Item) walk() {
	i.mu.Lock()
	defer i.mu.Unlock()
	for _, p := range i.parts {
		p.walk() // ok: parent before child (the first half)
	}
}

func (p *Part) walk() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if o := items[p.owner]; o != nil {
		o.walk() // want `lock order inversion: Item.mu acquired through Item.walk .*while holding Part.mu here, Part.mu acquired while holding Item.mu at hierarchy.go:\d+ through Part.walk`
	}
}

// A recursion bounded by a counter, not by the structure: the peers may
// form a ring (a.peer = b, b.peer = a) that the counter stops the walk
// from closing, so goroutines starting at a and at b nest the two locks
// in opposite orders. No hierarchy: reported.
type Ring struct {
	mu   sync.Mutex
	peer *Ring
	n    int
}

func (r *Ring) spread(hops int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	if hops > 0 && r.peer != nil {
		r.peer.spread(hops - 1) // want `r.peer.mu locked through Ring.spread \(locked at hierarchy.go:\d+\) while holding r.mu .*another instance of Ring.mu: this may deadlock`
	}
}

// The counter decremented in place and passed on.
type Relay struct {
	mu   sync.Mutex
	next *Relay
}

func (r *Relay) forward(ttl int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ttl--
	if ttl == 0 || r.next == nil {
		return
	}
	r.next.forward(ttl) // want `r.next.mu locked through Relay.forward \(locked at hierarchy.go:\d+\) while holding r.mu .*another instance of Relay.mu: this may deadlock`
}

// Silent: a depth carried for the output alone (an indentation, never
// compared) bounds nothing; the walk ends where the tree does.
type Outline struct {
	mu    sync.Mutex
	kids  []*Outline
	title string
	lines []string
}

func (o *Outline) render(out *Outline, indent int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	out.lines = append(out.lines, string(make([]byte, indent))+o.title)
	for _, k := range o.kids {
		k.render(out, indent+2) // ok: parent before child
	}
}

// A child reached through a getter of the node's field: the same descent.
type Menu struct {
	mu    sync.Mutex
	items []*Menu
	open  bool
}

func (m *Menu) Items() []*Menu { return m.items }

func (m *Menu) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.open = false
	for _, it := range m.Items() {
		it.Close() // ok: parent before child, through the getter
	}
}

// A method that computes what it returns is no getter: not known to be
// the node's child.
type Graph struct {
	mu    sync.Mutex
	edges []*Graph
	all   []*Graph
}

func (g *Graph) Neighbours() []*Graph {
	if len(g.edges) == 0 {
		return g.all
	}
	return g.edges
}

func (g *Graph) Visit() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, n := range g.Neighbours() {
		n.Visit() // want `n.mu locked through Graph.Visit \(locked at hierarchy.go:\d+\) while holding g.mu .*another instance of Graph.mu: this may deadlock`
	}
}

// The counter carried by a mutual recursion: gossip holds the node's
// lock and, while the counter lasts, calls relay on its peer, which
// calls gossip again with the counter decremented.
type Mesh struct {
	mu   sync.Mutex
	peer *Mesh
}

func (m *Mesh) gossip(ttl int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if ttl > 0 && m.peer != nil {
		m.peer.relay(ttl) // want `m.peer.mu locked through Mesh.relay -> Mesh.gossip \(locked at hierarchy.go:\d+\) while holding m.mu .*another instance of Mesh.mu: this may deadlock`
	}
}

func (m *Mesh) relay(ttl int) {
	m.gossip(ttl - 1)
}
