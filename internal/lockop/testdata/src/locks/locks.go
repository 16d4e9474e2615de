// Package locks exercises every lock operation form internal/lockop must
// recognise: fields, package variables, locals, embedded mutexes, RLocker,
// defer, sync.Locker (opaque) and generic types; and lookalikes it must not.
package locks

import "sync"

type Server struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	conns map[int]*Conn
}

type Conn struct {
	sync.Mutex // embedded: promoted methods
	stats      struct {
		mu sync.Mutex
	}
}

var (
	globalMu sync.Mutex
	registry struct {
		sync.RWMutex
		names []string
	}
)

func fields(s *Server) {
	s.mu.Lock()         // want "Lock Mutex field locks.Server.mu"
	s.mu.Unlock()       // want "Unlock Mutex field locks.Server.mu"
	s.mu.TryLock()      // want "TryLock Mutex field locks.Server.mu"
	s.rw.RLock()        // want "RLock RWMutex field locks.Server.rw"
	s.rw.RUnlock()      // want "RUnlock RWMutex field locks.Server.rw"
	s.rw.TryRLock()     // want "TryRLock RWMutex field locks.Server.rw"
	s.rw.Lock()         // want "Lock RWMutex field locks.Server.rw"
	defer s.rw.Unlock() // want "deferred Unlock RWMutex field locks.Server.rw"
}

func embedded(c *Conn, v Conn) {
	c.Lock()                  // want "Lock Mutex field locks.Conn.Mutex"
	c.Mutex.Unlock()          // want "Unlock Mutex field locks.Conn.Mutex"
	v.Lock()                  // want "Lock Mutex field locks.Conn.Mutex"
	c.stats.mu.Lock()         // want "Lock Mutex field locks.Conn.stats.mu"
	defer c.stats.mu.Unlock() // want "deferred Unlock Mutex field locks.Conn.stats.mu"
}

func globals() {
	globalMu.Lock()    // want "Lock Mutex global locks.globalMu"
	globalMu.Unlock()  // want "Unlock Mutex global locks.globalMu"
	registry.RLock()   // want "RLock RWMutex global locks.registry.RWMutex"
	registry.RUnlock() // want "RUnlock RWMutex global locks.registry.RWMutex"
	var mu sync.Mutex
	mu.Lock()   // want "Lock Mutex local mu"
	mu.Unlock() // want "Unlock Mutex local mu"
}

func rlocker(s *Server) {
	s.rw.RLocker().Lock()   // want "RLock RWMutex field locks.Server.rw via RLocker"
	s.rw.RLocker().Unlock() // want "RUnlock RWMutex field locks.Server.rw via RLocker"
	l := s.rw.RLocker()
	l.Lock()   // want "RLock RWMutex field locks.Server.rw via RLocker"
	l.Unlock() // want "RUnlock RWMutex field locks.Server.rw via RLocker"
}

func opaque(l sync.Locker, p *sync.Mutex) {
	l.Lock()         // want "Lock Locker local l"
	defer l.Unlock() // want "deferred Unlock Locker local l"
	p.Lock()         // want "Lock Mutex unknown ?"
	p.Unlock()       // want "Unlock Mutex unknown ?"
}

func indexed(conns []Conn, byID map[int]*Conn) {
	conns[0].Lock()  // want "Lock Mutex field locks.Conn.Mutex"
	byID[1].Unlock() // want "Unlock Mutex field locks.Conn.Mutex"
}

// Guarded is generic: the lock's class is the origin type's field.
type Guarded[T any] struct {
	mu  sync.RWMutex
	val T
}

func (g *Guarded[T]) Get() T {
	g.mu.RLock()         // want "RLock RWMutex field locks.Guarded.mu"
	defer g.mu.RUnlock() // want "deferred RUnlock RWMutex field locks.Guarded.mu"
	return g.val
}

func useGuarded(g *Guarded[int]) {
	g.mu.Lock()   // want "Lock RWMutex field locks.Guarded.mu"
	g.mu.Unlock() // want "Unlock RWMutex field locks.Guarded.mu"
}

