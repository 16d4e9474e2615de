// want package:"Pool.mu -> Pool.other, Pool.other -> Pool.mu"

// Package lockers tests locks reached through abstraction: a sync.Locker
// value, a type parameter constrained by sync.Locker or by an interface
// with Lock and Unlock, a deferred Unlock inside a loop, and a
// range-over-func iterator that yields while holding its lock.
package lockers

import (
	"iter"
	"sync"
)

type Guarded[L sync.Locker] struct {
	mu L
	n  int
}

func (g *Guarded[L]) inc() {
	g.mu.Lock()
	g.mu.Lock() // want `double lock of g.mu`
	g.n++
	g.mu.Unlock()
}

type locker interface {
	Lock()
	Unlock()
}

type Pool[L locker] struct {
	mu    L
	other sync.Mutex
}

func (p *Pool[L]) ab() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.other.Lock() // ok: first half
	p.other.Unlock()
}

func (p *Pool[L]) ba() {
	p.other.Lock()
	defer p.other.Unlock()
	p.mu.Lock() // want `lock order inversion: Pool.mu acquired while holding Pool.other here`
	p.mu.Unlock()
}

type Server struct {
	l  sync.Locker
	mu sync.Mutex
}

func (s *Server) twice() {
	s.l.Lock()
	defer s.l.Unlock()
	s.l.Lock() // want `double lock of s.l`
	s.l.Unlock()
}

func (s *Server) once() {
	s.l.Lock()
	s.l.Unlock()
	s.l.Lock() // ok: released before
	s.l.Unlock()
}

// A deferred Unlock inside a loop runs at the function's exit: the second
// iteration locks again.
func (s *Server) loop(items []int) {
	for range items {
		s.mu.Lock() // want `double lock of s.mu on the loop's next iteration: its Unlock is deferred`
		defer s.mu.Unlock()
	}
}

func (s *Server) loopClosure(items []int) {
	for range items {
		func() {
			s.mu.Lock()
			defer s.mu.Unlock() // ok: the literal's exit ends each iteration
		}()
	}
}

// A range-over-func iterator whose yield runs under the iterator's lock.

type Set struct {
	mu sync.RWMutex
	m  map[int]bool
}

func (s *Set) All() iter.Seq[int] { // want All:"yields holding Set.mu:R"
	return func(yield func(int) bool) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		for k := range s.m {
			if !yield(k) {
				return
			}
		}
	}
}

func (s *Set) add(k int) {
	s.mu.Lock()
	s.m[k] = true
	s.mu.Unlock()
}

func (s *Set) copyInto(dst *Set) {
	for k := range s.All() {
		dst.add(k) // want `dst.mu locked through Set.add .* while holding s.mu \(locked at lockers.go:\d+ by the iterator Set.All\), another instance of Set.mu`
	}
}

func (s *Set) grow() {
	for k := range s.All() {
		s.add(k + 1) // want `s.mu locked through Set.add \(locked at lockers.go:\d+\) while read-locked at lockers.go:119 by the iterator Set.All: an RWMutex cannot upgrade`
	}
}

// From std's testing.(*common).destination and frameSkip: the lock in the
// loop is another object's on every iteration (a loop variable, a variable
// reassigned in the loop), so the deferred unlocks are one per object.
type node struct {
	mu     sync.Mutex
	parent *node
	done   bool
}

func (n *node) destination() *node {
	n.mu.Lock()
	defer n.mu.Unlock()
	for p := n.parent; p != nil; p = p.parent {
		// No double lock: p is another node on every iteration (the
		// nesting of instances is reported by its own rule).
		p.mu.Lock() // want `p.mu locked while holding n.mu .*another instance of node.mu`
		defer p.mu.Unlock()
		if !p.done {
			return p
		}
	}
	return nil
}

func (n *node) climb() {
	c := n
	for c.parent != nil {
		c = c.parent
		c.mu.Lock() // ok: c is reassigned in the loop
		defer c.mu.Unlock()
	}
}

func (n *node) each(nodes []*node) {
	for _, x := range nodes {
		m := &x.mu
		m.Lock() // ok: m is declared inside the loop
		defer m.Unlock()
	}
}

// From std's sync TestRLocker: rl is wl's read side; the goroutine
// read-locks it twice and then locks wl, and the test's goroutine
// releases each in turn: locks handed between goroutines, not a
// recursive read lock or an upgrade.
func rlocker() {
	var wl sync.RWMutex
	var rl sync.Locker
	rlocked := make(chan bool, 1)
	wlocked := make(chan bool, 1)
	rl = wl.RLocker()
	go func() {
		for i := 0; i < 10; i++ {
			rl.Lock()
			rl.Lock() // ok: the other goroutine read-unlocks
			rlocked <- true
			wl.Lock() // ok: likewise
			wlocked <- true
		}
	}()
	for i := 0; i < 10; i++ {
		<-rlocked
		rl.Unlock()
		rl.Unlock()
		<-wlocked
		wl.Unlock()
	}
}

