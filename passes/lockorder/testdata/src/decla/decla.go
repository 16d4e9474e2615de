// want package:"X.mu -> Y.mu, Y.mu -> Z.mu, Z.mu -> X.mu, Entry.mu -> Registry.mu, Registry.mu -> Entry.mu, declared Registry.mu < Entry.mu"

// Package decla follows and breaks an order declared in package declb, and
// closes a cycle of three classes.
package decla

import (
	"sync"

	"declb"
)

func follows(r *declb.Registry, e *declb.Entry) {
	r.Lock()
	e.Touch() // ok: the declared order
	r.Unlock()
}

func breaks(r *declb.Registry, e *declb.Entry) {
	e.Hold()
	r.Lock() // want `lock order violation: Registry.mu acquired through Registry.Lock \(locked at declb.go:\d+\) while holding Entry.mu, against //cowlint:order Registry.mu < Entry.mu at declb.go:7`
	r.Unlock()
	e.Release()
}

// A cycle of three: X -> Y -> Z -> X, reported once.
type X struct{ mu sync.Mutex }
type Y struct{ mu sync.Mutex }
type Z struct{ mu sync.Mutex }

func xy(x *X, y *Y) {
	x.mu.Lock()
	y.mu.Lock() // ok: first third
	y.mu.Unlock()
	x.mu.Unlock()
}

func yz(y *Y, z *Z) {
	y.mu.Lock()
	z.mu.Lock() // ok: second third
	z.mu.Unlock()
	y.mu.Unlock()
}

func zx(z *Z, x *X) {
	z.mu.Lock()
	x.mu.Lock() // want `lock order inversion: X.mu acquired while holding Z.mu here, Y.mu acquired while holding X.mu at decla.go:\d+, Z.mu acquired while holding Y.mu at decla.go:\d+`
	x.mu.Unlock()
	z.mu.Unlock()
}
