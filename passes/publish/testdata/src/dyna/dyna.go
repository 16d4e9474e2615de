// want package:`methods\(Box.Set synchronises\(0\); Lessor.expire mutates\(1\); Patcher.Apply mutates\(1\); Registry.Visit calls\(p2\(0=p1\)\)\)`

// Package dyna is the defining half of the dynb fixture: an interface
// with one mutating implementation, a package variable holding it, a
// function-typed field set in a constructor to an exported function and
// to an unexported method value (whose facts are exported because it is
// used as a value), a setter and a getter behind interfaces, and a
// generic function stored in a field.
package dyna

import "sync/atomic"

type Config struct {
	Name   string
	Limits map[string]int
}

type Mutator interface{ Apply(c *Config) }

type Patcher struct{}

func (*Patcher) Apply(c *Config) { c.Limits["patched"] = 1 }

var Default Mutator = &Patcher{}

type Lessor struct {
	OnRenew   func(c *Config)
	OnRead    func(c *Config)
	OnExpire  func(c *Config)
	OnRestore func(c *Config)
}

func NewLessor() *Lessor {
	le := &Lessor{OnRenew: Rename, OnRead: show}
	le.OnExpire = le.expire
	le.OnRestore = le.restore
	return le
}

func Rename(c *Config) { c.Name = "renewed" } // want Rename:`mutates\(0\)`

func show(c *Config) { _ = c.Name }

func (le *Lessor) expire(c *Config) { delete(c.Limits, "lease") }

func (le *Lessor) restore(c *Config) { _ = c.Limits["lease"] }

type Store interface {
	Set(c *Config)
	Get() *Config
}

type Box struct{ p atomic.Pointer[Config] }

func (b *Box) Set(c *Config) { b.p.Store(c) } // want Set:`publishes\(1\)`

func (b *Box) Get() *Config { return b.p.Load() } // want Get:`snapshot\(b.p\)`

func Insert[V any](m map[string]V, k string, v V) { m[k] = v } // want Insert:`mutates\(0\)`

type Table struct {
	Put func(m map[string]int, k string, v int)
}

func NewTable() *Table { return &Table{Put: Insert[int]} }

// Callbacks called with an argument: a function and a method.

func Each(c *Config, f func(c *Config)) { f(c) } // want Each:`calls\(p1\(0=p0\)\)`

type Registry struct{}

func (r *Registry) Visit(c *Config, f func(c *Config)) { f(c) }
