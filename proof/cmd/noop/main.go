// Command noop is a go vet tool with a single analyzer that does nothing.
// Under go vet -vettool it costs exactly what every vet tool pays before
// analysis starts (process start, parsing, type-checking from export data):
// the floor proof/cmd/bench measures cowlint against.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

var analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "noop: does nothing; the floor of cowlint's benchmark",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { unitchecker.Main(analyzer) }
