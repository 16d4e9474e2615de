package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
)

// options is the parsed command line of the standalone command.
type options struct {
	json, sarif, fix, diff bool
	context                int    // -c: lines of context around each finding; -1 for none
	tags                   string // -tags, passed to the go command
	chdir                  string // -C: the directory to run in
	quiet                  bool   // -q: no progress, no summary
	start                  time.Time
	inprocess              bool
	test                   bool // -test (in-process only: go vet always includes tests)

	// inprocessOnly are the flags given, as -name=value, that only the
	// in-process checker understands (profiling, debugging, -test).
	inprocessOnly []string
	// analyzerFlags are the -NAME and -NAME.flag flags given, as
	// -name=value, to pass on to the vet tool processes.
	analyzerFlags []string
	// enabled are the analyzers that will run, as selected by -NAME flags.
	enabled []*analysis.Analyzer

	help     bool
	version  bool     // -version or "version": print the build's versions
	patterns []string // or, after "help", the analyzers to describe
	args     []string // the command line as given, for -inprocess
}

// enableFlag is the -NAME flag of one analyzer: unset, true or false, as in
// x/tools' analysisflags, so that -NAME selects only the named analyzers and
// -NAME=false all but those.
type enableFlag struct{ set, value bool }

func (f *enableFlag) IsBoolFlag() bool { return true }
func (f *enableFlag) String() string   { return strconv.FormatBool(f.value) }
func (f *enableFlag) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	f.set, f.value = true, v
	return nil
}

// parseFlags parses the standalone command line. It returns nil options and
// the exit code when the command line is wrong or asks for nothing.
func parseFlags(args []string, analyzers []*analysis.Analyzer, stderr io.Writer) (*options, int) {
	usage := func() {
		fmt.Fprintf(stderr, "usage: %[1]s [flags] packages\nRun '%[1]s help' for the flags and analyzers.\n", progname())
	}
	fs := flag.NewFlagSet(progname(), flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // -h gets the full help instead; errors get usage below
	opts, enable, analyzerFlag := defineFlags(fs, analyzers)
	opts.args = args

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &options{help: true}, exitClean
		}
		usage() // package flag has printed the error
		return nil, exitUsage
	}
	opts.patterns = fs.Args()

	fs.Visit(func(f *flag.Flag) {
		switch {
		case analyzerFlag[f.Name]:
			opts.analyzerFlags = append(opts.analyzerFlags, "-"+f.Name+"="+f.Value.String())
		case f.Name == "test" || f.Name == "debug" || strings.HasSuffix(f.Name, "profile") || f.Name == "trace":
			opts.inprocessOnly = append(opts.inprocessOnly, "-"+f.Name+"="+f.Value.String())
		}
	})
	opts.enabled = selectAnalyzers(analyzers, enable)

	if opts.version || len(opts.patterns) == 1 && opts.patterns[0] == "version" {
		opts.version = true
		return opts, exitClean
	}
	if len(opts.patterns) > 0 && opts.patterns[0] == "help" {
		opts.help, opts.patterns = true, opts.patterns[1:]
		return opts, exitClean
	}
	if err := opts.check(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname(), err)
		usage()
		return nil, exitUsage
	}
	return opts, exitClean
}

// defineFlags defines the standalone command's flags on fs, bound to the
// returned options, and for each analyzer its -NAME flag and its own flags
// as -NAME.flag.
func defineFlags(fs *flag.FlagSet, analyzers []*analysis.Analyzer) (*options, map[*analysis.Analyzer]*enableFlag, map[string]bool) {
	opts := &options{context: -1, test: true}
	fs.BoolVar(&opts.json, "json", false, "print diagnostics as JSON (the shape of x/tools' multichecker -json) on standard output")
	fs.BoolVar(&opts.sarif, "sarif", false, "print diagnostics as SARIF 2.1.0 (for GitHub code scanning) on standard output")
	fs.BoolVar(&opts.fix, "fix", false, "apply the first suggested fix of each diagnostic instead of printing it")
	fs.BoolVar(&opts.diff, "diff", false, "with -fix (implied), print the fixes as a unified diff instead of applying them")
	fs.IntVar(&opts.context, "c", -1, "print each finding's source line with this many lines of context")
	fs.StringVar(&opts.tags, "tags", "", "comma-separated build tags, passed to the go command")
	fs.BoolVar(&opts.quiet, "q", false, "quiet: no progress display and no summary line on standard error")
	fs.StringVar(&opts.chdir, "C", "", "change to this directory before doing anything else, as go -C does")
	fs.BoolVar(&opts.version, "version", false, "print the versions of cowlint, of the Go it was built with and of its analysis frameworks, and exit")
	fs.BoolVar(&opts.inprocess, "inprocess", false, "load and analyze all packages in this process with go/packages instead of\nthrough go vet (needed with GOPACKAGESDRIVER; uses far more memory)")

	// Flags of x/tools' in-process checker, accepted with -inprocess only.
	fs.BoolVar(&opts.test, "test", true, "with -inprocess: analyze test files too (go vet always does)")
	for _, name := range []string{"debug", "cpuprofile", "memprofile", "trace"} {
		fs.String(name, "", "with -inprocess: x/tools checker flag (see 'go doc golang.org/x/tools/go/analysis/multichecker')")
	}

	enable := map[*analysis.Analyzer]*enableFlag{}
	analyzerFlag := map[string]bool{}
	for _, a := range analyzers {
		enable[a] = new(enableFlag)
		fs.Var(enable[a], a.Name, fmt.Sprintf("enable the %s analyzer (see 'help %s')", a.Name, a.Name))
		analyzerFlag[a.Name] = true
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
			analyzerFlag[a.Name+"."+f.Name] = true
		})
	}
	return opts, enable, analyzerFlag
}

// check rejects combinations of flags that cannot mean anything.
func (opts *options) check() error {
	if opts.diff {
		opts.fix = true
	}
	switch {
	case len(opts.patterns) == 0:
		return errors.New("no packages given (for example: ./...)")
	case opts.json && opts.sarif:
		return errors.New("-json and -sarif cannot be used together")
	case opts.fix && (opts.json || opts.sarif):
		return errors.New("-fix and -diff apply or print fixes; they cannot be combined with -json or -sarif, which describe them")
	case opts.fix && opts.context >= 0:
		return errors.New("-c cannot be used with -fix or -diff")
	case !opts.inprocess && len(opts.inprocessOnly) > 0:
		var names []string
		for _, f := range opts.inprocessOnly {
			name, _, _ := strings.Cut(f, "=")
			names = append(names, name)
		}
		return fmt.Errorf("%s needs -inprocess (go vet analyzes each package in its own process, tests included)", strings.Join(names, ", "))
	}
	return nil
}

// selectAnalyzers applies the -NAME flags as x/tools' analysisflags does: if
// any -NAME is true, only those run; otherwise, if any -NAME is false, all
// but those run.
func selectAnalyzers(analyzers []*analysis.Analyzer, enable map[*analysis.Analyzer]*enableFlag) []*analysis.Analyzer {
	var anyTrue, anyFalse bool
	for _, e := range enable {
		anyTrue = anyTrue || e.set && e.value
		anyFalse = anyFalse || e.set && !e.value
	}
	var keep []*analysis.Analyzer
	for _, a := range analyzers {
		e := enable[a]
		switch {
		case anyTrue && !(e.set && e.value):
		case !anyTrue && anyFalse && e.set && !e.value:
		default:
			keep = append(keep, a)
		}
	}
	return keep
}
