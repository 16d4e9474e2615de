package escape_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/cowlint/cowlint/internal/escape"
)

const src = `package p

func f(cond bool) {
	func() {}() // direct
	g := func() {} // defined
	g()
	if cond {
		g()
	}
	h := func() {} // passed
	run(h)
	k := func() {} // deferred
	defer k()
	m := func() {} // spawned
	go m()
	var visit func(n int) // declared
	visit = func(n int) { // assigned
		if n > 0 {
			visit(n - 1)
		}
	}
	visit(3)
	a, b := func() {}, 1 // pair
	a()
	_ = b
	var late func()
	late()
	late = func() {} // late
	late()
	var lateCall func()
	if cond {
		lateCall()
	}
	lateCall = func() {} // late call
	lateCall()
	func() { // nested
		g()
	}()
}

func run(f func()) { f() }
`

func TestClosures(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	decl := file.Decls[0].(*ast.FuncDecl)
	// The comment on a literal's line names it.
	name := func(lit *ast.FuncLit) string {
		line := fset.Position(lit.Pos()).Line
		for _, cg := range file.Comments {
			if fset.Position(cg.Pos()).Line == line {
				return strings.TrimSpace(strings.TrimPrefix(cg.List[0].Text, "//"))
			}
		}
		return "?"
	}
	got := map[string]*escape.Closure{}
	for _, c := range escape.Closures(info, decl) {
		got[name(c.Lit)] = c
	}
	want := map[string]struct {
		binding   escape.Binding
		single    bool
		calls     int
		recursive int
	}{
		"direct":   {escape.Direct, true, 1, 0},
		"defined":  {escape.Defined, true, 3, 0},
		"assigned": {escape.Assigned, true, 1, 1},
		"pair":     {escape.Defined, false, 1, 0},
		"nested":   {escape.Direct, true, 1, 0},
	}
	for n, w := range want {
		c := got[n]
		if c == nil {
			t.Errorf("%s: not in place", n)
			continue
		}
		if c.Binding != w.binding || c.Single != w.single || len(c.Calls) != w.calls || len(c.Recursive) != w.recursive {
			t.Errorf("%s: got binding %d single %v calls %d recursive %d, want %+v", n, c.Binding, c.Single, len(c.Calls), len(c.Recursive), w)
		}
	}
	for _, n := range []string{"passed", "deferred", "spawned", "late", "late call"} {
		if got[n] != nil {
			t.Errorf("%s: in place, want not", n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d closures, want %d", len(got), len(want))
	}
	// The call of g inside the nested literal is made in that literal.
	for _, c := range got["defined"].Calls {
		if _, ok := c.Body.(*ast.FuncLit); ok {
			return
		}
	}
	t.Error("defined: no call made inside the nested literal")
}
