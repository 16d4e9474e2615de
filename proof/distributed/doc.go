// Package distributed proves the property that lets cowlint run on build
// systems that spread analysis over many machines (Bazel's nogo with remote
// execution, go vet with a shared GOCACHEPROG cache): analyzing a package
// from its dependencies' fact files alone, in a separate process per
// package as go vet's unitchecker protocol does it, gives the same findings
// as analyzing everything in one process. See distributed_test.go and
// docs/fleets.md.
package distributed
