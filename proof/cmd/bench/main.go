// Command bench measures cowlint over the standard library against a floor
// and against the tools users compare it with, in one run on one machine:
//
//	floor            go vet -vettool=noop std (proof/cmd/noop: loading and type-checking only)
//	go vet           go vet std (its default suite)
//	vet -vettool     go vet -vettool=cowlint std
//	cowlint std      standalone cowlint std
//	staticcheck std  staticcheck v0.8.2, fresh STATICCHECK_CACHE
//
// The compile cache is warmed first; go vet's result cache is defeated on
// every run (fresh tool copies with a nonce appended, which changes the
// tool ID x/tools' -V=full reports; for go vet's own suite a nonce
// -printf.funcs value). For each command it reports wall time, CPU time
// (user+sys of the whole process tree, from wait4's rusage, which includes
// reaped descendants), the peak RSS of the largest single process (rusage
// maxrss) and the peak RSS of the whole process tree (the sum over live
// descendants, sampled from /proc every 20ms: go vet runs up to GOMAXPROCS
// tool processes at once, so this is the memory a machine must have).
// Ratios are to the floor.
//
//	go run ./proof/cmd/bench [-n 3] [-only floor,vettool]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cowlint/cowlint/proof/internal/vetrun"
)

var (
	nFlag     = flag.Int("n", 1, "runs per command; the fastest (by wall time) is reported")
	onlyFlag  = flag.String("only", "", "comma-separated subset of: floor,govet,vettool,standalone,staticcheck")
	patFlag   = flag.String("pkgs", "std", "package pattern, run in GOROOT/src")
	scVersion = flag.String("staticcheck", "v0.8.2", "staticcheck version to build from the module proxy")
	toolFlag  = flag.String("tool", "", "cowlint binary to measure (default: build ./cmd/cowlint)")
)

type measurement struct {
	wall, cpu       time.Duration
	maxRSS, treeRSS int64 // bytes
	exitCode        int
}

type bench struct {
	key, name string
	cmd       func(nonce int) (*exec.Cmd, error)
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	flag.Parse()
	root, err := vetrun.ModuleRoot()
	if err != nil {
		log.Fatal(err)
	}
	std, err := vetrun.Lookup("std", root)
	if err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "cowlint-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	// Build the tools.
	cowlint, noop := filepath.Join(tmp, "cowlint"), filepath.Join(tmp, "noop")
	builds := [][2]string{{"./proof/cmd/noop", noop}}
	if *toolFlag == "" {
		builds = append(builds, [2]string{"./cmd/cowlint", cowlint})
	} else if cowlint, err = filepath.Abs(*toolFlag); err != nil {
		log.Fatal(err)
	}
	for _, b := range builds {
		if err := vetrun.Build(root, b[0], b[1]); err != nil {
			log.Fatal(err)
		}
	}
	staticcheck := filepath.Join(tmp, "bin", "staticcheck")
	install := exec.Command("go", "install", "honnef.co/go/tools/cmd/staticcheck@"+*scVersion)
	install.Env = append(os.Environ(), "GOBIN="+filepath.Dir(staticcheck), "GOFLAGS=")
	if out, err := install.CombinedOutput(); err != nil {
		log.Fatalf("building staticcheck: %v\n%s", err, out)
	}

	fresh := func(tool string) string {
		t, err := vetrun.FreshCopy(tool, tmp)
		if err != nil {
			log.Fatal(err)
		}
		return t
	}
	pkgs := strings.Fields(*patFlag)
	inStd := func(name string, args ...string) *exec.Cmd {
		c := exec.Command(name, append(args, pkgs...)...)
		c.Dir = std.Dir
		return c
	}
	benches := []bench{
		{"floor", "go vet -vettool=noop (floor)", func(int) (*exec.Cmd, error) {
			return inStd("go", "vet", "-vettool="+fresh(noop)), nil
		}},
		{"govet", "go vet (default suite)", func(n int) (*exec.Cmd, error) {
			return inStd("go", "vet", "-printf.funcs=cowlintbenchnonce"+strconv.Itoa(n)+strconv.FormatInt(time.Now().UnixNano(), 36)), nil
		}},
		{"vettool", "go vet -vettool=cowlint", func(int) (*exec.Cmd, error) {
			return inStd("go", "vet", "-vettool="+fresh(cowlint)), nil
		}},
		{"standalone", "cowlint (standalone)", func(int) (*exec.Cmd, error) {
			return inStd(fresh(cowlint)), nil
		}},
		{"staticcheck", "staticcheck " + *scVersion + " (fresh cache)", func(n int) (*exec.Cmd, error) {
			cache := filepath.Join(tmp, fmt.Sprintf("staticcheck-cache-%d", n))
			c := inStd(staticcheck)
			c.Env = append(os.Environ(), "STATICCHECK_CACHE="+cache)
			return c, nil
		}},
	}
	if *onlyFlag != "" {
		keep := strings.Split(*onlyFlag, ",")
		benches = slices.DeleteFunc(benches, func(b bench) bool { return b.key != "floor" && !slices.Contains(keep, b.key) })
	}

	// Warm the compile cache (export data for std) and the OS file cache.
	log.Printf("warming the build cache")
	if _, err := measure(inStd("go", "vet", "-vettool="+fresh(noop))); err != nil {
		log.Fatal(err)
	}

	results := map[string]measurement{}
	rounds := make([]map[string]measurement, *nFlag)
	for i := range *nFlag {
		rounds[i] = map[string]measurement{}
		for _, b := range benches {
			cmd, err := b.cmd(i)
			if err != nil {
				log.Fatal(err)
			}
			load := loadAverage()
			m, err := measure(cmd)
			if err != nil {
				log.Fatal(err)
			}
			log.Printf("run %d %-36s wall %6.1fs cpu %6.1fs maxrss %5.0f MB tree %5.0f MB exit %d (load before: %s)",
				i+1, b.name, m.wall.Seconds(), m.cpu.Seconds(), mb(m.maxRSS), mb(m.treeRSS), m.exitCode, load)
			rounds[i][b.key] = m
			if old, ok := results[b.key]; !ok || m.wall < old.wall {
				results[b.key] = m
			}
		}
	}

	// The table, as BENCHMARKS.md carries it.
	floor := results["floor"]
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "| command (over `%s`) | wall | CPU | peak RSS, largest process | peak RSS, process tree | wall / floor | CPU / floor | tree RSS / floor |\n", *patFlag)
	fmt.Fprintf(&buf, "| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, b := range benches {
		m := results[b.key]
		fmt.Fprintf(&buf, "| %s | %.1f s | %.1f s | %.0f MB | %.0f MB | %.2fx | %.2fx | %.2fx |\n",
			b.name, m.wall.Seconds(), m.cpu.Seconds(), mb(m.maxRSS), mb(m.treeRSS),
			ratio(m.wall, floor.wall), ratio(m.cpu, floor.cpu), float64(m.treeRSS)/float64(floor.treeRSS))
	}
	if sc, ok := results["staticcheck"]; ok {
		if sa, ok := results["standalone"]; ok {
			fmt.Fprintf(&buf, "\nstandalone cowlint / staticcheck: wall %.2fx, peak RSS (tree) %.2fx, (largest process) %.2fx (target: at most 0.5x)\n",
				ratio(sa.wall, sc.wall), float64(sa.treeRSS)/float64(sc.treeRSS), float64(sa.maxRSS)/float64(sc.maxRSS))
		}
	}
	if v, ok := results["vettool"]; ok {
		fmt.Fprintf(&buf, "go vet -vettool=cowlint / floor: wall %.2fx, CPU %.2fx (target: at most 1.3x)\n", ratio(v.wall, floor.wall), ratio(v.cpu, floor.cpu))
	}
	if *nFlag > 1 {
		// Each round runs the floor next to the others, so a per-round
		// ratio compares runs made under similar load; the median of
		// those is steadier than the ratio of the best times.
		fmt.Fprintf(&buf, "\nmedian over %d rounds of the per-round ratio to the floor (wall, CPU):", *nFlag)
		for _, b := range benches[1:] {
			var walls, cpus []float64
			for _, r := range rounds {
				walls = append(walls, ratio(r[b.key].wall, r["floor"].wall))
				cpus = append(cpus, ratio(r[b.key].cpu, r["floor"].cpu))
			}
			fmt.Fprintf(&buf, " %s %.2fx, %.2fx;", b.key, median(walls), median(cpus))
		}
		fmt.Fprintln(&buf)
	}
	fmt.Fprintf(&buf, "\nmachine: %s, %d CPUs, %s, %s/%s, %d run(s) per command, best wall kept; load average at the end %s\n", cpuModel(), runtime.NumCPU(), memTotal(), runtime.GOOS, runtime.GOARCH, *nFlag, loadAverage())
	if v, err := exec.Command("go", "version").Output(); err == nil {
		fmt.Fprintf(&buf, "toolchain: %s", v)
	}
	os.Stdout.Write(buf.Bytes())
}

