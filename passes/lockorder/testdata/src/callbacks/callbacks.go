// want package:"Worker.mu -> regMu, entry.mu -> shard.mu, regMu -> Worker.mu, shard.mu -> entry.mu, syncBuf.mu -> onceError.Mutex, syncBuf.mu -> pipe.wrMu, pipe.wrMu -> onceError.Mutex, forkingLock -> ForkLock"

// Package callbacks tests function values run back while a callee holds
// its locks (a sharded map's Upsert, a WithLock helper, a visitor), the
// standard library's call-backs, method values handed over as callbacks,
// and the negative traps: a callback run on another goroutine, a callee
// that calls its parameter with nothing held.
package callbacks

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// Shape 3: a map whose Upsert runs the callback under its shard lock.

type shard struct {
	mu    sync.Mutex
	items map[string]*entry
}

type entry struct {
	mu   sync.Mutex
	refs int
}

type shardMap struct{ s shard }

func (m *shardMap) upsert(k string, cb func(e *entry) *entry) {
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	m.s.items[k] = cb(m.s.items[k])
}

func (m *shardMap) remove(k string) {
	m.s.mu.Lock()
	delete(m.s.items, k)
	m.s.mu.Unlock()
}

func connect(m *shardMap, k string) {
	m.upsert(k, func(e *entry) *entry {
		e.mu.Lock() // ok: first half (shard.mu -> entry.mu, inside upsert's callback)
		e.refs++
		e.mu.Unlock()
		return e
	})
}

func scan(m *shardMap, k string, e *entry) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.refs == 0 {
		m.remove(k) // want `lock order inversion: shard.mu acquired through shardMap.remove .* while holding entry.mu here, entry.mu acquired while holding shard.mu at callbacks.go:45`
	}
}

// A WithLock helper: the callback runs with the helper's lock held, and a
// callback passed through another function gets it too.

type Registry struct {
	mu    sync.Mutex
	names []string
}

func (r *Registry) withLock(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

func (r *Registry) visit(f func()) { r.withLock(f) }

func (r *Registry) add(n string) {
	r.withLock(func() {
		r.mu.Lock() // want `double lock of r.mu in the callback passed to \(\*Registry\).withLock at callbacks.go:77: already held since callbacks.go:77`
		r.names = append(r.names, n)
		r.mu.Unlock()
	})
}

func (r *Registry) addVia(n string) {
	r.visit(func() {
		r.mu.Lock() // want `double lock of r.mu in the callback passed to \(\*Registry\).visit at callbacks.go:85: already held since callbacks.go:85`
		r.mu.Unlock()
	})
}

// A method value handed over as a callback (shape 4).

type Worker struct {
	mu   sync.Mutex
	jobs int
}

func (w *Worker) process() { // want process:"acquires Worker.mu"
	w.mu.Lock()
	w.jobs++
	w.mu.Unlock()
}

var regMu sync.Mutex

func runUnder(f func()) {
	regMu.Lock()
	defer regMu.Unlock()
	f()
}

func (w *Worker) start() {
	runUnder(w.process) // ok: first half (regMu -> Worker.mu, through the method value)
}

func (w *Worker) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	regMu.Lock() // want `lock order inversion: regMu acquired while holding Worker.mu here, Worker.mu acquired while holding regMu at callbacks.go:113 through Worker.process \(the callback passed to runUnder at callbacks.go:113\)`
	regMu.Unlock()
}

// Negative: a callee that calls its parameter on another goroutine, or
// with nothing held, gives the callback no lock of its own.

func (r *Registry) later(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	go f()
}

func (r *Registry) plain(f func()) { f() }

func (r *Registry) lateAdd() {
	r.later(func() {
		r.mu.Lock() // ok: runs on another goroutine
		r.mu.Unlock()
	})
	r.plain(func() {
		r.mu.Lock() // ok: plain holds nothing
		r.mu.Unlock()
	})
}

// Shape 5: the standard library's call-backs.

type Config struct {
	mu   sync.RWMutex
	once sync.Once
	name string
	vals []int
}

func (c *Config) String() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.name
}

func (c *Config) describe() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return fmt.Sprintf("config %v", c) // want `recursive read lock of c.mu through \(\*Config\).String \(called by fmt.Sprintf\)`
}

func (c *Config) describeUnlocked() string {
	return fmt.Sprintf("config %v", c) // ok: nothing held
}

func (c *Config) count() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return fmt.Sprintf("%d values", len(c.vals)) // ok: %d of an int
}

func (c *Config) init() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.once.Do(func() {
		c.mu.Lock() // want `double lock of c.mu in the callback passed to \(\*sync.Once\).Do at callbacks.go:179: already held since callbacks.go:177`
		c.name = "x"
		c.mu.Unlock()
	})
}

func (c *Config) sorted() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	sort.Slice(c.vals, func(i, j int) bool {
		c.mu.RLock() // want `recursive read lock of c.mu in the callback passed to sort.Slice at callbacks.go:189: already read-locked at callbacks.go:187`
		defer c.mu.RUnlock()
		return c.vals[i] < c.vals[j]
	})
}

// Silent: the callback runs with nothing held, or takes no lock.
func (c *Config) initUnlocked() {
	c.once.Do(func() {
		c.mu.Lock() // ok: nothing held around Do
		c.name = "x"
		c.mu.Unlock()
	})
}

