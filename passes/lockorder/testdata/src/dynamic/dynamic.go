// want package:"Buffer.mu -> globalMu, Cache.mu -> client.mu, Queue.mu -> orderMu, Table.mu -> memStore.mu, client.mu -> Cache.mu, globalMu -> Buffer.mu, memStore.mu -> Table.mu, orderMu -> Queue.mu, s1.mu -> Logger.mu"

// Package dynamic tests order edges and double locks through calls whose
// callee is not named at the call: interface methods (value flow, CHA,
// and CHA's bound), function-typed fields and variables, method values
// and method expressions, and the traps of over-approximation.
package dynamic

import "sync"

// Shape 1: an interface method call with a lock held.

type Doer interface{ Do(k int) }

type Cache struct {
	mu sync.RWMutex
	cl Doer // only *client is stored: resolved by value flow
	m  map[int]int
}

type client struct {
	c  *Cache
	mu sync.Mutex
}

func (x *client) Do(k int) { // want Do:"acquires Cache.mu:R, acquires client.mu"
	x.mu.Lock()
	defer x.mu.Unlock()
	x.c.mu.RLock() // client.mu -> Cache.mu
	_ = x.c.m[k]
	x.c.mu.RUnlock()
}

func newCache() *Cache {
	c := &Cache{m: map[int]int{}}
	c.cl = &client{c: c}
	return c
}

func (c *Cache) get(k int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.cl.Do(k) // want `lock order inversion: client.mu acquired through \(\*client\).Do \(c.cl.Do resolved by value flow\)`
}

// CHA: the only implementations in sight.

type Store interface{ Put(k int) }

type memStore struct{ mu sync.Mutex }

func (m *memStore) Put(k int) { m.mu.Lock(); m.mu.Unlock() } // want Put:"acquires memStore.mu"

type nopStore struct{}

func (nopStore) Put(k int) {}

type Table struct {
	mu sync.Mutex
}

func (t *Table) save(s Store) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s.Put(1)
}

func (m *memStore) flushTo(t *Table) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t.mu.Lock() // want `lock order inversion: Table.mu acquired while holding memStore.mu here, memStore.mu acquired while holding Table.mu at dynamic.go:65 through \(\*memStore\).Put \(s.Put resolved by CHA to \(\*memStore\).Put, nopStore.Put\)`
	t.mu.Unlock()
}

// A wide interface: more than four implementations, only one locking. Not
// resolved: no edge, no report.

type Sink interface{ Write(b int) }

type s1 struct{ mu sync.Mutex }
type s2 struct{}
type s3 struct{}
type s4 struct{}
type s5 struct{}

func (s *s1) Write(b int) { s.mu.Lock(); s.mu.Unlock() } // want Write:"acquires s1.mu"
func (s2) Write(b int)    {}
func (s3) Write(b int)    {}
func (s4) Write(b int)    {}
func (s5) Write(b int)    {}

type Logger struct{ mu sync.Mutex }

func (l *Logger) log(w Sink) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w.Write(1) // ok: Sink has five implementations; the call is not resolved
}

func (s *s1) flush(l *Logger) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l.mu.Lock()
	l.mu.Unlock()
}

// Shape 2: function-typed fields assigned in a constructor or setter.

type Lessor struct {
	mu      sync.Mutex
	onRenew func(id int)
	onQuiet func(id int)
}

func newLessor() *Lessor {
	le := &Lessor{}
	le.onRenew = le.checkpoint
	le.onQuiet = func(id int) {} // locks nothing
	return le
}

func (le *Lessor) checkpoint(id int) {
	le.mu.Lock()
	le.mu.Unlock()
}

func (le *Lessor) renew(id int) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.onRenew(id) // want `double lock of le.mu through \(\*Lessor\).checkpoint \(le.onRenew resolved by assignments\)`
	le.onQuiet(id) // ok: only a non-locking literal is ever assigned
}

// A closure assigned in a setter.

type Queue struct {
	mu    sync.Mutex
	done  func()
	items []int
}

func (q *Queue) setDone(other *sync.Mutex) {
	q.done = func() {
		orderMu.Lock() // ok: first half (Queue.mu -> orderMu, through q.done)
		orderMu.Unlock()
	}
}

var orderMu sync.Mutex

func (q *Queue) finish() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.done()
}

func (q *Queue) drain() {
	orderMu.Lock()
	defer orderMu.Unlock()
	q.mu.Lock() // want `lock order inversion: Queue.mu acquired while holding orderMu here, orderMu acquired while holding Queue.mu at dynamic.go:\d+ through the func literal at dynamic.go:\d+`
	q.mu.Unlock()
}

// Shape 4: a method expression stored in a package variable.

type Buffer struct {
	mu sync.Mutex
	n  int
}

func (b *Buffer) flush() { b.mu.Lock(); b.n = 0; b.mu.Unlock() } // want flush:"acquires Buffer.mu"

var flushFn = (*Buffer).flush

var globalMu sync.Mutex

func flushAll(b *Buffer) {
	globalMu.Lock()
	defer globalMu.Unlock()
	flushFn(b)
}

func (b *Buffer) report() {
	b.mu.Lock()
	defer b.mu.Unlock()
	globalMu.Lock() // want `Buffer.mu acquired while holding globalMu at dynamic.go:180 through \(\*Buffer\).flush \(flushFn resolved by assignments\)`
	globalMu.Unlock()
}

