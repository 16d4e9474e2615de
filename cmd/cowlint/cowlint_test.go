package main_test

// Driver-level tests: they build cmd/cowlint (and a variant with an analyzer
// that panics) and run the real go vet -vettool on small modules under
// testdata, asserting the diagnostics and the exit status.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cowlint/cowlint/internal/testexec"
)

var binDir string

// goEnv keeps the testdata modules self-contained.
var goEnv = []string{"GOWORK=off", "GOFLAGS=-mod=mod"}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cowlint-test-")
	if err != nil {
		panic(err)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// build builds the main package at pkg (relative to this directory) once
// per test binary and returns its path.
func build(t *testing.T, pkg, name string) string {
	t.Helper()
	bin := filepath.Join(binDir, name)
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

func assertContains(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q; output:\n%s", w, out)
		}
	}
}

// A panicking analyzer yields a report that names it, the package and the
// position, while the other analyzers' diagnostics in the same and other
// packages are still printed, and go vet exits non-zero without crashing.
// The second, cached run must print the same: go vet caches a package's
// output only when no analysis error is in it, which is why the panic is
// reported as a diagnostic under go vet (see internal/guard).
func TestVetPanickingAnalyzer(t *testing.T) {
	tool := build(t, "./testdata/panicker", "panicker")
	dir := copyModule(t, "testdata/vetmod")
	for _, attempt := range []string{"first run", "cached run"} {
		out, code := testexec.Run(t, dir, goEnv, "go", "vet", "-vettool="+tool, "./...")
		if code == 0 {
			t.Errorf("%s: go vet exited 0 after an analyzer panicked", attempt)
		}
		assertContains(t, out,
			"b/b.go:7:1: internal error: analyzer explode panicked analyzing package example.com/vetmod/b at",
			"assignment to entry in nil map",
			// the directive analyzer's findings in the same package and the other one:
			"b/b.go:10:2: cowlint:ignore atomicmix needs a reason",
			`a/a.go:8:2: unknown cowlint directive "ignor"`,
		)
		if strings.Contains(out, "goroutine ") && strings.Contains(out, "[running]") {
			t.Errorf("%s: the tool crashed instead of reporting an error:\n%s", attempt, out)
		}
	}
	// Standalone, the same panic is a failure (exit 1), not a finding.
	out, code := testexec.Run(t, dir, goEnv, tool, "./...")
	if code != 1 {
		t.Errorf("standalone: exit %d after a panic, want 1", code)
	}
	assertContains(t, out, "analyzer explode failed on package example.com/vetmod/b", "b/b.go:10:2: cowlint:ignore atomicmix needs a reason")
}

