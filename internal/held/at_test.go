package held

import (
	"go/ast"
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// linearAt is At as a scan of every span: the innermost span containing
// pos, identical spans intersected in the order they were recorded.
func (f *Func) linearAt(pos token.Pos) []Lock {
	var best *span
	var held []Lock
	for i := range f.spans {
		s := &f.spans[i]
		if s.pos > pos || pos >= s.end {
			continue
		}
		switch {
		case best == nil || s.pos >= best.pos && s.end <= best.end && (s.pos != best.pos || s.end != best.end):
			best, held = s, s.held
		case s.pos == best.pos && s.end == best.end:
			held = intersect(held, s.held)
		}
	}
	return held
}

// TestAtIndex checks At, by its index, against linearAt at every position
// of every function of the fixtures.
func TestAtIndex(t *testing.T) {
	checked := 0
	at := &analysis.Analyzer{
		Name: "at",
		Doc:  "compares At with a linear scan",
		Run: func(pass *analysis.Pass) (any, error) {
			entries := NewEntries(pass.TypesInfo, pass.Files, nil)
			for _, file := range pass.Files {
				for _, decl := range file.Decls {
					fd, ok := decl.(*ast.FuncDecl)
					if !ok || fd.Body == nil {
						continue
					}
					f := entries.Func(fd)
					for pos := fd.Pos(); pos <= fd.End(); pos++ {
						got, want := f.At(pos), f.linearAt(pos)
						if len(f.spans) > 0 && !f.hasLocks() {
							want = nil
						}
						if !sameLocks(got, want) {
							t.Errorf("%s: At = %v, a scan of the spans says %v", pass.Fset.Position(pos), got, want)
						}
						checked++
					}
				}
			}
			return nil, nil
		},
	}
	analysistest.Run(ignoreWants{}, analysistest.TestData(), at, "held") // the fixtures' wants are the probe's

	if checked == 0 {
		t.Fatal("no position checked")
	}
}

func (f *Func) hasLocks() bool {
	for i := range f.spans {
		if len(f.spans[i].held) > 0 {
			return true
		}
	}
	return false
}

func sameLocks(a, b []Lock) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Class != b[i].Class || a[i].Inst != b[i].Inst || a[i].Shared != b[i].Shared || a[i].Site != b[i].Site {
			return false
		}
	}
	return true
}

// ignoreWants drops analysistest's complaints about the fixtures' wants.
type ignoreWants struct{}

func (ignoreWants) Errorf(string, ...any) {}
