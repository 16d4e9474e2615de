// Command cowlint runs cowlint's analyzers: standalone (cowlint ./...), or as
// a go vet tool (go vet -vettool=$(command -v cowlint) ./...).
package main

import (
	"github.com/cowlint/cowlint/internal/driver"
	"github.com/cowlint/cowlint/suite"
)

func main() {
	driver.Main(suite.Analyzers()...)
}
