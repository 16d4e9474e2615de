package driver

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cowlint/cowlint/internal/guard"
)

// jsonTree is the JSON that x/tools' checkers print with -json, and that
// each go vet tool process prints for its package: package ID -> analyzer
// name -> a list of diagnostics or an error. The standalone command merges
// the trees of all packages into one, so cowlint -json has the shape of
// multichecker -json.
type jsonTree map[string]map[string]json.RawMessage

// The schema of x/tools' JSON output (x/tools/internal/analysis/driverutil,
// which cannot be imported; cmd/go/internal/vet has the same copy).
type (
	jsonDiagnostic struct {
		Category       string             `json:"category,omitempty"`
		Posn           string             `json:"posn"` // file:line:column
		End            string             `json:"end"`
		Message        string             `json:"message"`
		SuggestedFixes []jsonSuggestedFix `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated      `json:"related,omitempty"`
	}
	jsonSuggestedFix struct {
		Message string         `json:"message"`
		Edits   []jsonTextEdit `json:"edits"`
	}
	// jsonTextEdit replaces the bytes [Start, End) of Filename by New.
	jsonTextEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// result is what a run produced, whichever way the packages were analyzed.
type result struct {
	tree jsonTree
	// failures are problems outside the tree (a package that did not
	// type-check, go vet failing), already reported on standard error.
	failures []string
	// packages is the number of packages analyzed (go vet's units: a
	// package with its tests, an external test package).
	packages int
}

// finding is one diagnostic of one analyzer.
type finding struct {
	analyzer string
	jsonDiagnostic
}

// analysisError is an analyzer that failed on a package.
type analysisError struct {
	pkg, analyzer, err string
}

// decodeVetJSON merges the stream of JSON trees printed by go vet's tool
// processes, one per package, calling onPackage (if not nil) after each.
func decodeVetJSON(r io.Reader, onPackage func()) (*result, error) {
	res := &result{tree: jsonTree{}}
	dec := json.NewDecoder(r)
	for {
		var t jsonTree
		err := dec.Decode(&t)
		if errors.Is(err, io.EOF) {
			return res, nil
		}
		if err != nil {
			return nil, err
		}
		res.tree.merge(t)
		res.packages++
		if onPackage != nil {
			onPackage()
		}
	}
}

func (t jsonTree) merge(other jsonTree) {
	for pkg, byAnalyzer := range other {
		if t[pkg] == nil {
			t[pkg] = map[string]json.RawMessage{}
		}
		for name, v := range byAnalyzer {
			t[pkg][name] = v
		}
	}
}

// contents splits the tree into findings, sorted by position and
// de-duplicated (a file may belong to a package and its test variant), and
// analysis errors.
func (t jsonTree) contents() ([]finding, []analysisError, error) {
	var findings []finding
	var errs []analysisError
	for pkg, byAnalyzer := range t {
		for name, raw := range byAnalyzer {
			if len(raw) > 0 && raw[0] == '{' {
				var e jsonError
				if err := json.Unmarshal(raw, &e); err != nil {
					return nil, nil, fmt.Errorf("%s: %s: %v", pkg, name, err)
				}
				errs = append(errs, analysisError{pkg, name, e.Err})
				continue
			}
			var diags []jsonDiagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				return nil, nil, fmt.Errorf("%s: %s: %v", pkg, name, err)
			}
			for _, d := range diags {
				if d.Category == guard.InternalError {
					// A recovered panic, reported as a diagnostic
					// under go vet (see guard): a failure, not a finding.
					errs = append(errs, analysisError{pkg, name, d.Message})
					continue
				}
				findings = append(findings, finding{name, d})
			}
		}
	}
	slices.SortFunc(findings, func(a, b finding) int {
		return cmp.Or(comparePosn(a.Posn, b.Posn), comparePosn(a.End, b.End),
			cmp.Compare(a.analyzer, b.analyzer), cmp.Compare(a.Message, b.Message))
	})
	findings = slices.CompactFunc(findings, func(a, b finding) bool {
		return a.Posn == b.Posn && a.End == b.End && a.analyzer == b.analyzer && a.Message == b.Message
	})
	slices.SortFunc(errs, func(a, b analysisError) int {
		return cmp.Or(cmp.Compare(a.pkg, b.pkg), cmp.Compare(a.analyzer, b.analyzer))
	})
	return findings, errs, nil
}

// position is a parsed "file:line:column".
type position struct {
	file      string
	line, col int
}

func parsePosn(s string) (position, bool) {
	rest, colStr, ok1 := cutLast(s, ":")
	file, lineStr, ok2 := cutLast(rest, ":")
	line, err1 := strconv.Atoi(lineStr)
	col, err2 := strconv.Atoi(colStr)
	if !ok1 || !ok2 || err1 != nil || err2 != nil {
		return position{file: s}, false
	}
	return position{file, line, col}, true
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func comparePosn(a, b string) int {
	pa, _ := parsePosn(a)
	pb, _ := parsePosn(b)
	return cmp.Or(cmp.Compare(pa.file, pb.file), cmp.Compare(pa.line, pb.line), cmp.Compare(pa.col, pb.col))
}

// render prints a result as text, JSON or SARIF and returns the exit code.
// Whatever the format, a run that could not analyze everything exits 1.
func render(opts *options, res *result, stdout, stderr io.Writer) (code int) {
	findings, errs, err := res.tree.contents()
	if err != nil {
		fmt.Fprintf(stderr, "%s: malformed analysis output: %v\n", progname(), err)
		return exitFailure
	}
	for _, e := range errs {
		fmt.Fprintf(stderr, "%s: analyzer %s failed on package %s: %s\n", progname(), e.analyzer, e.pkg, e.err)
	}
	failed := len(errs) > 0 || len(res.failures) > 0

	var note string
	switch {
	case opts.fix:
		plan := planFixes(findings)
		// The findings no fix takes care of are still to be dealt with.
		printText(stderr, plan.unfixed(), -1)
		if opts.diff {
			if plan.diff(stdout) && !failed {
				defer func() { code = exitFindings }()
			}
		} else if err := plan.write(); err != nil {
			fmt.Fprintf(stderr, "%s: applying fixes: %v\n", progname(), err)
			failed = true
		}
		note = plan.note(opts.diff)
	case opts.json:
		data, err := json.MarshalIndent(res.tree, "", "\t")
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progname(), err)
			return exitFailure
		}
		fmt.Fprintf(stdout, "%s\n", data)
	case opts.sarif:
		if err := writeSARIF(stdout, opts, findings, !failed); err != nil {
			fmt.Fprintf(stderr, "%s: writing SARIF: %v\n", progname(), err)
			return exitFailure
		}
	default:
		printText(stderr, findings, opts.context)
	}

	for _, f := range res.failures {
		fmt.Fprintf(stderr, "%s: %s\n", progname(), f)
	}
	if !opts.quiet {
		fmt.Fprintln(stderr, summary(findings, len(errs)+len(res.failures), res.packages, note, time.Since(opts.start)))
	}
	switch {
	case failed:
		return exitFailure
	case len(findings) > 0 && !opts.json && !opts.sarif && !opts.fix:
		return exitFindings
	}
	return exitClean
}

// printText prints findings as go vet does: file:line:col: message, then
// each related position indented by a tab, with file names relative to the
// working directory when that is shorter.
func printText(w io.Writer, findings []finding, context int) {
	cwd, _ := os.Getwd()
	lines := map[string][]string{} // file -> its lines, for -c
	show := func(posn, end, message string) {
		p, ok := parsePosn(posn)
		if !ok {
			fmt.Fprintf(w, "%s: %s\n", posn, message)
			return
		}
		fmt.Fprintf(w, "%s:%d:%d: %s\n", shortPath(cwd, p.file), p.line, p.col, message)
		if context < 0 {
			return
		}
		e, ok := parsePosn(end)
		if !ok {
			e = p
		}
		src, ok := lines[p.file]
		if !ok {
			data, _ := os.ReadFile(p.file)
			src = strings.Split(string(data), "\n")
			lines[p.file] = src
		}
		for i := p.line - context; i <= e.line+context; i++ {
			if 1 <= i && i <= len(src) {
				fmt.Fprintf(w, "%d\t%s\n", i, src[i-1])
			}
		}
	}
	for _, f := range findings {
		show(f.Posn, f.End, f.Message)
		for _, r := range f.Related {
			show(r.Posn, r.End, "\t"+r.Message)
		}
	}
}

// shortPath returns path relative to dir if that is shorter, as the go
// command prints file names.
func shortPath(dir, path string) string {
	if dir == "" {
		return path
	}
	if rel, err := filepath.Rel(dir, path); err == nil && len(rel) < len(path) && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
