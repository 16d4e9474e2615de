package shop

import (
	"sync/atomic"
)

// Stats counts requests from many goroutines.
type Stats struct {
	requests int64
	errors   atomic.Int64
}

// Request is called by every request.
func (s *Stats) Request() { atomic.AddInt64(&s.requests, 1) }

// Requests reads the counter. BUG: a plain read of a field written
// atomically is a data race.
func (s *Stats) Requests() int64 { return s.requests }

// Error is called when a request fails.
func (s *Stats) Error() { s.errors.Add(1) }

// TakeErrors returns the errors counted since the last call and resets the
// count. BUG: an Add between the Load and the Store is lost.
func (s *Stats) TakeErrors() int64 {
	n := s.errors.Load()
	s.errors.Store(0)
	return n
}
