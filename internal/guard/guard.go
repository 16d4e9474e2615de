// Package guard wraps every cowlint analyzer's Run function with what all
// of them need and none should write twice:
//
//   - a panic inside the analyzer becomes an analysis error naming the
//     analyzer, the package and the position being analyzed, so cowlint
//     never takes the user's go vet or golangci-lint run down;
//   - diagnostics in generated files (// Code generated ... DO NOT EDIT.)
//     are dropped;
//   - //cowlint:ignore directives naming the analyzer silence its
//     diagnostics, and directives naming it that silence nothing are
//     reported;
//   - suggested fixes in cgo's rewrite of a file edit the file the user
//     wrote, or are dropped (see mapFixes);
//   - for golangci-lint, related locations are folded into the message
//     (see RelatedInMessage).
//
// A pass writes Run: guard.Run(run) in its Analyzer literal and calls
// guard.At while it walks, so that a panic can say where it happened.
//
// Under go vet a recovered panic is reported as a diagnostic rather than an
// analysis error (see PanicsAsDiagnostics): Go 1.26's go vet, converting the
// tool's JSON to text, stops at the first analysis error of a package (so
// that package's other diagnostics may not be printed) and caches its
// result without the output (so the next run prints nothing for it).
package guard

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/directive"
)

// PanicsAsDiagnostics makes a recovered panic a diagnostic in category
// InternalError, at the position being analyzed, instead of an analysis
// error. The command-line driver sets it when it runs as a go vet tool;
// other drivers (golangci-lint, analysistest, the in-process checker)
// handle analysis errors well and keep the default.
var PanicsAsDiagnostics = false

// FactsOnly is set by the command-line driver when go vet runs it on a
// dependency of the packages being vetted only for the facts it exports
// (the unit's config says VetxOnly): go vet discards such a run's
// diagnostics, so a pass may skip the phases that only report. Other
// drivers cannot tell and keep the default (everything runs).
var FactsOnly = false

// RelatedInMessage folds each diagnostic's related locations into its
// message ("… [file.go:12:3: what is there; …]") and drops them. The
// golangci-lint plugin sets it: golangci-lint makes every related location
// an issue of its own, so one finding would count several times, and after
// --fix the related issues of a fixed finding would remain.
var RelatedInMessage = false

// InternalError is the category of the diagnostic a recovered panic
// becomes when PanicsAsDiagnostics is set.
const InternalError = "internal-error"

// positions records, per running pass, the position being analyzed.
var positions sync.Map // *analysis.Pass -> token.Pos

// At records that pass is now analyzing the code at pos. It costs one map
// store; call it once per function or declaration, not per instruction.
func At(pass *analysis.Pass, pos token.Pos) {
	positions.Store(pass, pos)
}

// Run returns run wrapped with panic recovery, generated-file filtering and
// ignore directives.
func Run(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (result any, err error) {
		name := pass.Analyzer.Name
		filter := newFilter(pass)
		report := pass.Report
		pass.Report = filter.report(report)
		defer func() {
			pass.Report = report
			if r := recover(); r != nil {
				// panicError reads the recorded position: forget it after.
				result, err = nil, panicError(pass, r)
				if PanicsAsDiagnostics {
					report(analysis.Diagnostic{Pos: panicPos(pass), Category: InternalError, Message: err.Error()})
					err = nil
				}
			} else if err == nil {
				filter.reportUnused(name, report)
			}
			positions.Delete(pass)
		}()
		return run(pass)
	}
}

// panicPos is where a panic's diagnostic goes: the position being
// analyzed, else the first file's package clause.
func panicPos(pass *analysis.Pass) token.Pos {
	if v, ok := positions.Load(pass); ok && v.(token.Pos).IsValid() {
		return v.(token.Pos)
	}
	if len(pass.Files) > 0 {
		return pass.Files[0].Package
	}
	return token.NoPos
}