// lookalike has lock-named methods but is not a sync mutex.
type lookalike struct{}

func (lookalike) Lock()   {}
func (lookalike) Unlock() {}

func notLocks(l lookalike, s *Server) {
	l.Lock()   // ok: not a sync mutex
	l.Unlock() // ok: not a sync mutex
	var once sync.Once
	once.Do(func() {}) // ok: not a lock operation
	f := s.mu.Lock
	_ = f // ok: a method value is not a call
}

// Lockers reached through abstraction: named by their variable or field.

type LockerGuarded[L sync.Locker] struct {
	mu L
	n  int
}

func (g *LockerGuarded[L]) Inc() {
	g.mu.Lock() // want "Lock Locker field locks.LockerGuarded.mu"
	g.n++
	g.mu.Unlock() // want "Unlock Locker field locks.LockerGuarded.mu"
}

type myLocker interface {
	Lock()
	Unlock()
}

type holder struct {
	l myLocker
	sync.Locker
}

func (h *holder) use() {
	h.l.Lock()   // want "Lock Locker field locks.holder.l"
	h.l.Unlock() // want "Unlock Locker field locks.holder.l"
	h.Lock()     // want "Lock Locker field locks.holder.Locker"
	h.Unlock()   // want "Unlock Locker field locks.holder.Locker"
}

func withLocker[L interface {
	Lock()
	Unlock()
}](l L) {
	l.Lock()   // want "Lock Locker local l"
	l.Unlock() // want "Unlock Locker local l"
}

// Lookalikes: a Lock with arguments, an interface without Unlock.
type leaser interface {
	Lock(id int)
	Unlock(id int)
}

type onlyLock interface{ Lock() }

func lookalikes(a leaser, b onlyLock) {
	a.Lock(1)
	a.Unlock(1)
	b.Lock()
}

// sync.Cond's L stands for another mutex: not named when its origin is
// unknown (a parameter).
func cond(c *sync.Cond) {
	c.L.Lock()   // want "Lock Locker unknown ?"
	c.L.Unlock() // want "Unlock Locker unknown ?"
}

// Lockers that stand for a known mutex (Lockers.Resolve): a Cond made
// with a mutex of the object that holds it, a Locker field set to one, a
// local Locker or Cond written once.

type queue struct {
	mu    sync.RWMutex
	cond  *sync.Cond
	wcond sync.Cond
	rl    sync.Locker
	inner struct{ mu sync.Mutex }
	icond *sync.Cond
	pmu   *sync.Mutex
	pcond *sync.Cond
}

func newQueue() *queue {
	q := &queue{pmu: new(sync.Mutex)}
	q.cond = sync.NewCond(q.mu.RLocker())
	q.wcond.L = &q.mu
	q.rl = q.mu.RLocker()
	q.icond = &sync.Cond{L: &q.inner.mu}
	q.pcond = sync.NewCond(q.pmu)
	return q
}

func (q *queue) use() {
	q.cond.L.Lock()    // want "RLock RWMutex field locks.queue.mu via RLocker"
	q.cond.L.Unlock()  // want "RUnlock RWMutex field locks.queue.mu via RLocker"
	q.wcond.L.Lock()   // want "Lock RWMutex field locks.queue.mu"
	q.wcond.L.Unlock() // want "Unlock RWMutex field locks.queue.mu"
	q.rl.Lock()        // want "RLock RWMutex field locks.queue.mu via RLocker"
	q.rl.Unlock()      // want "RUnlock RWMutex field locks.queue.mu via RLocker"
	q.icond.L.Lock()   // want "Lock Mutex field locks.queue.inner.mu"
	q.icond.L.Unlock() // want "Unlock Mutex field locks.queue.inner.mu"
	q.pcond.L.Lock()   // want "Lock Mutex field locks.queue.pmu"
	q.pcond.L.Unlock() // want "Unlock Mutex field locks.queue.pmu"
}

