package docs

import (
	"strings"
	"testing"
)

const sample = `// Package x defines an Analyzer that checks things.
//
// # Analyzer x
//
// x: check things carefully
//
// More prose.
//
//	example()
//
// # Analyzer y
//
// y: another analyzer in the same package
package x
`

func TestMustExtract(t *testing.T) {
	got := MustExtract(sample, "x")
	if !strings.HasPrefix(got, "x: check things carefully\n") {
		t.Errorf("doc does not start with the title line: %q", got)
	}
	if !strings.Contains(got, "\texample()") {
		t.Errorf("doc lost the indented example: %q", got)
	}
	if strings.Contains(got, "another analyzer") {
		t.Errorf("doc ran into the next analyzer's section: %q", got)
	}
	if title := Title(got); title != "check things carefully" {
		t.Errorf("Title = %q", title)
	}
}

func TestMustExtractPanics(t *testing.T) {
	for name, content := range map[string]string{
		"no heading": "// Package x does things.\npackage x\n",
		"no title":   "// Package x.\n//\n// # Analyzer x\n//\n// Just prose.\npackage x\n",
		"no comment": "package x\n",
		"other name": sample,
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: MustExtract did not panic", name)
				}
			}()
			analyzer := "x"
			if name == "other name" {
				analyzer = "z"
			}
			MustExtract(content, analyzer)
		}()
	}
}