// panicError turns a recovered panic into an error that names the analyzer,
// the package and the last recorded position, with the innermost frames of
// the stack so the report can be acted on.
func panicError(pass *analysis.Pass, r any) error {
	where := "(position unknown)"
	if v, ok := positions.Load(pass); ok {
		if p := v.(token.Pos); p.IsValid() {
			where = pass.Fset.Position(p).String()
		}
	}
	return fmt.Errorf("internal error: analyzer %s panicked analyzing package %s at %s: %v\n%s\nplease report this at https://github.com/cowlint/cowlint/issues; other analyzers' results are unaffected",
		pass.Analyzer.Name, pkgPath(pass), where, r, trimStack(debug.Stack()))
}

func pkgPath(pass *analysis.Pass) string {
	if pass.Pkg == nil {
		return "(unknown)"
	}
	return pass.Pkg.Path()
}

// trimStack keeps the frames below the panic, at most 12 lines of them.
func trimStack(stack []byte) string {
	lines := strings.Split(strings.TrimSpace(string(stack)), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			lines = lines[i:]
			break
		}
	}
	if len(lines) > 12 {
		lines = lines[:12]
	}
	return strings.Join(lines, "\n")
}

// filter decides which diagnostics reach the driver.
type filter struct {
	pass      *analysis.Pass
	generated map[string]bool // file name -> generated
	ignores   []*directive.Directive
	mu        sync.Mutex
	used      map[*directive.Directive]bool
	users     map[string]userFile // see mapFixes; guarded by mu
}

func newFilter(pass *analysis.Pass) *filter {
	f := &filter{pass: pass, generated: map[string]bool{}, used: map[*directive.Directive]bool{}}
	for _, file := range pass.Files {
		if ast.IsGenerated(file) {
			f.generated[pass.Fset.File(file.Pos()).Name()] = true
		}
	}
	for _, d := range directive.Parse(pass.Fset, pass.Files) {
		if d.Silences(pass.Analyzer.Name) {
			f.ignores = append(f.ignores, d)
		}
	}
	return f
}

func (f *filter) report(next func(analysis.Diagnostic)) func(analysis.Diagnostic) {
	return func(d analysis.Diagnostic) {
		pos := f.pass.Fset.Position(d.Pos)
		if f.generated[pos.Filename] {
			return
		}
		for _, dir := range f.ignores {
			if dir.Covers(pos) {
				f.mu.Lock()
				f.used[dir] = true
				f.mu.Unlock()
				return
			}
		}
		d = f.mapFixes(d)
		if RelatedInMessage {
			d = foldRelated(f.pass.Fset, d)
		}
		next(d)
	}
}

// foldRelated returns d with its related locations written at the end of
// its message, named relative to the directory of d's file, and dropped.
func foldRelated(fset *token.FileSet, d analysis.Diagnostic) analysis.Diagnostic {
	if len(d.Related) == 0 {
		return d
	}
	dir := filepath.Dir(fset.Position(d.Pos).Filename)
	var parts []string
	for _, r := range d.Related {
		p := fset.Position(r.Pos)
		name := p.Filename
		if rel, err := filepath.Rel(dir, name); err == nil {
			name = rel
		}
		parts = append(parts, fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(name), p.Line, p.Column, r.Message))
	}
	d.Message += " [" + strings.Join(parts, "; ") + "]"
	d.Related = nil
	return d
}

// reportUnused reports the ignore directives naming analyzer that
// silenced nothing: stale suppressions hide the next real finding.
func (f *filter) reportUnused(analyzer string, report func(analysis.Diagnostic)) {
	for _, dir := range f.ignores {
		if f.used[dir] || f.generated[dir.File] {
			continue
		}
		report(analysis.Diagnostic{
			Pos:      dir.Pos,
			End:      dir.End,
			Category: "directive",
			Message:  fmt.Sprintf("cowlint:ignore directive for %s silences nothing: remove it", analyzer),
		})
	}
}
