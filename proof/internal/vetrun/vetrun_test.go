package vetrun

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	norm := &Normalizer{replacer: strings.NewReplacer("/goroot/src/", "", "/modcache/", "")}
	out := []byte(`{"net/http [net/http.test]": {"lockorder": [{"posn": "/goroot/src/net/http/server.go:12:3", "message": "x at /goroot/src/net/http/transport.go:9:1"}]}}
{}
{"b.org/m": {"publish": {"error": "internal error: analyzer publish panicked"}, "atomicmix": [{"posn": "/modcache/b.org/m@v1.0.0/a.go:1:2", "message": "y"}]}}
`)
	res, err := parse(out, norm)
	if err != nil {
		t.Fatal(err)
	}
	res.sort()
	var buf bytes.Buffer
	Write(&buf, res.Findings)
	want := "b.org/m@v1.0.0/a.go:1:2: atomicmix: y\nnet/http/server.go:12:3: lockorder: x at net/http/transport.go:9:1\n"
	if buf.String() != want {
		t.Errorf("findings:\n%s\nwant:\n%s", buf.String(), want)
	}
	if len(res.Problems) != 1 || !res.Problems[0].IsPanic() || res.Problems[0].Analyzer != "publish" {
		t.Errorf("problems: %v", res.Problems)
	}
}

func TestFindingPosition(t *testing.T) {
	norm := &Normalizer{replacer: strings.NewReplacer()}
	for posn, want := range map[string]Finding{
		"a/b.go:3:4":  {File: "a/b.go", Line: 3, Col: 4},
		"a/b.go:3":    {File: "a/b.go", Line: 3},
		"c:/x.go:1:2": {File: "c:/x.go", Line: 1, Col: 2},
		"-":           {File: "-"},
	} {
		if got := norm.Finding(posn); got != want {
			t.Errorf("Finding(%q) = %+v, want %+v", posn, got, want)
		}
	}
}

func TestParseStderr(t *testing.T) {
	norm := &Normalizer{replacer: strings.NewReplacer("/goroot/src/", "")}
	got := parseStderr("# net/http\npanic: boom\n\tgoroutine 1\n# fmt\nvet: /goroot/src/fmt/x.go: error\n", norm)
	if len(got) != 2 || got[0].Package != "net/http" || !got[0].IsPanic() || got[1].Text != "vet: fmt/x.go: error" {
		t.Errorf("got %q", got)
	}
}

// TestDeterministic runs cowlint over a sample of std twice, defeating go
// vet's result cache, and requires byte-identical output.
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet twice")
	}
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	std, err := Lookup("std", root)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	tool := filepath.Join(tmp, "cowlint")
	if err := Build(root, "./cmd/cowlint", tool); err != nil {
		t.Fatal(err)
	}
	var outs [2]bytes.Buffer
	for i := range outs {
		fresh, err := FreshCopy(tool, tmp)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), Options{Tool: fresh, Dir: std.Dir, Patterns: []string{"sync", "context", "database/sql", "net/rpc", "expvar"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Problems {
			t.Errorf("problem: %s", p)
		}
		Write(&outs[i], res.Findings)
	}
	if !bytes.Equal(outs[0].Bytes(), outs[1].Bytes()) {
		t.Errorf("two runs differ:\n%s\n----\n%s", outs[0].String(), outs[1].String())
	}
	t.Logf("%d bytes of findings, identical twice", outs[0].Len())
}
