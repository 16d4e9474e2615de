// Package cstats declares a statistics block that several cache types // want package:`atomic\(Stats.Reads\) atomic\(Stats.Writes in cstats.WriteCache\)`
// embed by value, and one of them, updated atomically.
package cstats

import "sync/atomic"

type Stats struct {
	Writes uint64
	Reads  uint64
	Evicts uint64
}

// Hit is a method of Stats: it may update any container's Reads.
func (s *Stats) Hit() { atomic.AddUint64(&s.Reads, 1) }

// WriteCache updates its own Stats.Writes atomically.
type WriteCache struct {
	Stats
}

func (c *WriteCache) Put() { atomic.AddUint64(&c.Writes, 1) }

// Ring holds a WriteCache by value: its Writes are a WriteCache's.
type Ring struct {
	Head WriteCache
}
