package directive

import (
	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/directive"
	"github.com/cowlint/cowlint/internal/guard"
)

//go:generate go run github.com/cowlint/cowlint/internal/docs/docgen directive

var Analyzer = &analysis.Analyzer{
	Name:             "directive",
	Doc:              doc,
	URL:              "https://github.com/cowlint/cowlint#directives",
	RunDespiteErrors: true,
	Run:              guard.Run(run),
}

func run(pass *analysis.Pass) (any, error) {
	for _, d := range directive.Parse(pass.Fset, pass.Files) {
		if d.Problem != "" {
			pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Message: d.Problem})
		}
	}
	return nil, nil
}
