// want package:"Inner.mu -> Outer.mu, Outer.mu -> Inner.mu"

// Package a closes a cycle whose other half is in package b, through b's
// lock helpers.
package a

import "b"

type Holder struct {
	in  *b.Inner
	out *b.Outer
}

func (h *Holder) reverse() {
	h.in.Lock()   // the helper returns holding Inner.mu
	h.out.Touch() // want `lock order inversion: Outer.mu acquired through Outer.Touch \(locked at b.go:\d+\) while holding Inner.mu here, Inner.mu acquired while holding Outer.mu at b.go:\d+ in b`
	h.in.Unlock()
}

func (h *Holder) helpers() {
	h.in.Lock()
	h.in.Unlock()
	h.out.Touch() // ok: Inner.mu released by the helper first
}

func (h *Holder) doubleThroughHelper() {
	h.in.Lock()
	h.in.Lock() // want `double lock of h.in.mu through Inner.Lock`
	h.in.Unlock()
}
