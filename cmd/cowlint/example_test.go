package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cowlint/cowlint/internal/testexec"
)

// exampleOutputMarker precedes, in the README, the fenced block that shows
// what the README's first command prints.
const exampleOutputMarker = "<!-- example-output"

// readmeExampleOutput returns the output the README promises for its first
// command (cowlint -C example ./...).
func readmeExampleOutput(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), exampleOutputMarker)
	if !ok {
		t.Fatalf("README.md has no %q marker before the example's output", exampleOutputMarker)
	}
	_, block, ok := strings.Cut(after, "\n```\n")
	block, _, ok2 := strings.Cut(block, "```\n")
	if !ok || !ok2 {
		t.Fatalf("README.md: no fenced block after %q", exampleOutputMarker)
	}
	return block
}

// TestExample runs cowlint on example/ as the README's first command does
// and requires exactly the output the README shows, with exit status 3
// (findings): one finding of each kind, each with its evidence. If a
// pass's message changes, update the README's block (the test prints the
// new output).
func TestExample(t *testing.T) {
	tool := build(t, ".", "cowlint")
	example, err := filepath.Abs("../../example")
	if err != nil {
		t.Fatal(err)
	}
	out, code := testexec.Run(t, ".", []string{"GOWORK=off", "GOFLAGS="}, tool, "-C", example, "./...")
	if code != 3 {
		t.Errorf("cowlint -C example ./...: exit %d, want 3 (findings)", code)
	}
	// The summary line ends with the time taken.
	normalize := regexp.MustCompile(`(?m)^(cowlint: .*, )\d[\d.hms]*$`)
	out = normalize.ReplaceAllString(out, "${1}TIME")
	if want := normalize.ReplaceAllString(readmeExampleOutput(t), "${1}TIME"); out != want {
		t.Errorf("cowlint -C example ./... prints\n%s\nbut the README shows\n%s", out, want)
	}
	for _, kind := range []string{"lock order inversion", "in-place mutation of a snapshot", "accessed atomically", "loses concurrent updates"} {
		if !strings.Contains(out, kind) {
			t.Errorf("example/ has no finding %q", kind)
		}
	}
}
