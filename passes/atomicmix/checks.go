package atomicmix

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/atomicop"
)

// The check-then-act shapes beyond Load then Store: a Load tested before
// an Add (check-then-add), a reset that subtracts what it read, and the
// checks that only assert (a misuse check loses nothing).

// reportAdd reports an Add reached from a Load with no operation on the
// variable in between, if it is one of the lost-update shapes, and says
// whether it did.
func (c *checker) reportAdd(b *bodyOps, l, a *atomicUse) bool {
	related := []analysis.RelatedInformation{{Pos: l.op.Call.Pos(), End: l.op.Call.End(), Message: "the Load"}}

	// Reset by subtracting what was read: n := x.Load() ... x.Add(-n).
	if v := c.loadedInto(b, l); v != nil && c.negationOf(a.op.Value(), v) {
		swap := c.call(l, "Swap", "0")
		diag := analysis.Diagnostic{
			Pos:     a.op.Call.Pos(),
			End:     a.op.Call.End(),
			Message: fmt.Sprintf("%s followed by %s loses concurrent updates (two such resets subtract the same count twice); use %s := %s", c.loadName(l), c.text(a.op.Call), v.Name(), swap),
			Related: related,
		}
		if c.swapEquivalent(b, l, a) {
			diag.SuggestedFixes = []analysis.SuggestedFix{{
				Message: "use " + swap,
				TextEdits: []analysis.TextEdit{
					{Pos: l.op.Call.Pos(), End: l.op.Call.End(), NewText: []byte(swap)},
					c.deleteStmt(b.stmtOf(a.op.Call)),
				},
			}}
		}
		c.report(diag)
		return true
	}

	// Check, then Add: if x.Load() >= max { return }; x.Add(1).
	if ifs := c.guardingIf(b, l, a); ifs != nil && c.bounds(ifs.Cond, a.op.Value()) && !c.undoes(b, a) {
		c.report(analysis.Diagnostic{
			Pos:     a.op.Call.Pos(),
			End:     a.op.Call.End(),
			Message: fmt.Sprintf("check-then-add: %s tested then %s lets concurrent callers past the check; act first and check the result of the Add (undoing it when over), or use a CompareAndSwap loop", c.loadName(l), c.text(a.op.Call)),
			Related: related,
		})
		return true
	}
	return false
}

