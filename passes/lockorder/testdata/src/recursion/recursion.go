// want package:"muA -> muB, muB -> muA, muC -> muD, muD -> muC"

// Package recursion tests summaries over recursive calls: a function's
// summary is computed with its own (and its component's) summaries settled,
// so a self-deadlock through direct recursion and an inversion through
// mutual recursion are found as they are without recursion.
package recursion

import "sync"

type Tree struct {
	mu       sync.Mutex
	children []*Tree
	n        int
}

// Direct recursion on the same instance with the lock held: the second
// call blocks on the first's lock.
func (t *Tree) count(depth int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if depth > 0 {
		return t.count(depth-1) + 1 // want `double lock of t.mu through Tree.count \(locked at recursion.go:\d+\): already held since recursion.go:\d+`
	}
	return t.n
}

// The same without recursion, for comparison.
func (t *Tree) outer() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.inner() // want `double lock of t.mu through Tree.inner`
}

func (t *Tree) inner() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// Recursion after the unlock: no lock held at the call.
func (t *Tree) sum(depth int) int {
	t.mu.Lock()
	n := t.n
	t.mu.Unlock()
	if depth > 0 {
		n += t.sum(depth - 1) // ok: t.mu released before the call
	}
	return n
}

// Recursion into the children, one lock at a time: no lock held across
// the recursive call.
func (t *Tree) walk(f func(int)) {
	t.mu.Lock()
	kids := t.children
	n := t.n
	t.mu.Unlock()
	f(n)
	for _, c := range kids {
		c.walk(f) // ok
	}
}

// Mutual recursion: first takes A then, through other, B; other takes B
// then, through first, A.

var (
	muA sync.Mutex
	muB sync.Mutex
)

func first(n int) {
	if n == 0 {
		return
	}
	muA.Lock()
	other(n - 1) // ok: the first half (the cycle closes at other's call)
	muA.Unlock()
}

func other(n int) {
	if n == 0 {
		return
	}
	muB.Lock()
	first(n - 1) // want `lock order inversion: muA acquired through first \(locked at recursion.go:\d+\) while holding muB here, muB acquired while holding muA at recursion.go:\d+ through other`
	muB.Unlock()
}

// Even and odd: the summary of the one walked second is complete too
// (it acquires muC only through its partner).

var muC, muD sync.Mutex

func even(n int) {
	if n == 0 {
		muC.Lock()
		muC.Unlock()
		return
	}
	odd(n - 1)
}

func odd(n int) {
	if n == 0 {
		return
	}
	even(n - 1)
}

func closesThroughOdd() {
	muD.Lock()
	odd(3) // ok: the first half
	muD.Unlock()
}

func closesThroughD() {
	muC.Lock()
	muD.Lock() // want `lock order inversion: muD acquired while holding muC here, muC acquired while holding muD at recursion.go:\d+ through odd -> even`
	muD.Unlock()
	muC.Unlock()
}
