// Package serialize tests the serialization rule: a Store (or Swap) of a
// value derived from a Load of the same atomic variable by a writer that
// holds no lock from the Load to the Store loses concurrent writers'
// updates; a writer mutex held across both (when every writer of the
// variable holds it), a CompareAndSwap loop, a full
// reload, a restore of the loaded value and init are silent.
package serialize

import (
	"maps"
	"os"
	"slices"
	"sync"
	"sync/atomic"
)

type Config struct {
	Name   string
	Limits map[string]int
	Tags   []string
}

var (
	cfg    atomic.Pointer[Config]
	locked atomic.Pointer[Config] // every writer holds mu
	val    atomic.Value
	mu     sync.Mutex
	rw     sync.RWMutex
	other  sync.Mutex
)

func copyAndStore(k string, v int) {
	old := cfg.Load()
	n := *old
	n.Limits = maps.Clone(old.Limits)
	n.Limits[k] = v
	cfg.Store(&n) // want `cfg.Store of a value derived from cfg.Load at serialize.go:33 with no lock held from Load to Store: concurrent writers lose updates \(hold one writer mutex from Load to Store, or retry with CompareAndSwap\)`
}

func fieldOverlay(name string) {
	old := cfg.Load()
	cfg.Store(&Config{Name: name, Limits: old.Limits, Tags: old.Tags}) // want `cfg.Store of a value derived from cfg.Load`
}

func newConfig(limits map[string]int) *Config { return &Config{Limits: limits} }

func constructor() {
	cfg.Store(newConfig(maps.Clone(cfg.Load().Limits))) // want `cfg.Store of a value derived from cfg.Load`
}

func sliceClone(t string) {
	old := cfg.Load()
	tags := append(slices.Clone(old.Tags), t)
	cfg.Store(&Config{Name: old.Name, Tags: tags}) // want `cfg.Store of a value derived from cfg.Load`
}

func valueAssert(k string) {
	m := val.Load().(map[string]int)
	n := maps.Clone(m)
	n[k] = 1
	val.Store(n) // want `val.Store of a value derived from val.Load`
}

func swap(t string) *Config {
	old := cfg.Load()
	n := *old
	n.Tags = append(slices.Clip(old.Tags), t)
	return cfg.Swap(&n) // want `cfg.Swap of a value derived from cfg.Load at serialize.go:65 with no lock held from Load to Swap`
}

func readLockOnly(k string) {
	rw.RLock()
	defer rw.RUnlock()
	old := cfg.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits[k] = 1
	cfg.Store(n) // want `cfg.Store of a value derived from cfg.Load`
}

func unlockedBetween(k string) {
	mu.Lock()
	old := cfg.Load()
	mu.Unlock()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits[k] = 1
	mu.Lock()
	cfg.Store(n) // want `cfg.Store of a value derived from cfg.Load`
	mu.Unlock()
}

func twoLocks(k string) {
	mu.Lock()
	old := cfg.Load()
	mu.Unlock()
	other.Lock()
	defer other.Unlock()
	n := &Config{Limits: maps.Clone(old.Limits)}
	cfg.Store(n) // want `cfg.Store of a value derived from cfg.Load`
}

// Silent.

func writerHoldsMu(k string) {
	mu.Lock()
	defer mu.Unlock()
	old := locked.Load()
	n := *old
	n.Limits = maps.Clone(old.Limits)
	n.Limits[k] = 1
	locked.Store(&n) // ok: mu is held from Load to Store, and by every writer of locked
}

func writerHoldsMuExplicit(k string) {
	mu.Lock()
	old := locked.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits[k] = 1
	locked.Store(n) // ok: mu is held from Load to Store, and by every writer of locked
	mu.Unlock()
}

// A writer mutex serialises nothing while one writer goes without it:
// copyAndStore's Store lands between this Load and Store and is lost.
func writerHoldsMuOthersDoNot(k string) {
	mu.Lock()
	defer mu.Unlock()
	old := cfg.Load()
	n := *old
	n.Limits = maps.Clone(old.Limits)
	n.Limits[k] = 1
	cfg.Store(&n) // want `cfg.Store of a value derived from cfg.Load at serialize.go:\d+: mu is held from Load to Store, but cfg.Store at serialize.go:37 writes cfg without it, and that update is lost \(every writer must hold the writer mutex, or retry with CompareAndSwap\)`
}

// Writers that run alone need no lock: init, and a constructor storing
// into the holder it allocated before anything else can see it.

func init() {
	locked.Store(&Config{Name: "default"})
}

type holder struct {
	mu  sync.Mutex
	cur atomic.Pointer[Config]
}

