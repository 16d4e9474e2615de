// Package fresh tests objects a function allocates and keeps in local
// containers (maps, slices): plain writes to them, through the container
// and inside local closures called synchronously, are private until the
// container, one of its values, or a goroutine leaves the function. The
// shape is golangci-lint's runner.analyze, which counts each package's
// dependents before starting the goroutines that decrement the counts
// atomically.
package fresh

import (
	"sync"
	"sync/atomic"
)

type pkg struct {
	name    string
	imports []*pkg
}

type node struct {
	pkg        *pkg
	imports    map[string]*node
	dependents int32
}

func (n *node) done() {
	if atomic.AddInt32(&n.dependents, -1) == 0 {
		n.imports = nil
	}
}

func (n *node) run(wg *sync.WaitGroup) { n.done() }

// analyze counts dependents in a recursive closure before any goroutine
// starts.
func analyze(roots []*pkg) {
	nodes := map[*pkg]*node{}
	var dfs func(p *pkg)
	dfs = func(p *pkg) {
		if nodes[p] != nil {
			return
		}
		imports := map[string]*node{}
		for _, imp := range p.imports {
			dfs(imp)
			n := nodes[imp]
			n.dependents++ // ok: n is fresh, in a local map, before any goroutine
			imports[imp.name] = n
		}
		nodes[p] = &node{pkg: p, imports: imports, dependents: 1}
	}
	for _, p := range roots {
		dfs(p)
	}
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Go(func() { n.done() })
	}
	wg.Wait()
}

// A slice of fresh objects, written through the index and a range value.
func slice(k int) {
	var all []*node
	for range k {
		all = append(all, &node{})
	}
	all[0].dependents = 2 // ok: fresh, before any goroutine
	for _, n := range all {
		n.dependents++ // ok: likewise
	}
	byName := make(map[string]*node, k)
	byName["x"] = new(node)
	if n, ok := byName["x"]; ok {
		n.dependents = 3 // ok: comma-ok lookup of a fresh value
	}
	var wg sync.WaitGroup
	for _, n := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.done()
		}()
	}
	wg.Wait()
}

// Positive cases: the limits of the rule.

// The same shape, but the counting runs after the goroutines started.
func countAfterStart(roots []*pkg) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Go(func() { n.done() })
	}
	for _, p := range roots {
		nodes[p].dependents++ // want `plain write of node.dependents`
	}
	wg.Wait()
}

// The closure is called only after a goroutine started.
func closureAfterStart(roots []*pkg) {
	nodes := map[*pkg]*node{}
	count := func(p *pkg) {
		n := nodes[p]
		n.dependents++ // want `plain write of node.dependents`
	}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Go(func() { n.done() })
	}
	for _, p := range roots {
		count(p)
	}
	wg.Wait()
}

// The container is handed to another function before the counting.
func handedOff(roots []*pkg, register func(map[*pkg]*node)) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	register(nodes)
	for _, p := range roots {
		nodes[p].dependents++ // want `plain write of node.dependents`
	}
}

// One of its values is handed to another function before the counting.
func valueHandedOff(roots []*pkg, wg *sync.WaitGroup) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		n := &node{pkg: p}
		nodes[p] = n
		n.run(wg)
	}
	for _, p := range roots {
		nodes[p].dependents++ // want `plain write of node.dependents`
	}
}

// A value stored in the container was not allocated here.
func notFresh(roots []*pkg, shared *node) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	nodes[nil] = shared
	for _, p := range roots {
		n := nodes[p]
		n.dependents++ // want `plain write of node.dependents`
	}
}

// The closure itself runs on another goroutine.
func closureSpawned(roots []*pkg) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	count := func(p *pkg) {
		nodes[p].dependents++ // want `plain write of node.dependents`
	}
	for _, p := range roots {
		go count(p)
	}
}

// A fresh object stored in the field of one that escapes.
func storedInField(roots []*pkg, out chan<- *node) {
	nodes := map[string]*node{}
	parent := &node{imports: nodes}
	nodes["a"] = &node{}
	out <- parent
	nodes["a"].dependents++ // want `plain write of node.dependents`
}

// Another name for the container lets a foreign value in.
func aliasedByVariable(shared *node) {
	nodes := map[string]*node{}
	nodes["a"] = &node{}
	other := nodes
	other["a"] = shared
	nodes["a"].dependents++ // want `plain write of node.dependents`
}

// So does a field holding the container.
func aliasedByField(shared *node) {
	nodes := map[string]*node{}
	holder := &node{imports: nodes}
	holder.imports["a"] = shared
	n := nodes["a"]
	n.dependents++ // want `plain write of node.dependents`
}

// The container leaves through a field of a fresh object.
func leakedThroughField(roots []*pkg, keep func(map[string]*node)) {
	nodes := map[string]*node{}
	holder := &node{imports: nodes}
	nodes["a"] = &node{}
	keep(holder.imports)
	nodes["a"].dependents++ // want `plain write of node.dependents`
}

// The closure is a value that may run anywhere.
func closureAsValue(roots []*pkg, each func(func(*pkg))) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	count := func(p *pkg) {
		nodes[p].dependents++ // want `plain write of node.dependents`
	}
	each(count)
}

// A write in a loop that also starts the goroutines.
func countInLoop(roots []*pkg) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	for _, p := range roots {
		n := nodes[p]
		n.dependents++ // want `plain write of node.dependents`
		go n.done()
	}
}

// A fresh object stored in a field is still private: its writer only
// counts before the goroutines start.
func nested() {
	root := &node{imports: map[string]*node{}}
	child := &node{}
	root.imports = map[string]*node{"c": child}
	child.dependents = 1 // ok: child is fresh and only reachable from root, which has not escaped
	go root.done()
}

// A closure defined with := and called before the goroutines start.
func directClosure(roots []*pkg) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	count := func(p *pkg) {
		nodes[p].dependents++ // ok: called only directly, before any goroutine
	}
	for _, p := range roots {
		count(p)
	}
	for _, n := range nodes {
		go n.done()
	}
}

// A deferred call runs when the function returns, after the goroutines.
func deferredClosure(roots []*pkg) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	count := func() {
		for _, n := range nodes {
			n.dependents++ // want `plain write of node.dependents`
		}
	}
	defer count()
	for _, n := range nodes {
		go n.done()
	}
}

// A closure also called from a goroutine runs at any time.
func closureCalledByGoroutine(roots []*pkg) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	count := func(p *pkg) {
		nodes[p].dependents++ // want `plain write of node.dependents`
	}
	count(roots[0])
	go func() { count(roots[1]) }()
}

// Whether a write comes after the region escapes is a control-flow
// question, not one of source order: a goroutine started on one branch
// does not run on the other, and a goto back to before the start does
// not undo it.
func branches(roots []*pkg, wait bool) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	var wg sync.WaitGroup
	if wait {
		for _, n := range nodes {
			wg.Go(func() { n.done() })
		}
		wg.Wait()
	} else {
		for _, n := range nodes {
			n.dependents++ // ok: no goroutine started on this path
		}
	}
}

func backwards(roots []*pkg) {
	nodes := map[*pkg]*node{}
	for _, p := range roots {
		nodes[p] = &node{pkg: p}
	}
	var wg sync.WaitGroup
	started := false
again:
	for _, n := range nodes {
		n.dependents++ // want `plain write of node.dependents`
	}
	if !started {
		started = true
		for _, n := range nodes {
			wg.Go(func() { n.done() })
		}
		goto again
	}
	wg.Wait()
}
