// Command scale measures how cowlint's cost grows with the size of the code
// it analyses (issue 11): for each generated shape (proof/internal/shapes)
// and each size N, it writes the package, lets go vet prepare the vet.cfg of
// each generated package, then runs cowlint's vet tool and the no-op vet
// tool (proof/cmd/noop) alternately on those same vet.cfg files, so that
// only the generated packages are timed (not std's facts), and prints, per
// shape and N, the CPU time (user+sys, the child's rusage) and peak RSS
// (rusage maxrss) of each, their ratios, and the fitted growth exponent (the
// least-squares slope of log cost against log N) of each tool.
//
//	go run ./proof/cmd/scale [-shapes pairs,chain] [-n 100,400,1600,6400] [-rounds 3] [-timeout 60s]
//
// Each run is limited to -timeout of CPU time (RLIMIT_CPU, through
// prlimit) and four times that of wall time: a run past it is reported
// "over budget" and larger N of the same shape are skipped. Multi-package
// shapes run their packages in dependency order and sum the CPU time (the
// peak RSS is the largest package's); each tool reads the facts its own
// runs wrote for the generated packages upstream.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cowlint/cowlint/proof/internal/shapes"
	"github.com/cowlint/cowlint/proof/internal/vetrun"
)

var (
	shapesFlag  = flag.String("shapes", "", "comma-separated shapes to run (default: all): "+shapeNames())
	nFlag       = flag.String("n", "100,400,1600,6400", "comma-separated sizes")
	roundsFlag  = flag.Int("rounds", 3, "runs per tool and size, alternating; the least CPU time is kept")
	timeoutFlag = flag.Duration("timeout", 60*time.Second, "CPU budget of one run; past it the run is reported over budget")
	toolFlag    = flag.String("tool", "", "cowlint binary to measure (default: build ./cmd/cowlint)")
	keepFlag    = flag.Bool("keep", false, "keep the generated packages (their directory is printed)")
)

func shapeNames() string {
	var names []string
	for _, s := range shapes.All {
		names = append(names, s.Name)
	}
	return strings.Join(names, ",")
}

// Under go vet, this binary is also the -vettool of the preparing run
// (wrapMode): it runs cowlint for std's packages, so that their facts are
// cowlint's, and the no-op tool for the generated ones, so that preparing
// a package cowlint may take long on costs nothing.
const wrapEnv = "COWLINT_SCALE_WRAP"

