// Package integration holds tests that drive the tools cowlint plugs into
// for real, from outside the module: pre-commit, through the hooks in the
// repository's .pre-commit-hooks.yaml, and a CI fleet sharing go's build
// cache through GOCACHEPROG with go-tool-cache (fleet_test.go). (go vet is driven by
// internal/driver's tests, golangci-lint by plugin's.)
//
// These tests build or install third-party tools, which takes minutes on a
// cold machine, so they run only with COWLINT_INTEGRATION=1 (as .ci/run
// does); see internal/testexec.Integration.
package integration