// measure runs cmd to completion, sampling the RSS of its process tree.
func measure(cmd *exec.Cmd) (measurement, error) {
	var m measurement
	cmd.Stdout, cmd.Stderr = nil, nil // findings are not the point here
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return m, err
	}
	var peak atomic.Int64
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss := treeRSS(cmd.Process.Pid); rss > peak.Load() {
				peak.Store(rss)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	m.wall = time.Since(start)
	stop()
	<-done
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		return m, err
	}
	m.exitCode = cmd.ProcessState.ExitCode()
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	m.maxRSS = ru.Maxrss * 1024 // Linux reports KiB
	m.treeRSS = peak.Load()
	return m, nil
}

// treeRSS returns the summed resident set size of pid and its descendants.
func treeRSS(pid int) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	parent := map[int]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so cut at the last ')'.
		s := string(stat)
		if i := strings.LastIndexByte(s, ')'); i >= 0 {
			if f := strings.Fields(s[i+1:]); len(f) > 1 {
				parent[p], _ = strconv.Atoi(f[1])
			}
		}
	}
	inTree := func(p int) bool {
		for depth := 0; p > 1 && depth < 64; depth++ {
			if p == pid {
				return true
			}
			p = parent[p]
		}
		return false
	}
	page := int64(os.Getpagesize())
	var total int64
	for p := range parent {
		if !inTree(p) {
			continue
		}
		statm, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", p))
		if err != nil {
			continue
		}
		if f := strings.Fields(string(statm)); len(f) > 1 {
			pages, _ := strconv.ParseInt(f[1], 10, 64)
			total += pages * page
		}
	}
	return total
}

// loadAverage returns the 1-minute load average: the machine may be shared,
// and a number measured under load says so.
func loadAverage() string {
	data, _ := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func ratio(a, b time.Duration) float64 { return a.Seconds() / b.Seconds() }

func cpuModel() string {
	data, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	data, _ := os.ReadFile("/proc/meminfo")
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return fmt.Sprintf("%.0f GiB RAM", float64(kb)/(1<<20))
		}
	}
	return "unknown RAM"
}
