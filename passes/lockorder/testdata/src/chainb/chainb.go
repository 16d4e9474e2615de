// Package chainb calls package chaina's lock helpers.
package chainb

import "chaina"

// Get is a helper too: it returns holding the chain's lock.
func Get(c *chaina.Client) string { // want Get:"acquires Client.mu:R, holds Client.mu:R"
	v, _ := c.Do("k")
	return v
}

// A goroutine at the end of a chain across two packages.
func Warm(c *chaina.Client) {
	go func() {
		Get(c) // want `c.mu, read-locked through Get -> Client.Do -> \.\.\., is never released: the goroutine ends holding it`
	}()
}

func Sweep(c *chaina.Client) { // want Sweep:"acquires Client.mu"
	c.Cleanup() // want `c.mu is held by Client.Cleanup -> Client.cleanup when it returns a nil error, and this call discards the result`
}

// Silent: used as designed.

func helperForOthers(c *chaina.Client) {
	c.Do("k") // ok: returns holding it, a helper its callers release
}

func SweepChecked(c *chaina.Client) { // want SweepChecked:"acquires Client.mu"
	if c.Cleanup() == nil {
		c.Unlock()
	}
}
