// Package hiera holds a tree whose exported recursion descends from
// parent to child under the parent's lock (silent here: the only nesting
// of the class in the package); hierb, which imports it, nests two
// instances itself.
package hiera

import "sync"

type Tree struct {
	Mu   sync.Mutex
	Kids []*Tree
	Next *Tree
	n    int
}

func (t *Tree) Walk(f func(int)) { // want Walk:"acquires Tree.Mu, calls p0 holding Tree.Mu and Tree.Mu"
	t.Mu.Lock()
	defer t.Mu.Unlock()
	f(t.n)
	for _, k := range t.Kids {
		k.Walk(f) // ok: parent before child
	}
}

// Len recurses down a list: its summary settles on the node's own lock
// and an unknown one of the class (the nodes further down).
func (t *Tree) Len() int { // want Len:"acquires Tree.Mu"
	t.Mu.Lock()
	defer t.Mu.Unlock()
	if t.Next == nil {
		return 1
	}
	return t.Next.Len() + 1 // ok: parent before child
}
