package driver

import (
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress shows, on a terminal, how many of the packages go vet analyzes
// are done and for how long the run has gone on, so that a long cold run
// cannot be mistaken for a hung one. It draws one line on standard error,
// redrawn in place, and erases it before anything else is written there. A
// nil *progress shows nothing.
//
// It is drawn here rather than by a progress-bar library: the one used
// before linked net/http (and, through package net, cgo), which made every
// go vet tool process of this binary start as a dynamically linked
// executable, about 5 ms more per package.
type progress struct {
	mu    sync.Mutex // guards everything below and writes to w
	w     io.Writer
	start time.Time
	done  int
	total int    // 0 until setTotal: a spinner then
	shown int    // width of the line on the terminal, 0 if erased
	line  string // the line last drawn
	spin  int
	last  time.Time // of the last draw, to throttle redraws
	stop  chan struct{}
	wg    sync.WaitGroup
}

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb"
}

// progressThrottle is the least time between two redraws on a count.
const progressThrottle = 100 * time.Millisecond

// startProgress starts showing progress on stderr if it is a terminal and
// -q was not given; otherwise it returns nil. The total is not known yet
// (see setTotal): until then a spinner counts the packages done.
func startProgress(opts *options, stderr io.Writer) *progress {
	if opts.quiet || !isTerminal(stderr) {
		return nil
	}
	p := &progress{w: stderr, start: time.Now(), stop: make(chan struct{})}
	// Redraw regularly, so the elapsed time moves while one large package
	// is being analyzed.
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-tick.C:
				p.mu.Lock()
				p.draw(true)
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// draw redraws the line, at most once per progressThrottle unless force.
// p.mu is held.
func (p *progress) draw(force bool) {
	now := time.Now()
	if !force && p.shown > 0 && now.Sub(p.last) < progressThrottle {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start).Truncate(time.Second)
	var line string
	if p.total <= 0 {
		const spinner = `-\|/`
		p.spin = (p.spin + 1) % len(spinner)
		line = fmt.Sprintf("%c analyzing packages (%d/-) [%s]", spinner[p.spin], p.done, elapsed)
	} else {
		const width = 20
		fill := min(width, p.done*width/p.total)
		line = fmt.Sprintf("analyzing packages %3d%% (%d/%d) [%s%s] [%s]", p.done*100/p.total, p.done, p.total,
			strings.Repeat("=", fill), strings.Repeat(" ", width-fill), elapsed)
	}
	if p.shown > 0 && line == p.line {
		return // unchanged
	}
	p.line = line
	pad := max(0, p.shown-len(line))
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
	p.shown = len(line)
}

// clear erases the line, if shown: overwritten by spaces, then a carriage
// return. p.mu is held.
func (p *progress) clear() {
	if p.shown > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.shown))
		p.shown = 0
	}
}

// add counts one package as done.
func (p *progress) add() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if p.total > 0 && p.done > p.total {
		p.total = p.done // the estimate was short
	}
	p.draw(false)
}

// setTotal sets how many packages go vet will analyze.
func (p *progress) setTotal(n int) {
	if p == nil || n <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = max(n, p.done)
}

// writer returns w wrapped so that the line is erased before each write
// (and redrawn at its next update).
func (p *progress) writer(w io.Writer) io.Writer {
	if p == nil {
		return w
	}
	return writerFunc(func(b []byte) (int, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.clear()
		return w.Write(b)
	})
}

// finish erases the line for good.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// countVetUnits tells how many packages go vet will analyze for the
// patterns: for each package, one unit with its in-package tests (if it has
// any Go files at all) and one for its external test package, as cmd/go's
// vet does. It returns 0 if go list fails (go vet will say why).
func countVetUnits(goCmd string, opts *options) int {
	args := []string{"list", "-e", "-f", "{{if or .GoFiles .CgoFiles .TestGoFiles}}u{{end}}{{if .XTestGoFiles}}u{{end}}"}
	if opts.tags != "" {
		args = append(args, "-tags="+opts.tags)
	}
	out, err := exec.Command(goCmd, append(args, opts.patterns...)...).Output()
	if err != nil {
		return 0
	}
	return strings.Count(string(out), "u")
}

// summary is the one line printed on standard error at the end of a run
// (unless -q): findings by analyzer, packages, time.
func summary(findings []finding, failures, packages int, note string, elapsed time.Duration) string {
	byAnalyzer := map[string]int{}
	for _, f := range findings {
		byAnalyzer[f.analyzer]++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", progname())
	switch len(findings) {
	case 0:
		b.WriteString("no findings")
	case 1:
		b.WriteString("1 finding")
	default:
		fmt.Fprintf(&b, "%d findings", len(findings))
	}
	if len(byAnalyzer) > 0 {
		var parts []string
		for _, name := range slices.Sorted(maps.Keys(byAnalyzer)) {
			parts = append(parts, fmt.Sprintf("%s %d", name, byAnalyzer[name]))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, " in %s", plural(packages, "package"))
	if failures > 0 {
		fmt.Fprintf(&b, ", %s", plural(failures, "failure"))
	}
	if note != "" {
		fmt.Fprintf(&b, "; %s", note)
	}
	fmt.Fprintf(&b, ", %s", roundDuration(elapsed))
	return b.String()
}

func plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "x"):
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// roundDuration rounds d for people: tenths of a second below a minute,
// seconds above.
func roundDuration(d time.Duration) time.Duration {
	if d < time.Minute {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
