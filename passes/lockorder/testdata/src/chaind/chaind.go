// Package chaind ends package chaina's helper chains in its tests, and
// exports a helper of its own that nothing in the program calls.
package chaind

import "chaina"

// Lookup returns holding the chain's lock: a helper, which its callers
// must release. Nothing here calls it; its callers in other packages are
// checked where they are analysed (through its fact), and a library's
// callers outside the analysed program are not seen at all.
func Lookup(c *chaina.Client, k string) string { // want Lookup:"acquires Client.mu:R, holds Client.mu:R"
	v, _ := c.Do(k) // ok: Lookup is a helper too
	return v
}