// undoes reports whether the Add a gives back what the function's own
// earlier write of the variable took, on every path to a: it follows, in
// an enclosing statement list, an Add of the opposite amount or an
// if !x.CompareAndSwap(old, new) { ...; return } with new-old the
// opposite amount, or it lies in the body of if x.CompareAndSwap(old,
// new) { ... }, with no other write of the variable, loop or function
// literal between them. Adds commute, so the undo is exact whatever other
// goroutines did meanwhile, and the check it follows asks whether
// someone else came in, not whether a bound admits this caller (grpc's
// internal/idle: CompareAndSwap(0, -MaxInt32), then, under its lock,
// if Load() != -MaxInt32 { Add(MaxInt32) }). Amounts are constants,
// compared modulo the width of the atomic type.
func (c *checker) undoes(b *bodyOps, a *atomicUse) bool {
	delta := c.pass.TypesInfo.Types[a.op.Value()].Value
	if delta == nil {
		return false
	}
	k := b.keyOf[a]
	ops := b.vars[k]
	// writeIn returns the only write of the variable in n, reporting
	// false when n holds several (or a plain access).
	writeIn := func(n ast.Node) (w *atomicUse, ok bool) {
		for _, u := range ops {
			if u != a && u.op.Kind.Writes() && n.Pos() <= u.op.Call.Pos() && u.op.Call.End() <= n.End() {
				if w != nil {
					return nil, false
				}
				w = u
			}
		}
		for _, pos := range c.plainAt(b.body, k) {
			if n.Pos() <= pos && pos < n.End() {
				return nil, false
			}
		}
		return w, true
	}
	// took returns the amount a successful w adds: new-old for a
	// CompareAndSwap of constants, the operand of an Add.
	took := func(w *atomicUse) constant.Value {
		info := c.pass.TypesInfo
		switch w.op.Kind {
		case atomicop.Add:
			return info.Types[w.op.Value()].Value
		case atomicop.CompareAndSwap:
			old, nw := info.Types[w.op.Old()].Value, info.Types[w.op.Value()].Value
			if old == nil || nw == nil {
				return nil
			}
			return constant.BinaryOp(nw, token.SUB, old)
		}
		return nil
	}
	gives := func(w *atomicUse) bool {
		t := took(w)
		return t != nil && cancels(t, delta, a.op.Type)
	}
	// casOf returns the CompareAndSwap that cond is, or negates.
	casOf := func(cond ast.Expr, negated bool) *atomicUse {
		if negated {
			u, ok := ast.Unparen(cond).(*ast.UnaryExpr)
			if !ok || u.Op != token.NOT {
				return nil
			}
			cond = u.X
		}
		call, ok := ast.Unparen(cond).(*ast.CallExpr)
		if !ok {
			return nil
		}
		if u := b.byCall[call]; u != nil && u.op.Kind == atomicop.CompareAndSwap && b.keyOf[u] == k {
			return u
		}
		return nil
	}
	// list checks the statements before n in its list, nearest first:
	// the first that writes the variable must be the write undone.
	list := func(stmts []ast.Stmt, n ast.Node) (found, stop bool) {
		st, _ := n.(ast.Stmt)
		i := slices.Index(stmts, st)
		if i < 0 {
			return false, true // a select's communication
		}
		stmts = stmts[:i]
		for i := len(stmts) - 1; i >= 0; i-- {
			w, ok := writeIn(stmts[i])
			if !ok {
				return false, true
			}
			if w == nil {
				continue
			}
			switch st := stmts[i].(type) {
			case *ast.ExprStmt:
				return ast.Unparen(st.X) == ast.Expr(w.op.Call) && w.op.Kind == atomicop.Add && gives(w), true
			case *ast.IfStmt:
				return st.Init == nil && casOf(st.Cond, true) == w && len(st.Body.List) > 0 &&
					c.terminates(st.Body.List[len(st.Body.List)-1]) && gives(w), true
			}
			return false, true
		}
		return false, false
	}
	var n ast.Node = b.stmtOf(a.op.Call)
	for p := b.parent(n); p != nil && n != b.body; n, p = p, b.parent(p) {
		var found, stop bool
		switch p := p.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit, *ast.FuncDecl:
			return false // runs again, or elsewhere
		case *ast.BlockStmt:
			switch n.(type) {
			case *ast.CaseClause, *ast.CommClause:
				// The other clauses do not run before this one.
				if c.writesBeside(ops, p, n) {
					return false
				}
			default:
				found, stop = list(p.List, n)
			}
		case *ast.CaseClause:
			found, stop = list(p.Body, n)
		case *ast.CommClause:
			found, stop = list(p.Body, n)
		default:
			// if x.CompareAndSwap(old, new) { ... }
			if ifs, ok := p.(*ast.IfStmt); ok && n == ast.Node(ifs.Body) {
				if w := casOf(ifs.Cond, false); w != nil {
					return gives(w)
				}
			}
			// No other write in p outside n: its condition, its
			// initialisation, the other branches, the case lists.
			if c.writesBeside(ops, p, n) {
				return false
			}
		}
		if stop {
			return found
		}
	}
	return false
}

// writesBeside reports whether one of ops writes the variable in p
// outside n.
func (c *checker) writesBeside(ops []*atomicUse, p, n ast.Node) bool {
	for _, u := range ops {
		if pos := u.op.Call.Pos(); u.op.Kind.Writes() && p.Pos() <= pos && pos < p.End() && (pos < n.Pos() || pos >= n.End()) {
			return true
		}
	}
	return false
}

// cancels reports whether adding x and y leaves a variable of the atomic
// type t unchanged: x+y is 0 modulo 2 to the type's width.
func cancels(x, y constant.Value, t string) bool {
	x, y = constant.ToInt(x), constant.ToInt(y)
	if x.Kind() != constant.Int || y.Kind() != constant.Int {
		return false
	}
	sum := constant.BinaryOp(x, token.ADD, y)
	bits := uint(64)
	if t == "Int32" || t == "Uint32" {
		bits = 32
	}
	mod := constant.Shift(constant.MakeInt64(1), token.SHL, bits)
	return constant.Sign(constant.BinaryOp(sum, token.REM, mod)) == 0
}

// negationOf reports whether e is -v, or ^(v - 1) (the two's complement
// spelling for unsigned integers, with or without a conversion).
func (c *checker) negationOf(e ast.Expr, v *types.Var) bool {
	isV := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if conv, ok := e.(*ast.CallExpr); ok && len(conv.Args) == 1 {
			if tv, ok := c.pass.TypesInfo.Types[conv.Fun]; ok && tv.IsType() {
				e = ast.Unparen(conv.Args[0])
			}
		}
		id, ok := e.(*ast.Ident)
		return ok && c.pass.TypesInfo.Uses[id] == v
	}
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok {
		return false
	}
	switch u.Op {
	case token.SUB:
		return isV(u.X)
	case token.XOR:
		x := ast.Unparen(u.X)
		if conv, ok := x.(*ast.CallExpr); ok && len(conv.Args) == 1 {
			if tv, ok := c.pass.TypesInfo.Types[conv.Fun]; ok && tv.IsType() {
				x = ast.Unparen(conv.Args[0])
			}
		}
		bin, ok := x.(*ast.BinaryExpr)
		if !ok || bin.Op != token.SUB || !isV(bin.X) {
			return false
		}
		tv := c.pass.TypesInfo.Types[bin.Y]
		return tv.Value != nil && tv.Value.String() == "1"
	}
	return false
}

