package driver

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// progress shows, on a terminal, how many of the packages go vet analyzes
// are done and for how long the run has gone on, so that a long cold run
// cannot be mistaken for a hung one. The bar is drawn on standard error by
// github.com/vbauerster/mpb, which redraws it in place and prints what else
// is written to standard error meanwhile above it; it is erased at the end.
// A nil *progress shows nothing.
//
// mpb, unlike the progress-bar library used before, does not link package
// net: cowlint stays a statically linked binary, which every go vet tool
// process of it starts (about 5 ms less per package than a dynamically
// linked one). A terminal that reports no width (a pty nobody sized) shows
// no bar.
type progress struct {
	p     *mpb.Progress
	bar   *mpb.Bar
	done  atomic.Int64
	total atomic.Int64 // 0 until setTotal
}

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb"
}

// progressRefresh is how often the bar is redrawn, so that the elapsed
// time moves while one large package is being analyzed.
const progressRefresh = 250 * time.Millisecond

// startProgress starts showing progress on stderr if it is a terminal and
// -q was not given; otherwise it returns nil. The total is not known yet
// (see setTotal): until then the count reads "n/-".
func startProgress(opts *options, stderr io.Writer) *progress {
	if opts.quiet || !isTerminal(stderr) {
		return nil
	}
	pr := &progress{}
	pr.p = mpb.New(
		mpb.WithOutput(stderr),
		mpb.WithWidth(20),
		mpb.WithRefreshRate(progressRefresh),
		mpb.ForceAutoRefresh(), // isTerminal said it is one
	)
	count := decor.Any(func(decor.Statistics) string {
		if t := pr.total.Load(); t > 0 {
			return fmt.Sprintf("(%d/%d)", pr.done.Load(), t)
		}
		return fmt.Sprintf("(%d/-)", pr.done.Load())
	})
	// A total of 0 is mpb's dynamic total: the bar is not complete until
	// finish, however many packages are counted.
	pr.bar = pr.p.AddBar(0,
		mpb.PrependDecorators(decor.Name("analyzing packages "), decor.Percentage(decor.WCSyncSpace), decor.Name(" "), count),
		mpb.AppendDecorators(decor.Elapsed(decor.ET_STYLE_GO)),
		mpb.BarRemoveOnComplete(),
	)
	return pr
}

// add counts one package as done.
func (p *progress) add() {
	if p == nil {
		return
	}
	done := p.done.Add(1)
	if t := p.total.Load(); t > 0 && done > t {
		p.total.CompareAndSwap(t, done) // the estimate was short
		p.bar.SetTotal(done, false)
	}
	p.bar.Increment()
}

// setTotal sets how many packages go vet will analyze.
func (p *progress) setTotal(n int) {
	if p == nil || n <= 0 {
		return
	}
	t := max(int64(n), p.done.Load())
	p.total.Store(t)
	p.bar.SetTotal(t, false)
}

// writer returns w wrapped so that what is written goes above the bar, or
// straight to w once the bar is gone.
func (p *progress) writer(w io.Writer) io.Writer {
	if p == nil {
		return w
	}
	return writerFunc(func(b []byte) (int, error) {
		n, err := p.p.Write(b)
		if errors.As(err, new(mpb.ErrDone[*mpb.Progress])) {
			return w.Write(b)
		}
		return n, err
	})
}

// finish erases the bar for good and waits until it is gone from the
// terminal.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.bar.SetTotal(-1, true) // complete: removed (BarRemoveOnComplete)
	p.p.Wait()
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
