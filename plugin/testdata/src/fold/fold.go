package fold

import "sync/atomic"

type Server struct{ hits int64 }

func (s *Server) Serve() { atomic.AddInt64(&s.hits, 1) }

func (s *Server) Hits() int64 { return s.hits } // want `plain read of Server.hits.* \[fold.go:7:28: atomic access of Server.hits\]$`
