package lockop_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/lockop"
)

// recognise reports every lock operation Classify (or Deferred) finds, as
// "[deferred ]<Kind> <Mutex> <identity kind> <key>[ via RLocker]".
var recognise = &analysis.Analyzer{
	Name:     "recogniselock",
	Doc:      "test-only: report what internal/lockop recognises",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		deferred := map[*ast.CallExpr]bool{}
		lockers := lockop.NewLockers(pass.TypesInfo, pass.Files)
		ins.Preorder([]ast.Node{(*ast.DeferStmt)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) {
			var (
				op lockop.Op
				ok bool
			)
			switch n := n.(type) {
			case *ast.DeferStmt:
				op, ok = lockers.Deferred(n)
				deferred[n.Call] = ok
			case *ast.CallExpr:
				if deferred[n] {
					return
				}
				op, ok = lockers.Classify(n)
			}
			if !ok {
				return
			}
			prefix, suffix := "", ""
			if op.Deferred {
				prefix = "deferred "
			}
			if op.ViaRLocker {
				suffix = " via RLocker"
			}
			id, key := op.ID(pass.TypesInfo), "?"
			switch id.Kind {
			case identity.Local:
				key = id.Short
			case identity.Field, identity.Global:
				key = id.Key
			}
			pass.Reportf(op.Call.Pos(), "%s%s %s %s %s%s", prefix, op.Kind, op.Mutex, id.Kind, key, suffix)
		})
		return nil, nil
	},
}

func TestClassify(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), recognise, "locks")
}

func TestKindPredicates(t *testing.T) {
	for _, tc := range []struct {
		k                               lockop.Kind
		acquires, releases, shared, try bool
	}{
		{lockop.Lock, true, false, false, false},
		{lockop.Unlock, false, true, false, false},
		{lockop.RLock, true, false, true, false},
		{lockop.RUnlock, false, true, true, false},
		{lockop.TryLock, true, false, false, true},
		{lockop.TryRLock, true, false, true, true},
	} {
		if tc.k.Acquires() != tc.acquires || tc.k.Releases() != tc.releases || tc.k.Shared() != tc.shared || tc.k.Try() != tc.try {
			t.Errorf("%v: predicates (acquires, releases, shared, try) = (%v, %v, %v, %v), want (%v, %v, %v, %v)",
				tc.k, tc.k.Acquires(), tc.k.Releases(), tc.k.Shared(), tc.k.Try(), tc.acquires, tc.releases, tc.shared, tc.try)
		}
	}
}
