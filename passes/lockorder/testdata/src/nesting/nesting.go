// want package:"declared Node.mu < Node.mu"

// Package nesting tests two instances of one lock class nested.
package nesting

import "sync"

type Account struct {
	mu      sync.Mutex
	balance int
}

func transfer(from, to *Account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `to.mu locked while holding from.mu \(locked at nesting.go:14\), another instance of Account.mu: this may deadlock if another goroutine nests two instances in the opposite order; lock them in one fixed order .*//cowlint:order Account.mu < Account.mu then declares it.*//cowlint:ignore lockorder <reason>`
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

func (a *Account) deposit(n int) {
	a.mu.Lock()
	a.balance += n
	a.mu.Unlock()
}

func (a *Account) sweepInto(b *Account) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.deposit(a.balance) // want `b.mu locked through Account.deposit .* while holding a.mu`
	a.balance = 0
}

// Silent.

func transferSequential(from, to *Account, n int) {
	from.mu.Lock()
	from.balance -= n
	from.mu.Unlock()
	to.mu.Lock() // ok: not nested
	to.balance += n
	to.mu.Unlock()
}

type Table struct {
	mu   sync.RWMutex
	rows map[int]int
}

func readBoth(a, b *Table) int {
	a.mu.RLock()
	defer a.mu.RUnlock()
	b.mu.RLock() // ok: two read locks nest without excluding each other
	defer b.mu.RUnlock()
	return len(a.rows) + len(b.rows)
}

// Declared: Node instances nest parent before child.
//
//cowlint:order Node.mu < Node.mu
type Node struct {
	mu     sync.Mutex
	parent *Node
	kids   []*Node
}

func (n *Node) adopt(k *Node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	k.mu.Lock() // ok: declared nesting
	k.parent = n
	k.mu.Unlock()
	n.kids = append(n.kids, k)
}