// guardingIf returns the if statement whose condition compares the Load
// and that guards a: a is in its body or else branch, or follows it while
// its body does not fall through (if x.Load() >= max { return }).
func (c *checker) guardingIf(b *bodyOps, l, a *atomicUse) *ast.IfStmt {
	// The Load, or the Load plus or minus an amount (n.Load()+k > max),
	// compared.
	p := b.parent(l.op.Call)
	for {
		bin, ok := p.(*ast.BinaryExpr)
		if !ok || bin.Op != token.ADD && bin.Op != token.SUB {
			break
		}
		p = b.parent(bin)
	}
	cmp, ok := p.(*ast.BinaryExpr)
	if !ok || !isComparison(cmp.Op) {
		return nil
	}
	var n ast.Node = cmp
	for {
		p := b.parent(n)
		if bin, ok := p.(*ast.BinaryExpr); ok && (bin.Op == token.LAND || bin.Op == token.LOR) {
			n = bin
			continue
		}
		ifs, ok := p.(*ast.IfStmt)
		if !ok || ast.Unparen(ifs.Cond) != n {
			return nil
		}
		pos := a.op.Call.Pos()
		if ifs.Body.Pos() <= pos && pos < ifs.End() {
			if b.unconditional(a.op.Call, ifs) {
				return ifs
			}
			return nil
		}
		if pos >= ifs.End() && len(ifs.Body.List) > 0 && c.terminates(ifs.Body.List[len(ifs.Body.List)-1]) {
			stmt := ast.Node(ifs)
			if l, ok := b.parent(stmt).(*ast.LabeledStmt); ok {
				stmt = l
			}
			if b.unconditional(a.op.Call, b.parent(stmt)) {
				return ifs
			}
		}
		return nil
	}
}

// unconditional reports whether, once control is in top (the guarding if
// statement, or the statement list it is in), call runs on every path
// that does not leave early: no if body or else branch, case clause, loop
// body, right operand of && or ||, or function literal lies between them.
//
// This is what makes the Add the admission a bound protects: it counts
// every caller the check lets through. An Add under a condition of its
// own counts an outcome observed after the check, and the check is then
// a stop test that only needs the count to be reached (overshooting it is
// harmless): if seen.Load() >= need { return false }; ...; if contended()
// { seen.Add(1) } (runtime's metrics_test).
func (b *bodyOps) unconditional(call ast.Node, top ast.Node) bool {
	n := call
	for {
		p := b.parent(n)
		if p == nil {
			return false
		}
		if p == top {
			if ifs, ok := p.(*ast.IfStmt); ok && n != ast.Node(ifs.Body) && n != ifs.Else {
				return false // the Add is in the check itself
			}
			return true
		}
		switch p := p.(type) {
		case *ast.IfStmt:
			if n != p.Init && n != ast.Node(p.Cond) {
				return false
			}
		case *ast.ForStmt:
			if n != p.Init && n != ast.Node(p.Cond) {
				return false
			}
		case *ast.RangeStmt:
			if n != ast.Node(p.X) {
				return false
			}
		case *ast.CaseClause, *ast.CommClause, *ast.FuncLit:
			return false
		case *ast.BinaryExpr:
			if (p.Op == token.LAND || p.Op == token.LOR) && n == ast.Node(p.Y) {
				return false
			}
		}
		n = p
	}
}

// bounds reports whether the check cond bounds an Add of delta even in
// one goroutine: delta is a constant, or every variable in it is tested
// by cond too (if n.Load()+k > max { return }; n.Add(k)). A check that
// does not (if q.Load() > 0 { q.Add(-sz) }, a soft quota that one caller
// alone may overdraw) is no bound the code relies on: overshoot is
// designed in, and concurrent callers only overshoot it more.
func (c *checker) bounds(cond, delta ast.Expr) bool {
	info := c.pass.TypesInfo
	if delta == nil || isConstant(info, delta) {
		return true
	}
	tested := map[types.Object]bool{}
	ast.Inspect(cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				tested[v] = true
			}
		}
		return true
	})
	all := true
	ast.Inspect(delta, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && !tested[v] {
				all = false
			}
		}
		return all
	})
	return all
}

