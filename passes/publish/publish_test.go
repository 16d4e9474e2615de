package publish_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/passes/publish"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), publish.Analyzer, "basic", "snapshot", "slot", "synced", "traps", "serialize", "serializemain", "wholestore", "a", "b")
}
