package held

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cowlint/cowlint/internal/lockop"
)

// Implied calls leaf for each operand of cond whose value is known when
// cond evaluates to want, with that value: through ! and parentheses, both
// operands of a true && and of a false ||, else cond itself.
func Implied(cond ast.Expr, want bool, leaf func(e ast.Expr, value bool)) {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			Implied(e.X, !want, leaf)
			return
		}
	case *ast.BinaryExpr:
		if (e.Op == token.LAND && want) || (e.Op == token.LOR && !want) {
			Implied(e.X, want, leaf)
			Implied(e.Y, want, leaf)
			return
		}
	}
	leaf(cond, want)
}

// TryCall returns e as a TryLock or TryRLock call, or nil.
func TryCall(info *types.Info, e ast.Expr) *ast.CallExpr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if op, ok := lockop.Classify(info, call); ok && op.Kind.Try() {
		return call
	}
	return nil
}

// Succeeded returns the TryLock calls of cond certainly successful when
// cond evaluates to want.
func Succeeded(info *types.Info, cond ast.Expr, want bool) []*ast.CallExpr {
	var out []*ast.CallExpr
	Implied(cond, want, func(e ast.Expr, v bool) {
		if c := TryCall(info, e); c != nil && v {
			out = append(out, c)
		}
	})
	return out
}
