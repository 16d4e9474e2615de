package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/types/typeutil"
)

// Range-over-func iterators: a function returning func(yield func(...)
// bool) that calls yield while holding a lock (a set's All under its read
// lock) runs the body of every range over it with that lock held. The
// function's summary records the locks (Yields); a caller checks the
// acquisitions inside the range body against them as if held there.

// ambientLocks is the locks an iterator holds over one range body.
type ambientLocks struct {
	pos, end token.Pos
	locks    []heldLock
}

// returnsIterator reports whether lit is returned by the declared
// function being walked and takes a function parameter (yield).
func (fw *funcWalk) returnsIterator(lit *ast.FuncLit) bool {
	if fw.roots == nil || lit.Type.Params == nil || len(lit.Type.Params.List) == 0 {
		return false
	}
	if _, ok := fw.a.pass.TypesInfo.TypeOf(lit.Type.Params.List[0].Type).Underlying().(*types.Signature); !ok {
		return false
	}
	returned := false
	ast.Inspect(fw.body, func(n ast.Node) bool {
		if ret, ok := n.(*ast.ReturnStmt); ok && len(ret.Results) == 1 && ast.Unparen(ret.Results[0]) == lit {
			returned = true
		}
		return !returned
	})
	return returned
}

// walkIterator walks an iterator literal the function returns, on its own
// (it runs when ranged over), with its receiver named as the function's
// and yield as parameter 0: the locks held where it calls yield become the
// function's Yields.
func (fw *funcWalk) walkIterator(lit *ast.FuncLit) {
	roots := map[types.Object]string{}
	for obj, base := range fw.roots {
		if base == "recv" {
			roots[obj] = base
		}
	}
	i := 0
	for _, field := range lit.Type.Params.List {
		for _, n := range field.Names {
			if obj := fw.a.pass.TypesInfo.Defs[n]; obj != nil {
				roots[obj] = "p" + strconv.Itoa(i)
			}
			i++
		}
		if len(field.Names) == 0 {
			i++
		}
	}
	it := fw.a.walkFunc(nil, fw.name+" (iterator)", roots, fw.handoff, lit.Type, lit.Body, lit.Pos())
	fw.yields = it.calls[0]
}

// heldAt returns the locks of s, and those an iterator holds over the
// range body containing pos.
func (r *bodyRun) heldAt(s *heldSet, pos token.Pos) []heldLock {
	locks := s.sortedHeld()
	fw := r.fw
	if fw.ambient == nil {
		fw.ambient = []ambientLocks{}
		a := fw.a
		ast.Inspect(fw.body, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if !ok {
				return true
			}
			call, ok := ast.Unparen(rs.X).(*ast.CallExpr)
			if !ok {
				return true
			}
			sum := a.calleeSummary(call)
			if sum == nil || len(sum.Yields) == 0 {
				return true
			}
			amb := ambientLocks{pos: rs.Body.Pos(), end: rs.Body.End()}
			it := types.ExprString(call.Fun)
			if fn := typeutil.StaticCallee(a.pass.TypesInfo, call); fn != nil {
				it = funcName(fn)
			}
			for _, y := range sum.Yields {
				amb.locks = append(amb.locks, heldLock{class: lockClass{Key: y.Class, Short: y.Short, Kind: acqKind(y)}, inst: a.instanceAt(call, y.Path), shared: y.Shared, must: true, site: call.Pos(), yields: it})
			}
			fw.ambient = append(fw.ambient, amb)
			return true
		})
	}
	if r.outer != nil {
		return locks
	}
	for _, amb := range fw.ambient {
		if amb.pos <= pos && pos < amb.end {
			locks = append(locks, amb.locks...)
		}
	}
	return locks
}
