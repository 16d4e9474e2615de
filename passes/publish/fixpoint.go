package publish

import (
	"maps"

	"honnef.co/go/tools/go/ir"
)

// forwardUnion solves a forward may-analysis over fn's blocks whose facts
// are sets of K, as both flow phases need (reaching stores, publications in
// force). A block's entry set is the union of its predecessors' exit sets,
// plus what edge adds for the edge p→b (nil: nothing); transfer updates the
// set across one instruction. It returns the entry set of every block
// reached. The step bound guards against a transfer that is not monotone.
func forwardUnion[K comparable](fn *ir.Function, edge func(p, b *ir.BasicBlock, st map[K]bool), transfer func(st map[K]bool, instr ir.Instruction)) map[*ir.BasicBlock]map[K]bool {
	in := map[*ir.BasicBlock]map[K]bool{}
	out := map[*ir.BasicBlock]map[K]bool{}
	entry := fn.Blocks[0]
	work := []*ir.BasicBlock{entry}
	queued := map[*ir.BasicBlock]bool{entry: true}
	for steps := 0; len(work) > 0 && steps < 50*len(fn.Blocks)+100; steps++ {
		b := work[0]
		work = work[1:]
		queued[b] = false
		st := map[K]bool{}
		for _, p := range b.Preds {
			o, ok := out[p]
			if !ok {
				continue // not reached yet
			}
			maps.Copy(st, o)
			if edge != nil {
				edge(p, b, st)
			}
		}
		in[b] = maps.Clone(st)
		for _, instr := range b.Instrs {
			transfer(st, instr)
		}
		if old, ok := out[b]; ok && maps.Equal(old, st) {
			continue
		}
		out[b] = st
		for _, s := range b.Succs {
			if !queued[s] {
				queued[s] = true
				work = append(work, s)
			}
		}
	}
	return in
}
