package lockorder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

// TestDOT checks that -lockorder.dot writes one graph per package, the
// importing package's including the imported edges.
func TestDOT(t *testing.T) {
	dir := t.TempDir()
	dotDir = dir
	defer func() { dotDir = "" }()
	analysistest.Run(t, analysistest.TestData(), Analyzer, "a")
	got, err := os.ReadFile(filepath.Join(dir, "a.dot"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`digraph "lockorder a"`,
		`"b.Inner.mu" -> "b.Outer.mu" [label="a.go:16 through Outer.Touch (locked at b.go:26)"];`,
		`"b.Outer.mu" -> "b.Inner.mu" [label="b.go:20\nb"];`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("a.dot lacks %s:\n%s", want, got)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b.dot")); err != nil {
		t.Errorf("no graph for b: %v", err)
	}
}
