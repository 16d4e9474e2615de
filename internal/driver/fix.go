package driver

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// fixPlan is what -fix and -diff do with the findings: the first suggested
// fix of each finding, applied to the files of the module, unless it
// overlaps a fix already taken.
type fixPlan struct {
	root  string            // the module (or workspace) root: diff paths are relative to it
	files map[string]*fixed // by absolute file name
	// Findings by what became of their fix.
	applied, noFix, outside, conflicting, broken []finding
}

// fixed is one file and the edits planned for it.
type fixed struct {
	name  string
	old   []byte
	edits []jsonTextEdit // sorted, not overlapping
}

// planFixes chooses the fixes to apply, in the order of the findings.
func planFixes(findings []finding) *fixPlan {
	plan := &fixPlan{root: moduleRoot(), files: map[string]*fixed{}}
	protected := protectedDirs()
	for _, f := range findings {
		if len(f.SuggestedFixes) == 0 {
			plan.noFix = append(plan.noFix, f)
			continue
		}
		edits := f.SuggestedFixes[0].Edits
		switch {
		case slices.ContainsFunc(edits, func(e jsonTextEdit) bool { return !plan.editable(e.Filename, protected) }):
			plan.outside = append(plan.outside, f)
		case !plan.fits(edits):
			plan.conflicting = append(plan.conflicting, f)
		case !plan.add(edits):
			plan.broken = append(plan.broken, f)
		default:
			plan.applied = append(plan.applied, f)
		}
	}
	return plan
}

// editable reports whether the fixes may change the file: it is in the
// module (or workspace) and not in a vendor directory, GOROOT or the
// module cache, as go vet -fix would have it.
func (plan *fixPlan) editable(name string, protected []string) bool {
	if !filepath.IsAbs(name) || !within(plan.root, name) {
		return false
	}
	for _, dir := range protected {
		if within(dir, name) {
			return false
		}
	}
	rel, _ := filepath.Rel(plan.root, name)
	return !slices.Contains(strings.Split(filepath.ToSlash(rel), "/"), "vendor")
}

func within(dir, name string) bool {
	rel, err := filepath.Rel(dir, name)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// fits reports whether edits overlap no edit already planned; an edit
// identical to a planned one (two fixes adding the same import) is fine.
func (plan *fixPlan) fits(edits []jsonTextEdit) bool {
	for _, e := range edits {
		if file := plan.files[e.Filename]; file != nil {
			for _, p := range file.edits {
				if p == e {
					continue
				}
				if e.Start < p.End && p.Start < e.End || // overlap
					e.Start == e.End && p.Start == p.End && e.Start == p.Start || // two insertions at one place
					e.Start == e.End && p.Start < e.Start && e.Start < p.End ||
					p.Start == p.End && e.Start < p.Start && p.Start < e.End {
					return false
				}
			}
		}
	}
	return true
}

// add plans edits, reading their files. It fails when an edit does not fit
// its file (its offsets are past the end, say).
func (plan *fixPlan) add(edits []jsonTextEdit) bool {
	for _, e := range edits {
		file := plan.files[e.Filename]
		if file == nil {
			data, err := os.ReadFile(e.Filename)
			if err != nil {
				return false
			}
			file = &fixed{name: e.Filename, old: data}
		}
		if e.Start < 0 || e.Start > e.End || e.End > len(file.old) {
			return false
		}
	}
	for _, e := range edits {
		file := plan.files[e.Filename]
		if file == nil {
			data, _ := os.ReadFile(e.Filename)
			file = &fixed{name: e.Filename, old: data}
			plan.files[e.Filename] = file
		}
		if !slices.Contains(file.edits, e) {
			file.edits = append(file.edits, e)
		}
	}
	return true
}

// result returns the file's content with the edits applied, formatted
// with gofmt if the original was.
func (file *fixed) result() []byte {
	edits := slices.Clone(file.edits)
	slices.SortFunc(edits, func(a, b jsonTextEdit) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(file.old[last:e.Start])
		b.WriteString(e.New)
		last = e.End
	}
	b.Write(file.old[last:])
	out := b.Bytes()
	if strings.HasSuffix(file.name, ".go") {
		if orig, err := format.Source(file.old); err == nil && bytes.Equal(orig, file.old) {
			if formatted, err := format.Source(out); err == nil {
				out = formatted
			}
		}
	}
	return out
}

// sortedFiles returns the planned files in name order.
func (plan *fixPlan) sortedFiles() []*fixed {
	var files []*fixed
	for _, f := range plan.files {
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b *fixed) int { return strings.Compare(a.name, b.name) })
	return files
}

