package suite_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/suite"
)

// FuzzSuite builds small programs from a grammar of the shapes the passes
// care about (locks, read locks, TryLock, defers, loops, branches, early
// returns, goroutines, closures run in place or later, sync.Once, atomics,
// publications and mutations of published values, calls between the
// functions, recursion), type-checks them and runs every analyzer of the
// suite on them in process with a time budget: a panic, an analysis error
// or a run over budget is a failure. The seed corpus runs in the ordinary
// test run; go test -fuzz FuzzSuite ./suite explores further.
func FuzzSuite(f *testing.F) {
	for _, seed := range []string{
		"",
		"\x00\x01",
		"\x00\x07\x00\x01\x01\x00",
		"\x02\x00\x08\x05\x0e\x01\x0e\x00",
		"\x03\x09\x00\x02\x0a\x05\x06\x0b\x0c\x0d",
		"\x01\x0e\x00\x00\x0e\x01\x01\x10\x03\x04",
		"\x02\x07\x08\x07\x0a\x0a\x0a\x00\x12\x13\x01",
		"\x03\x00\x11\x0f\x14\x15\x16\x09\x09\x09\x00\x01",
		"\x02\x05\x0e\x01\x06\x05\x0e\x00\x06\x10\x0e\x02",
		strings.Repeat("\x07\x0a\x08", 12),
		strings.Repeat("\x00\x0e\x01\x0e\x02\x05\x06", 8),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := generate(data)
		if _, err := runSuite(src, 20*time.Second); err != nil {
			t.Fatalf("%v\nprogram:\n%s", err, src)
		}
	})
}

// gen draws the grammar's choices from the fuzzer's bytes (zeros when
// they run out, so every input is a finite program).
type gen struct {
	data  []byte
	b     strings.Builder
	funcs int
	uses  int // statements emitted, bounded
}

func (g *gen) next(n int) int {
	if len(g.data) == 0 || n <= 0 {
		return 0
	}
	c := int(g.data[0])
	g.data = g.data[1:]
	return c % n
}

