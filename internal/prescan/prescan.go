// Package prescan defines an Analyzer that walks every declared function
// body of a package once and lists the nodes cowlint's passes look at, so
// that each pass reads a short list instead of walking every body again.
//
// Every analyzer with facts runs on every dependency under go vet, so each
// walk over all function bodies is paid on every package of the build. The
// passes' first questions are syntactic and cheap to answer from a list:
// which calls does this function make (does it touch a lock, call anything
// with a summary), which assignments, returns and address-of expressions
// does it hold. This analyzer answers them with a single ast.Inspect per
// body and no type information; a pass requires it (Requires:
// prescan.Analyzer) and reads the result with prescan.Of(pass).
//
// x/tools' inspect.Analyzer was measured first: building its Inspector
// (events for every node of every file, type declarations included) cost
// more over std than the walks it saved.
package prescan

import (
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/guard"
)

var Analyzer = &analysis.Analyzer{
	Name:       "cowlintprescan",
	Doc:        "list the calls, assignments, returns and other nodes of every function body once, for cowlint's passes",
	URL:        "https://github.com/cowlint/cowlint#performance",
	Run:        guard.Run(run),
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Of returns the pre-scan of pass's package, or false when the pre-scan
// failed: it panicked, and guard reported that under this analyzer's name
// (as a diagnostic under go vet, where the failure is not an error), so a
// pass that requires it has nothing to add and returns.
func Of(pass *analysis.Pass) (*Result, bool) {
	r, ok := pass.ResultOf[Analyzer].(*Result)
	return r, ok && r != nil
}

// Result is the pre-scan of one package.
type Result struct {
	// Funcs lists the function declarations with a body, in the order of
	// pass.Files and their declarations.
	Funcs []*Func
	// byPos lists Funcs sorted by position, to find the declaration
	// enclosing a function literal.
	byPos []*Func
}

// A Func is the pre-scan of one declared function's body.
type Func struct {
	Decl *ast.FuncDecl
	// Nodes lists, in the order ast.Inspect visits them (source order,
	// parents before children), the body's statements and expressions of
	// the kinds a pass asks about: *ast.AssignStmt, *ast.IncDecStmt,
	// *ast.ReturnStmt, *ast.TypeSwitchStmt, *ast.CallExpr, *ast.DeferStmt,
	// *ast.GoStmt, *ast.FuncLit, *ast.RangeStmt, *ast.ValueSpec,
	// *ast.CompositeLit, *ast.SendStmt and address-of *ast.UnaryExpr (&x).
	// The bodies of function literals are included.
	Nodes []ast.Node
	// Calls lists the body's calls, in the same order (their positions
	// never decrease).
	Calls []*ast.CallExpr
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			res.Funcs = append(res.Funcs, scanFunc(fd))
		}
	}
	res.byPos = slices.Clone(res.Funcs)
	sort.Slice(res.byPos, func(i, j int) bool { return res.byPos[i].Decl.Pos() < res.byPos[j].Decl.Pos() })
	return res, nil
}

func scanFunc(fd *ast.FuncDecl) *Func {
	fn := &Func{Decl: fd}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			fn.Nodes = append(fn.Nodes, n)
			fn.Calls = append(fn.Calls, n)
		case *ast.AssignStmt, *ast.IncDecStmt, *ast.ReturnStmt, *ast.TypeSwitchStmt, *ast.DeferStmt, *ast.GoStmt, *ast.FuncLit, *ast.RangeStmt, *ast.ValueSpec, *ast.CompositeLit, *ast.SendStmt:
			fn.Nodes = append(fn.Nodes, n)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				fn.Nodes = append(fn.Nodes, n)
			}
		}
		return true
	})
	return fn
}

// HasLiterals reports whether body, a declared function's or a literal's
// inside one, contains a function literal; true when it cannot tell (a
// literal in a package-level initialiser).
func (r *Result) HasLiterals(body *ast.BlockStmt) bool {
	i := sort.Search(len(r.byPos), func(i int) bool { return r.byPos[i].Decl.End() > body.Pos() })
	if i == len(r.byPos) {
		return true
	}
	fn := r.byPos[i]
	if fn.Decl.Body.Pos() > body.Pos() || body.End() > fn.Decl.Body.End() {
		return true
	}
	for _, n := range fn.Nodes {
		if lit, ok := n.(*ast.FuncLit); ok && lit.Pos() >= body.Pos() && lit.End() <= body.End() && lit.Body != body {
			return true
		}
	}
	return false
}

// Calls returns the calls inside body, in source order: a declared
// function's body or the body of a function literal inside one. ok is
// false for other bodies (a literal in a package-level initialiser), which
// the caller walks itself.
func (r *Result) Calls(body *ast.BlockStmt) (calls []*ast.CallExpr, ok bool) {
	i := sort.Search(len(r.byPos), func(i int) bool { return r.byPos[i].Decl.End() > body.Pos() })
	if i == len(r.byPos) {
		return nil, false
	}
	fn := r.byPos[i]
	if fn.Decl.Body.Pos() > body.Pos() || body.End() > fn.Decl.Body.End() {
		return nil, false
	}
	if fn.Decl.Body == body {
		return fn.Calls, true
	}
	lo := sort.Search(len(fn.Calls), func(i int) bool { return fn.Calls[i].Pos() >= body.Pos() })
	hi := lo + sort.Search(len(fn.Calls)-lo, func(i int) bool { return fn.Calls[lo+i].Pos() >= body.End() })
	return fn.Calls[lo:hi], true
}
