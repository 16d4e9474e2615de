// Command docgen writes an analyzer's documentation, extracted from its
// package's doc.go by docs.MustExtract, into doc_gen.go as the constant doc,
// for the Analyzer's Doc field. Each pass runs it through go generate:
//
//	//go:generate go run github.com/cowlint/cowlint/internal/docs/docgen <name>
//
// The docs still live in one place, doc.go; the extraction happens here
// rather than at package initialization, where parsing the doc comments cost
// every go vet tool process about 3 ms (one process per package). suite's
// TestDocsGenerated fails when a doc_gen.go no longer matches its doc.go.
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/cowlint/cowlint/internal/docs"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: docgen <analyzer name> (run in the pass's directory, by go generate)")
		os.Exit(2)
	}
	name := os.Args[1]
	pkg := os.Getenv("GOPACKAGE")
	if pkg == "" {
		pkg = name
	}
	src, err := os.ReadFile("doc.go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
	out, err := docs.Generate(pkg, docs.MustExtract(string(src), name))
	if err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
	if old, err := os.ReadFile("doc_gen.go"); err == nil && bytes.Equal(old, out) {
		return
	}
	if err := os.WriteFile("doc_gen.go", out, 0o666); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}
