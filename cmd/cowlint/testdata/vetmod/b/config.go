package b

import "sync/atomic"

// Config is published through an atomic pointer by Publish.
type Config struct{ Limit int }

var current atomic.Pointer[Config]

// Publish makes c the current configuration.
func Publish(c *Config) { current.Store(c) }
