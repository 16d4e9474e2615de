// Command cowlint runs cowlint's analyzers: standalone (cowlint ./...), or as
// a go vet tool (go vet -vettool=$(command -v cowlint) ./...).
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/cowlint/cowlint/internal/suite"
)

func main() {
	multichecker.Main(suite.Analyzers()...)
}
