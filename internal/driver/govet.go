package driver

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"

	"golang.org/x/tools/go/analysis"
)

// runVet runs the standalone command through go vet: this binary becomes
// go vet's tool, so each package is analyzed in a process of its own (and
// cached), and the tool processes' JSON is rendered here.
func runVet(opts *options, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "%s: cannot find this program's own path to pass to go vet -vettool: %v\n", progname(), err)
		return exitFailure
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintf(stderr, "%s: the go command is not on PATH (%v): cowlint needs it to find, build and load packages\n", progname(), err)
		return exitFailure
	}

	if d := os.Getenv("GOPACKAGESDRIVER"); d != "" && d != "off" {
		fmt.Fprintf(stderr, "%s: note: GOPACKAGESDRIVER is set, but go vet loads packages with the go command; use -inprocess to load them through the driver\n", progname())
	}

	args := []string{"vet", "-vettool=" + self}
	if opts.tags != "" {
		args = append(args, "-tags="+opts.tags)
	}
	// go vet passes -json to the tool and the tool's JSON through. -fix
	// and -diff are done here from the JSON's fixes (see fixPlan), not by
	// go vet -fix: they can then say what was not fixed, and the diff's
	// file names are relative to the module.
	args = append(args, "-json")
	args = append(args, opts.analyzerFlags...)
	args = append(args, "-"+rootSetFlag+"="+rootSet(opts))
	args = append(args, opts.patterns...)

	prog := startProgress(opts, stderr)
	if prog != nil {
		go func() { prog.setTotal(countVetUnits(goCmd, opts)) }()
	}
	cmd := exec.Command(goCmd, args...)
	cmd.Stdin = nil
	cmd.Stderr = prog.writer(stderr)

	// go vet prints each package's JSON when its analysis is done (or
	// replayed from the cache): decode them as they come, counting them.
	pr, pw := io.Pipe()
	cmd.Stdout = pw
	type decoded struct {
		res *result
		err error
	}
	results := make(chan decoded, 1)
	go func() {
		res, err := decodeVetJSON(pr, prog.add)
		io.Copy(io.Discard, pr) // after an error, let go vet finish
		results <- decoded{res, err}
	}()
	runErr := cmd.Run()
	pw.Close()
	d := <-results
	prog.finish()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		fmt.Fprintf(stderr, "%s: running go vet: %v\n", progname(), runErr)
		return exitFailure
	}
	if d.err != nil {
		fmt.Fprintf(stderr, "%s: reading go vet's output: %v\n", progname(), d.err)
		return exitFailure
	}
	res := d.res
	if runErr != nil {
		res.failures = append(res.failures, "go vet could not analyze every package (its messages are above)")
	}
	return render(opts, res, stdout, stderr)
}

// rootSetFlag names the vet tool flag through which the standalone command
// tells go vet which set of packages it was asked for.
const rootSetFlag = "rootset"

// rootSet is a digest of what the standalone command asks go vet to vet:
// the working directory, build tags and patterns. Go 1.26's go vet keys a
// package's cached result without saying whether the run was a facts-only
// run on a dependency (VetxOnly, whose output is empty) or a run on the
// package itself, so after `cowlint ./a` a later `cowlint ./...` would
// replay nothing for a's dependencies. go vet puts the tool's flags in the
// key: passing this digest as one keeps each set of packages' results
// apart, while a repeated run of the same command is still served from the
// cache. (Only the standalone command can do this; plain go vet users see
// docs/usage.md's troubleshooting.)
func rootSet(opts *options) string {
	wd, _ := os.Getwd()
	h := sha256.New()
	for _, s := range append([]string{wd, opts.tags}, opts.patterns...) {
		fmt.Fprintf(h, "%q\n", s)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
