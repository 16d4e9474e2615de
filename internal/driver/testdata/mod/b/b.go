// Package b declares functions that the test analyzer marks with a fact:
// the fact must reach package a through go vet's .vetx files.
package b

// Unsafe is marked by the test analyzer (its name starts with Unsafe).
func Unsafe() {}

// Safe is what the suggested fix calls instead.
func Safe() {}
