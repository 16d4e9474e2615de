// Command panicker is cowlint with one extra analyzer that panics on every
// function named explode: driver tests use it to show that a panic becomes
// an error naming the analyzer while the other analyzers' output survives.
package main

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/driver"
	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/suite"
)

var explode = &analysis.Analyzer{
	Name: "explode",
	Doc:  "explode: panic in functions named explode (test only)",
	Run: guard.Run(func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok {
					guard.At(pass, fn.Pos())
					if fn.Name.Name == "explode" {
						var m map[string]int
						m[fn.Name.Name]++
					}
				}
			}
		}
		return nil, nil
	}),
}

func main() {
	driver.Main(append(suite.Analyzers(), explode)...)
}
