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

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows, on a terminal, how many of the packages go vet analyzes
// are done and for how long the run has gone on, so that a long cold run
// cannot be mistaken for a hung one. It draws on standard error and is
// erased before anything else is written there. A nil *progress shows
// nothing.
type progress struct {
	mu   sync.Mutex // the bar is not safe for concurrent use
	bar  *progressbar.ProgressBar
	done int
	stop chan struct{}
	wg   sync.WaitGroup
}

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb"
}

// startProgress starts showing progress on stderr if it is a terminal and
// -q was not given; otherwise it returns nil. The total is not known yet
// (see setTotal): until then a spinner counts the packages done.
func startProgress(opts *options, stderr io.Writer) *progress {
	if opts.quiet || !isTerminal(stderr) {
		return nil
	}
	p := &progress{stop: make(chan struct{})}
	p.bar = progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("analyzing packages"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionSetWidth(20),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSpinnerType(14),
	)
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
				p.bar.Add(0)
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// add counts one package as done.
func (p *progress) add() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if max := p.bar.GetMax(); max > 0 && p.done > max {
		p.bar.ChangeMax(p.done) // the estimate was short
	}
	p.bar.Add(1)
}

// setTotal sets how many packages go vet will analyze.
func (p *progress) setTotal(n int) {
	if p == nil || n <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.ChangeMax(max(n, p.done))
}

// writer returns w wrapped so that the bar is erased before each write
// (and redrawn at its next update).
func (p *progress) writer(w io.Writer) io.Writer {
	if p == nil {
		return w
	}
	return writerFunc(func(b []byte) (int, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.bar.Clear()
		return w.Write(b)
	})
}

// finish erases the bar for good.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Clear()
	p.bar.Exit()
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
