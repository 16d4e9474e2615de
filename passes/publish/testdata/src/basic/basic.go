// Package basic tests writes through a value after it was published by
// atomic.Pointer, atomic.Value and the unsafe.Pointer functions, and the
// writes that must stay silent: before publication, after rebinding, on the
// failed branch of CompareAndSwap, into private copies.
package basic

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

type Config struct {
	Name   string
	Limits map[string]int
	Tags   []string
	Inner  *Inner
	hits   atomic.Int64
}

type Inner struct{ N int }

var cur atomic.Pointer[Config]

var val atomic.Value

var raw unsafe.Pointer

func storeThenWrite() {
	c := &Config{Name: "a"}
	c.Name = "b" // ok: before publication
	cur.Store(c)
	c.Name = "c" // want `write to c.Name after c was published by cur.Store at basic.go:32`
}

func storeThenMapWrite() {
	c := &Config{Limits: map[string]int{}}
	c.Limits["x"] = 1 // ok: before publication
	cur.Store(c)
	c.Limits["y"] = 2            // want `write to c.Limits\["y"\] after c was published by cur.Store`
	delete(c.Limits, "x")        // want `write to c.Limits after c was published by cur.Store`
	c.Tags = append(c.Tags, "t") // want `write to c.Tags after c was published`
}

func storeThenDeep() {
	c := &Config{Inner: &Inner{}}
	cur.Store(c)
	in := c.Inner
	in.N++ // want `write to in.N after c was published by cur.Store`
}

func rebound() {
	c := &Config{}
	cur.Store(c)
	c = &Config{}
	c.Name = "fresh" // ok: c now denotes a fresh object
}

func loop(names []string) {
	for _, n := range names {
		c := &Config{}
		c.Name = n // ok: a new object each iteration
		cur.Store(c)
	}
}

func swap() *Config {
	c := &Config{}
	old := cur.Swap(c)
	c.Name = "x" // want `write to c.Name after c was published by cur.Swap`
	return old
}

func casSuccess(old *Config) {
	n := &Config{}
	if cur.CompareAndSwap(old, n) {
		n.Name = "won" // want `write to n.Name after n was published by cur.CompareAndSwap`
		return
	}
	n.Name = "retry" // ok: CompareAndSwap failed, nothing was published
}

func casNegated(old *Config) {
	n := &Config{}
	if !cur.CompareAndSwap(old, n) {
		n.Name = "retry" // ok: CompareAndSwap failed, nothing was published
		return
	}
	n.Name = "won" // want `write to n.Name after n was published`
}

func valueStore() {
	c := &Config{}
	val.Store(c)
	c.Name = "x" // want `write to c.Name after c was published by val.Store`
}

func storePointer() {
	c := &Config{}
	atomic.StorePointer(&raw, unsafe.Pointer(c))
	c.Name = "x" // want `write to c.Name after c was published by atomic.StorePointer`
}

func addressOfLocal() {
	var cfg Config
	cfg.Name = "a" // ok: before publication
	cur.Store(&cfg)
	cfg.Name = "b" // want `write to cfg.Name after cfg was published by cur.Store`
}

func goroutineAfter() {
	c := &Config{}
	cur.Store(c)
	go func() {
		c.Name = "x" // want `write to c.Name \(in a goroutine\) after c was published by cur.Store`
	}()
}

func goroutineReadOnly() {
	c := &Config{}
	cur.Store(c)
	go func() {
		println(c.Name) // ok: read-only
	}()
}

func closureBefore() {
	c := &Config{}
	set := func() { c.Name = "x" }
	set() // ok: before publication
	cur.Store(c)
}

func atomicField() {
	c := &Config{}
	cur.Store(c)
	c.hits.Add(1) // ok: an atomic operation on a field is not a mutation
}

func readOnly() string {
	c := &Config{Name: "a"}
	cur.Store(c)
	return c.Name // ok: read-only
}

type Registry struct {
	mu    sync.Mutex
	items map[string]int
}

var reg atomic.Pointer[Registry]

func ownLock() {
	r := &Registry{items: map[string]int{}}
	reg.Store(r)
	r.mu.Lock()
	r.items["x"] = 1 // ok: the object carries its own mutex, only the pointer is swapped atomically
	r.mu.Unlock()
}

type Point struct{ X, Y int }

var pt atomic.Value

func valueCopy() {
	p := Point{1, 2}
	pt.Store(p)
	p.X = 3 // ok: Store copied p into an interface; p is a private copy
}

func deferredWrite() {
	c := &Config{}
	defer func() {
		c.Name = "closed" // want `write to c.Name \(in a deferred function\) after c was published by cur.Store`
	}()
	cur.Store(c)
}

func fieldAliasBefore() {
	c := &Config{Limits: map[string]int{}}
	m := c.Limits
	cur.Store(c)
	m["x"] = 1 // want `write to m\["x"\] after c was published by cur.Store`
}

func pointerToField() {
	c := &Config{}
	p := &c.Name
	*p = "a" // ok: before publication
	cur.Store(c)
	*p = "b" // want `write to \*p after c was published by cur.Store`
}

func swapPointer() {
	c := &Config{}
	old := atomic.SwapPointer(&raw, unsafe.Pointer(c))
	_ = old
	c.Name = "x" // want `write to c.Name after c was published by atomic.SwapPointer`
}

func casPointer(old unsafe.Pointer) {
	c := &Config{}
	if atomic.CompareAndSwapPointer(&raw, old, unsafe.Pointer(c)) {
		c.Name = "won" // want `write to c.Name after c was published by atomic.CompareAndSwapPointer`
	} else {
		c.Name = "lost" // ok: CompareAndSwapPointer failed
	}
}

func structWithMapInValue() {
	m := map[string]int{}
	val.Store(Config{Limits: m})
	m["x"] = 1 // want `write to m\["x"\] after Config\{…\} was published by val.Store`
}

func freshMapInPointer() {
	m := map[string]int{}
	c := &Config{Limits: m}
	cur.Store(c)
	m["x"] = 1 // want `write to m\["x"\] after c was published by cur.Store`
}

type Server struct{ count int }

type handler struct{ srv *Server }

var handlers atomic.Pointer[handler]

func backPointer(s *Server) {
	handlers.Store(&handler{srv: s})
	s.count++ // ok: s is the handler's parent, not part of what was published
}

type holder struct{ c *Config }

func fieldOfLocal() {
	c := &Config{}
	h := holder{c: c}
	cur.Store(c)
	h.c.Name = "x" // want `write to h.c.Name after c was published by cur.Store`
}

type pair struct{ a, b *Config }

func otherFieldOfLocal() {
	c := &Config{}
	p := pair{a: c, b: &Config{}}
	cur.Store(c)
	p.b.Name = "x" // ok: p.b is not the published c
	_ = p.a
}

func casRetryReuse() {
	n := &Config{}
	for {
		old := cur.Load()
		n.Name = old.Name + "!" // ok: the loop only comes back here when CompareAndSwap failed
		if cur.CompareAndSwap(old, n) {
			return
		}
	}
}

func storeInLoopReuse(names []string) {
	c := &Config{}
	for _, name := range names {
		c.Name = name // want `write to c.Name after c was published by cur.Store`
		cur.Store(c)
	}
}
