// Package suite lists cowlint's analyzers, for the command-line driver, the
// golangci-lint plugin and the proof tools alike.
//
// It imports every pass, so it sits above them (beside cmd/cowlint and
// plugin), never in internal/, whose vocabulary the passes import: the
// layering of STYLE.md (driver → passes → internal vocabulary).
package suite

import (
	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/passes/atomicmix"
	"github.com/cowlint/cowlint/passes/directive"
	"github.com/cowlint/cowlint/passes/lockorder"
	"github.com/cowlint/cowlint/passes/publish"
)

// Analyzers returns every cowlint analyzer, in a fixed order.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		atomicmix.Analyzer,
		directive.Analyzer,
		lockorder.Analyzer,
		publish.Analyzer,
	}
}
