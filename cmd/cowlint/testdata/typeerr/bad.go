// Package typeerr does not type-check.
package typeerr

func F() int {
	return "not an int"
}
