package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/cowlint/cowlint/internal/testexec"
)

// TestCgoFixes: in a cgo package, analyzers see cgo's rewrite of each
// file; the fix of a finding in a.go must still edit a.go where the
// finding is (internal/guard maps it back through cgo's //line comments),
// and the fix that would add an import to b.go, which cannot be placed in
// the user's file, is dropped and counted, never applied at the wrong
// offsets (../shared/cases/cgo-fix).
func TestCgoFixes(t *testing.T) {
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled (no C compiler?)")
	}
	tool := build(t, ".", "cowlint")
	dir := copyModule(t, "testdata/cgofix")
	const want = `diff --git a/a.go b/a.go
--- a/a.go
+++ b/a.go
@@ -17,4 +17,4 @@
 
 // The plain read of s.n below gets a finding with a fix (atomic.LoadInt64);
 // cowlint -diff ./... must print that rewrite of this line.
-func (s *Stats) Twice() int64 { return int64(C.twice(C.int64_t(s.n))) }
+func (s *Stats) Twice() int64 { return int64(C.twice(C.int64_t(atomic.LoadInt64(&s.n)))) }
`
	diff, stderr := runSplit(t, dir, tool, 3, "-diff", "./...")
	if diff != want {
		t.Errorf("cowlint -diff printed\n%s\nwant\n%s", diff, want)
	}
	assertContains(t, stderr, "b.go:7:55: plain read of Stats.n", "; 1 fix in the diff (1 file), 1 without a fix, ")

	// In -json, every edit's offsets select the text it replaces in the
	// named file.
	stdout, _ := runSplit(t, dir, tool, 0, "-json", "./...")
	var tree map[string]map[string][]struct {
		SuggestedFixes []struct {
			Edits []struct {
				Filename   string
				Start, End int
			}
		} `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("-json: %v\n%s", err, stdout)
	}
	edits := 0
	for _, byAnalyzer := range tree {
		for _, diags := range byAnalyzer {
			for _, d := range diags {
				for _, fix := range d.SuggestedFixes {
					for _, e := range fix.Edits {
						edits++
						data, _ := os.ReadFile(e.Filename)
						if e.End > len(data) || string(data[e.Start:e.End]) != "s.n" {
							t.Errorf("edit %+v does not select s.n in %s (%d bytes)", e, e.Filename, len(data))
						}
					}
				}
			}
		}
	}
	if edits != 1 {
		t.Errorf("%d edits in -json, want 1", edits)
	}

	// -fix leaves a package that builds, with only b.go's finding.
	runSplit(t, dir, tool, 0, "-fix", "./...")
	if out, code := testexec.Run(t, dir, goEnv, "go", "build", "./..."); code != 0 {
		t.Errorf("go build after -fix: exit %d\n%s", code, out)
	}
	_, stderr = runSplit(t, dir, tool, 3, "./...")
	if strings.Count(stderr, "plain read") != 1 || !strings.Contains(stderr, "b.go:7:55") {
		t.Errorf("after -fix:\n%s", stderr)
	}
}
