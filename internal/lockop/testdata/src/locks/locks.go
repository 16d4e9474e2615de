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
	l.Lock()   // want "Lock Locker unknown ?"
	l.Unlock() // want "Unlock Locker unknown ?"
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

// sync.Cond's L stands for another mutex: not named.
func cond(c *sync.Cond) {
	c.L.Lock()   // want "Lock Locker unknown ?"
	c.L.Unlock() // want "Unlock Locker unknown ?"
}
