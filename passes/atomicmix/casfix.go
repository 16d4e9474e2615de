package atomicmix

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// casLoopFix returns the fix turning a Load, a computation in locals and a
// Store of its result into a CompareAndSwap retry loop:
//
//	w := atomic.LoadInt32(&c.flags)        for {
//	if on {                                    old := atomic.LoadInt32(&c.flags)
//		w |= bit                               w := old
//	} else {                          ->       if on { ... } else { ... }
//		w &^= bit                              if atomic.CompareAndSwapInt32(&c.flags, old, w) {
//	}                                              break
//	atomic.StoreInt32(&c.flags, w)             }
//	                                       }
//
// It is offered only where retrying is certainly the same computation:
// the Load is the definition v := x.Load() and the Store a statement of
// the same block; the statements between call nothing but conversions
// and side-effect-free builtins, do not branch out, and assign only
// locals they declare (or v); and no local they declare is used after
// the Store (the loop's block would hide it).
func (c *checker) casLoopFix(b *bodyOps, l, s *atomicUse, v *types.Var) (analysis.SuggestedFix, bool) {
	info := c.pass.TypesInfo
	lstmt, ok := b.stmtOf(l.op.Call).(*ast.AssignStmt)
	if !ok || lstmt.Tok != token.DEFINE || len(lstmt.Lhs) != 1 || len(lstmt.Rhs) != 1 || ast.Unparen(lstmt.Rhs[0]) != ast.Expr(l.op.Call) {
		return analysis.SuggestedFix{}, false
	}
	sstmt, ok := b.stmtOf(s.op.Call).(*ast.ExprStmt)
	if !ok || ast.Unparen(sstmt.X) != ast.Expr(s.op.Call) {
		return analysis.SuggestedFix{}, false
	}
	block, ok := b.parent(lstmt).(*ast.BlockStmt)
	if !ok || b.parent(sstmt) != ast.Node(block) {
		return analysis.SuggestedFix{}, false
	}
	i, j := slices.Index(block.List, ast.Stmt(lstmt)), slices.Index(block.List, ast.Stmt(sstmt))
	if i < 0 || j <= i {
		return analysis.SuggestedFix{}, false
	}
	start, end := lstmt.Pos(), sstmt.End()
	inRegion := func(obj types.Object) bool { return obj != nil && start <= obj.Pos() && obj.Pos() < end }
	local := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (id.Name == "_" || inRegion(info.ObjectOf(id)))
	}
	reassigned := false
	pure := true
	for _, st := range block.List[i+1 : j] {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
					return true // a conversion
				}
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
					if bi, ok := info.Uses[id].(*types.Builtin); ok {
						switch bi.Name() {
						case "len", "cap", "min", "max", "real", "imag", "complex":
							return true
						}
					}
				}
				pure = false
			case *ast.FuncLit, *ast.ReturnStmt, *ast.BranchStmt, *ast.GoStmt, *ast.DeferStmt,
				*ast.SendStmt, *ast.LabeledStmt, *ast.SelectStmt:
				pure = false
			case *ast.UnaryExpr:
				if n.Op == token.ARROW || n.Op == token.AND {
					pure = false
				}
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if !local(lhs) {
						pure = false
					}
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.Uses[id] == v {
						reassigned = true
					}
				}
			case *ast.IncDecStmt:
				if !local(n.X) {
					pure = false
				}
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[id] == v {
					reassigned = true
				}
			case *ast.RangeStmt:
				if n.Tok != token.DEFINE {
					pure = false
				}
			}
			return pure
		})
		if !pure {
			return analysis.SuggestedFix{}, false
		}
	}
	// No local declared in the region is used after it.
	usedAfter := false
	ast.Inspect(funcBody(b.body), func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Pos() >= end && inRegion(info.Uses[id]) {
			usedAfter = true
		}
		return !usedAfter
	})
	if usedAfter {
		return analysis.SuggestedFix{}, false
	}
	content := c.content(start)
	if content == nil {
		return analysis.SuggestedFix{}, false
	}
	tf := c.pass.Fset.File(start)
	lineStart := bytes.LastIndexByte(content[:tf.Offset(start)], '\n') + 1
	indent := string(content[lineStart:tf.Offset(start)])
	if strings.TrimSpace(indent) != "" {
		return analysis.SuggestedFix{}, false // the Load does not open its line
	}
	old := v.Name()
	load := c.text(l.op.Call)
	head := "for {\n" + indent + "\t" + v.Name() + " := " + load
	if reassigned {
		old = c.freshName(block, lstmt.Pos(), end, "old", "prev", "orig")
		if old == "" {
			return analysis.SuggestedFix{}, false
		}
		head = "for {\n" + indent + "\t" + old + " := " + load + "\n" + indent + "\t" + v.Name() + " := " + old
	}
	cas := c.call(s, "CompareAndSwap", old, c.text(s.op.Value()))
	edits := []analysis.TextEdit{{Pos: lstmt.Pos(), End: lstmt.End(), NewText: []byte(head)}}
	// Indent the lines after the Load's, up to the Store's.
	for off := tf.Offset(lstmt.End()); ; {
		nl := bytes.IndexByte(content[off:], '\n')
		if nl < 0 {
			break
		}
		off += nl + 1
		if off > tf.Offset(sstmt.Pos()) {
			break
		}
		if eol := bytes.IndexByte(content[off:], '\n'); eol == 0 || len(bytes.TrimSpace(content[off:off+max(eol, 0)])) == 0 {
			continue // a blank line stays blank
		}
		edits = append(edits, analysis.TextEdit{Pos: tf.Pos(off), End: tf.Pos(off), NewText: []byte("\t")})
	}
	edits = append(edits, analysis.TextEdit{Pos: sstmt.Pos(), End: sstmt.End(),
		NewText: []byte("if " + cas + " {\n" + indent + "\t\tbreak\n" + indent + "\t}\n" + indent + "}")})
	return analysis.SuggestedFix{Message: "retry with " + c.call(s, "CompareAndSwap", old, c.text(s.op.Value())), TextEdits: edits}, true
}

// freshName returns the first of names that no declaration visible in
// block at pos, nor in the region [pos, end), uses.
func (c *checker) freshName(block *ast.BlockStmt, pos, end token.Pos, names ...string) string {
	scope := c.pass.TypesInfo.Scopes[block]
	if scope != nil {
		scope = scope.Innermost(pos)
	}
	for _, name := range names {
		if scope != nil {
			if _, obj := scope.LookupParent(name, pos); obj != nil {
				continue
			}
		}
		taken := false
		ast.Inspect(block, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == name && id.Pos() >= pos && id.Pos() < end {
				taken = true
			}
			return !taken
		})
		if !taken {
			return name
		}
	}
	return ""
}
