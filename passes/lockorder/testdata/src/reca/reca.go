// want package:"U.mu -> T.Mu, T.Mu -> U.mu"

// Package reca closes a cycle through recb's mutually recursive methods:
// U.mu -> T.Mu through Odd, T.Mu -> U.mu here.
package reca

import (
	"sync"

	"recb"
)

type U struct{ mu sync.Mutex }

func count(u *U, t *recb.T) {
	u.mu.Lock()
	t.Odd(4) // ok: the first half
	u.mu.Unlock()
}

func closes(u *U, t *recb.T) {
	t.Mu.Lock()
	u.mu.Lock() // want `lock order inversion: U.mu acquired while holding T.Mu here, T.Mu acquired while holding U.mu at reca.go:\d+ through T.Odd -> T.Even`
	u.mu.Unlock()
	t.Mu.Unlock()
}