// diff writes the planned changes as one unified diff, file names relative
// to the module root under a/ and b/, as git diff writes them (git apply
// and patch -p1 take it from the root). It reports whether it wrote any.
func (plan *fixPlan) diff(w io.Writer) bool {
	any := false
	for _, file := range plan.sortedFiles() {
		rel, _ := filepath.Rel(plan.root, file.name)
		rel = filepath.ToSlash(rel)
		d := udiff.Unified("a/"+rel, "b/"+rel, string(file.old), string(file.result()))
		if d != "" {
			fmt.Fprintf(w, "diff --git a/%s b/%s\n%s", rel, rel, d)
			any = true
		}
	}
	return any
}

// write applies the planned changes to the files.
func (plan *fixPlan) write() error {
	for _, file := range plan.sortedFiles() {
		mode := os.FileMode(0o644)
		if fi, err := os.Stat(file.name); err == nil {
			mode = fi.Mode().Perm()
		}
		if err := os.WriteFile(file.name, file.result(), mode); err != nil {
			return err
		}
	}
	return nil
}

// note is what the summary line says about the fixes.
func (plan *fixPlan) note(diff bool) string {
	verb := "applied"
	if diff {
		verb = "in the diff"
	}
	parts := []string{fmt.Sprintf("%s %s (%s)", plural(len(plan.applied), "fix"), verb, plural(len(plan.files), "file"))}
	if n := len(plan.noFix); n > 0 {
		parts = append(parts, fmt.Sprintf("%d without a fix", n))
	}
	if n := len(plan.outside); n > 0 {
		parts = append(parts, fmt.Sprintf("%d with a fix outside the module, not applied", n))
	}
	if n := len(plan.conflicting); n > 0 {
		parts = append(parts, fmt.Sprintf("%d whose fix overlaps another (run again)", n))
	}
	if n := len(plan.broken); n > 0 {
		parts = append(parts, fmt.Sprintf("%d whose fix does not fit its file, not applied", n))
	}
	return strings.Join(parts, ", ")
}

// unfixed are the findings that no fix of this run takes care of.
func (plan *fixPlan) unfixed() []finding {
	var fs []finding
	fs = append(fs, plan.noFix...)
	fs = append(fs, plan.outside...)
	fs = append(fs, plan.conflicting...)
	fs = append(fs, plan.broken...)
	slices.SortFunc(fs, func(a, b finding) int { return comparePosn(a.Posn, b.Posn) })
	return fs
}

// moduleRoot is the directory of the main module's go.mod, or of the
// go.work in use, or else the working directory.
func moduleRoot() string {
	wd, _ := os.Getwd()
	out, err := exec.Command("go", "env", "GOWORK", "GOMOD").Output()
	if err != nil {
		return wd
	}
	for _, line := range strings.Split(string(out), "\n") {
		if line = strings.TrimSpace(line); line != "" && line != "off" && line != os.DevNull {
			return filepath.Dir(line)
		}
	}
	return wd
}

// protectedDirs are the directories whose files fixes never change: GOROOT
// and the module cache.
func protectedDirs() []string {
	out, err := exec.Command("go", "env", "GOROOT", "GOMODCACHE").Output()
	if err != nil {
		return nil
	}
	var dirs []string
	for _, line := range strings.Split(string(out), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			dirs = append(dirs, line)
		}
	}
	return dirs
}
