package golangcitest

import "sync/atomic"

// Server's hits are counted atomically and read plainly: atomicmix reports
// the plain read and suggests atomic.LoadInt64 (the --fix assertion).
type Server struct{ hits int64 }

func (s *Server) Serve() { atomic.AddInt64(&s.hits, 1) }

func (s *Server) Hits() int64 { return s.hits }
