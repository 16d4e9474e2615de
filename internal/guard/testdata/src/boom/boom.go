// Package boom is analyzed by an analyzer that panics in function explode.
package boom

func fine() {}

func explode() {}
