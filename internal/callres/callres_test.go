package callres_test

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/internal/callres"
)

// probe reports, at every call whose callee is not named at the call (and
// at every call with standard library call-backs), what callres says.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report call resolutions",
	Requires: []*analysis.Analyzer{callres.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		r, ok := callres.Of(pass)
		if !ok {
			return nil, nil
		}
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				res := r.Resolve(call)
				if res.Dynamic() && res.Reason != "not a function call" {
					msg := res.String()
					if res.Complete {
						msg += " (complete)"
					}
					pass.Reportf(call.Lparen, "%s", msg)
				}
				var cbs []string
				for _, cb := range callres.Callbacks(pass.TypesInfo, call) {
					s := "arg " + string(rune('0'+cb.Arg))
					if cb.Method != "" {
						s += "." + cb.Method
						if fn := callres.MethodCallee(pass.TypesInfo, call.Args[cb.Arg], cb.Method); fn != nil {
							s += " = " + callres.FuncName(fn, pass.Pkg)
						}
					}
					if cb.When == callres.Goroutine {
						s += " on another goroutine"
					} else {
						s += " now"
					}
					cbs = append(cbs, s)
				}
				if len(cbs) > 0 {
					pass.Reportf(call.Rparen, "calls back %s", strings.Join(cbs, ", "))
				}
				return true
			})
		}
		return nil, nil
	},
}

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), callres.Analyzer, "defs") // facts
	analysistest.Run(t, analysistest.TestData(), probe, "calls")
}

func TestFuncName(t *testing.T) {
	pkg := types.NewPackage("example.com/p", "p")
	other := types.NewPackage("example.com/q", "q")
	tn := types.NewTypeName(0, other, "Client", nil)
	named := types.NewNamed(tn, types.NewStruct(nil, nil), nil)
	recv := types.NewVar(0, other, "c", types.NewPointer(named))
	fn := types.NewFunc(0, other, "Do", types.NewSignatureType(recv, nil, nil, nil, nil, false))
	if got, want := callres.FuncName(fn, pkg), "(*q.Client).Do"; got != want {
		t.Errorf("FuncName = %q, want %q", got, want)
	}
	if got, want := callres.FuncName(fn, other), "(*Client).Do"; got != want {
		t.Errorf("FuncName = %q, want %q", got, want)
	}
}

// TestConcurrentResolve resolves every call of a package from two
// goroutines at once, as lockorder and publish do when they run in
// parallel on one package (run with -race: the memos are shared).
func TestConcurrentResolve(t *testing.T) {
	both := &analysis.Analyzer{
		Name:     "both",
		Doc:      "resolve every call from two goroutines",
		Requires: []*analysis.Analyzer{callres.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			r, ok := callres.Of(pass)
			if !ok {
				return nil, nil
			}
			var calls []*ast.CallExpr
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						calls = append(calls, call)
					}
					return true
				})
			}
			done := make(chan []string)
			for range 2 {
				go func() {
					var out []string
					for _, call := range calls {
						out = append(out, r.Resolve(call).String())
					}
					done <- out
				}()
			}
			a, b := <-done, <-done
			if !slices.Equal(a, b) {
				t.Errorf("two goroutines resolved the calls differently:\n%v\n%v", a, b)
			}
			return nil, nil
		},
	}
	analysistest.Run(quiet{}, analysistest.TestData(), both, "calls")
}

// quiet drops analysistest's complaints about the fixture's
// expectations: both reports nothing.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// TestCallsBackMethods: the packages come from the tables Callbacks reads,
// so a package added there (with a method call-back) is seen here too.
func TestCallsBackMethods(t *testing.T) {
	for path, want := range map[string]bool{
		"fmt": true, "log": true, "sort": true, "io": true, "container/heap": true,
		"sync": false, "slices": false, "strings": false, "time": false, "example.com/fmt": false,
	} {
		fn := types.NewFunc(0, types.NewPackage(path, "p"), "F", types.NewSignatureType(nil, nil, nil, nil, nil, false))
		if got := callres.CallsBackMethods(fn); got != want {
			t.Errorf("CallsBackMethods(%s.F) = %v, want %v", path, got, want)
		}
	}
	if callres.CallsBackMethods(nil) {
		t.Error("CallsBackMethods(nil) = true")
	}
}
