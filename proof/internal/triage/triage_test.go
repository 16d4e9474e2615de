package triage

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

const sample = `# comment
go go1.26.8

a/a.go:1:2: publish: m1
	bug: two goroutines
	  and a continuation
a/a.go:3:4: publish: m2
	fp: copy under lock
a/a.go:5:6: publish: m3
	untriaged:
`

func TestParseWriteCompareUpdate(t *testing.T) {
	f, err := Parse(strings.NewReader(sample), "publish.txt", "publish")
	if err != nil {
		t.Fatal(err)
	}
	if f.GoVersion != "go1.26.8" || len(f.Entries) != 3 || !slices.Equal(f.Header, []string{"# comment"}) || f.Entries[0].Note != "two goroutines and a continuation" {
		t.Fatalf("parsed %+v", f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	again, err := Parse(&buf, "again", "publish")
	if err != nil || !slices.Equal(again.Entries, f.Entries) {
		t.Fatalf("write/parse round trip: %v %+v", err, again)
	}

	found := []string{"a/a.go:1:2: publish: m1", "a/a.go:5:6: publish: m3", "a/a.go:7:8: publish: m4"}
	d := f.Compare(found)
	if !slices.Equal(d.Appeared, []string{"a/a.go:7:8: publish: m4"}) || !slices.Equal(d.Disappeared, []string{"a/a.go:3:4: publish: m2"}) {
		t.Errorf("diff %+v", d)
	}
	u := f.Update(found, "go1.27.0")
	if !slices.Equal(u.Header, f.Header) || u.GoVersion != "go1.27.0" || len(u.Entries) != 3 || u.Entries[0].Verdict != Bug || u.Entries[2].Verdict != Untriaged {
		t.Errorf("update %+v", u)
	}
	if d := u.Compare(found); len(d.Appeared)+len(d.Disappeared) != 0 {
		t.Errorf("an updated file must match: %+v", d)
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{
		"a.go:1:1: x: m\n\tbug: why\n",                // no go line
		"go go1.26.8\na.go:1:1: x: m\n",               // no verdict
		"go go1.26.8\na.go:1:1: x: m\n\tmaybe: hmm\n", // unknown verdict
		"go go1.26.8\na.go:1:1: x: m\n\tbug:\n",       // bug without a note
		"go go1.26.8\n\tbug: orphan\n",                // verdict without a finding
	} {
		if _, err := Parse(strings.NewReader(bad), "bad", "x"); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}
