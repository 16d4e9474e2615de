package driver

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/docs"
)

const usage = `%[1]s finds Go concurrency bugs the race detector only catches when a test
happens to hit the interleaving.

Usage:
	%[1]s [flags] packages       analyze packages (for example ./...)
	%[1]s help [analyzer]        describe the analyzers, or one of them
	go vet -vettool="$(command -v %[1]s)" [flags] packages

Standalone, %[1]s runs itself through go vet, so each package is analyzed in
a process of its own and results are cached by go's build cache. It needs
the go command on PATH. -inprocess loads all packages into one process
instead (as x/tools' multichecker does): use it with GOPACKAGESDRIVER, or
for -test=false and the profiling flags; it needs far more memory.

Exit codes: 0 nothing found (with -json, -sarif, -fix: success), 1 something
could not be analyzed, 2 bad command line, 3 findings reported (with -diff:
a diff was printed).
`

// help prints the command's help, or the documentation of the named
// analyzers.
func help(stdout, stderr io.Writer, analyzers []*analysis.Analyzer, names []string) int {
	if len(names) == 0 {
		fmt.Fprintf(stdout, usage, progname())
		fmt.Fprintf(stdout, "\nAnalyzers (all run by default; -NAME runs only the named ones, -NAME=false all but those):\n\n")
		for _, a := range analyzers {
			fmt.Fprintf(stdout, "    %-12s %s\n", a.Name, docs.Title(a.Doc))
		}
		fmt.Fprintf(stdout, "\nFlags:\n\n")
		all := flag.NewFlagSet("", flag.ContinueOnError)
		defineFlags(all, analyzers)
		core := flag.NewFlagSet("", flag.ContinueOnError)
		core.SetOutput(stdout)
		all.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(f.Name, ".") {
				core.Var(f.Value, f.Name, f.Usage)
			}
		})
		core.PrintDefaults()
		fmt.Fprintf(stdout, "\nRun '%s help NAME' for an analyzer's documentation and flags.\n", progname())
		return exitClean
	}
	code := exitClean
	for _, name := range names {
		a := find(analyzers, name)
		if a == nil {
			fmt.Fprintf(stderr, "%s: no analyzer named %q (run '%s help' for the list)\n", progname(), name, progname())
			code = exitUsage
			continue
		}
		fmt.Fprintf(stdout, "%s\n", strings.TrimSpace(a.Doc))
		if a.URL != "" {
			fmt.Fprintf(stdout, "\nMore: %s\n", a.URL)
		}
		first := true
		a.Flags.VisitAll(func(f *flag.Flag) {
			if first {
				fmt.Fprintf(stdout, "\nFlags:\n")
				first = false
			}
			fmt.Fprintf(stdout, "  -%s.%s\n    \t%s (default %q)\n", a.Name, f.Name, f.Usage, f.DefValue)
		})
	}
	return code
}

func find(analyzers []*analysis.Analyzer, name string) *analysis.Analyzer {
	for _, a := range analyzers {
		if a.Name == name {
			return a
		}
	}
	return nil
}