func main() {
	if os.Getenv(wrapEnv) != "" {
		wrap()
		return
	}
	log.SetFlags(0)
	log.SetPrefix("scale: ")
	flag.Parse()
	var sizes []int
	for _, f := range strings.Split(*nFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			log.Fatalf("bad size %q", f)
		}
		sizes = append(sizes, n)
	}
	selected := shapes.All
	if *shapesFlag != "" {
		selected = nil
		for _, name := range strings.Split(*shapesFlag, ",") {
			s, ok := shapes.Lookup(strings.TrimSpace(name))
			if !ok {
				log.Fatalf("unknown shape %q (known: %s)", name, shapeNames())
			}
			selected = append(selected, s)
		}
	}
	root, err := vetrun.ModuleRoot()
	if err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "cowlint-scale-")
	if err != nil {
		log.Fatal(err)
	}
	if *keepFlag {
		log.Printf("generated packages under %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	cowlint, noop := filepath.Join(tmp, "cowlint"), filepath.Join(tmp, "noop")
	if err := vetrun.Build(root, "./proof/cmd/noop", noop); err != nil {
		log.Fatal(err)
	}
	if *toolFlag == "" {
		err = vetrun.Build(root, "./cmd/cowlint", cowlint)
	} else {
		cowlint, err = filepath.Abs(*toolFlag)
	}
	if err != nil {
		log.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}

	fmt.Printf("| shape | N | cowlint CPU | no-op CPU | CPU ratio | cowlint RSS | no-op RSS | RSS ratio |\n|---|---|---|---|---|---|---|---|\n")
	var summary []string
	for _, s := range selected {
		var pts []point
		for _, n := range sizes {
			p, err := measureShape(tmp, self, cowlint, noop, s, n)
			if err != nil {
				log.Fatalf("%s N=%d: %v", s.Name, n, err)
			}
			if p.over {
				fmt.Printf("| %s | %d | over budget (%s CPU) | %.2fs | - | - | %.0f MB | - |\n", s.Name, n, *timeoutFlag, p.noop.cpu.Seconds(), mb(p.noop.rss))
				break
			}
			fmt.Printf("| %s | %d | %.2fs | %.2fs | %.2fx | %.0f MB | %.0f MB | %.2fx |\n", s.Name, n,
				p.cow.cpu.Seconds(), p.noop.cpu.Seconds(), p.cow.cpu.Seconds()/p.noop.cpu.Seconds(),
				mb(p.cow.rss), mb(p.noop.rss), float64(p.cow.rss)/float64(p.noop.rss))
			pts = append(pts, p)
		}
		if len(pts) >= 2 {
			summary = append(summary, fmt.Sprintf("| %s | %s | %.2f | %.2f | %.2f | %.2f |", s.Name, rangeOf(pts),
				slope(pts, func(m run) float64 { return m.cpu.Seconds() }, true), slope(pts, func(m run) float64 { return m.cpu.Seconds() }, false),
				slope(pts, func(m run) float64 { return float64(m.rss) }, true), slope(pts, func(m run) float64 { return float64(m.rss) }, false)))
		}
	}
	fmt.Printf("\nfitted growth (log-log slope over the sizes measured):\n\n| shape | N | cowlint CPU | no-op CPU | cowlint RSS | no-op RSS |\n|---|---|---|---|---|---|\n")
	for _, line := range summary {
		fmt.Println(line)
	}
	fmt.Printf("\n%d round(s) per size, least CPU kept; CPU budget %s per run; %d CPUs, load average at the end %s\n", *roundsFlag, *timeoutFlag, runtime.NumCPU(), loadAverage())
}

type run struct {
	cpu  time.Duration
	rss  int64 // bytes
	over bool
}

type point struct {
	n         int
	cow, noop run
	over      bool
}

func rangeOf(pts []point) string {
	return fmt.Sprintf("%d-%d", pts[0].n, pts[len(pts)-1].n)
}

// slope fits log(y) = a + b log(N) by least squares and returns b.
func slope(pts []point, y func(run) float64, cow bool) float64 {
	var sx, sy, sxx, sxy float64
	for _, p := range pts {
		m := p.noop
		if cow {
			m = p.cow
		}
		x, v := math.Log(float64(p.n)), math.Log(math.Max(y(m), 1e-6))
		sx, sy, sxx, sxy = sx+x, sy+v, sxx+x*x, sxy+x*v
	}
	k := float64(len(pts))
	return (k*sxy - sx*sy) / (k*sxx - sx*sx)
}

// vetConfig is the part of go vet's vet.cfg this command reads and
// rewrites; the rest is kept as it is.
type vetConfig map[string]any

func measureShape(tmp, self, cowlint, noop string, s shapes.Shape, n int) (point, error) {
	dir := filepath.Join(tmp, fmt.Sprintf("%s-%d", s.Name, n))
	if err := shapes.Write(dir, s, n); err != nil {
		return point{}, err
	}
	// Each tool reads the facts of std its own runs wrote (the no-op
	// tool cannot decode cowlint's), and those its runs wrote for the
	// generated packages upstream.
	var cowCfgs, noopCfgs []string
	for _, tool := range []string{"cowlint", "noop"} {
		std := cowlint
		if tool == "noop" {
			std = noop
		}
		cfgs, err := prepare(dir, self, std)
		if err != nil {
			return point{}, err
		}
		if err := os.MkdirAll(filepath.Join(dir, "vetx", tool), 0o777); err != nil {
			return point{}, err
		}
		for i, cfg := range cfgs {
			vetx := map[string]any{}
			for path, file := range cfg["PackageVetx"].(map[string]any) {
				if strings.HasPrefix(path, "gen/") {
					file = filepath.Join(dir, "vetx", tool, strings.ReplaceAll(path, "/", "_"))
				}
				vetx[path] = file
			}
			cfg["PackageVetx"] = vetx
			cfg["VetxOutput"] = filepath.Join(dir, "vetx", tool, strings.ReplaceAll(cfg["ImportPath"].(string), "/", "_"))
			data, err := json.Marshal(cfg)
			if err != nil {
				return point{}, err
			}
			name := filepath.Join(dir, "vetx", fmt.Sprintf("%s-%03d.cfg", tool, i))
			if err := os.WriteFile(name, data, 0o666); err != nil {
				return point{}, err
			}
			if tool == "cowlint" {
				cowCfgs = append(cowCfgs, name)
			} else {
				noopCfgs = append(noopCfgs, name)
			}
		}
	}
	p := point{n: n, cow: run{cpu: math.MaxInt64}, noop: run{cpu: math.MaxInt64}}
	for range *roundsFlag {
		c, err := runAll(cowlint, cowCfgs)
		if err != nil {
			return p, fmt.Errorf("cowlint: %v", err)
		}
		o, err := runAll(noop, noopCfgs)
		if err != nil {
			return p, fmt.Errorf("noop: %v", err)
		}
		if c.over {
			p.over = true
		}
		p.cow, p.noop = best(p.cow, c), best(p.noop, o)
		log.Printf("%s N=%d: cowlint %.2fs %.0f MB%s, noop %.2fs %.0f MB", s.Name, n, c.cpu.Seconds(), mb(c.rss), map[bool]string{true: " (over budget)"}[c.over], o.cpu.Seconds(), mb(o.rss))
		if p.over {
			break
		}
	}
	return p, nil
}

func best(a, b run) run {
	if b.cpu < a.cpu {
		a.cpu = b.cpu
	}
	if a.rss == 0 || b.rss < a.rss {
		a.rss = b.rss
	}
	a.over = a.over || b.over
	return a
}

// prepare runs go vet over the generated module with this binary as the
// vet tool (running std for std's packages, nothing for the generated ones)
// and returns the vet.cfg of each generated package, in the
// order go vet ran them (dependencies first).
func prepare(dir, self, std string) ([]vetConfig, error) {
	// A nonce in every package keeps go vet's result cache from skipping
	// the generated packages: it changes their content.
	nonce := strconv.FormatInt(time.Now().UnixNano(), 36)
	pkgs, _ := filepath.Glob(filepath.Join(dir, "*", "*.go"))
	for _, f := range pkgs {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(f, append(data, []byte("\n// nonce "+nonce+"\n")...), 0o666); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command("go", "vet", "-work", "-x", "-p", "1", "-vettool="+self, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), wrapEnv+"=1", "COWLINT_SCALE_STD="+std, "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go vet: %v\n%s", err, tail(out))
	}
	var work string
	if m := regexp.MustCompile(`(?m)^WORK=(.*)$`).FindSubmatch(out); m != nil {
		work = string(m[1])
	}
	var cfgs []vetConfig
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)-json \$WORK(/b\d+/vet\.cfg)$|(\S+/vet\.cfg)$`).FindAllSubmatch(out, -1) {
		file := string(m[2])
		if len(m[1]) > 0 {
			file = work + string(m[1])
		}
		file = strings.ReplaceAll(file, "$WORK", work)
		if seen[file] {
			continue
		}
		seen[file] = true
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		var cfg vetConfig
		if err := json.Unmarshal(data, &cfg); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		if p, _ := cfg["ImportPath"].(string); strings.HasPrefix(p, "gen/") {
			cfgs = append(cfgs, cfg)
		}
	}
	if len(cfgs) == 0 {
		return nil, fmt.Errorf("no vet.cfg of a generated package in go vet -x's output:\n%s", tail(out))
	}
	return cfgs, nil
}

func tail(b []byte) []byte {
	if len(b) > 4000 {
		return b[len(b)-4000:]
	}
	return b
}

// wrap is the vet tool of the preparing run.
func wrap() {
	tool := os.Getenv("COWLINT_SCALE_STD")
	if args := os.Args[1:]; len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		data, err := os.ReadFile(args[len(args)-1])
		var cfg vetConfig
		if err == nil && json.Unmarshal(data, &cfg) == nil {
			if p, _ := cfg["ImportPath"].(string); strings.HasPrefix(p, "gen/") {
				// The timed runs come later; an empty facts file
				// for the packages downstream suffices here.
				out, _ := cfg["VetxOutput"].(string)
				if err := os.WriteFile(out, nil, 0o666); err != nil {
					log.Fatal(err)
				}
				return
			}
		}
	}
	if err := syscall.Exec(tool, append([]string{tool}, os.Args[1:]...), os.Environ()); err != nil {
		log.Fatal(err)
	}
}

// runAll runs tool on each cfg in turn: CPU time summed, peak RSS the
// largest, over budget if any run is.
func runAll(tool string, cfgs []string) (run, error) {
	var total run
	for _, cfg := range cfgs {
		r, err := runOne(tool, cfg)
		if err != nil {
			return total, err
		}
		total.cpu += r.cpu
		total.rss = max(total.rss, r.rss)
		if r.over {
			total.over = true
			break
		}
	}
	return total, nil
}

func runOne(tool, cfg string) (run, error) {
	budget := *timeoutFlag
	ctx, cancel := context.WithTimeout(context.Background(), 4*budget+10*time.Second)
	defer cancel()
	secs := int(math.Ceil(budget.Seconds()))
	cmd := exec.CommandContext(ctx, "prlimit", fmt.Sprintf("--cpu=%d:%d", secs, secs+1), tool, "-json", cfg)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var r run
	if cmd.ProcessState == nil {
		return r, err
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	r.rss = ru.Maxrss * 1024
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		r.over = true
		return r, nil
	}
	if r.cpu > budget || ctx.Err() != nil {
		r.over = true
		return r, nil
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 && code != 1 && code != 3 || strings.Contains(stderr.String(), "panic") || strings.Contains(stderr.String(), "internal error") {
		return r, fmt.Errorf("%s %s: exit %d\n%s", tool, cfg, cmd.ProcessState.ExitCode(), tail(stderr.Bytes()))
	}
	return r, nil
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func loadAverage() string {
	data, _ := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return "?"
}