// The same read side locked twice in one goroutine while another may
// queue for the write lock.
func rlockerRecursive() {
	var wl sync.RWMutex
	rl := wl.RLocker()
	go func() {
		wl.Lock()
		wl.Unlock()
	}()
	rl.Lock()
	rl.Lock() // want `recursive read lock of wl`
	rl.Unlock()
	rl.Unlock()
}

// A sync.Cond whose L is the read side of the mutex it guards: L.Lock()
// is f.mu.RLock(), and Wait returns with the read lock held again.
type Feed struct {
	mu    sync.RWMutex
	cond  *sync.Cond
	wcond *sync.Cond
	items []int
	ready bool
}

func newFeed() *Feed {
	f := &Feed{}
	f.cond = sync.NewCond(f.mu.RLocker())
	f.wcond = sync.NewCond(&f.mu)
	return f
}

func (f *Feed) peek() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.items[0]
}

func (f *Feed) next() int {
	f.cond.L.Lock()
	defer f.cond.L.Unlock()
	for !f.ready {
		f.cond.Wait()
	}
	return f.peek() // want `recursive read lock of f.mu through Feed.peek`
}

func (f *Feed) take() {
	f.cond.L.Lock()
	for !f.ready {
		f.cond.Wait()
	}
	f.mu.Lock() // want `f.mu locked while read-locked at lockers.go:\d+: an RWMutex cannot upgrade`
	f.items = f.items[1:]
	f.mu.Unlock()
	f.cond.L.Unlock()
}

func (f *Feed) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.wcond.L.Lock() // want `double lock of f.mu`
	f.ready = false
	f.wcond.L.Unlock()
}

// Negative: the read lock released before the write lock; Broadcast
// after the Unlock; the exclusive Cond waited on alone.
func (f *Feed) takeOK() {
	f.cond.L.Lock()
	for !f.ready {
		f.cond.Wait()
	}
	f.cond.L.Unlock()
	f.mu.Lock() // ok: the read lock is released
	f.items = f.items[1:]
	f.mu.Unlock()
}

func (f *Feed) push(v int) {
	f.mu.Lock()
	f.items = append(f.items, v)
	f.ready = true
	f.mu.Unlock()
	f.cond.Broadcast()
	f.wcond.L.Lock() // ok: f.mu is released
	f.wcond.Wait()
	f.wcond.L.Unlock()
}

// A Cond made with another object's mutex (the field is written from a
// parameter) names no lock: not followed, not reported.
type Sub struct {
	cond *sync.Cond
	mu   sync.RWMutex
}

func newSub(f *Feed) *Sub { return &Sub{cond: sync.NewCond(&f.mu)} }

func (s *Sub) wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cond.L.Lock() // ok: not resolved (another object's mutex)
	s.cond.L.Unlock()
}

// A local Locker for the read side, written once, is the read side.
func (f *Feed) localRead() {
	rl := f.mu.RLocker()
	rl.Lock()
	defer rl.Unlock()
	f.mu.Lock() // want `f.mu locked while read-locked at lockers.go:\d+: an RWMutex cannot upgrade`
	f.mu.Unlock()
}

// Cond.Wait releases its L and takes it again before it returns, under
// the locks still held: waiting while holding another lock orders that
// lock before L.
type Pipe struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func newPipe() *Pipe {
	p := &Pipe{}
	p.cond = sync.NewCond(&p.mu)
	return p
}

var statsMu sync.Mutex

func (p *Pipe) read() {
	p.mu.Lock()
	statsMu.Lock() // ok: first half (Pipe.mu -> statsMu)
	for p.n == 0 {
		p.cond.Wait() // want `lock order inversion: Pipe.mu acquired through p.cond.Wait \(which locks its L, p.mu, again\) \(locked at lockers.go:\d+\) while holding statsMu here, statsMu acquired while holding Pipe.mu at lockers.go:\d+`
	}
	p.n--
	statsMu.Unlock()
	p.mu.Unlock()
}

func (p *Pipe) write() {
	p.mu.Lock()
	p.n++
	p.mu.Unlock()
	p.cond.Signal()
}

// Waiting with only L held: released and taken again, no double lock.
func (p *Pipe) drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.n > 0 {
		p.cond.Wait() // ok
	}
}
