// Package testexec runs external commands (go, golangci-lint, pre-commit,
// cowlint itself) for cowlint's driver-level tests.
package testexec

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"testing"
)

// Run runs name with args in dir, with env added to the environment, and
// returns its combined output and exit code. A command that cannot be
// started at all fails the test.
func Run(t testing.TB, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		return out.String(), exitErr.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out.String(), 0
}

// IntegrationEnv names the environment variable that turns on the
// integration tests: those that build or install third-party tools
// (golangci-lint, go-tool-cache, pre-commit) from package registries, which
// take minutes and gigabytes on a cold machine. .ci/run sets it to 1.
const IntegrationEnv = "COWLINT_INTEGRATION"

// Integration skips the test unless COWLINT_INTEGRATION=1 (and with
// -short). what says what the test builds or installs.
func Integration(t testing.TB, what string) {
	t.Helper()
	if os.Getenv(IntegrationEnv) != "1" {
		t.Skipf("integration test (%s): run with %s=1, as .ci/run does", what, IntegrationEnv)
	}
	if testing.Short() {
		t.Skipf("integration test (%s): skipped with -short", what)
	}
}
