package atomicmix

import (
	"cmp"
	"go/ast"
	"go/token"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
)

// pathsTo returns, for each of nodes (sorted by position), the nodes
// enclosing it in its file, innermost first: the node itself, its parent,
// and so on up to the *ast.File, as astutil.PathEnclosingInterval gives
// them. It walks each file holding some of the nodes once, descending only
// into nodes that contain one: the scans look up a few places in large
// packages, and PathEnclosingInterval's descent per node (sorting the
// children and tokens of every level) was most of the pass's time.
func pathsTo(pass *analysis.Pass, nodes []ast.Node) map[ast.Node][]ast.Node {
	out := make(map[ast.Node][]ast.Node, len(nodes))
	if len(nodes) == 0 {
		return out
	}
	want := make(map[ast.Node]bool, len(nodes))
	for _, n := range nodes {
		want[n] = true
	}
	var stack []ast.Node
	for _, file := range pass.Files {
		lo, _ := slices.BinarySearchFunc(nodes, file.FileStart, func(n ast.Node, p token.Pos) int { return cmp.Compare(n.Pos(), p) })
		hi, _ := slices.BinarySearchFunc(nodes, file.FileEnd, func(n ast.Node, p token.Pos) int { return cmp.Compare(n.Pos(), p) })
		in := nodes[lo:hi]
		if len(in) == 0 {
			continue
		}
		stack = stack[:0]
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			pos, end := n.Pos(), n.End()
			i := sort.Search(len(in), func(i int) bool { return in[i].Pos() >= pos })
			if i == len(in) || in[i].Pos() >= end {
				return false // no node of interest below
			}
			stack = append(stack, n)
			if want[n] {
				path := make([]ast.Node, len(stack))
				for j, m := range stack {
					path[len(stack)-1-j] = m
				}
				out[n] = path
			}
			return true
		})
	}
	return out
}
