// Package driver is cowlint's command-line driver, shared by cmd/cowlint and
// by test binaries that add analyzers of their own.
//
// One binary plays two roles, chosen by its arguments:
//
//   - A go vet tool. Invoked by go vet with -flags, -V=full or a single
//     *.cfg file, it is x/tools' unitchecker (reached through multichecker):
//     one process per package, facts carried between packages in vet's
//     .vetx files.
//   - The standalone command (cowlint [flags] packages). It re-executes
//     itself as "go vet -vettool=<this binary>" and renders what the vet
//     tool processes report. Every package is then analyzed in its own
//     short-lived process, so memory stays that of one package rather than
//     of the whole program (x/tools' in-process checker holds every package
//     at once: 2.5 GB on std for an analyzer that does nothing), and go's
//     build and vet caches apply. With -inprocess it instead loads every
//     package into this process with go/packages, as a plain multichecker
//     does: needed for GOPACKAGESDRIVER, -test=false and the profiling flags.
//
// Exit codes of the standalone command:
//
//	0  nothing found (with -json, -sarif or -fix: the run succeeded)
//	1  something could not be analyzed: a package did not build or
//	   type-check, an analyzer failed, go vet could not run
//	2  bad command line
//	3  findings reported (with -diff: a diff was printed)
//
// These follow x/tools' multichecker (0, 1, 3; 2 comes from package flag).
package driver

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/cowlint/cowlint/internal/guard"
)

// Exit codes of the standalone command; see the package documentation.
const (
	exitClean    = 0
	exitFailure  = 1
	exitUsage    = 2
	exitFindings = 3
)

// Main runs the analyzers as a command: as a go vet tool when go vet invokes
// it, standalone on package patterns otherwise. It does not return.
func Main(analyzers ...*analysis.Analyzer) {
	if err := analysis.Validate(analyzers); err != nil {
		fmt.Fprintf(os.Stderr, "%s: invalid analyzers: %v\n", progname(), err)
		os.Exit(exitFailure)
	}
	args := os.Args[1:]
	if isVetToolInvocation(args) {
		tuneUnitRuntime()
		// go vet mishandles analysis errors in text mode; see guard.
		guard.PanicsAsDiagnostics = true
		guard.FactsOnly = vetxOnly(args)
		flag.String(rootSetFlag, "", "set by the standalone command: a digest of the packages it asked go vet for, keeping go vet's cached results apart per set (see rootSet)")
		multichecker.Main(analyzers...)
		panic("unreachable: multichecker.Main exits")
	}
	os.Exit(run(args, analyzers, os.Stdout, os.Stderr))
}

// isVetToolInvocation reports whether args are go vet's: the -flags or -V
// handshake, or flags followed by a single *.cfg file describing one
// package.
func isVetToolInvocation(args []string) bool {
	for _, arg := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if strings.HasPrefix(arg, "-") && (name == "flags" || name == "V") {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// unitGCPercent is the garbage collector's target for a go vet tool
// process (GOGC, when the environment does not set it) while its live heap
// is small. Such a process analyzes one package and exits within a second
// or so, and go vet runs at most GOMAXPROCS of them at once: a collection
// that frees memory the process is about to give back anyway is wasted
// work. See BENCHMARKS.md (session 7) for the CPU and RSS it trades.
//
// A large package (a generated file, a chain of thousands of functions)
// would multiply its peak memory by the same factor, so the target holds
// only until the live heap passes unitLiveSwitch: from the first
// collection that finds more live, the process runs at the default target
// (GOGC 100). Until then unitMemoryLimit, a soft limit (runtime/debug
// SetMemoryLimit), bounds how far the heap grows before that collection.
const (
	unitGCPercent   = 400
	unitLiveSwitch  = 32 << 20 // bytes of live heap
	unitMemoryLimit = 96 << 20 // bytes
)

// tuneUnitRuntime sets the runtime up for a go vet tool process: less
// frequent garbage collection while the live heap is small (unitGCPercent,
// unless GOGC or GOMEMLIMIT is set), and no heap-profile sampling, which
// nothing in such a process reads (unitchecker has no profiling flags) and
// which costs an unwinding of the stack for every 512 KB allocated.
func tuneUnitRuntime() {
	runtime.MemProfileRate = 0
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(unitGCPercent)
	debug.SetMemoryLimit(unitMemoryLimit)
	watchLiveHeap()
}

// gcSentinel is an object whose finalizer runs after the garbage
// collection that finds it unreachable: one per cycle (see watchLiveHeap).
// It holds a pointer so that it is never a tiny allocation, whose
// finalizers may not run.
type gcSentinel struct{ _ *gcSentinel }

// watchLiveHeap checks the live heap after each garbage collection and,
// once it passes unitLiveSwitch, returns the process to the default
// collection target with no memory limit.
func watchLiveHeap() {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(live)
		if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > unitLiveSwitch {
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
			return
		}
		watchLiveHeap()
	})
}

// vetxOnly reports whether go vet runs the tool on a dependency only for
// its facts (the unit's *.cfg says VetxOnly; go vet discards the
// diagnostics of such a run). An unreadable file is left to unitchecker
// to report, so this answers false.
func vetxOnly(args []string) bool {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false
	}
	if v, ok := vetxOnlyField(data); ok {
		return v
	}
	var cfg struct{ VetxOnly bool }
	return json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
}

// vetxOnlyField finds the VetxOnly field of a vet.cfg without decoding the
// file, which lists every file of the package and the export data of every
// dependency (decoding it cost about 0.4 ms per tool process). The key
// "VetxOnly" followed by a colon can only be an object key: a quote inside
// a JSON string is escaped. ok is false unless it occurs exactly once,
// followed by a literal true or false; the caller then decodes the file.
func vetxOnlyField(data []byte) (v, ok bool) {
	const key = `"VetxOnly"`
	i := bytes.Index(data, []byte(key))
	if i < 0 || bytes.Contains(data[i+len(key):], []byte(key)) {
		return false, false
	}
	rest := bytes.TrimLeft(data[i+len(key):], " \t\r\n")
	rest, found := bytes.CutPrefix(rest, []byte(":"))
	if !found {
		return false, false
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	for _, lit := range []string{"true", "false"} {
		if after, found := bytes.CutPrefix(rest, []byte(lit)); found {
			after = bytes.TrimLeft(after, " \t\r\n")
			if len(after) > 0 && (after[0] == ',' || after[0] == '}') {
				return lit == "true", true
			}
		}
	}
	return false, false
}

// run is the standalone command. It returns the exit code.
func run(args []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	start := time.Now()
	opts, code := parseFlags(args, analyzers, stderr)
	if opts == nil {
		return code
	}
	opts.start = start
	if opts.chdir != "" {
		if err := os.Chdir(opts.chdir); err != nil {
			fmt.Fprintf(stderr, "%s: -C: %v\n", progname(), err)
			return exitUsage
		}
	}
	if opts.version {
		return printVersion(stdout)
	}
	if opts.help {
		return help(stdout, stderr, analyzers, opts.patterns)
	}
	if opts.inprocess {
		return runInProcess(opts, analyzers, stdout, stderr)
	}
	return runVet(opts, analyzers, stdout, stderr)
}

func progname() string {
	return filepath.Base(os.Args[0])
}
