package scc

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func graph(edges map[int][]int) func(int) []int {
	return func(v int) []int { return edges[v] }
}

func TestComponents(t *testing.T) {
	for _, tc := range []struct {
		name  string
		roots []int
		edges map[int][]int
		want  string
	}{
		{"empty", nil, nil, "[]"},
		{"single", []int{1}, nil, "[[1]]"},
		{"self loop", []int{1}, map[int][]int{1: {1}}, "[[1]]"},
		{"chain, callees first", []int{1}, map[int][]int{1: {2}, 2: {3}}, "[[3] [2] [1]]"},
		{"two-cycle", []int{1}, map[int][]int{1: {2}, 2: {1}}, "[[1 2]]"},
		{"cycle with a tail", []int{0}, map[int][]int{0: {1}, 1: {2}, 2: {3, 1}, 3: {4}}, "[[4] [3] [1 2] [0]]"},
		{"two components joined", []int{1, 3}, map[int][]int{1: {2}, 2: {1, 3}, 3: {4}, 4: {3}}, "[[3 4] [1 2]]"},
		{"unreached nodes are absent", []int{1}, map[int][]int{2: {1}}, "[[1]]"},
		{"repeated roots", []int{1, 1, 2}, map[int][]int{1: {2}}, "[[2] [1]]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Components(tc.roots, graph(tc.edges))
			var norm [][]int
			for _, c := range got {
				c = slices.Clone(c)
				slices.Sort(c)
				norm = append(norm, c)
			}
			if s := fmt.Sprint(norm); s != tc.want {
				t.Errorf("Components = %v, want %v", s, tc.want)
			}
		})
	}
}

func TestCyclic(t *testing.T) {
	succ := graph(map[int][]int{1: {1}, 2: {3}, 3: {2}, 4: {5}})
	for _, tc := range []struct {
		comp []int
		want bool
	}{{[]int{1}, true}, {[]int{2, 3}, true}, {[]int{4}, false}, {[]int{5}, false}} {
		if got := Cyclic(tc.comp, succ); got != tc.want {
			t.Errorf("Cyclic(%v) = %v, want %v", tc.comp, got, tc.want)
		}
	}
}

// TestDeepChain checks that a chain far deeper than any goroutine stack
// would allow in a recursive search is handled, each node's successors
// asked once.
func TestDeepChain(t *testing.T) {
	const n = 100_000
	asked := make([]int, n)
	comps := Components([]int{0}, func(v int) []int {
		asked[v]++
		if v+1 < n {
			return []int{v + 1}
		}
		return []int{0} // closes one big cycle
	})
	if len(comps) != 1 || len(comps[0]) != n {
		t.Fatalf("got %d components (first of %d nodes), want 1 of %d", len(comps), len(comps[0]), n)
	}
	for v, k := range asked {
		if k != 1 {
			t.Fatalf("succ(%d) called %d times, want 1", v, k)
		}
	}
}

// TestAgainstReachability checks random graphs against the definition:
// u and v are in one component iff each reaches the other; and every edge
// goes to the same or an earlier component (reverse topological order).
func TestAgainstReachability(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		n := 1 + r.IntN(30)
		edges := map[int][]int{}
		for range r.IntN(3 * n) {
			u, v := r.IntN(n), r.IntN(n)
			edges[u] = append(edges[u], v)
		}
		roots := r.Perm(n)
		comps := Components(roots, graph(edges))
		reach := make([][]bool, n)
		for u := range n {
			reach[u] = make([]bool, n)
			todo := []int{u}
			reach[u][u] = true
			for len(todo) > 0 {
				x := todo[len(todo)-1]
				todo = todo[:len(todo)-1]
				for _, y := range edges[x] {
					if !reach[u][y] {
						reach[u][y] = true
						todo = append(todo, y)
					}
				}
			}
		}
		order := make([]int, n)
		for i := range order {
			order[i] = -1
		}
		for i, c := range comps {
			for _, v := range c {
				if order[v] != -1 {
					t.Fatalf("node %d in two components", v)
				}
				order[v] = i
			}
		}
		for u := range n {
			if order[u] == -1 {
				t.Fatalf("node %d in no component", u)
			}
			for v := range n {
				if same := reach[u][v] && reach[v][u]; same != (order[u] == order[v]) {
					t.Fatalf("nodes %d, %d: mutually reachable %v, same component %v", u, v, same, order[u] == order[v])
				}
			}
			for _, v := range edges[u] {
				if order[v] > order[u] {
					t.Fatalf("edge %d->%d goes to a later component", u, v)
				}
			}
		}
	}
}
