package fixmod

// This file does not import sync/atomic: both fixes add the import, once.

func (s *Stats) Hits() int64 { return s.hits }

func (s *Stats) Misses() int64 { return s.misses }