func localCond(s *Server) {
	c := sync.NewCond(&s.mu)
	c.L.Lock()   // want "Lock Mutex field locks.Server.mu"
	c.L.Unlock() // want "Unlock Mutex field locks.Server.mu"
	var l sync.Locker = &s.rw
	l.Lock()   // want "Lock RWMutex field locks.Server.rw"
	l.Unlock() // want "Unlock RWMutex field locks.Server.rw"
	var conn Conn
	e := sync.NewCond(&conn)
	e.L.Lock()   // want "Lock Mutex field locks.Conn.Mutex"
	e.L.Unlock() // want "Unlock Mutex field locks.Conn.Mutex"
}

// Not resolved: a Cond field set from another object's mutex, or
// written twice differently; a Locker variable written twice; an
// exported field, which other packages may write.

type twice struct {
	mu, other sync.Mutex
	cond      *sync.Cond
	foreign   *sync.Cond
	Exported  sync.Locker
}

func newTwice(s *Server) *twice {
	t := &twice{foreign: sync.NewCond(&s.mu)}
	t.cond = sync.NewCond(&t.mu)
	t.Exported = &t.mu
	return t
}

func (t *twice) reset() { t.cond = sync.NewCond(&t.other) }

func (t *twice) use(s *Server) {
	t.cond.L.Lock()    // want "Lock Locker unknown ?"
	t.foreign.L.Lock() // want "Lock Locker unknown ?"
	t.Exported.Lock()  // want "Lock Locker field locks.twice.Exported"
	l := sync.Locker(&t.mu)
	l = &t.other
	l.Lock() // want "Lock Locker unknown ?"
}

// A mutex's own method taken as a value is an operation on that mutex
// where the value is called (Lockers.MethodValue): a local written once, an
// unexported field every write of which binds a mutex of its holder.

type hooked struct {
	mu     sync.Mutex
	rw     sync.RWMutex
	unlock func()
	rlock  func()
	try    func() bool
	mixed  func()
	other  func()
	Public func()
}

func newHooked(s *Server) *hooked {
	h := &hooked{}
	h.unlock = h.mu.Unlock
	h.rlock = h.rw.RLock
	h.try = h.mu.TryLock
	h.mixed = h.mu.Unlock
	h.other = s.mu.Unlock // another object's mutex: not followed
	h.Public = h.mu.Unlock
	return h
}

func (h *hooked) setMixed() { h.mixed = func() {} }

func (h *hooked) use() {
	h.unlock()       // want "Unlock Mutex field locks.hooked.mu"
	h.rlock()        // want "RLock RWMutex field locks.hooked.rw"
	h.try()          // want "TryLock Mutex field locks.hooked.mu"
	h.mixed()        // ok: also set to a closure
	h.other()        // ok: not a mutex of h
	h.Public()       // ok: exported, other packages may set it
	defer h.unlock() // want "deferred Unlock Mutex field locks.hooked.mu"
}

var (
	pkgLock   = globalMu.Lock
	pkgUnlock func()
)

func methodValues(s *Server, q *queue) {
	lock := s.mu.Lock
	lock() // want "Lock Mutex field locks.Server.mu"
	unlock := s.mu.Unlock
	defer unlock() // want "deferred Unlock Mutex field locks.Server.mu"
	f := s.rw.RLock
	f() // want "RLock RWMutex field locks.Server.rw"
	g := f
	g() // want "RLock RWMutex field locks.Server.rw"
	rl := q.mu.RLocker().Lock
	rl() // want "RLock RWMutex field locks.queue.mu via RLocker"
	var c Conn
	cl := c.Lock
	cl()      // want "Lock Mutex field locks.Conn.Mutex"
	pkgLock() // want "Lock Mutex global locks.globalMu"
	twice := s.mu.Lock
	twice = s.rw.Lock
	twice()     // ok: written twice
	pkgUnlock() // ok: written in a function with a local mutex
	var notLock func() = func() {}
	notLock()
}

func setPkgUnlock() {
	var mu sync.Mutex
	pkgUnlock = mu.Unlock
}
