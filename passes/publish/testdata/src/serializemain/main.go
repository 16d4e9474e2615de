// Command serializemain tests the serialization rule in a command's main
// and init functions: they run once, on the main goroutine, so a
// Load-then-Store there has no second writer until they start one
// (internal/hb: a goroutine started earlier and not joined on every path
// to the Store may be running at it).
package main

import (
	"sync"
	"sync/atomic"
)

type Config struct {
	Name  string
	Limit int
}

var cfg atomic.Pointer[Config]

func bump() {
	old := cfg.Load()
	n := *old
	n.Limit++
	cfg.Store(&n) // want `cfg.Store of a value derived from cfg.Load`
}

func init() {
	old := cfg.Load()
	if old == nil {
		old = &Config{}
	}
	n := *old
	n.Name = "init"
	cfg.Store(&n) // ok: init runs once, and has started no goroutine
}

func init() {
	go bump()
	old := cfg.Load()
	n := *old
	n.Name = "second"
	cfg.Store(&n) // want `cfg.Store of a value derived from cfg.Load`
}

func main() {
	old := cfg.Load()
	n := *old
	n.Limit = 1
	cfg.Store(&n) // ok: no goroutine started yet

	var wg sync.WaitGroup
	wg.Go(bump)
	wg.Wait()
	old = cfg.Load()
	m := *old
	m.Limit++
	cfg.Store(&m) // ok: the goroutine was joined

	for range 3 {
		old := cfg.Load()
		n := *old
		n.Limit++
		cfg.Store(&n) // want `cfg.Store of a value derived from cfg.Load`
		go bump()     // started in the loop: running at the next iteration's Store
	}
}
