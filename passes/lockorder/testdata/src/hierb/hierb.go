// Package hierb uses hiera's tree: walking it with nothing held is
// silent; walking a parent while holding a child nests two instances in
// an order hiera's descent does not follow.
package hierb

import "hiera"

func count(t *hiera.Tree) int {
	n := 0
	t.Walk(func(int) { n++ }) // ok: nothing held
	return n + t.Len()
}

func up(parent, child *hiera.Tree) {
	child.Mu.Lock()
	defer child.Mu.Unlock()
	parent.Walk(func(int) {}) // want `parent.Mu locked through Tree.Walk \(locked at hiera.go:\d+\) while holding child.Mu \(locked at hierb.go:\d+\), another instance of Tree.Mu: this may deadlock`
}

func length(parent, child *hiera.Tree) int {
	child.Mu.Lock()
	defer child.Mu.Unlock()
	return parent.Len() // want `parent.Mu locked through Tree.Len \(locked at hiera.go:\d+\) while holding child.Mu .*another instance of Tree.Mu: this may deadlock`
}