// go f() with locks held: another goroutine, nothing held.

func (b *Buffer) async() {
	b.mu.Lock()
	defer b.mu.Unlock()
	go b.flush() // ok: runs on another goroutine
	f := b.flush
	go f() // ok: likewise
}

// A closure stored in a field that calls the field again (from std's
// net/http/httptest): resolved once, not walked forever.
type Recorder struct {
	mu   sync.Mutex
	next func()
}

func (r *Recorder) arm() {
	r.next = func() {
		r.mu.Lock()
		r.mu.Unlock()
		r.next()
	}
}

func (r *Recorder) fire() { r.next() }

// From std's net/http/httptest (*Server).wrap: a hook chained to the one
// it replaces, read before the assignment: the literal does not call
// itself.
type Hooked struct {
	mu   sync.Mutex
	hook func()
}

func (h *Hooked) wrap() {
	old := h.hook
	h.hook = func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if old != nil {
			old() // ok: the previous hook, not this literal
		}
	}
}

// Shape 1 with an embedded RWMutex: the implementation read-locks the
// caller's own lock, reached through an interface parameter, through a
// chain of two interface calls, and through an interface value holding
// the receiver.

type KV interface{ Get(k int) int }

type Viewer interface{ View(kv KV, k int) int }

type kvStore struct {
	sync.RWMutex
	m map[int]int
	v Viewer
}

func (s *kvStore) Get(k int) int { // want Get:"acquires kvStore.RWMutex:R"
	s.RLock()
	defer s.RUnlock()
	return s.m[k]
}

func render(kv KV, k int) int { return kv.Get(k) }

type printer struct{}

func (printer) View(kv KV, k int) int { return kv.Get(k) } // want View:"may acquire kvStore.RWMutex:R \\(acquires if p0 is dynamic.kvStore\\)"

func newKVStore() *kvStore { return &kvStore{m: map[int]int{}, v: printer{}} }

func (s *kvStore) dump(k int) int {
	s.RLock()
	defer s.RUnlock()
	return render(s, k) // want `recursive read lock of s.RWMutex through render -> \(\*kvStore\).Get \(kv.Get resolved by CHA to \(\*kvStore\).Get, constKV.Get\)`
}

func (s *kvStore) show(k int) int {
	s.RLock()
	defer s.RUnlock()
	return s.v.View(s, k) // want `recursive read lock of s.RWMutex through printer.View \(s.v.View resolved by value flow\) -> \(\*kvStore\).Get \(kv.Get resolved by CHA to \(\*kvStore\).Get, constKV.Get\)`
}

func (s *kvStore) self(k int) int {
	s.RLock()
	defer s.RUnlock()
	var kv KV = s
	return kv.Get(k) // want `recursive read lock of s.RWMutex through \(\*kvStore\).Get \(kv.Get resolved by value flow\)`
}

func (s *kvStore) dumpUnlocked(k int) int {
	return render(s, k) + s.v.View(s, k) // ok: nothing held
}

func (s *kvStore) other(o *kvStore, k int) int {
	s.RLock()
	defer s.RUnlock()
	return render(o, k) // ok: another store's lock, both read locks
}

// Another implementation passed in: the store's Get does not run.
type constKV struct{}

func (constKV) Get(k int) int { return k }

func (s *kvStore) constant(k int) int {
	s.RLock()
	defer s.RUnlock()
	return render(constKV{}, k) // ok: render runs constKV.Get
}

// Through one more function forwarding its interface parameter.
func renderTwice(kv KV, k int) int { return render(kv, k) + render(kv, k) }

func (s *kvStore) dumpTwice(k int) int {
	s.RLock()
	defer s.RUnlock()
	return renderTwice(s, k) // want `recursive read lock of s.RWMutex through renderTwice -> render -> \(\*kvStore\).Get \(kv.Get resolved by CHA to \(\*kvStore\).Get, constKV.Get\)`
}

// Generics: a type parameter constrained by the interface, and a generic
// holder of a function-typed field.
func renderG[T KV](kv T, k int) int { return kv.Get(k) }

func (s *kvStore) dumpG(k int) int {
	s.RLock()
	defer s.RUnlock()
	return renderG(s, k) // want `recursive read lock of s.RWMutex through renderG -> \(\*kvStore\).Get`
}

func (s *kvStore) dumpGConst(k int) int {
	s.RLock()
	defer s.RUnlock()
	return renderG(constKV{}, k) // ok: constKV.Get runs
}

type Hook[T any] struct {
	mu sync.Mutex
	on func(T)
}

func newHook[T any]() *Hook[T] {
	h := &Hook[T]{}
	h.on = h.record
	return h
}

func (h *Hook[T]) record(v T) {
	h.mu.Lock()
	h.mu.Unlock()
}

func (h *Hook[T]) fire(v T) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.on(v) // want `double lock of h.mu through \(\*Hook\).record \(h.on resolved by assignments\)`
}

// A parameter reassigned before the interface call: the caller's value
// may not be the one called.
func renderOther(kv KV, k int) int {
	if k < 0 {
		kv = constKV{}
	}
	return kv.Get(k)
}

func (s *kvStore) dumpOther(k int) int {
	s.RLock()
	defer s.RUnlock()
	return renderOther(s, k) // ok: kv may be replaced before the call
}
