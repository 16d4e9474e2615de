// Package docs extracts an analyzer's documentation from its package's
// doc.go, so that the docs live in exactly one place: the package comment,
// under a heading "# Analyzer <name>".
package docs

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the documentation of analyzer name from the content of
// a doc.go file: the text after the heading "# Analyzer name", up to the
// next heading of that kind. It panics if there is none, at init time, so
// a missing doc is caught by every test.
func MustExtract(content, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic(fmt.Sprintf("docs: doc.go for %s has no package comment: %v", name, err))
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name
	_, after, ok := strings.Cut(text, heading+"\n")
	if !ok {
		panic(fmt.Sprintf("docs: doc.go has no %q heading", heading))
	}
	if i := strings.Index(after, "# Analyzer "); i >= 0 {
		after = after[:i]
	}
	after = strings.TrimSpace(after)
	if !strings.HasPrefix(after, name+": ") {
		panic(fmt.Sprintf("docs: doc for %s must start with %q", name, name+": <title>"))
	}
	return after
}

// Title returns the first line of an analyzer's Doc without the "name: "
// prefix: its one-line title.
func Title(doc string) string {
	line, _, _ := strings.Cut(doc, "\n")
	if _, t, ok := strings.Cut(line, ": "); ok {
		return t
	}
	return line
}
