// Package scc computes the strongly connected components of a directed
// graph (Tarjan, 1972), for every pass that needs them: lockorder's call
// graph (summaries bottom-up, a recursive component iterated to a fixpoint)
// and its lock-order graph (one report per cycle-closing component).
//
// The graph is given by its nodes and a successor function, so a caller
// needs no adjacency structure of its own. The search keeps an explicit
// stack of frames: a chain of thousands of functions or lock classes must
// not recurse thousands deep. It runs in time linear in nodes plus edges
// and calls the successor function once per node reached.
package scc

// Components returns the strongly connected components of the graph
// reachable from roots, where succ(n) lists n's successors. Components come
// in reverse topological order: every component comes after the components
// it reaches (callees before callers in a call graph). Inside a component,
// nodes are in the order Tarjan's algorithm pops them, which depends only
// on the order of roots and of succ's answers, so a deterministic graph
// gives deterministic output.
//
// A component of one node is returned whether or not the node has an edge
// to itself; see [Cyclic] to tell the two apart.
func Components[N comparable](roots []N, succ func(N) []N) [][]N {
	type frame struct {
		v    N
		succ []N
		i    int
	}
	index := map[N]int{}
	low := map[N]int{}
	onStack := map[N]bool{}
	var stack []N
	var out [][]N
	var frames []frame
	visit := func(v N) {
		index[v], low[v] = len(index), len(index)
		stack = append(stack, v)
		onStack[v] = true
		frames = append(frames, frame{v: v, succ: succ(v)})
	}
	for _, root := range roots {
		if _, ok := index[root]; ok {
			continue
		}
		visit(root)
		for len(frames) > 0 {
			f := &frames[len(frames)-1]
			if f.i < len(f.succ) {
				w := f.succ[f.i]
				f.i++
				if _, ok := index[w]; !ok {
					visit(w) // f is stale from here
				} else if onStack[w] {
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			frames = frames[:len(frames)-1]
			if len(frames) > 0 {
				p := frames[len(frames)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] != index[v] {
				continue
			}
			i := len(stack) - 1
			for stack[i] != v {
				i--
			}
			comp := make([]N, len(stack)-i)
			copy(comp, stack[i:])
			// Popped order: the top of the stack first.
			for l, r := 0, len(comp)-1; l < r; l, r = l+1, r-1 {
				comp[l], comp[r] = comp[r], comp[l]
			}
			for _, w := range comp {
				onStack[w] = false
			}
			stack = stack[:i]
			out = append(out, comp)
		}
	}
	return out
}

// Cyclic reports whether the component comp (one of Components' answers
// for the same succ) contains a cycle: it has more than one node, or its
// one node is its own successor.
func Cyclic[N comparable](comp []N, succ func(N) []N) bool {
	if len(comp) != 1 {
		return len(comp) > 1
	}
	for _, w := range succ(comp[0]) {
		if w == comp[0] {
			return true
		}
	}
	return false
}
