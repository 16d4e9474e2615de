// Package vetrun runs an analysis tool over packages through go vet
// -vettool, one process per package as go vet does it, and turns the
// results into findings that do not depend on the machine: paths relative
// to GOROOT/src or the module cache, sorted, duplicates removed.
//
// Panics and analysis errors are kept apart from findings, as problems: a
// corpus run is healthy only when it has none.
package vetrun

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A Finding is one diagnostic, with a machine-independent position.
type Finding struct {
	File     string // relative to GOROOT/src, or module@version/path in the module cache
	Line     int
	Col      int
	Analyzer string
	Message  string
}

// String formats f as a line of a findings file: file:line:col: analyzer: message.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", f.File, f.Line, f.Col, f.Analyzer, f.Message)
}

// A Problem is a panic, an analysis error or a tool failure: anything but a
// finding.
type Problem struct {
	Package  string
	Analyzer string // empty for a failure of the whole tool process
	Text     string
}

func (p Problem) String() string {
	if p.Analyzer == "" {
		return fmt.Sprintf("%s: %s", p.Package, p.Text)
	}
	return fmt.Sprintf("%s: %s: %s", p.Package, p.Analyzer, p.Text)
}

// IsPanic reports whether p is a recovered or unrecovered panic.
func (p Problem) IsPanic() bool {
	return strings.Contains(p.Text, "panic")
}

// Result is what one go vet run produced.
type Result struct {
	Packages []string // package IDs go vet reported on (including test variants)
	Findings []Finding
	Problems []Problem
}

// Options says what to run.
type Options struct {
	Tool     string   // absolute path of the vet tool
	Dir      string   // working directory of go vet
	Patterns []string // package patterns
	Flags    []string // extra flags for go vet (tool flags included)
	Env      []string // extra environment, appended to os.Environ()
	Stderr   io.Writer
}

// Run runs go vet -json -vettool=opts.Tool over opts.Patterns.
func Run(ctx context.Context, opts Options) (*Result, error) {
	args := append([]string{"vet", "-json", "-vettool=" + opts.Tool}, opts.Flags...)
	args = append(args, opts.Patterns...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = opts.Dir
	cmd.Env = append(os.Environ(), opts.Env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	if _, ok := runErr.(*exec.ExitError); runErr != nil && !ok {
		return nil, fmt.Errorf("go vet: %v", runErr)
	}
	norm, err := NewNormalizer()
	if err != nil {
		return nil, err
	}
	res, err := parse(stdout.Bytes(), norm)
	if err != nil {
		return nil, err
	}
	res.Problems = append(res.Problems, parseStderr(stderr.String(), norm)...)
	if runErr != nil && len(res.Problems) == 0 {
		res.Problems = append(res.Problems, Problem{Package: "(go vet)", Text: "exit status: " + runErr.Error()})
	}
	res.sort()
	return res, nil
}

// parse reads go vet -json's output: a stream of JSON objects, one per
// package, mapping package ID to analyzer to diagnostics or an error.
func parse(out []byte, norm *Normalizer) (*Result, error) {
	res := new(Result)
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("parsing go vet -json output: %v", err)
		}
		for pkg, analyzers := range tree {
			res.Packages = append(res.Packages, pkg)
			for analyzer, raw := range analyzers {
				var failed struct {
					Error string `json:"error"`
				}
				if json.Unmarshal(raw, &failed) == nil && failed.Error != "" {
					res.Problems = append(res.Problems, Problem{Package: pkg, Analyzer: analyzer, Text: norm.Text(failed.Error)})
					continue
				}
				var diags []struct {
					Posn    string `json:"posn"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					return nil, fmt.Errorf("parsing %s's result for %s: %v", analyzer, pkg, err)
				}
				for _, d := range diags {
					f := norm.Finding(d.Posn)
					f.Analyzer, f.Message = analyzer, norm.Text(d.Message)
					res.Findings = append(res.Findings, f)
				}
			}
		}
	}
	return res, nil
}

// parseStderr turns whatever go vet printed on its standard error (tool
// crashes, build failures, "# pkg" headers followed by text) into problems.
func parseStderr(text string, norm *Normalizer) []Problem {
	var out []Problem
	var cur *Problem
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if pkg, ok := strings.CutPrefix(line, "# "); ok {
			out = append(out, Problem{Package: pkg})
			cur = &out[len(out)-1]
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if cur == nil {
			out = append(out, Problem{Package: "(go vet)"})
			cur = &out[len(out)-1]
		}
		if cur.Text != "" {
			cur.Text += "\n"
		}
		cur.Text += norm.Text(line)
	}
	return slices.DeleteFunc(out, func(p Problem) bool { return p.Text == "" })
}

func (r *Result) sort() {
	slices.Sort(r.Packages)
	r.Packages = slices.Compact(r.Packages)
	slices.SortFunc(r.Findings, Compare)
	r.Findings = slices.Compact(r.Findings)
	slices.SortFunc(r.Problems, func(a, b Problem) int {
		return strings.Compare(a.String(), b.String())
	})
}

// Compare orders findings by file, line, column, analyzer and message.
func Compare(a, b Finding) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	if a.Col != b.Col {
		return a.Col - b.Col
	}
	if c := strings.Compare(a.Analyzer, b.Analyzer); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// A Normalizer rewrites absolute paths into machine-independent ones.
type Normalizer struct {
	replacer *strings.Replacer
}

// NewNormalizer returns a Normalizer for this machine's GOROOT, module
// cache and build cache.
func NewNormalizer() (*Normalizer, error) {
	out, err := exec.Command("go", "env", "GOROOT", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %v", err)
	}
	dirs := strings.Fields(string(out))
	if len(dirs) != 3 {
		return nil, fmt.Errorf("go env: unexpected output %q", out)
	}
	goroot, modcache, gocache := dirs[0], dirs[1], dirs[2]
	sep := string(filepath.Separator)
	return &Normalizer{replacer: strings.NewReplacer(
		filepath.Join(goroot, "src")+sep, "",
		goroot+sep, "$GOROOT/",
		modcache+sep, "",
		gocache+sep, "$GOCACHE/",
		os.TempDir()+sep, "$TMPDIR/",
	)}, nil
}

// Text rewrites every absolute path in s.
func (n *Normalizer) Text(s string) string { return n.replacer.Replace(s) }

// Finding parses a go vet position (file:line:col, or file:line) into a
// Finding.
func (n *Normalizer) Finding(posn string) Finding {
	f := Finding{File: n.Text(posn)}
	// Split up to two numbers off the end; file names may contain colons.
	var nums []int
	for len(nums) < 2 {
		i := strings.LastIndexByte(f.File, ':')
		if i < 0 {
			break
		}
		v, err := strconv.Atoi(f.File[i+1:])
		if err != nil {
			break
		}
		nums, f.File = append([]int{v}, nums...), f.File[:i]
	}
	switch len(nums) {
	case 2:
		f.Line, f.Col = nums[0], nums[1]
	case 1:
		f.Line = nums[0]
	}
	return f
}

// Write writes findings one per line.
func Write(w io.Writer, findings []Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range findings {
		fmt.Fprintln(bw, f.String())
	}
	return bw.Flush()
}
