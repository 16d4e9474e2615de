package atomicmix

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/fiximport"
)

// text returns the source text of n, or its rendering when the file cannot
// be read.
func (c *checker) text(n ast.Node) string {
	if e, ok := n.(ast.Expr); ok {
		if content := c.content(n.Pos()); content != nil {
			tf := c.pass.Fset.File(n.Pos())
			return string(content[tf.Offset(n.Pos()):tf.Offset(n.End())])
		}
		return types.ExprString(e)
	}
	return ""
}

func (c *checker) content(pos token.Pos) []byte {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	if b, ok := c.files[tf]; ok {
		return b
	}
	b, err := c.pass.ReadFile(tf.Name())
	if err != nil || len(b) != tf.Size() {
		b = nil
	}
	if c.files == nil {
		c.files = map[*token.File][]byte{}
	}
	c.files[tf] = b // read once: a package may report thousands of times
	return b
}

// atomicName returns the name under which the file holding pos imports
// sync/atomic, usable at pos; "" if it cannot be used there.
func (c *checker) atomicName(file *ast.File, pos token.Pos) string {
	for _, spec := range file.Imports {
		if spec.Path.Value != `"sync/atomic"` {
			continue
		}
		name := "atomic"
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "_" || name == "." {
			return ""
		}
		scope := c.pass.TypesInfo.Scopes[file]
		if scope == nil {
			return ""
		}
		_, obj := scope.Innermost(pos).LookupParent(name, pos)
		if pn, ok := obj.(*types.PkgName); ok && pn.Imported().Path() == "sync/atomic" {
			return name
		}
	}
	return ""
}

// deleteStmt returns the edit removing statement s, with its line when it
// stands alone on it.
func (c *checker) deleteStmt(s ast.Stmt) analysis.TextEdit {
	pos, end := s.Pos(), s.End()
	if content := c.content(pos); content != nil {
		tf := c.pass.Fset.File(pos)
		start, stop := tf.Offset(pos), tf.Offset(end)
		lineStart := bytes.LastIndexByte(content[:start], '\n') + 1
		nl := bytes.IndexByte(content[stop:], '\n')
		if nl >= 0 && len(bytes.TrimSpace(content[lineStart:start])) == 0 && len(bytes.TrimSpace(content[stop:stop+nl])) == 0 {
			pos, end = tf.Pos(lineStart), tf.Pos(stop+nl+1)
		}
	}
	return analysis.TextEdit{Pos: pos, End: end}
}

func isSigned(t string) bool { return t == "Int32" || t == "Int64" }

// negate returns the text of -d.
func negate(d string, e ast.Expr) string {
	switch ast.Unparen(e).(type) {
	case *ast.BasicLit, *ast.Ident, *ast.SelectorExpr:
		return "-" + d
	}
	return "-(" + d + ")"
}

// plainFix rewrites a plain access to the matching sync/atomic call:
// x -> atomic.LoadInt64(&x), x = v -> atomic.StoreInt64(&x, v),
// x++ and x += d -> atomic.AddInt64(&x, d).
func (c *checker) plainFix(u *plainUse, t string) (analysis.SuggestedFix, bool) {
	if t == "" {
		return analysis.SuggestedFix{}, false
	}
	pkg := c.atomicName(u.fn.file, u.expr.Pos())
	var imports []analysis.TextEdit // adding the import of sync/atomic, if needed
	if pkg == "" {
		name, edits, ok := fiximport.Name(c.pass, u.fn.file, "sync/atomic", u.expr.Pos())
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		pkg, imports = name, edits
	}
	x := c.text(u.expr)
	call := func(kind, arg string) string {
		if arg == "" {
			return fmt.Sprintf("%s.%s%s(&%s)", pkg, kind, t, x)
		}
		return fmt.Sprintf("%s.%s%s(&%s, %s)", pkg, kind, t, x, arg)
	}
	replace := func(n ast.Node, msg, text string) (analysis.SuggestedFix, bool) {
		return analysis.SuggestedFix{
			Message:   msg,
			TextEdits: append([]analysis.TextEdit{{Pos: n.Pos(), End: n.End(), NewText: []byte(text)}}, imports...),
		}, true
	}
	add := func(n ast.Node, d string) (analysis.SuggestedFix, bool) {
		if t == "Pointer" {
			return analysis.SuggestedFix{}, false
		}
		return replace(n, fmt.Sprintf("use %s.Add%s", pkg, t), call("Add", d))
	}
	if !u.write {
		return replace(u.expr, fmt.Sprintf("use %s.Load%s", pkg, t), call("Load", ""))
	}
	minusOne := "-1"
	if !isSigned(t) {
		minusOne = fmt.Sprintf("^%s(0)", map[string]string{"Uint32": "uint32", "Uint64": "uint64", "Uintptr": "uintptr"}[t])
	}
	switch s := u.stmt.(type) {
	case *ast.IncDecStmt:
		if s.Tok == token.INC {
			return add(s, "1")
		}
		return add(s, minusOne)
	case *ast.AssignStmt:
		if len(s.Rhs) != 1 {
			break
		}
		rhs := s.Rhs[0]
		switch s.Tok {
		case token.ASSIGN:
			// x = x + d and x = d + x are increments.
			if b, ok := ast.Unparen(rhs).(*ast.BinaryExpr); ok && (b.Op == token.ADD || b.Op == token.SUB) {
				xs, ys := c.text(ast.Unparen(b.X)), c.text(ast.Unparen(b.Y))
				switch {
				case xs == x && b.Op == token.ADD:
					return add(s, ys)
				case ys == x && b.Op == token.ADD:
					return add(s, xs)
				case xs == x && isSigned(t):
					return add(s, negate(ys, b.Y))
				}
			}
			return replace(s, fmt.Sprintf("use %s.Store%s", pkg, t), call("Store", c.loadsIn(rhs, u, call("Load", ""))))
		case token.ADD_ASSIGN:
			return add(s, c.text(rhs))
		case token.SUB_ASSIGN:
			if isSigned(t) {
				return add(s, negate(c.text(rhs), rhs))
			}
		}
	}
	return analysis.SuggestedFix{}, false
}

// loadsIn returns the text of e with every plain read of u's memory in it
// replaced by load: the right-hand side of x = f(x).
func (c *checker) loadsIn(e ast.Expr, u *plainUse, load string) string {
	text := c.text(e)
	x := c.text(u.expr)
	type span struct{ start, end int }
	var spans []span
	ast.Inspect(e, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
			return false // &x is not a read
		}
		if r, ok := n.(ast.Expr); ok && c.text(r) == x && accessID(c.pass.TypesInfo, r).Key == u.id.Key {
			spans = append(spans, span{int(r.Pos() - e.Pos()), int(r.End() - e.Pos())})
			return false
		}
		return true
	})
	for i := len(spans) - 1; i >= 0; i-- {
		text = text[:spans[i].start] + load + text[spans[i].end:]
	}
	return text
}
