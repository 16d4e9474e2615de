package fiximport_test

import (
	"cmp"
	"go/ast"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/internal/fiximport"
)

// addOne replaces each call use(&x) by atomic.AddInt64(&x, 1), importing
// sync/atomic through fiximport when the file lacks it, and reports the
// call without a fix when fiximport says the name cannot be had.
var addOne = &analysis.Analyzer{
	Name: "addone",
	Doc:  "test analyzer: rewrite use(&x) to atomic.AddInt64(&x, 1)",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, file := range pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "use" {
					return true
				}
				d := analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Message: "use"}
				if name, edits, ok := fiximport.Name(pass, file, "sync/atomic", call.Pos()); ok {
					d.Message += " " + name
					edits = append(edits, analysis.TextEdit{Pos: call.Fun.Pos(), End: call.Fun.End(), NewText: []byte(name + ".AddInt64")})
					edits = append(edits, analysis.TextEdit{Pos: call.Rparen, End: call.Rparen, NewText: []byte(", 1")})
					d.SuggestedFixes = []analysis.SuggestedFix{{Message: "add", TextEdits: edits}}
				} else {
					d.Message += ", no fix"
				}
				pass.Report(d)
				return true
			})
		}
		return nil, nil
	},
}

func TestName(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), addOne, "a")
}

// TestEditsNeedNoFormatting applies the fixes' edits as they are, without
// gofmt (not every driver formats): identical edits once, and the result
// must be each golden file byte for byte.
func TestEditsNeedNoFormatting(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), addOne, "a")
	type edit struct {
		start, end int
		text       string
	}
	byFile := map[string][]edit{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					tf := r.Pass.Fset.File(e.Pos)
					ed := edit{tf.Offset(e.Pos), tf.Offset(e.End), string(e.NewText)}
					if !slices.Contains(byFile[tf.Name()], ed) {
						byFile[tf.Name()] = append(byFile[tf.Name()], ed)
					}
				}
			}
		}
	}
	for name, edits := range byFile {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(edits, func(a, b edit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
		var out []byte
		last := 0
		for _, e := range edits {
			out = append(append(out, src[last:e.start]...), e.text...)
			last = e.end
		}
		out = append(out, src[last:]...)
		golden, err := os.ReadFile(name + ".golden")
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != string(golden) {
			t.Errorf("%s: the edits give\n%s\nwant\n%s", filepath.Base(name), out, golden)
		}
	}
}