func (g *gen) p(indent int, format string, args ...any) {
	g.b.WriteString(strings.Repeat("\t", indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

// scope is where a statement is emitted: inside a loop (break and
// continue allowed), inside a function literal (plain return).
type scope struct {
	indent int
	loop   bool
	lit    bool
	depth  int
}

func generate(data []byte) string {
	g := &gen{data: data}
	g.funcs = 1 + g.next(4)
	g.p(0, "package p\n\nimport (\n\t\"sync\"\n\t\"sync/atomic\"\n)\n")
	g.p(0, "type T struct {\n\tmu   sync.Mutex\n\trw   sync.RWMutex\n\tn    int\n\tc    atomic.Int64\n\tp    atomic.Pointer[T]\n\tnext *T\n\tm    map[int]int\n}\n")
	g.p(0, "var (\n\tg    T\n\tgmu  sync.Mutex\n\tonce sync.Once\n\tcur  atomic.Pointer[T]\n)\n")
	for i := range g.funcs {
		recv := ""
		if g.next(2) == 1 {
			recv = "(t *T) "
			g.p(0, "func %sm%d(u *T, x int) int {", recv, i)
		} else {
			g.p(0, "func f%d(t, u *T, x int) int {", i)
		}
		g.block(scope{indent: 1})
		g.p(1, "return x")
		g.p(0, "}\n")
		// Both spellings exist for every index, so calls need not know
		// which one the choice made.
		if recv != "" {
			g.p(0, "func f%d(t, u *T, x int) int { return t.m%d(u, x) }\n", i, i)
		} else {
			g.p(0, "func (t *T) m%d(u *T, x int) int { return f%d(t, u, x) }\n", i, i)
		}
	}
	return g.b.String()
}

func (g *gen) block(s scope) {
	n := 1 + g.next(5)
	for range n {
		g.stmt(s)
	}
}

func (g *gen) stmt(s scope) {
	g.uses++
	if g.uses > 200 {
		return
	}
	in := s.indent
	nested := s
	nested.indent++
	nested.depth++
	deep := s.depth >= 4
	ret := "return x"
	if s.lit {
		ret = "return"
	}
	mu := []string{"t.mu", "u.mu", "gmu", "t.next.mu"}[g.next(4)]
	switch k := g.next(23); {
	case k == 0:
		g.p(in, "%s.Lock()", mu)
	case k == 1:
		g.p(in, "%s.Unlock()", mu)
	case k == 2:
		g.p(in, "%s.Lock()", mu)
		g.p(in, "defer %s.Unlock()", mu)
	case k == 3:
		g.p(in, "t.rw.RLock()")
	case k == 4:
		g.p(in, "t.rw.RUnlock()")
	case k == 5:
		g.p(in, "t.rw.Lock()")
	case k == 6:
		g.p(in, "t.rw.Unlock()")
	case k == 7 && !deep:
		g.p(in, "if x > %d {", g.next(8))
		g.block(nested)
		if g.next(2) == 1 {
			g.p(in, "} else {")
			g.block(nested)
		}
		g.p(in, "}")
	case k == 8 && !deep:
		g.p(in, "for i := 0; i < x; i++ {")
		g.p(in+1, "_ = i")
		l := nested
		l.loop = true
		g.block(l)
		g.p(in, "}")
	case k == 9 && !deep:
		g.p(in, "go func() {")
		l := nested
		l.lit, l.loop = true, false
		g.block(l)
		g.p(in, "}()")
	case k == 10 && !deep:
		g.p(in, "func() {")
		l := nested
		l.lit, l.loop = true, false
		g.block(l)
		g.p(in, "}()")
	case k == 11:
		g.p(in, "t.c.Add(1)")
	case k == 12:
		g.p(in, "if t.c.Load() == 0 {")
		g.p(in+1, "t.c.Store(1)")
		g.p(in, "}")
	case k == 13:
		g.p(in, "if q := &(T{}); q != nil {")
		g.p(in+1, "q.n = x")
		g.p(in+1, "cur.Store(q)")
		if g.next(2) == 1 {
			g.p(in+1, "q.n++")
		}
		g.p(in, "}")
	case k == 14:
		j := g.next(g.funcs)
		if g.next(2) == 1 {
			g.p(in, "x = f%d(u, t, x-1)", j)
		} else {
			g.p(in, "x = t.m%d(u, x-1)", j)
		}
	case k == 15:
		g.p(in, "if %s.TryLock() {", mu)
		g.p(in+1, "%s.Unlock()", mu)
		g.p(in, "}")
	case k == 16:
		g.p(in, "if x == %d {", g.next(4))
		g.p(in+1, "%s", ret)
		g.p(in, "}")
	case k == 17:
		g.p(in, "t.n++")
	case k == 18 && s.loop:
		g.p(in, "if x == %d {", g.next(4))
		g.p(in+1, "%s", []string{"break", "continue"}[g.next(2)])
		g.p(in, "}")
	case k == 19 && !deep:
		g.p(in, "once.Do(func() {")
		l := nested
		l.lit, l.loop = true, false
		g.block(l)
		g.p(in, "})")
	case k == 20:
		g.p(in, "if q := cur.Load(); q != nil {")
		g.p(in+1, "q.n = x")
		g.p(in, "}")
	case k == 21 && !deep:
		// In a block of its own: fn may be declared again further on.
		g.p(in, "{")
		g.p(in+1, "fn := func() {")
		l := nested
		l.indent++
		l.lit, l.loop = true, false
		g.block(l)
		g.p(in+1, "}")
		g.p(in+1, "%sfn()", []string{"", "defer ", "go "}[g.next(3)])
		g.p(in, "}")
	case k == 22:
		g.p(in, "t.p.Store(t.p.Load())")
		g.p(in, "t.m[x] = x")
	default:
		g.p(in, "x++")
	}
}

var (
	fuzzImporter     types.Importer
	fuzzImporterOnce sync.Once
	fuzzMu           sync.Mutex // analyzers' flags and guard's state are process-wide
)

// runSuite type-checks src and runs every analyzer of the suite (with the
// ones they require) on it, within budget.
func runSuite(src string, budget time.Duration) ([]string, error) {
	fuzzImporterOnce.Do(func() { fuzzImporter = importer.Default() })
	fuzzMu.Lock()
	defer fuzzMu.Unlock()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("generated program does not parse: %v", err)
	}
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Scopes:       map[ast.Node]*types.Scope{},
		Instances:    map[*ast.Ident]types.Instance{},
		FileVersions: map[*ast.File]string{},
	}
	conf := types.Config{Importer: fuzzImporter}
	pkg, err := conf.Check("example.com/p", fset, []*ast.File{file}, info)
	if err != nil {
		return nil, fmt.Errorf("generated program does not type-check: %v", err)
	}
	type outcome struct {
		diags []string
		err   error
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		o.err = analyze(fset, file, pkg, info, &o.diags)
		done <- o
	}()
	select {
	case o := <-done:
		return o.diags, o.err
	case <-time.After(budget):
		return nil, fmt.Errorf("over budget: the analyzers ran more than %s", budget)
	}
}

type factKey struct {
	obj types.Object
	pkg *types.Package
	typ reflect.Type
}

func analyze(fset *token.FileSet, file *ast.File, pkg *types.Package, info *types.Info, diags *[]string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic escaped: %v", r)
		}
	}()
	results := map[*analysis.Analyzer]any{}
	facts := map[factKey]analysis.Fact{}
	var run func(a *analysis.Analyzer) error
	run = func(a *analysis.Analyzer) error {
		if _, ok := results[a]; ok {
			return nil
		}
		for _, r := range a.Requires {
			if err := run(r); err != nil {
				return err
			}
		}
		var internal []string
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       fset,
			Files:      []*ast.File{file},
			Pkg:        pkg,
			TypesInfo:  info,
			TypesSizes: types.SizesFor("gc", "amd64"),
			ResultOf:   results,
			Report: func(d analysis.Diagnostic) {
				if d.Category == guard.InternalError {
					internal = append(internal, d.Message)
				}
				*diags = append(*diags, a.Name+": "+d.Message)
			},
			ReadFile: func(string) ([]byte, error) { return nil, fmt.Errorf("no files") },
			ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool {
				got, ok := facts[factKey{obj: obj, typ: reflect.TypeOf(fact)}]
				if ok {
					reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(got).Elem())
				}
				return ok
			},
			ImportPackageFact: func(p *types.Package, fact analysis.Fact) bool {
				got, ok := facts[factKey{pkg: p, typ: reflect.TypeOf(fact)}]
				if ok {
					reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(got).Elem())
				}
				return ok
			},
			ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
				facts[factKey{obj: obj, typ: reflect.TypeOf(fact)}] = fact
			},
			ExportPackageFact: func(fact analysis.Fact) {
				facts[factKey{pkg: pkg, typ: reflect.TypeOf(fact)}] = fact
			},
			AllObjectFacts: func() []analysis.ObjectFact {
				var out []analysis.ObjectFact
				for k, f := range facts {
					if k.obj != nil {
						out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
					}
				}
				return out
			},
			AllPackageFacts: func() []analysis.PackageFact {
				var out []analysis.PackageFact
				for k, f := range facts {
					if k.pkg != nil {
						out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
					}
				}
				return out
			},
		}
		res, err := a.Run(pass)
		if err != nil {
			return fmt.Errorf("%s: %v", a.Name, err)
		}
		if len(internal) > 0 {
			return fmt.Errorf("%s: internal error: %s", a.Name, strings.Join(internal, "; "))
		}
		results[a] = res
		return nil
	}
	for _, a := range suite.Analyzers() {
		if err := run(a); err != nil {
			return err
		}
	}
	return nil
}

// The harness runs the analyzers for real: a program of the grammar with a
// known bug gets its finding.
func TestFuzzHarnessReports(t *testing.T) {
	src := generate([]byte("\x00\x00\x01\x00\x00\x00\x00"))
	diags, err := runSuite(src, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(diags, "\n"), "lockorder: double lock") {
		t.Errorf("no double lock reported on\n%s\ndiagnostics: %q", src, diags)
	}
}
