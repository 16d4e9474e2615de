// Package p is built by irbuild's test: only keep's body is built.
package p

var initialised = compute()

func compute() int { return 1 }

func keep() int { return compute() + 1 }

func drop() int { return compute() + 2 }

func lit() func() int {
	return func() int { return 3 }
}
