// Package a imports b.
package a

import "example.com/vetmod/b"

func F() {
	b.Use()
	//cowlint:ignor atomicmix typo in the verb
}
