package hb_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/cowlint/cowlint/internal/hb"
)

const src = `package p

import "sync"

func f(cond bool) {
	var wg, other sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done() }() // start
	if cond {
		wg.Wait() // join in a branch
	}
	_ = 1 // after branch
	other.Wait() // other
	wg.Wait() // join
	_ = 2 // after join
	for {
		_ = 3 // loop
		wg.Wait() // loop join
	}
}
`

// TestJoined checks the control-flow question and the identity of joins.
func TestJoined(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	// Positions of the comments' lines.
	at := map[string]token.Pos{}
	for _, cg := range file.Comments {
		line := fset.Position(cg.Pos()).Line
		tf := fset.File(cg.Pos())
		indent := len(strings.Split(src, "\n")[line-1]) - len(strings.TrimLeft(strings.Split(src, "\n")[line-1], "\t"))
		at[strings.TrimSpace(cg.Text())] = tf.LineStart(line) + token.Pos(indent)
	}
	fn := file.Decls[1].(*ast.FuncDecl)
	var joins []hb.Join
	var keys []string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			keys = hb.GoSignals(info, n)
		case *ast.CallExpr:
			if j, ok := hb.JoinOf(info, n); ok {
				joins = append(joins, j)
			}
		}
		return true
	})
	if len(keys) != 1 || len(joins) != 4 {
		t.Fatalf("keys %v, joins %v", keys, joins)
	}
	var cuts []token.Pos
	for _, j := range joins {
		if hb.Matches(j, keys) {
			cuts = append(cuts, j.Pos)
		}
	}
	if len(cuts) != 3 {
		t.Fatalf("%d joins match the goroutine's WaitGroup, want 3 (other.Wait is not one)", len(cuts))
	}
	g := hb.NewGraph(info, fn.Body)
	for _, tc := range []struct {
		at     string
		joined bool
	}{
		{"after branch", false}, // the else path passes no Wait
		{"other", false},
		{"after join", true},
		{"loop", true},
	} {
		if got := g.Joined(at["start"], at[tc.at], cuts); got != tc.joined {
			t.Errorf("Joined(start, %q) = %v, want %v", tc.at, got, tc.joined)
		}
	}
	if !g.Joined(at["after join"], at["start"], nil) {
		t.Errorf("an earlier statement is reachable from a later one outside loops")
	}
}

const reachSrc = `package p

func f(cond bool) {
	n := 0 // entry
	if cond {
		n = 1 // then
	} else {
		n = 2 // else
	}
	n = 3 // join
	for n < 10 {
		n = 4 // loop head
		n = 5 // loop tail
	}
	n = 6 // after loop
	_ = n
}
`

// TestReach checks that reachability follows the control-flow graph, not
// source order: the else branch is not reached from the then branch, a
// loop's head is reached from its tail.
func TestReach(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", reachSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	at := map[string]token.Pos{}
	lines := strings.Split(reachSrc, "\n")
	for _, cg := range file.Comments {
		line := fset.Position(cg.Pos()).Line
		indent := len(lines[line-1]) - len(strings.TrimLeft(lines[line-1], "\t"))
		at[strings.TrimSpace(cg.Text())] = fset.File(cg.Pos()).LineStart(line) + token.Pos(indent)
	}
	g := hb.NewGraph(info, file.Decls[0].(*ast.FuncDecl).Body)
	for _, tc := range []struct {
		from    string
		reached map[string]bool
	}{
		{"then", map[string]bool{"entry": false, "then": true, "else": false, "join": true, "after loop": true}},
		{"loop tail", map[string]bool{"join": false, "loop head": true, "after loop": true}},
		{"after loop", map[string]bool{"loop head": false, "loop tail": false}},
	} {
		reached := g.Reach([]token.Pos{at[tc.from]}, nil)
		for to, want := range tc.reached {
			if got := reached(at[to]); got != want {
				t.Errorf("Reach(%q)(%q) = %v, want %v", tc.from, to, got, want)
			}
		}
	}
}

// TestBackEdge checks that the only back edges are the ones closing
// loops: a path crosses one exactly when it goes round a loop.
func TestBackEdge(t *testing.T) {
	const loops = `package p

func f(n int) {
	a := 0
	for i := 0; i < n; i++ {
		a++
		for a > 3 {
			a--
		}
	}
	if a > 1 {
		a = 2
	}
L:
	a++
	if a < 9 {
		goto L
	}
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", loops, 0)
	if err != nil {
		t.Fatal(err)
	}
	g := hb.NewGraphFunc(file.Decls[0].(*ast.FuncDecl).Body, func(*ast.CallExpr) bool { return true })
	var got []string
	for _, blk := range g.CFG().Blocks {
		for _, succ := range blk.Succs {
			if g.BackEdge(blk, succ) {
				got = append(got, blk.Kind.String()+"->"+succ.Kind.String())
			}
		}
	}
	want := []string{"ForPost->ForLoop", "ForBody->ForLoop", "IfThen->Label"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("back edges %v, want %v", got, want)
	}
}
