// Package triage reads, compares and writes the precision triage files in
// proof/triage: one file per analyzer listing every finding cowlint
// reports on the standard library, each with a verdict. The format is
// documented in proof/README.md.
package triage

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Verdicts an entry may carry.
const (
	Bug       = "bug"       // a real bug; the note explains it
	FalsePos  = "fp"        // a deliberate pattern the pass must stop flagging
	Untriaged = "untriaged" // written by gate -update; nobody has looked yet
)

// An Entry is one finding with its verdict.
type Entry struct {
	Finding string // the finding line, exactly as the corpus runner prints it
	Verdict string
	Note    string
}

// A File is one analyzer's triage file.
type File struct {
	Analyzer  string
	GoVersion string   // the Go version the findings were triaged on
	Header    []string // comment lines above the go line, kept by Update
	Entries   []Entry
}

// Read parses the triage file at path.
func Read(path, analyzer string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, path, analyzer)
}

// Parse parses a triage file; name is used in error messages.
func Parse(r io.Reader, name, analyzer string) (*File, error) {
	file := &File{Analyzer: analyzer}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
			if file.GoVersion == "" {
				file.Header = append(file.Header, line)
			}
		case strings.TrimSpace(line) == "":
		case strings.HasPrefix(line, "go "):
			file.GoVersion = strings.TrimSpace(strings.TrimPrefix(line, "go "))
		case strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " "):
			if len(file.Entries) == 0 {
				return nil, fmt.Errorf("%s:%d: verdict without a finding line above it", name, n)
			}
			e := &file.Entries[len(file.Entries)-1]
			text := strings.TrimSpace(line)
			if e.Verdict == "" {
				verdict, note, _ := strings.Cut(text, ":")
				switch verdict {
				case Bug, FalsePos, Untriaged:
				default:
					return nil, fmt.Errorf("%s:%d: unknown verdict %q (want bug:, fp: or untriaged:)", name, n, verdict)
				}
				e.Verdict, e.Note = verdict, strings.TrimSpace(note)
			} else {
				e.Note = strings.TrimSpace(e.Note + " " + text) // continuation line
			}
		default:
			if i := len(file.Entries) - 1; i >= 0 && file.Entries[i].Verdict == "" {
				return nil, fmt.Errorf("%s:%d: finding %q has no verdict line", name, n-1, file.Entries[i].Finding)
			}
			file.Entries = append(file.Entries, Entry{Finding: line})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if i := len(file.Entries) - 1; i >= 0 && file.Entries[i].Verdict == "" {
		return nil, fmt.Errorf("%s: finding %q has no verdict line", name, file.Entries[i].Finding)
	}
	for _, e := range file.Entries {
		if e.Verdict == Bug && e.Note == "" {
			return nil, fmt.Errorf("%s: %q: a bug verdict needs an explanation", name, e.Finding)
		}
	}
	if file.GoVersion == "" {
		return nil, fmt.Errorf("%s: missing \"go goX.Y.Z\" line", name)
	}
	return file, nil
}

// Write writes f in the triage format, entries sorted as the corpus runner
// sorts findings (the caller passes them in that order).
func (f *File) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	header := f.Header
	if len(header) == 0 {
		header = []string{
			fmt.Sprintf("# Precision triage of cowlint's %s findings on the standard library (std).", f.Analyzer),
			"# Format and workflow: proof/README.md. Check: go run ./proof/cmd/gate (in .ci/run).",
			"# Verdicts: bug: <why it is a real bug> | fp: <the deliberate pattern; fix the pass> | untriaged:",
		}
	}
	for _, line := range header {
		fmt.Fprintln(bw, line)
	}
	fmt.Fprintf(bw, "go %s\n", f.GoVersion)
	for _, e := range f.Entries {
		fmt.Fprintf(bw, "\n%s\n\t%s:", e.Finding, e.Verdict)
		if e.Note != "" {
			fmt.Fprintf(bw, " %s", e.Note)
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// Diff compares the findings of a run with the triaged ones.
type Diff struct {
	Appeared    []string // found, not triaged
	Disappeared []string // triaged, not found
}

// Compare returns how findings differ from f's entries. Findings may
// repeat (the same line twice); they are compared as multisets.
func (f *File) Compare(findings []string) Diff {
	want := map[string]int{}
	for _, e := range f.Entries {
		want[e.Finding]++
	}
	var d Diff
	for _, got := range findings {
		if want[got] > 0 {
			want[got]--
			continue
		}
		d.Appeared = append(d.Appeared, got)
	}
	for _, e := range f.Entries {
		if want[e.Finding] > 0 {
			want[e.Finding]--
			d.Disappeared = append(d.Disappeared, e.Finding)
		}
	}
	return d
}

// Update returns a copy of f holding exactly findings: verdicts of
// findings already triaged are kept, new ones are untriaged, and entries
// that no longer occur are dropped.
func (f *File) Update(findings []string, goVersion string) *File {
	old := map[string][]Entry{}
	for _, e := range f.Entries {
		old[e.Finding] = append(old[e.Finding], e)
	}
	out := &File{Analyzer: f.Analyzer, GoVersion: goVersion, Header: f.Header}
	for _, got := range findings {
		if es := old[got]; len(es) > 0 {
			out.Entries = append(out.Entries, es[0])
			old[got] = es[1:]
			continue
		}
		out.Entries = append(out.Entries, Entry{Finding: got, Verdict: Untriaged})
	}
	return out
}

// Count returns the number of entries per verdict.
func (f *File) Count() map[string]int {
	n := map[string]int{}
	for _, e := range f.Entries {
		n[e.Verdict]++
	}
	return n
}

// Verdicts lists the verdicts in report order.
var Verdicts = []string{Bug, FalsePos, Untriaged}