func newHolder() *holder {
	h := &holder{}
	h.cur.Store(&Config{}) // h is not shared yet
	return h
}

func (h *holder) set(k string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	old := h.cur.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits[k] = 1
	h.cur.Store(n) // ok: every writer of cur holds h.mu, but newHolder's, which runs alone
}

// A constructor that shares the object first is a writer like any other.

type shared struct {
	mu  sync.Mutex
	cur atomic.Pointer[Config]
}

var registry []*shared

func newShared() *shared {
	s := &shared{}
	registry = append(registry, s)
	s.cur.Store(&Config{})
	return s
}

func (s *shared) set(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits[k] = 1
	s.cur.Store(n) // want `s.cur.Store of a value derived from s.cur.Load at serialize.go:\d+: s.mu is held from Load to Store, but s.cur.Store at serialize.go:\d+ writes s.cur without it`
}

func casLoop(k string) {
	for {
		old := cfg.Load()
		n := &Config{Limits: maps.Clone(old.Limits)}
		n.Limits[k] = 1
		if cfg.CompareAndSwap(old, n) { // ok: a CAS loop retries on a concurrent update
			return
		}
	}
}

func reload(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if cfg.Load() != nil && cfg.Load().Name == string(data) {
		return nil
	}
	cfg.Store(&Config{Name: string(data)}) // ok: a full reload, not derived from the Load
	return nil
}

func restore() func() {
	old := cfg.Load()
	return func() { cfg.Store(old) } // ok: the loaded value itself, put back
}

func restoreDirect() {
	old := cfg.Load()
	cfg.Store(&Config{})
	cfg.Store(old) // ok: the loaded value itself, put back
}

func updateLocked(k string) {
	old := locked.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits[k] = 1
	locked.Store(n) // ok: every call holds the writer lock mu, as does every writer of locked
}

func update(k string) {
	mu.Lock()
	defer mu.Unlock()
	updateLocked(k)
}

// A name proves nothing: one call holds no lock.
func resetLocked() {
	old := cfg.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	cfg.Store(n) // want `cfg.Store of a value derived from cfg.Load`
}

func reset(locked bool) {
	if locked {
		mu.Lock()
		defer mu.Unlock()
	}
	resetLocked()
}

func init() {
	old := cfg.Load()
	if old == nil {
		old = &Config{}
	}
	n := *old
	n.Name = "init"
	cfg.Store(&n) // ok: init runs once, before any other goroutine
}

func ignored() {
	old := cfg.Load()
	n := *old
	//cowlint:ignore publish only the reloader goroutine, started once, writes cfg
	cfg.Store(&n)
}

// Box is a generic copy-on-write holder.
type Box[T any] struct {
	mu sync.Mutex
	p  atomic.Pointer[[]T]
}

func (b *Box[T]) Append(v T) {
	old := b.p.Load()
	n := append(slices.Clone(*old), v)
	b.p.Store(&n) // want `b.p.Store of a value derived from b.p.Load`
}

// A lock in one method of a generic type does not serialise the others.
func (b *Box[T]) AppendLocked(v T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.p.Load()
	n := append(slices.Clone(*old), v)
	b.p.Store(&n) // want `b.p.Store of a value derived from b.p.Load at serialize.go:\d+: b.mu is held from Load to Store, but b.p.Store at serialize.go:\d+ writes b.p without it`
}

// SBox is a generic copy-on-write holder whose writers all hold mu.
type SBox[T any] struct {
	mu sync.Mutex
	p  atomic.Pointer[[]T]
}

func (b *SBox[T]) Append(v T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.p.Load()
	n := append(slices.Clone(*old), v)
	b.p.Store(&n) // ok: b.mu is held from Load to Store, and by every writer of p
}

func (b *SBox[T]) Reset() {
	b.mu.Lock()
	b.p.Store(new([]T))
	b.mu.Unlock()
}

func NewSBox[T any]() *SBox[T] {
	b := new(SBox[T])
	b.p.Store(new([]T))
	return b
}

func resetInts(b *SBox[int]) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.p.Store(&[]int{})
}

// Whether the object was shared before the store is a control-flow
// question: a branch that shares it and returns does not lead to the
// store.
type early struct {
	mu  sync.Mutex
	cur atomic.Pointer[Config]
}

var earlies []*early

func newEarly(register bool) *early {
	e := &early{}
	if register {
		earlies = append(earlies, e)
		return e
	}
	e.cur.Store(&Config{}) // no path from the append reaches it
	return e
}

func (e *early) set(k string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.cur.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits[k] = 1
	e.cur.Store(n) // ok: every writer of cur holds e.mu, but newEarly's, which runs alone
}
