package atomicop_test

import (
	"fmt"
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/cowlint/cowlint/internal/atomicop"
)

// recognise reports every atomic operation Classify finds, as
// "<Kind> <legacy|typed> <Type> <identity kind> <identity key>", so the
// fixture states exactly what was recognised.
var recognise = &analysis.Analyzer{
	Name:     "recogniseatomic",
	Doc:      "test-only: report what internal/atomicop recognises",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
			op, ok := atomicop.Classify(pass.TypesInfo, n.(*ast.CallExpr))
			if !ok {
				return
			}
			form := "legacy"
			if op.Typed {
				form = "typed"
			}
			id, key := op.ID(pass.TypesInfo), "?"
			if id.Valid() {
				key = id.Key
				if id.Kind.String() == "local" {
					key = id.Short
				}
			}
			pass.Reportf(op.Call.Pos(), "%s %s %s %s %s", op.Kind, form, op.Type, id.Kind, key)
		})
		return nil, nil
	},
}

func TestClassify(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), recognise, "ops")
}

func TestShapeOperands(t *testing.T) {
	for _, tc := range []struct {
		shape          atomicop.Shape
		value, old     int
		writes, retOld bool
	}{
		{atomicop.Shape{Kind: atomicop.Load}, -1, -1, false, false},
		{atomicop.Shape{Kind: atomicop.Store}, 1, -1, true, false},
		{atomicop.Shape{Kind: atomicop.Store, Typed: true}, 0, -1, true, false},
		{atomicop.Shape{Kind: atomicop.CompareAndSwap}, 2, 1, true, false},
		{atomicop.Shape{Kind: atomicop.CompareAndSwap, Typed: true}, 1, 0, true, false},
		{atomicop.Shape{Kind: atomicop.Swap, Typed: true}, 0, -1, true, true},
		{atomicop.Shape{Kind: atomicop.Add}, 1, -1, true, false},
	} {
		name := fmt.Sprintf("%v typed=%v", tc.shape.Kind, tc.shape.Typed)
		if got := tc.shape.ValueArg(); got != tc.value {
			t.Errorf("%s: ValueArg = %d, want %d", name, got, tc.value)
		}
		if got := tc.shape.OldArg(); got != tc.old {
			t.Errorf("%s: OldArg = %d, want %d", name, got, tc.old)
		}
		if got := tc.shape.Kind.Writes(); got != tc.writes {
			t.Errorf("%s: Writes = %v, want %v", name, got, tc.writes)
		}
		if got := tc.shape.ReturnsOld(); got != tc.retOld {
			t.Errorf("%s: ReturnsOld = %v, want %v", name, got, tc.retOld)
		}
	}
}
