// Package integration holds tests that drive the tools cowlint plugs into
// for real, from outside the module: pre-commit, through the hooks in the
// repository's .pre-commit-hooks.yaml. (go vet is driven by
// internal/driver's tests, golangci-lint by plugin's.)
package integration
