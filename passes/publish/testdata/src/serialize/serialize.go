// want package:`methods\(Box.Append synchronises\(0\); Box.AppendSerialised synchronises\(0\)\)`

// Package serialize tests the serialization rule: a Store (or Swap) of a
// value derived from a Load of the same atomic variable by a writer that
// holds no lock from the Load to the Store loses concurrent writers'
// updates; a writer mutex held across both, a CompareAndSwap loop, a full
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
	cfg   atomic.Pointer[Config]
	val   atomic.Value
	mu    sync.Mutex
	rw    sync.RWMutex
	other sync.Mutex
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
	old := cfg.Load()
	n := *old
	n.Limits = maps.Clone(old.Limits)
	n.Limits[k] = 1
	cfg.Store(&n) // ok: mu is held from Load to Store
}

func writerHoldsMuExplicit(k string) {
	mu.Lock()
	old := cfg.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits[k] = 1
	cfg.Store(n) // ok: mu is held from Load to Store
	mu.Unlock()
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
	old := cfg.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits[k] = 1
	cfg.Store(n) // ok: every call holds the writer lock mu
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

func (b *Box[T]) AppendSerialised(v T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.p.Load()
	n := append(slices.Clone(*old), v)
	b.p.Store(&n) // ok: b.mu is held from Load to Store
}
