// Package boom makes the test analyzer panic.
package boom

func F() {}
