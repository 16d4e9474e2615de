// want package:"Box.mu -> Registry.mu, Registry.mu -> Box.mu"

// Package generics tests lock classes on generic types: Box[int].mu and
// Box[T].mu are one class.
package generics

import "sync"

type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) Set(v T) { // want Set:"acquires Box.mu"
	b.mu.Lock()
	defer b.mu.Unlock()
	b.v = v
}

func (b *Box[T]) Swap(v T) T { // want Swap:"acquires Box.mu"
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.v
	b.Set(v) // want `double lock of b.mu through Box.Set`
	return old
}

type Registry struct {
	mu    sync.Mutex
	boxes []*Box[int]
}

func (r *Registry) add(b *Box[int]) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b.Set(0) // ok: first half
	r.boxes = append(r.boxes, b)
}

func (b *Box[T]) register(r *Registry) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r.mu.Lock() // want `lock order inversion: Registry.mu acquired while holding Box.mu here, Box.mu acquired while holding Registry.mu at generics.go:36 through Box.Set`
	r.mu.Unlock()
}

func Update[T any](b *Box[T], v T) { // want Update:"acquires Box.mu"
	b.mu.Lock()
	b.v = v
	b.mu.Unlock()
}

func useGeneric(b *Box[string]) {
	Update(b, "x") // ok: nothing held
	b.mu.Lock()
	defer b.mu.Unlock()
	Update(b, "y") // want `double lock of b.mu through Update`
}
