package b

import "sync/atomic"

// Stats is counted atomically here and read plainly in package a.
type Stats struct{ Hits int64 }

func (s *Stats) Record() { atomic.AddInt64(&s.Hits, 1) }

// Plain is counted plainly here and atomically in package a.
type Plain struct{ N int64 }

func (p *Plain) Bump() { p.N++ }
