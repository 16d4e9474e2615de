package driver

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/packages"
)

// runInProcess is the -inprocess escape hatch: every package is loaded into
// this process with go/packages (which honours GOPACKAGESDRIVER) and
// analyzed by x/tools' checker. Text, -json, -fix and -diff are exactly
// x/tools' multichecker; -sarif renders the checker's JSON as the go vet
// route does.
func runInProcess(opts *options, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	if opts.tags != "" {
		// multichecker's -tags is a no-op kept for old vet scripts; the
		// go command behind go/packages reads GOFLAGS.
		os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags="+opts.tags))
	}
	if !opts.sarif {
		os.Args = append([]string{os.Args[0]}, opts.multicheckerArgs()...)
		multichecker.Main(analyzers...)
		panic("unreachable: multichecker.Main exits")
	}

	cfg := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Tests: opts.test}
	if needFacts(opts.enabled) {
		cfg.Mode = packages.LoadAllSyntax | packages.NeedModule
	}
	pkgs, err := packages.Load(cfg, opts.patterns...)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname(), err)
		return exitFailure
	}
	if len(pkgs) == 0 {
		fmt.Fprintf(stderr, "%s: %s matched no packages\n", progname(), strings.Join(opts.patterns, " "))
		return exitFailure
	}
	res := &result{}
	if n := packages.PrintErrors(pkgs); n > 0 {
		res.failures = append(res.failures, "some packages could not be loaded (the errors are above)")
	}
	graph, err := checker.Analyze(opts.enabled, pkgs, nil)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname(), err)
		return exitFailure
	}
	var buf bytes.Buffer
	if err := graph.PrintJSON(&buf); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname(), err)
		return exitFailure
	}
	decoded, err := decodeVetJSON(&buf, nil)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname(), err)
		return exitFailure
	}
	res.tree = decoded.tree
	res.packages = len(pkgs)
	return render(opts, res, stdout, stderr)
}

// multicheckerArgs rebuilds the command line for x/tools' multichecker
// from the parsed options: the flags it knows, then the patterns.
func (opts *options) multicheckerArgs() []string {
	var args []string
	if opts.json {
		args = append(args, "-json")
	}
	if opts.fix {
		args = append(args, "-fix")
	}
	if opts.diff {
		args = append(args, "-diff")
	}
	if opts.context >= 0 {
		args = append(args, "-c="+strconv.Itoa(opts.context))
	}
	args = append(args, opts.inprocessOnly...)
	args = append(args, opts.analyzerFlags...)
	return append(args, opts.patterns...)
}

// needFacts reports whether any of the analyzers, or those they require,
// use facts: then dependencies must be loaded from source too.
func needFacts(analyzers []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(analyzers)
}
