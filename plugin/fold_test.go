package plugin

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/passes/atomicmix"
)

// TestRelatedFolded: with the plugin loaded, a finding's related locations
// are part of its message and not separate locations, so golangci-lint
// counts each finding once (and --fix leaves no related issue behind).
func TestRelatedFolded(t *testing.T) {
	if _, err := New(nil); err != nil {
		t.Fatal(err)
	}
	if !guard.RelatedInMessage {
		t.Fatal("New did not set guard.RelatedInMessage")
	}
	for _, r := range analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "fold") {
		for _, d := range r.Diagnostics {
			if len(d.Related) > 0 {
				t.Errorf("%s: related locations left: %v", d.Message, d.Related)
			}
		}
	}
}