// copyModule copies the module at dir to a fresh directory, so that go
// vet's result cache, keyed by file contents and paths, starts cold for it
// in this test run.
func copyModule(t *testing.T, dir string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// A package with type errors gets the compiler's message, no panic.
func TestVetTypeErrors(t *testing.T) {
	tool := build(t, ".", "cowlint")
	for _, args := range [][]string{
		{"go", "vet", "-vettool=" + tool, "./..."},
		{tool, "./..."},
	} {
		out, code := testexec.Run(t, "testdata/typeerr", goEnv, args[0], args[1:]...)
		if code == 0 {
			t.Errorf("%v: exit 0 on a package with type errors", args)
		}
		assertContains(t, out, `bad.go:5:9: cannot use "not an int"`)
		if strings.Contains(out, "panic") {
			t.Errorf("%v: output mentions a panic:\n%s", args, out)
		}
	}
}

// An unknown flag is named, with usage, and exits 2, both standalone and
// under go vet.
func TestUnknownFlag(t *testing.T) {
	tool := build(t, ".", "cowlint")
	for _, args := range [][]string{
		{"go", "vet", "-vettool=" + tool, "-nosuchflag", "./..."},
		{tool, "-nosuchflag", "./..."},
	} {
		out, code := testexec.Run(t, "testdata/vetmod", goEnv, args[0], args[1:]...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		assertContains(t, out, "flag provided but not defined: -nosuchflag")
	}
}

// The real cowlint under the real go vet: facts cross the package boundary
// in both directions through vet's .vetx files (b's atomic access makes a's
// plain read a finding; a's atomic access meets b's plain write recorded in
// b's fact), malformed directives are reported with a clear message, and
// go vet exits 1 on findings. Standalone agrees and exits 3.
func TestVetFindings(t *testing.T) {
	tool := build(t, ".", "cowlint")
	// A fresh copy: go vet (Go 1.26) replays a package's cached output even
	// when that output came from a facts-only run of it as a dependency
	// (docs/usage.md, Troubleshooting), so an earlier `go vet ./a` in testdata/vetmod
	// would hide b's findings here.
	dir := copyModule(t, "testdata/vetmod")
	wants := []string{
		"a/stats.go:10:38: plain read of Stats.Hits, which is accessed atomically (atomic.AddInt64 in example.com/vetmod/b at stats.go:8:28)",
		"a/stats.go:13:26: atomic access of Plain.N, which package example.com/vetmod/b accesses plainly (a write at stats.go:13:26)",
		"b/b.go:10:2: cowlint:ignore atomicmix needs a reason",
		`a/a.go:8:2: unknown cowlint directive "ignor" (known: exclusive, ignore, order)`,
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"go", "vet", "-vettool=" + tool, "./..."}, 1},
		{[]string{tool, "./..."}, 3},
	} {
		out, code := testexec.Run(t, dir, goEnv, tc.args[0], tc.args[1:]...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d", tc.args, code, tc.code)
		}
		assertContains(t, out, wants...)
		if n := strings.Count(out, "which is accessed atomically") + strings.Count(out, "accesses plainly"); n != 2 {
			t.Errorf("%v: %d atomicmix findings, want 2:\n%s", tc.args, n, out)
		}
	}
}

// Vetting only package a makes go vet run the tool on b for its facts
// alone (VetxOnly), where the passes skip their reporting phases (see
// guard.FactsOnly): every finding in a that rests on b's facts must still
// be printed (atomicmix both ways, publish through b.Publish, a lock-order
// cycle whose other half is b's), and nothing of b's.
func TestVetDependencyFacts(t *testing.T) {
	tool := build(t, ".", "cowlint")
	dir := copyModule(t, "testdata/vetmod")
	out, code := testexec.Run(t, dir, goEnv, "go", "vet", "-vettool="+tool, "./a")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	assertContains(t, out,
		"a/stats.go:10:38: plain read of Stats.Hits, which is accessed atomically (atomic.AddInt64 in example.com/vetmod/b at stats.go:8:28)",
		"a/stats.go:13:26: atomic access of Plain.N, which package example.com/vetmod/b accesses plainly (a write at stats.go:13:26)",
		"a/config.go:9:2: write to c.Limit after c was published by b.Publish at config.go:8",
		"a/locks.go:9:2: lock order inversion: Store.mu acquired through Store.Touch (locked at locks.go:21) while holding Cache.mu here, Cache.mu acquired while holding Store.mu at locks.go:15 in example.com/vetmod/b",
	)
	if strings.Contains(out, "b/b.go") {
		t.Errorf("findings in package b, which was not vetted:\n%s", out)
	}

	// Go 1.26's go vet would now replay b's empty facts-only output for a
	// run that vets b itself (docs/usage.md, Troubleshooting); the standalone
	// command keys its results by the set of packages it asks for, so its
	// own partial run followed by a full one still reports b.
	dir = copyModule(t, "testdata/vetmod")
	if _, code := testexec.Run(t, dir, goEnv, tool, "./a"); code != 3 {
		t.Errorf("cowlint ./a: exit %d, want 3", code)
	}
	out, code = testexec.Run(t, dir, goEnv, tool, "./...")
	if code != 3 {
		t.Errorf("cowlint ./... after cowlint ./a: exit %d, want 3", code)
	}
	assertContains(t, out, "b/b.go:10:2: cowlint:ignore atomicmix needs a reason")
}
