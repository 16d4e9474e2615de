package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoNetDependency keeps package net (and with it the cgo resolver and
// runtime/cgo) out of the binary: go vet starts one cowlint process per
// package, and a dynamically linked one costs about 5-7 ms more each
// (BENCHMARKS.md, session 7). A dependency that pulls net in for a feature
// cowlint does not use (a progress bar's HTTP server, say) fails here.
func TestNoNetDependency(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, pkg := range []string{"net", "runtime/cgo"} {
		if slices.Contains(deps, pkg) {
			t.Errorf("cmd/cowlint depends on %s: find the import that brings it (go list -deps -f '{{.ImportPath}}: {{.Imports}}' .) and keep it out", pkg)
		}
	}
}
