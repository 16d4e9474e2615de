// Package b is imported by a.
package b

// Hits counts.
type Hits struct{ N int64 }

func explode() {}

func Use() {
	//cowlint:ignore atomicmix
	explode()
}
