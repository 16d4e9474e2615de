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
