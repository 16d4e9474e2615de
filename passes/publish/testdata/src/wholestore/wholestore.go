// Package wholestore tests whole-struct stores through a published pointer
// (*c = Config{...}), which the IR makes field by field from the literal.
package wholestore

import "sync/atomic"

type Config struct {
	Limit, Burst int
	Tags         []string
}

var current atomic.Pointer[Config]

func reset() {
	c := &Config{Limit: 1}
	current.Store(c)
	*c = Config{} // want `write to \*c after c was published by current.Store at wholestore.go:16`
}

func replace(limit int) {
	c := &Config{}
	current.Store(c)
	*c = Config{Limit: limit, Burst: 2} // want `write to \*c after c was published by current.Store`
}

func replaceWithSlice(t string) {
	c := &Config{}
	current.Store(c)
	*c = Config{Tags: []string{t}} // want `write to \*c after c was published by current.Store`
}

func build(limit int) {
	c := &Config{}
	*c = Config{Limit: limit} // ok: before the publication
	current.Store(c)
}

func fresh(limit int) {
	c := &Config{}
	current.Store(c)
	c = &Config{Limit: limit} // ok: c is rebound to a fresh object
	c.Burst = 1               // ok: the fresh object is not published
}

func initialised(limit int) {
	c := &Config{Limit: limit, Burst: 2} // ok: initialising a fresh object
	current.Store(c)
}
