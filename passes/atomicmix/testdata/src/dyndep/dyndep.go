// Package dyndep: memory accessed atomically, an exported interface and an exported function field. // want package:`atomic\(Stats.Hits\)`
package dyndep

import "sync/atomic"

type Stats struct {
	Hits  int64
	Label int
}

func (s *Stats) Hit() { atomic.AddInt64(&s.Hits, 1) }

// Source is implemented here and may be in importers.
type Source interface{ Fill(*Stats) }

type labelSource struct{}

func (labelSource) Fill(s *Stats) { s.Label = 1 }

type plainSource struct{}

// A plain write in an implementation is reported here, however it is
// reached.
func (plainSource) Fill(s *Stats) {
	s.Hits = 0 // want `plain write of Stats.Hits, which is accessed atomically`
}

// Hooks.Fill is exported: importers may assign it.
type Hooks struct{ Fill func(*Stats) }

var Default = &Hooks{Fill: func(s *Stats) { s.Label = 2 }}

// Label writes only the label: it keeps nothing of s.
func Label(s *Stats) { s.Label = 3 }
