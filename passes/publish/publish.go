package publish

import (
	"fmt"
	"go/ast"
	"os"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/go/ir"

	"github.com/cowlint/cowlint/internal/callres"
	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/internal/irbuild"
	"github.com/cowlint/cowlint/internal/prescan"
)

//go:generate go run github.com/cowlint/cowlint/internal/docs/docgen publish

var Analyzer = &analysis.Analyzer{
	Name:      "publish",
	Doc:       doc,
	URL:       "https://github.com/cowlint/cowlint#publish",
	Requires:  []*analysis.Analyzer{prescan.Analyzer, callres.Analyzer},
	Run:       guard.Run(run),
	FactTypes: []analysis.Fact{new(publishesArgs), new(mutatesArgs), new(synchronisesArgs), new(methodFacts), new(returnsSnapshot), new(callsArgs)},
}

// debug is -publish.debug: say on standard error what was not analysed
// and why.
var debug bool

func init() {
	Analyzer.Flags.BoolVar(&debug, "debug", false, "print a line on standard error for each function over publish's size budget (checked by the syntactic check only)")
}

func run(pass *analysis.Pass) (any, error) {
	// Summaries: which functions publish, mutate or return a snapshot of
	// their arguments. Cheap and syntactic: this part runs on every
	// dependency.
	scanned, ok := prescan.Of(pass)
	if !ok {
		return nil, nil // the pre-scan failed, and said so
	}
	resolver, _ := callres.Of(pass) // nil when callres failed: dynamic calls stay unresolved
	sc := summarize(pass, scanned, resolver)
	if guard.FactsOnly {
		return nil, nil // a dependency go vet runs only for its facts: nothing found here would be printed
	}

	// Pre-scan: IR is built only for the functions that publish or load;
	// a function over the size budget gets the syntactic check instead.
	decls, skipped := sc.irDecls()
	c := &checker{
		pass:     pass,
		facts:    sc.facts,
		scan:     sc,
		closures: map[*ir.Function]*closureSummary{},
		reported: map[lineKey]bool{},
		dyn:      map[*ast.CallExpr]*dynCall{},
	}
	for _, sum := range skipped {
		if debug {
			pos := pass.Fset.Position(sum.decl.Pos())
			fmt.Fprintf(os.Stderr, "publish: %s: %s analysed by the syntactic check only (in-place writes into snapshots loaded in it): %d statements and calls, over the budget of %d\n", pos, sum.fn.Name(), sum.size, sizeBudget)
		}
		c.checkSyntactic(sum.decl)
	}
	if len(decls) == 0 {
		return nil, nil // no atomic pointer and no call to a publishing or snapshot-returning function
	}

	// Flow analysis of every function that publishes or loads.
	res := irbuild.BuildFuncs(pass, func(fd *ast.FuncDecl) bool { return decls[fd] })
	c.indexLiterals(res.SrcFuncs)
	for _, fn := range res.SrcFuncs {
		if len(fn.Blocks) == 0 {
			continue // declared without body
		}
		c.checkFunc(fn)
	}
	return nil, nil
}
