// Package driver is cowlint's command-line driver, shared by cmd/cowlint and
// by test binaries that add analyzers of their own.
package driver

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

// Main runs the analyzers as a command: standalone on package patterns, or
// as a go vet tool (the -flags / -V=full handshake and one .cfg per package).
func Main(analyzers ...*analysis.Analyzer) {
	multichecker.Main(analyzers...)
}
