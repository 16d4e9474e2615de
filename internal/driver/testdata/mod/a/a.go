// Package a calls a function of package b that carries a fact.
package a

import "example.com/mod/b"

func F() {
	b.Unsafe()
	b.Safe() // ok: not marked
}
