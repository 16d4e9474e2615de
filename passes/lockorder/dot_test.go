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

// TestDOTDescents checks that a recursion's descents (hierarchy.go) are
// drawn dashed and labelled, in the package that found them and in an
// importer's graph, and that an importer's own edge of the pair is not.
func TestDOTDescents(t *testing.T) {
	dir := t.TempDir()
	dotDir = dir
	defer func() { dotDir = "" }()
	analysistest.Run(t, analysistest.TestData(), Analyzer, "hierb")
	for file, wants := range map[string][]string{
		"hiera.dot": {
			`"hiera.Doc.Mu" -> "hiera.Folder.Mu" [label="hiera.go:65 through Folder.Walk (locked at hiera.go:54)\ndescent", style=dashed];`,
			`"hiera.Folder.Mu" -> "hiera.Doc.Mu" [label="hiera.go:57 through Doc.Walk (locked at hiera.go:62)\ndescent", style=dashed];`,
		},
		"hierb.dot": {
			`"hiera.Folder.Mu" -> "hiera.Doc.Mu" [label="hiera.go:57 through Doc.Walk (locked at hiera.go:62)\nhiera\ndescent", style=dashed];`,
			`"hiera.Doc.Mu" -> "hiera.Folder.Mu" [label="hierb.go:34"];`,
		},
	} {
		got, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range wants {
			if !strings.Contains(string(got), want) {
				t.Errorf("%s lacks %s:\n%s", file, want, got)
			}
		}
	}
}
