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

	tick := make(chan struct{})
	go reloader(tick)
	for range 2 {
		go loopReloader(tick) // started in a loop: two reloaders
	}
	go twiceReloader() // started twice (and by init)
	go sharedReloader()
	go setShared() // another writer of shared
}

// The single reloader goroutine, started once by main, is the only writer
// of live: its Load-then-Store has no second writer to lose.
var live, lit, looped, twice, shared atomic.Pointer[Config]

func reloader(tick <-chan struct{}) {
	for range tick {
		old := live.Load()
		n := *old
		n.Limit++
		live.Store(&n) // ok: only this goroutine, started once in main, writes live
	}
}

func loopReloader(tick <-chan struct{}) {
	for range tick {
		old := looped.Load()
		n := *old
		n.Limit++
		looped.Store(&n) // want `looped.Store of a value derived from looped.Load`
	}
}

func twiceReloader() {
	old := twice.Load()
	n := *old
	n.Limit++
	twice.Store(&n) // want `twice.Store of a value derived from twice.Load`
}

func sharedReloader() {
	old := shared.Load()
	n := *old
	n.Limit++
	shared.Store(&n) // want `shared.Store of a value derived from shared.Load`
}

func setShared() {
	shared.Store(&Config{Name: "other"})
}

func init() {
	live.Store(&Config{}) // ok: init runs alone
	go twiceReloader()
	go func() {
		old := lit.Load()
		n := *old
		n.Name = "lit"
		lit.Store(&n) // ok: a literal started once by init, the only writer of lit
	}()
}
