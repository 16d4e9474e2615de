// Package dynamic tests calls whose callee is not named at the call (an
// interface method, a function-typed field or variable, a method value or
// expression): a plain access inside such a callee is judged where it is
// written, and handing a fresh object to such a call leaves it private
// only when internal/callres resolves the call completely and no
// function it can run keeps the object (internal/retain).
package dynamic

import (
	"sync"
	"sync/atomic"
)

type counter struct {
	n     int64
	mu    sync.Mutex
	g     int64 // atomic writes hold mu
	label int
}

func (c *counter) inc() { atomic.AddInt64(&c.n, 1) }

func (c *counter) guarded() {
	c.mu.Lock()
	atomic.AddInt64(&c.g, 1)
	c.mu.Unlock()
}

// A function of the package used as a value has callers out of sight:
// its parameter is not private on entry, and its plain write is reported
// wherever it is called from.
func reset(c *counter) {
	c.n = 0 // want `plain write of counter.n, which is accessed atomically`
}

func clearHits(c *counter) {
	atomic.StoreInt64(&c.n, 0) // ok: atomic
}

var registry []*counter

func register(c *counter) { registry = append(registry, c) }

// builder's fields are unexported and assigned only here: callres
// resolves their calls completely (by assignments).
type builder struct {
	setup func(*counter) // reset or clearHits: both keep nothing
	share func(*counter) // register: keeps its argument
	async func(*counter) // runs its argument on another goroutine
	view  func(counter) int64
}

func newBuilder(zero bool) *builder {
	b := &builder{share: register}
	if zero {
		b.setup = reset
	} else {
		b.setup = clearHits
	}
	b.async = func(c *counter) { go c.inc() }
	b.view = func(c counter) int64 {
		return c.n // ok: the callee's own copy
	}
	return b
}

func (b *builder) build() *counter {
	c := &counter{}
	b.setup(c)
	c.n = 1 // ok: every function b.setup can run keeps nothing of c
	return c
}

func (b *builder) buildShared() *counter {
	c := &counter{}
	b.share(c)
	c.n = 1 // want `plain write of counter.n, which is accessed atomically`
	return c
}

func (b *builder) buildAsync() *counter {
	c := &counter{}
	b.async(c)
	c.n = 1 // want `plain write of counter.n, which is accessed atomically`
	return c
}

// A local variable bound to a literal: resolved completely.
func localLiteral() *counter {
	fill := func(c *counter) { c.label = 2 }
	c := &counter{}
	fill(c)
	c.n = 1 // ok: fill keeps nothing of c
	return c
}

// A recursive walk through a local variable holding a literal: judged
// once, assuming itself.
type node struct {
	n    int64
	next *node
}

func (x *node) inc() { atomic.AddInt64(&x.n, 1) }

func walkFresh() *node {
	var walk func(x *node)
	walk = func(x *node) {
		if x.next != nil {
			walk(x.next)
		}
	}
	x := &node{next: &node{}}
	walk(x)
	x.n = 1 // ok: walk keeps nothing of x
	return x
}

// An interface-typed field, unexported and assigned only here: resolved
// by value flow, completely.
type initer interface{ init(*counter) }

type zeroIniter struct{}

func (zeroIniter) init(c *counter) { c.label = 0 }

type keepIniter struct{}

func (keepIniter) init(c *counter) { register(c) }

type factory struct {
	in   initer // only zeroIniter
	both initer // zeroIniter or keepIniter
}

func newFactory() *factory {
	f := &factory{in: zeroIniter{}}
	f.both = zeroIniter{}
	if len(registry) > 0 {
		f.both = keepIniter{}
	}
	return f
}

func (f *factory) make() *counter {
	c := &counter{}
	f.in.init(c)
	c.n = 1 // ok: zeroIniter.init keeps nothing of c
	return c
}

func (f *factory) makeBoth() *counter {
	c := &counter{}
	f.both.init(c)
	c.n = 1 // want `plain write of counter.n, which is accessed atomically`
	return c
}