func isComparison(op token.Token) bool {
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return true
	}
	return false
}

// terminates reports whether s does not fall through: a return, a branch
// statement, or a call of panic or a function that does not return.
func (c *checker) terminates(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		return ok && (c.isPanic(call) || c.failure(call))
	}
	return false
}

// failure reports whether call reports a failed check and ends (or marks
// failed) the run: panic, testing's Fatal, Fatalf, Error, Errorf, Fail,
// FailNow, log's Fatal and Panic functions and methods, os.Exit.
func (c *checker) failure(call *ast.CallExpr) bool {
	if c.isPanic(call) {
		return true
	}
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return false
	}
	fn, ok := c.pass.TypesInfo.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "testing":
		switch fn.Name() {
		case "Fatal", "Fatalf", "Error", "Errorf", "Fail", "FailNow":
			return true
		}
	case "log":
		switch fn.Name() {
		case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
			return true
		}
	case "os":
		return fn.Name() == "Exit"
	}
	return false
}

// assertion reports whether the Load only checks for misuse: its value
// feeds only the condition (and the message) of an if statement whose
// body ends by reporting the failure (panic, t.Fatalf, t.Errorf,
// log.Fatal; sync.WaitGroup's "Add called concurrently with Wait"). Its
// author asserts what no other goroutine changes here; nothing is lost.
func (c *checker) assertion(b *bodyOps, l *atomicUse) bool {
	var ifs *ast.IfStmt
	if v := c.loadedInto(b, l); v != nil {
		// if n := x.Load(); n < 1 { t.Errorf("got %d", n) }
		as := b.parent(l.op.Call)
		s, ok := b.parent(as).(*ast.IfStmt)
		if !ok || s.Init != as {
			return false
		}
		ifs = s
		// n must not outlive the statement: it is declared there.
		if as.(*ast.AssignStmt).Tok != token.DEFINE {
			return false
		}
	} else {
		cmp, ok := b.parent(l.op.Call).(*ast.BinaryExpr)
		if !ok || !isComparison(cmp.Op) {
			return false
		}
		s, ok := b.parent(cmp).(*ast.IfStmt)
		if !ok || ast.Unparen(s.Cond) != ast.Expr(cmp) {
			return false
		}
		ifs = s
	}
	if ifs.Else != nil || len(ifs.Body.List) == 0 {
		return false
	}
	last, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(last.X).(*ast.CallExpr)
	return ok && c.failure(call)
}

// nonIdempotent returns the first action in body that must not run twice:
// closing a channel, calling a cancel function (context.CancelFunc,
// CancelCauseFunc), stopping a timer or ticker, a Close() error method
// (io.Closer's), sync.WaitGroup's Done, or decrementing a counter (an
// atomic Add of a negative constant, x-- on memory other than a local).
// Function literals in body are not entered.
func (c *checker) nonIdempotent(body *ast.BlockStmt) ast.Node {
	info := c.pass.TypesInfo
	var found ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IncDecStmt:
			if n.Tok == token.DEC {
				if _, local := ast.Unparen(n.X).(*ast.Ident); !local || isPackageVar(info, n.X) {
					found = n
				}
			}
		case *ast.CallExpr:
			if c.irreversibleCall(n) {
				found = n
				return false
			}
		}
		return true
	})
	return found
}

func isPackageVar(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

func (c *checker) irreversibleCall(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	fun := ast.Unparen(call.Fun)
	if id, ok := fun.(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			return b.Name() == "close"
		}
	}
	if tv, ok := info.Types[fun]; ok && tv.IsValue() {
		if named, ok := types.Unalias(tv.Type).(*types.Named); ok {
			obj := named.Obj()
			if obj.Pkg() != nil && obj.Pkg().Path() == "context" && (obj.Name() == "CancelFunc" || obj.Name() == "CancelCauseFunc") {
				return true
			}
		}
	}
	if op, ok := atomicop.Classify(info, call); ok {
		if op.Kind == atomicop.Add {
			tv := info.Types[op.Value()]
			return tv.Value != nil && tv.Value.String() != "0" && tv.Value.String()[0] == '-'
		}
		return false
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Signature()
	if sig.Recv() == nil {
		return false
	}
	if fn.Pkg() != nil {
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "time.Stop", "sync.Done":
			return true
		}
	}
	// io.Closer's Close.
	return fn.Name() == "Close" && sig.Params().Len() == 0 && sig.Results().Len() == 1 &&
		types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type())
}
