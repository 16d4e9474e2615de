package leak // want package:"KeyLock.mu -> entry.mu, Stats.mu -> Pool.mu, entry.mu -> KeyLock.mu"

import "sync"

// A per-key lock table: LockKey returns holding the key's mutex (a lock
// helper), UnlockKey releases it.

type entry struct{ mu sync.Mutex }

type KeyLock struct {
	mu   sync.RWMutex
	keys map[string]*entry
}

// LockKey takes the table lock, then the key's lock, and returns holding
// the key's lock.
func (l *KeyLock) LockKey(k string) { // want LockKey:"acquires KeyLock.mu, acquires entry.mu, holds entry.mu"
	l.mu.Lock()
	e, ok := l.keys[k]
	if !ok {
		e = &entry{}
		l.keys[k] = e
	}
	e.mu.Lock() // the table lock is held while this blocks: KeyLock.mu -> entry.mu
	l.mu.Unlock()
}

// UnlockKey read-locks the table while its caller still holds the key's
// lock: entry.mu -> KeyLock.mu, the other half of the cycle.
func (l *KeyLock) UnlockKey(k string) { // want UnlockKey:"acquires KeyLock.mu:R, releases entry.mu"
	l.mu.RLock()
	e := l.keys[k]
	l.mu.RUnlock()
	e.mu.Unlock()
}

func useKey(l *KeyLock) {
	l.LockKey("a")
	l.UnlockKey("a") // want `lock order inversion: KeyLock.mu acquired through KeyLock.UnlockKey .* while holding entry.mu here, entry.mu acquired while holding KeyLock.mu at keylock.go:\d+`
}

// Silent: a callee that releases the caller's lock before it takes
// another is no edge from the caller's lock.

type Pool struct {
	mu    sync.Mutex
	conns int
}

type Stats struct{ mu sync.Mutex }

// handOver releases the caller's p.mu, then takes st.mu.
func (p *Pool) handOver(st *Stats) {
	p.mu.Unlock()
	st.mu.Lock()
	st.mu.Unlock()
}

func (p *Pool) put(st *Stats) {
	p.mu.Lock()
	p.conns++
	p.handOver(st) // ok: p.mu is released before st.mu is taken
}

func (st *Stats) report(p *Pool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p.mu.Lock()
	p.conns = 0
	p.mu.Unlock()
}

// Silent: a table whose LockKey releases the table lock before it blocks
// on the key's lock; the key's lock is held across UnlockKey's table
// lookup, an order used everywhere (entry2.mu before KeyLock2.mu).

type entry2 struct{ mu sync.Mutex }

type KeyLock2 struct {
	mu   sync.Mutex
	keys map[string]*entry2
}

func (l *KeyLock2) LockKey(k string) { // want LockKey:"acquires entry2.mu, holds entry2.mu"
	l.mu.Lock()
	e := l.keys[k]
	l.mu.Unlock()
	e.mu.Lock()
}

func (l *KeyLock2) UnlockKey(k string) { // want UnlockKey:"releases entry2.mu"
	l.mu.Lock()
	e := l.keys[k]
	l.mu.Unlock()
	e.mu.Unlock()
}

func useKey2(l *KeyLock2) {
	l.LockKey("a")
	l.UnlockKey("a") // ok: one order
}
