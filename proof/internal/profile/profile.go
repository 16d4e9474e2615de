// Package profile attributes analysis time to analyzers on real code: it
// loads packages in process, runs the analyzers with the x/tools checker
// and sums each action's duration per analyzer (its own Run only, so the
// cost of a shared prerequisite such as buildssa shows under its own name),
// split between the packages asked for and the dependencies that only
// compute facts. With a CPU or heap profile around the run, it says where
// cowlint's time and memory go on the heaviest packages.
package profile

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"syscall"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Options says what to profile.
type Options struct {
	Patterns   []string
	CPUProfile string // write a CPU profile of the analysis (not the loading) here
	MemProfile string // write a heap profile taken after the analysis here
	Top        int    // also list the slowest actions
}

type total struct {
	name          string
	roots, deps   time.Duration
	nRoots, nDeps int
}

// Run loads opts.Patterns (with every dependency from source), runs the
// analyzers and writes the table to w.
func Run(w io.Writer, analyzers []*analysis.Analyzer, opts Options) error {
	start := time.Now()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: true}
	pkgs, err := packages.Load(cfg, opts.Patterns...)
	if err != nil {
		return err
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		return fmt.Errorf("%d errors loading %v", n, opts.Patterns)
	}
	loaded := time.Since(start)

	if opts.CPUProfile != "" {
		f, err := os.Create(opts.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	start = time.Now()
	cpu0 := cpuTime()
	// Sequential: in parallel mode x/tools notes action durations inflate
	// several-fold from contention, and they overlap.
	graph, err := checker.Analyze(analyzers, pkgs, &checker.Options{Sequential: true})
	analyzed := time.Since(start)
	cpu := cpuTime() - cpu0
	if opts.CPUProfile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	if opts.MemProfile != "" {
		runtime.GC()
		f, err := os.Create(opts.MemProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}

	byName := map[string]*total{}
	var actions []*checker.Action
	for act := range graph.All() {
		t := byName[act.Analyzer.Name]
		if t == nil {
			t = &total{name: act.Analyzer.Name}
			byName[act.Analyzer.Name] = t
		}
		if act.IsRoot {
			t.roots += act.Duration
			t.nRoots++
		} else {
			t.deps += act.Duration
			t.nDeps++
		}
		if act.Err != nil {
			fmt.Fprintf(w, "error: %s on %s: %v\n", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		actions = append(actions, act)
	}
	totals := make([]*total, 0, len(byName))
	var sum time.Duration
	for _, t := range byName {
		totals = append(totals, t)
		sum += t.roots + t.deps
	}
	slices.SortFunc(totals, func(a, b *total) int { return cmp.Compare(b.roots+b.deps, a.roots+a.deps) })

	fmt.Fprintf(w, "%d packages loaded in %.1fs; analysis took %.1fs, sequentially (GOMAXPROCS=%d), %.1fs of CPU (user+sys, with the garbage collector's)\n",
		len(pkgs), loaded.Seconds(), analyzed.Seconds(), runtime.GOMAXPROCS(0), cpu.Seconds())
	fmt.Fprintf(w, "%-14s %10s %8s %10s %8s %7s\n", "analyzer", "on roots", "actions", "on deps", "actions", "share")
	for _, t := range totals {
		fmt.Fprintf(w, "%-14s %9.2fs %8d %9.2fs %8d %6.1f%%\n", t.name, t.roots.Seconds(), t.nRoots, t.deps.Seconds(), t.nDeps,
			100*(t.roots+t.deps).Seconds()/sum.Seconds())
	}
	if opts.Top > 0 {
		slices.SortFunc(actions, func(a, b *checker.Action) int { return cmp.Compare(b.Duration, a.Duration) })
		fmt.Fprintf(w, "slowest actions:\n")
		for _, act := range actions[:min(opts.Top, len(actions))] {
			fmt.Fprintf(w, "  %7.3fs  %-12s %s\n", act.Duration.Seconds(), act.Analyzer.Name, act.Package.ID)
		}
	}
	return nil
}

// cpuTime returns the CPU time (user+sys) this process has used so far:
// on a shared machine, the analysis's wall time stretches with the load,
// its CPU time much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
