package publish

import (
	"slices"

	"honnef.co/go/tools/go/ir"

	"github.com/cowlint/cowlint/internal/pmap"
)

// forward solves a forward may-analysis over fn's blocks, as both flow
// phases need (reaching stores, publications in force). States are
// persistent maps (internal/pmap), never changed in place: a block's entry
// state is the join of its predecessors' exit states, each after what
// edge does on the edge p→b (nil: nothing); transfer returns the state
// after one instruction. Because states share their unchanged parts, a
// join and the test whether a block's exit changed cost the differences
// between the states, not their sizes: the solution for N blocks and N
// facts costs about N log N rather than N² (issue 11).
//
// It returns the entry state of every block by index, and whether each
// block was reached. The step bound guards against a transfer that is not
// monotone.
func forward[S any](fn *ir.Function, join func(a, b S) S, equal func(a, b S) bool, edge func(p, b *ir.BasicBlock, st S) S, transfer func(st S, instr ir.Instruction) S) (in []S, reached []bool) {
	n := len(fn.Blocks)
	in = make([]S, n)
	out := make([]S, n)
	reached = make([]bool, n)
	done := make([]bool, n) // out is set
	// Blocks are visited in reverse post-order, in sweeps, each sweep
	// running the blocks marked dirty: a block then runs after all its
	// predecessors but those on back edges, so acyclic code takes one
	// sweep and loops one more per nesting level. A block run before its
	// predecessors settle would rebuild states equal to the final ones but
	// not the same objects, and joins could no longer skip them.
	order := reversePostOrder(fn)
	rank := make([]int, n)
	for i, b := range order {
		rank[b.Index] = i
	}
	dirty := make([]bool, n)
	dirty[0] = true
	budget := 50*n + 100
	for again := true; again && budget > 0; {
		again = false
		for _, b := range order {
			if !dirty[b.Index] {
				continue
			}
			dirty[b.Index] = false
			if budget--; budget < 0 {
				break
			}
			var st S
			first := true
			for _, p := range b.Preds {
				if !done[p.Index] {
					continue // not reached yet
				}
				o := out[p.Index]
				if edge != nil {
					o = edge(p, b, o)
				}
				if first {
					st, first = o, false
				} else {
					st = join(st, o)
				}
			}
			in[b.Index], reached[b.Index] = st, true
			for _, instr := range b.Instrs {
				st = transfer(st, instr)
			}
			if done[b.Index] && equal(out[b.Index], st) {
				continue
			}
			out[b.Index], done[b.Index] = st, true
			for _, s := range b.Succs {
				dirty[s.Index] = true
				again = again || rank[s.Index] <= rank[b.Index] // a back edge
			}
		}
	}
	return in, reached
}

// reversePostOrder returns the blocks reachable from fn's entry in reverse
// post-order of a depth-first search.
func reversePostOrder(fn *ir.Function) []*ir.BasicBlock {
	seen := make([]bool, len(fn.Blocks))
	var post []*ir.BasicBlock
	type frame struct {
		b    *ir.BasicBlock
		next int
	}
	stack := []frame{{b: fn.Blocks[0]}}
	seen[0] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next < len(top.b.Succs) {
			s := top.b.Succs[top.next]
			top.next++
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, frame{b: s})
			}
			continue
		}
		post = append(post, top.b)
		stack = stack[:len(stack)-1]
	}
	slices.Reverse(post)
	return post
}

// pubSet is a set of publications, by index into funcFlow.pubs.
type pubSet = pmap.Map[struct{}]

func joinPubs(a, b pubSet) pubSet {
	return pmap.Union(a, b, func(x, _ struct{}) (struct{}, bool) { return x, true })
}

func equalPubs(a, b pubSet) bool {
	return pmap.Equal(a, b, func(struct{}, struct{}) bool { return true })
}
