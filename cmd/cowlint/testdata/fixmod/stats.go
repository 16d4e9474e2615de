package fixmod

import "sync/atomic"

type Stats struct {
	hits, misses int64
	resets       atomic.Int64
}

func (s *Stats) Hit()  { atomic.AddInt64(&s.hits, 1) }
func (s *Stats) Miss() { atomic.AddInt64(&s.misses, 1) }

func (s *Stats) Reset() { s.resets.Add(1) }

// Three fixes in one hunk: the first removes a line, so the later ones
// move up in the new file.
func (s *Stats) Take() (resets int64, ratio float64) {
	n := s.resets.Load()
	s.resets.Store(0)
	h := s.hits
	m := s.misses
	return n, float64(h) / float64(h+m)
}

// A finding without a fix elsewhere in the module: see locks.go.
