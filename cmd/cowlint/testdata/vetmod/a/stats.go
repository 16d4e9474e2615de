package a

import (
	"sync/atomic"

	"example.com/vetmod/b"
)

// Read reads a field that package b updates atomically.
func Read(s *b.Stats) int64 { return s.Hits }

// Count updates atomically a field that package b updates plainly.
func Count(p *b.Plain) { atomic.AddInt64(&p.N, 1) }
