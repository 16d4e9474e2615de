package irbuild_test

import (
	"go/ast"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/internal/irbuild"
)

// TestBuildFuncs checks that only the kept declarations get bodies, that
// the others still exist as bodiless functions, and that Build builds
// everything, anonymous functions included.
func TestBuildFuncs(t *testing.T) {
	var built, all []string
	a := &analysis.Analyzer{
		Name: "irbuildtest",
		Doc:  "test",
		Run: func(pass *analysis.Pass) (any, error) {
			res := irbuild.BuildFuncs(pass, func(fd *ast.FuncDecl) bool { return fd.Name.Name == "keep" })
			for _, fn := range res.SrcFuncs {
				if len(fn.Blocks) > 0 && fn.Name() != "init" {
					built = append(built, fn.Name())
				}
			}
			for _, fn := range irbuild.Build(pass).SrcFuncs {
				if len(fn.Blocks) > 0 {
					all = append(all, fn.Name())
				}
			}
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), a, "p")
	sort.Strings(built)
	sort.Strings(all)
	if got := strings.Join(built, " "); got != "keep" {
		t.Errorf("BuildFuncs built %q, want %q", got, "keep")
	}
	if got, want := strings.Join(all, " "), "compute drop init keep lit lit$1"; got != want {
		t.Errorf("Build built %q, want %q", got, want)
	}
}
