package publish

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/guard"
)

// checkSyntactic is the cheaper analysis of a function over sizeBudget,
// whose IR is not built: on the syntax alone, in one walk of the body, it
// reports in-place writes into a snapshot in the two forms where the
// written memory is certainly the loaded snapshot, whatever the path:
//
//	cur.Load().Name = n
//	old := cur.Load() // old never assigned again, its address never taken
//	old.Limits[k] = v
//
// The write is an assignment, an op-assignment or ++/-- of a field, an
// element or a whole struct reached through the loaded pointer, or delete,
// clear or copy into a map or slice reached through it; the variable must
// be a snapshot (see scan.isSnapshotVar), and a struct carrying its own
// mutex is left alone as for the full analysis. Everything that needs
// data flow is not checked: writes after a publication, aliases, calls
// to functions that mutate an argument, appends and the serialization
// rule. What it reports, the full analysis reports too (TestSyntactic
// checks it on every fixture), with the same message.
func (c *checker) checkSyntactic(fd *ast.FuncDecl) {
	if fd.Body == nil {
		return
	}
	guard.At(c.pass, fd.Pos())
	info := c.pass.TypesInfo
	// Locals assigned once, by their declaration from a snapshot Load.
	loadedBy := map[*types.Var]*ast.CallExpr{}
	writes := map[*types.Var]int{}
	addressed := map[*types.Var]bool{}
	local := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		v, _ := obj.(*types.Var)
		return v
	}
	type write struct {
		lhs  ast.Expr // what is written
		node ast.Node // the range reported
	}
	var ws []write
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if v := local(lhs); v != nil {
					writes[v]++
					if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
						if call := c.snapshotLoad(n.Rhs[i]); call != nil {
							loadedBy[v] = call
						}
					}
					continue
				}
				ws = append(ws, write{lhs, lhs})
			}
		case *ast.IncDecStmt:
			if v := local(n.X); v != nil {
				writes[v]++
			} else {
				ws = append(ws, write{n.X, n.X})
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if v := local(e); v != nil {
					writes[v]++
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if v := local(name); v != nil {
					writes[v]++
					if len(n.Values) == len(n.Names) {
						if call := c.snapshotLoad(n.Values[i]); call != nil {
							loadedBy[v] = call
						}
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := local(n.X); v != nil {
					addressed[v] = true
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) > 0 {
				if b, ok := info.Uses[id].(*types.Builtin); ok {
					switch b.Name() {
					case "delete", "clear", "copy":
						ws = append(ws, write{n.Args[0], n.Args[0]})
					}
				}
			}
		}
		return true
	})
	for _, w := range ws {
		root, holder := c.writeRoot(w.lhs)
		if root == nil || hasMutex(holder) {
			continue
		}
		call := c.snapshotLoad(root)
		if call == nil {
			if v := local(root); v != nil && writes[v] == 1 && !addressed[v] {
				call = loadedBy[v]
			}
		}
		if call == nil {
			continue
		}
		op, _ := atomicop.Classify(info, call)
		what := types.ExprString(w.lhs)
		c.reportSnapshot(mutation{node: w.node, what: what}, &snapshotSource{call: call, from: atomicName(op)})
	}
}

// writeRoot returns the pointer a write to lhs goes through first (p in
// p.A.B[i] = v, *p = v) and the type of the value holding the written
// field (as ownLocked sees it); nil when the write lands in a variable
// itself (x.F with x a struct variable) or the path is not understood.
func (c *checker) writeRoot(lhs ast.Expr) (root ast.Expr, holder types.Type) {
	info := c.pass.TypesInfo
	e := ast.Unparen(lhs)
	for range 64 {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			sel, ok := info.Selections[x]
			if !ok || sel.Kind() != types.FieldVal {
				return nil, nil
			}
			if holder == nil {
				holder = info.TypeOf(x.X)
			}
			if _, ptr := coreUnder(info.TypeOf(x.X)).(*types.Pointer); ptr {
				return ast.Unparen(x.X), holder
			}
			e = ast.Unparen(x.X)
		case *ast.StarExpr:
			if holder == nil {
				holder = info.TypeOf(x.X)
			}
			return ast.Unparen(x.X), holder
		case *ast.IndexExpr:
			switch coreUnder(info.TypeOf(x.X)).(type) {
			case *types.Array:
				e = ast.Unparen(x.X) // in the array's own memory
			default:
				// A map, a slice or a pointer to an array: shared memory
				// reached through x.X's value.
				return c.sharedRoot(ast.Unparen(x.X), holder)
			}
		default:
			return nil, nil
		}
	}
	return nil, nil
}

// sharedRoot continues writeRoot from a map, slice or array pointer value
// e that the write goes through: the pointer that value was read through.
// The holder of the written field, if the write named one past e, stays.
func (c *checker) sharedRoot(e ast.Expr, holder types.Type) (ast.Expr, types.Type) {
	switch e.(type) {
	case *ast.SelectorExpr, *ast.StarExpr, *ast.IndexExpr:
		root, h := c.writeRoot(e)
		if holder != nil {
			h = holder
		}
		return root, h
	}
	return nil, nil
}

// snapshotLoad returns the atomic Load call e is (through parentheses, a
// type assertion or a conversion), if it loads from a copy-on-write
// snapshot variable. The writes checkSyntactic looks at go through a
// pointer: a value asserted or converted to a non-pointer is a copy, and
// writing into it is not reached.
func (c *checker) snapshotLoad(e ast.Expr) *ast.CallExpr {
	info := c.pass.TypesInfo
	for range 8 {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.TypeAssertExpr:
			e = x.X
			continue
		case *ast.CallExpr:
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
			op, ok := atomicop.Classify(info, x)
			if !ok || op.Kind != atomicop.Load || !isPointerOp(op.Shape) || !c.scan.isSnapshotVar(op.ID(info).Key) {
				return nil
			}
			return x
		}
		return nil
	}
	return nil
}
