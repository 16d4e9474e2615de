package checks

import "sync/atomic"

// Derivations through several locals, in any order of the body, and
// several Loads in one body (each loaded local derives on its own).

type chained struct {
	n atomic.Int64
	m atomic.Int64
}

func (c *chained) chain() {
	v := c.n.Load()
	a := v + 1
	b := a
	c.n.Store(b) // want `c.n.Load followed by c.n.Store\(b\) loses concurrent updates: b is computed from the loaded value`
}

func (c *chained) bothBranches(on bool) {
	v := c.n.Load()
	w := v
	if on {
		w = v * 2
	}
	c.n.Store(w) // want `w is computed from the loaded value`
}

// Silent: a link of the chain is reassigned from something else.
func (c *chained) chainBroken() {
	v := c.n.Load()
	a := v + 1
	b := a
	b = reload()
	c.n.Store(b) // ok: b is reassigned from elsewhere
}

func (c *chained) otherBranch(on bool, x int64) {
	v := c.n.Load()
	w := v
	if on {
		w = x
	}
	c.n.Store(w) // ok: w may hold x
	_ = v
}

func (c *chained) sourceLater(x int64) {
	v := c.n.Load()
	w := x
	c.n.Store(w) // ok: w holds x, not the loaded value
	w = v + 1
	_ = w
}

// Two loaded locals in one body: w derives from v only, u from neither.
func (c *chained) two(x int64) {
	v := c.n.Load()
	w := v + 1
	c.n.Store(w) // want `w is computed from the loaded value`
	m := c.m.Load()
	u := x
	c.m.Store(u) // ok: u does not come from m
	_ = m
}
