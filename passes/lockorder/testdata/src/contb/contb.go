// Package contb exports containers of functions that lock its mutex:
// package conta calls them, resolved through callres's fact.
package contb

import "sync"

var Mu sync.Mutex

func LockMu() { // want LockMu:"acquires Mu"
	Mu.Lock()
	Mu.Unlock()
}

func Quiet() {}

// Hooks holds a function that locks Mu.
var Hooks = []func(){LockMu}

// QuietHooks holds only functions that lock nothing.
var QuietHooks = map[string]func(){"q": Quiet}