func (c *Config) sortedCopy() []int {
	c.mu.RLock()
	vals := append([]int(nil), c.vals...)
	c.mu.RUnlock()
	sort.Slice(vals, func(i, j int) bool {
		c.mu.RLock() // ok: released before sort.Slice
		defer c.mu.RUnlock()
		return vals[i] < vals[j]
	})
	return vals
}

func (c *Config) sortedLocked() {
	c.mu.Lock()
	defer c.mu.Unlock()
	sort.Slice(c.vals, func(i, j int) bool { return c.vals[i] < c.vals[j] }) // ok: the callback takes no lock
}

func (c *Config) timer() {
	c.mu.Lock()
	defer c.mu.Unlock()
	time.AfterFunc(time.Second, func() {
		c.mu.Lock() // ok: another goroutine, later
		c.mu.Unlock()
	})
	go func() {
		c.mu.Lock() // ok: another goroutine
		c.mu.Unlock()
	}()
}

// A visitor that calls its callback with nothing of its own held: the
// callback runs with its caller's locks.

type Tree struct {
	mu    sync.Mutex
	kids  []*Tree
	count int
}

func walk(t *Tree, visit func(*Tree)) {
	visit(t)
	for _, k := range t.kids {
		walk(k, visit)
	}
}

func (t *Tree) total() {
	t.mu.Lock()
	defer t.mu.Unlock()
	walk(t, func(n *Tree) {
		t.mu.Lock() // want `double lock of t.mu in the callback passed to walk at callbacks.go:\d+: already held since callbacks.go:\d+`
		t.count++
		t.mu.Unlock()
	})
}

// Negative: the visitor only stores the callback, or runs it on another
// goroutine; the caller holds nothing.

type Pool struct {
	mu   sync.Mutex
	jobs []func()
}

func (p *Pool) submit(f func()) { p.jobs = append(p.jobs, f) }

func spawn(f func()) { go f() }

func (t *Tree) later(p *Pool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p.submit(func() {
		t.mu.Lock() // ok: stored, run later
		t.mu.Unlock()
	})
	spawn(func() {
		t.mu.Lock() // ok: another goroutine
		t.mu.Unlock()
	})
}

func (t *Tree) unlocked() {
	walk(t, func(n *Tree) {
		t.mu.Lock() // ok: nothing held
		t.mu.Unlock()
	})
}

// fmt.Fprintf calls its writer's Write.

type syncBuf struct {
	mu  sync.Mutex
	buf []byte
}

func (b *syncBuf) Write(p []byte) (int, error) { // want Write:"acquires syncBuf.mu"
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *syncBuf) logf(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Fprintf(b, "v=%d\n", v) // want `double lock of b.mu through \(\*syncBuf\).Write \(called by fmt.Fprintf\)`
}

func (b *syncBuf) logTo(other *syncBuf, v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Fprintf(other, "v=%d\n", v) // want `other.mu locked through \(\*syncBuf\).Write \(called by fmt.Fprintf\) .* another instance of syncBuf.mu`
}

func (b *syncBuf) logUnlocked(v int) {
	fmt.Fprintln(b, v) // ok: nothing held
}

// fmt.Errorf and fmt.Printf call Error and String on their %s and %v
// operands; sort.Sort calls Less and Swap; sync.Map.Range runs its
// callback now.

type opError struct {
	mu  sync.RWMutex
	msg string
}

func (e *opError) Error() string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.msg
}

func (e *opError) wrap() error {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return fmt.Errorf("op: %s", e) // want `recursive read lock of e.mu through \(\*opError\).Error \(called by fmt.Errorf\)`
}

func (e *opError) print() {
	e.mu.RLock()
	defer e.mu.RUnlock()
	fmt.Printf("%v\n", e) // want `recursive read lock of e.mu through \(\*opError\).Error \(called by fmt.Printf\)`
}

func (e *opError) wrapUnlocked() error {
	return fmt.Errorf("op: %w", e) // ok: nothing held
}

func (e *opError) printLen() {
	e.mu.RLock()
	defer e.mu.RUnlock()
	fmt.Printf("%d\n", len(e.msg)) // ok: no operand with a method fmt calls
}

type byName struct {
	mu    sync.Mutex
	names []string
}

func (b *byName) Len() int { return len(b.names) }

func (b *byName) Less(i, j int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.names[i] < b.names[j]
}

func (b *byName) Swap(i, j int) { b.names[i], b.names[j] = b.names[j], b.names[i] }

func (b *byName) sortLocked() {
	b.mu.Lock()
	defer b.mu.Unlock()
	sort.Sort(b) // want `double lock of b.mu through \(\*byName\).Less \(called by sort.Sort\)`
}

func (b *byName) sortUnlocked() {
	sort.Sort(b) // ok: nothing held
}

type index struct {
	mu sync.Mutex
	m  sync.Map
	n  int
}

func (x *index) count() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.m.Range(func(k, v any) bool {
		x.mu.Lock() // want `double lock of x.mu in the callback passed to \(\*sync.Map\).Range at callbacks.go:\d+`
		x.n++
		x.mu.Unlock()
		return true
	})
}

func (x *index) countUnlocked() {
	x.m.Range(func(k, v any) bool {
		x.mu.Lock() // ok: nothing held around Range
		x.n++
		x.mu.Unlock()
		return true
	})
}
