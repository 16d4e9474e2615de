// want package:`methods\(Box.Set synchronises\(0\); Config.SetName mutates\(0\)\)`

// Package b provides the helpers package a calls: a generic Box[T] around
// atomic.Pointer[T], functions that publish a parameter, return a snapshot
// or mutate a parameter. Their facts are what a relies on.
package b

import "sync/atomic"

type Config struct {
	Name   string
	Limits map[string]int
}

// Box wraps an atomic pointer.
type Box[T any] struct{ p atomic.Pointer[T] }

func (b *Box[T]) Set(v *T) { b.p.Store(v) } // want Set:`publishes\(1\)`

func (b *Box[T]) Get() *T { return b.p.Load() } // want Get:`snapshot\(b.p\)`

// Peek returns the snapshot through a local.
func (b *Box[T]) Peek() *T { // want Peek:`snapshot\(b.p\)`
	v := b.p.Load()
	return v
}

var global atomic.Pointer[Config]

func Publish(c *Config) { global.Store(c) } // want Publish:`publishes\(0\)`

// PublishVia publishes through another publishing function.
func PublishVia(c *Config) { Publish(c) } // want PublishVia:`publishes\(0\)`

func Current() *Config { return global.Load() } // want Current:`snapshot\(global\)`

func (c *Config) SetName(n string) { c.Name = n }

func AddLimit(m map[string]int, k string) { m[k]++ } // want AddLimit:`mutates\(0\)`

// Rename mutates through another mutating function.
func Rename(c *Config) { c.SetName("x") } // want Rename:`mutates\(0\)`

// Reassigned rebinds its parameter first: no fact.
func Reassigned(c *Config) {
	c = &Config{}
	c.Name = "x"
}

// WithName has a value receiver: it mutates its own copy, no fact.
func (c Config) WithName(n string) Config {
	c.Name = n
	return c
}

// Reads only reads: no fact.
func Reads(c *Config) string { return c.Name }

// Latest returns what another snapshot-returning function returns.
func Latest() *Config { return Current() } // want Latest:`snapshot\(global\)`

// Settings is a configuration handed out by value.
type Settings struct {
	Auth   *Auth
	Proxy  *Proxy
	Domain string
}

type Auth struct{ Providers []string }

type Proxy struct{ Rules map[string]string }

var settings atomic.Pointer[Settings]

// cloneForRead copies Auth deeply; Proxy is still shared.
func cloneForRead(s *Settings) Settings {
	out := *s
	if s.Auth != nil {
		a := *s.Auth
		a.Providers = append([]string(nil), s.Auth.Providers...)
		out.Auth = &a
	}
	return out
}

// MustSettings returns a snapshot by value, with Auth copied.
func MustSettings() Settings { // want MustSettings:`snapshot\(settings copied 0\)`
	s := settings.Load()
	if s == nil {
		return Settings{}
	}
	return cloneForRead(s)
}

// SettingsValue returns the snapshot by value, a shallow copy.
func SettingsValue() Settings { return *settings.Load() } // want SettingsValue:`snapshot\(settings\)`
