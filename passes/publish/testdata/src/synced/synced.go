// want package:`methods\(FD.Write synchronises\(0\); Rand.Read synchronises\(0\); Rand.SetSource mutates\(0\); Stats.AddIf mutates\(0\)\)`

// Package synced tests mutation through methods that synchronise: a
// generator whose source holds the lock (math/rand's Rand dispatching on
// its lockedSource), and writes made while a mutex is held. Such methods do
// not mutate their arguments for this analysis; a plain setter does.
package synced

import (
	"sync"
	"sync/atomic"
)

type Source interface{ Int63() int64 }

type lockedSource struct {
	lk  sync.Mutex
	val int64
}

func (r *lockedSource) Int63() int64 { return r.val }

// read writes through its pointer parameters.
func read(p []byte, readVal *int64, readPos *int8) {
	*readPos = 0
	*readVal = 0
}

func (r *lockedSource) read(p []byte, readVal *int64, readPos *int8) {
	r.lk.Lock()
	read(p, readVal, readPos) // ok: under r.lk
	r.lk.Unlock()
}

type Rand struct {
	src     Source
	readVal int64
	readPos int8
}

func (r *Rand) Read(p []byte) {
	switch src := r.src.(type) {
	case *lockedSource:
		src.read(p, &r.readVal, &r.readPos)
		return
	}
	read(p, &r.readVal, &r.readPos)
}

func (r *Rand) SetSource(s Source) { r.src = s }

var global atomic.Pointer[Rand]

func Init() { global.Store(&Rand{src: &lockedSource{}}) }

func Read(p []byte) {
	global.Load().Read(p) // ok: Read synchronises on its source
}

func Reseed(s Source) {
	global.Load().SetSource(s) // want `in-place mutation of a snapshot loaded from global`
}

var statsMu sync.Mutex

type Stats struct{ n int }

func (s *Stats) Add() { // ok: no fact, the write happens under statsMu
	statsMu.Lock()
	s.n++
	statsMu.Unlock()
}

var stats atomic.Pointer[Stats]

func Count() {
	stats.Store(&Stats{})
	stats.Load().Add() // ok: Add writes under a lock
}

// AddIf locks only when asked: on the other path its write is
// unsynchronised, though it follows the Lock in the source.
func (s *Stats) AddIf(locking bool) {
	if locking {
		statsMu.Lock()
		defer statsMu.Unlock()
	}
	s.n++
}

// AddUnlessDone releases the lock on an early return; the write after it
// is still under the lock on the only path that reaches it.
func (s *Stats) AddUnlessDone(done bool) { // ok: no fact
	statsMu.Lock()
	if done {
		statsMu.Unlock()
		return
	}
	s.n++
	statsMu.Unlock()
}

func CountSome(locking, done bool) {
	stats.Load().AddIf(locking)      // want `in-place mutation of a snapshot loaded from stats`
	stats.Load().AddUnlessDone(done) // ok: the write is under statsMu on every path
}

// fdMutex is a custom lock built on atomics, like internal/poll's.
type fdMutex struct{ state uint64 }

func (mu *fdMutex) rwlock() bool { return atomic.CompareAndSwapUint64(&mu.state, 0, 1) }

func (mu *fdMutex) rwunlock() bool { return atomic.AddUint64(&mu.state, ^uint64(0)) == 0 }

// FD releases its descriptor on the last unlock, under fdmu.
type FD struct {
	fdmu  fdMutex
	Sysfd int
}

func (fd *FD) Write(p []byte) int {
	if !fd.fdmu.rwlock() {
		return 0
	}
	if fd.fdmu.rwunlock() {
		fd.Sysfd = -1
	}
	return len(p)
}

var conn atomic.Pointer[FD]

func Send(p []byte) {
	conn.Load().Write(p) // ok: FD coordinates its own state through fdmu (go-systemd journal's net.UnixConn)
}
