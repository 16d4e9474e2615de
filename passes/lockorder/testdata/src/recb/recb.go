// Package recb holds mutually recursive methods whose summaries reach the
// lock only through each other; reca, which imports it, closes a cycle
// through them.
package recb

import "sync"

type T struct {
	Mu sync.Mutex
	n  int
}

// Even takes t.Mu at the bottom of the recursion.
func (t *T) Even(n int) { // want Even:"may acquire T.Mu"
	if n == 0 {
		t.Mu.Lock()
		t.n++
		t.Mu.Unlock()
		return
	}
	t.Odd(n - 1)
}

// Odd takes t.Mu only through Even.
func (t *T) Odd(n int) { // want Odd:"may acquire T.Mu"
	if n == 0 {
		return
	}
	t.Even(n - 1)
}
