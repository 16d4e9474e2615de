// Package dynuse calls dyndep's interface and function-typed field: a
// call resolved through another package's types or facts is not
// complete (an implementation or an assignment may be in yet another
// package), so a fresh object handed to it has escaped.
package dynuse

import "dyndep"

func fromSource(src dyndep.Source) *dyndep.Stats {
	s := &dyndep.Stats{}
	src.Fill(s)
	s.Hits = 1 // want `plain write of Stats.Hits, which is accessed atomically \(atomic.AddInt64 in dyndep`
	return s
}

func fromHook() *dyndep.Stats {
	s := &dyndep.Stats{}
	dyndep.Default.Fill(s)
	s.Hits = 1 // want `plain write of Stats.Hits, which is accessed atomically \(atomic.AddInt64 in dyndep`
	return s
}

// An implementation here of dyndep's interface: its plain read is
// reported through dyndep's fact.
type mine struct{}

func (mine) Fill(s *dyndep.Stats) {
	_ = s.Hits // want `plain read of Stats.Hits, which is accessed atomically \(atomic.AddInt64 in dyndep`
}

// An unexported field of this package holding another package's
// function: resolved completely, but a callee of another package is out
// of retain's sight, so the call keeps s.
type local struct{ fill func(*dyndep.Stats) }

func newLocal() *local { return &local{fill: dyndep.Label} }

func (l *local) make() *dyndep.Stats {
	s := &dyndep.Stats{}
	l.fill(s)
	s.Hits = 1 // want `plain write of Stats.Hits, which is accessed atomically \(atomic.AddInt64 in dyndep`
	return s
}

// The same field holding a literal of this package: keeps nothing.
type own struct{ fill func(*dyndep.Stats) }

func newOwn() *own {
	return &own{fill: func(s *dyndep.Stats) { s.Label = 4 }}
}

func (o *own) make() *dyndep.Stats {
	s := &dyndep.Stats{}
	o.fill(s)
	s.Hits = 1 // ok: the literal keeps nothing of s
	return s
}
