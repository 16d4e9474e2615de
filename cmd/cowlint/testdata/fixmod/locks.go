package fixmod

import "sync"

type A struct {
	mu sync.Mutex
	b  *B
}

type B struct {
	mu sync.Mutex
	a  *A
}

func (a *A) F() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.b.mu.Lock()
	a.b.mu.Unlock()
}

func (b *B) G() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.a.mu.Lock()
	b.a.mu.Unlock()
}
