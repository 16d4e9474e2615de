// Package dynb calls dyna's code through interfaces and function-typed
// fields: CHA over an imported type, value flow through an imported
// package variable, assignments an imported constructor made (the
// function's facts), publication and snapshots behind an interface, a
// generic function stored in a field.
package dynb

import (
	"sync/atomic"

	"dyna"
)

var cfg atomic.Pointer[dyna.Config]

func viaInterface(m dyna.Mutator) {
	m.Apply(cfg.Load()) // want `in-place mutation of a snapshot loaded from cfg through interface call m.Apply resolved by CHA to \(\*dyna.Patcher\).Apply`
}

func viaVariable() {
	dyna.Default.Apply(cfg.Load()) // want `through interface call dyna.Default.Apply resolved by value flow to \(\*dyna.Patcher\).Apply`
}

func viaField(le *dyna.Lessor) {
	c := cfg.Load()
	le.OnRenew(c)   // want `through call of function value le.OnRenew resolved by assignments to dyna.Rename`
	le.OnExpire(c)  // want `through call of function value le.OnExpire resolved by assignments to \(\*dyna.Lessor\).expire`
	le.OnRead(c)    // ok: dyna.show only reads
	le.OnRestore(c) // ok: restore only reads
}

func publishThenWrite(s dyna.Store) {
	c := &dyna.Config{Limits: map[string]int{}}
	s.Set(c)
	c.Limits["late"] = 1 // want `write to c.Limits\["late"\] after c was published by interface call s.Set resolved by CHA to \(\*dyna.Box\).Set`
}

func getThenWrite(s dyna.Store) {
	s.Get().Name = "x" // want `in-place mutation of a snapshot loaded from s.Get\(\) \(interface call s.Get resolved by CHA to \(\*dyna.Box\).Get\)`
}

func generic(t *dyna.Table) {
	t.Put(cfg.Load().Limits, "x", 1) // want `through call of function value t.Put resolved by assignments to dyna.Insert`
}

func callbacks(r *dyna.Registry, p *dyna.Patcher) {
	dyna.Each(cfg.Load(), dyna.Rename)                                // want `through dyna.Rename \(the callback passed to dyna.Each\)`
	r.Visit(cfg.Load(), p.Apply)                                      // want `through \(\*dyna.Patcher\).Apply \(the callback passed to \(\*dyna.Registry\).Visit\)`
	dyna.Each(cfg.Load(), func(c *dyna.Config) { _ = c.Limits["x"] }) // ok: reads
}
