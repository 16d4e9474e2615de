package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cowlint/cowlint/internal/testexec"
)

// TestDiff: cowlint -diff prints one unified diff of the first fix of each
// finding, file names relative to the module root under a/ and b/, with
// correct line numbers when one hunk holds several fixes (the first of
// which removes a line), and adding the import of sync/atomic once where
// two fixes need it, as testdata/fixmod.diff; git apply and patch -p1
// accept it from the module root, and it is exactly what -fix then does.
// The findings without a fix are listed on standard error and counted in
// the summary.
func TestDiff(t *testing.T) {
	tool := build(t, ".", "cowlint")
	golden, err := os.ReadFile("testdata/fixmod.diff")
	if err != nil {
		t.Fatal(err)
	}
	dir := copyModule(t, "testdata/fixmod")
	diff, stderr := runSplit(t, dir, tool, 3, "-diff", "./...")
	if diff != string(golden) {
		t.Errorf("cowlint -diff printed\n%s\nwant (testdata/fixmod.diff)\n%s", diff, golden)
	}
	assertContains(t, stderr,
		"locks.go:25:2: lock order inversion",
		"cowlint: 7 findings (atomicmix 6, lockorder 1) in 2 packages; 6 fixes in the diff (3 files), 1 without a fix, ")
	if strings.Contains(stderr, "stats.go:") {
		t.Errorf("findings that have a fix were listed as unfixed:\n%s", stderr)
	}

	// From a subdirectory, names are still relative to the module root.
	if sub, _ := runSplit(t, filepath.Join(dir, "sub"), tool, 3, "-diff", "."); !strings.HasPrefix(sub, "diff --git a/sub/sub.go b/sub/sub.go\n--- a/sub/sub.go\n+++ b/sub/sub.go\n") {
		t.Errorf("cowlint -diff . in sub/ printed\n%s", sub)
	}

	patchFile := filepath.Join(t.TempDir(), "fix.diff")
	if err := os.WriteFile(patchFile, golden, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"git", "apply", "--check", patchFile}, {"patch", "-p1", "--dry-run", "-i", patchFile}} {
		if _, err := exec.LookPath(args[0]); err != nil {
			t.Logf("%s is not installed: not checked", args[0])
			continue
		}
		if out, code := testexec.Run(t, dir, nil, args[0], args[1:]...); code != 0 {
			t.Errorf("%s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
	}

	// -fix changes the files exactly as the diff does.
	patched := copyModule(t, "testdata/fixmod")
	if out, code := testexec.Run(t, patched, nil, "patch", "-p1", "-s", "-i", patchFile); code != 0 {
		t.Fatalf("patch: exit %d\n%s", code, out)
	}
	_, stderr = runSplit(t, dir, tool, 0, "-fix", "./...")
	assertContains(t, stderr, "; 6 fixes applied (3 files), 1 without a fix, ")
	for _, name := range []string{"stats.go", "sub/sub.go", "locks.go", "noimport.go"} {
		got, _ := os.ReadFile(filepath.Join(dir, name))
		want, _ := os.ReadFile(filepath.Join(patched, name))
		if string(got) != string(want) {
			t.Errorf("after -fix, %s is\n%s\nwant (the diff applied)\n%s", name, got, want)
		}
	}
	// What is left has no fix.
	if diff, _ := runSplit(t, dir, tool, 0, "-diff", "./..."); diff != "" {
		t.Errorf("-diff after -fix printed\n%s", diff)
	}
}

// runSplit runs the tool in dir and returns its standard output and error,
// failing the test unless it exits with code.
func runSplit(t *testing.T, dir, tool string, code int, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(tool, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), goEnv...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	got := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		got = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if got != code {
		t.Errorf("cowlint %s in %s: exit %d, want %d; stderr:\n%s", strings.Join(args, " "), dir, got, code, errOut.String())
	}
	return out.String(), errOut.String()
}