// An exported interface resolved by class hierarchy analysis: an importer
// may add an implementation, so the resolution is not complete and the
// call may keep c, though every implementation in sight keeps nothing.
type Initer interface{ Init(*counter) }

type zeroInit struct{}

func (zeroInit) Init(c *counter) { c.label = 0 }

func makeCHA(in Initer) *counter {
	c := &counter{}
	in.Init(c)
	c.n = 1 // want `plain write of counter.n, which is accessed atomically`
	return c
}

// Method values and expressions stored in unexported fields.
type helper struct{ filled int }

func (h *helper) fill(c *counter) { c.label = 3 }

func (h *helper) keep(c *counter) { register(c) }

type methods struct {
	h      *helper
	value  func(*counter)
	expr   func(*helper, *counter)
	keeper func(*helper, *counter)
}

func newMethods() *methods {
	m := &methods{h: &helper{}}
	m.value = m.h.fill
	m.expr = (*helper).fill
	m.keeper = (*helper).keep
	return m
}

func (m *methods) viaValue() *counter {
	c := &counter{}
	m.value(c)
	c.n = 1 // ok: (*helper).fill keeps nothing of c
	return c
}

func (m *methods) viaExpr() *counter {
	c := &counter{}
	m.expr(m.h, c)
	c.n = 1 // ok: the method expression's second argument is fill's parameter
	return c
}

func (m *methods) viaKeeper() *counter {
	c := &counter{}
	m.keeper(m.h, c)
	c.n = 1 // want `plain write of counter.n, which is accessed atomically`
	return c
}

// A function-typed parameter: its callers know what it is, this function
// does not.
func viaParam(fill func(*counter)) *counter {
	c := &counter{}
	fill(c)
	c.n = 1 // want `plain write of counter.n, which is accessed atomically`
	return c
}

// Plain accesses in callees reached only dynamically are judged where
// they are written: reported without a lock every atomic writer holds,
// silent with one.
type reader interface{ read(*counter) int64 }

type plainReader struct{}

func (plainReader) read(c *counter) int64 {
	return c.n // want `plain read of counter.n, which is accessed atomically`
}

type lockedReader struct{}

func (lockedReader) read(c *counter) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.g // ok: every atomic write of g holds c.mu
}

func sum(rs []reader, c *counter) int64 {
	var t int64
	for _, r := range rs {
		t += r.read(c)
	}
	return t
}

var readers = []reader{plainReader{}, lockedReader{}}

// A callee taking a copy reads its own memory.
type viewer interface{ view() int64 }

func (c counter) view() int64 {
	return c.n // ok: a copy of the receiver, the method's own
}

func views(v viewer) int64 { return v.view() }

// Too many implementations in sight: unresolved, as before.
type filler interface{ fill(*counter) }

type f1 struct{}
type f2 struct{}
type f3 struct{}
type f4 struct{}
type f5 struct{}

func (f1) fill(c *counter) {}
func (f2) fill(c *counter) {}
func (f3) fill(c *counter) {}
func (f4) fill(c *counter) {}
func (f5) fill(c *counter) {}

type fillers struct{ f filler }

func (fs *fillers) make() *counter {
	c := &counter{}
	fs.f.fill(c)
	c.n = 1 // want `plain write of counter.n, which is accessed atomically`
	return c
}

// Generic code: a function-typed field of a generic type, resolved by
// its assignments like any other; a method of a type parameter, by
// class hierarchy analysis, which is not complete.
type box[T any] struct{ fill func(*T) }

func newBox() *box[counter] {
	return &box[counter]{fill: func(c *counter) { c.label = 4 }}
}

func (b *box[T]) make() *T {
	v := new(T)
	b.fill(v)
	return v
}

func makeCounter(b *box[counter]) *counter {
	c := &counter{}
	b.fill(c)
	c.n = 1 // ok: the literal assigned to fill keeps nothing
	return c
}

func makeGeneric[I initer](in I) *counter {
	c := &counter{}
	in.init(c)
	c.n = 1 // want `plain write of counter.n, which is accessed atomically`
	return c
}
