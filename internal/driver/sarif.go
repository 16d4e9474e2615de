package driver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"honnef.co/go/tools/sarif"

	"github.com/cowlint/cowlint/internal/docs"
)

// writeSARIF writes findings as a SARIF 2.1.0 log for GitHub code scanning
// and other SARIF viewers, following staticcheck's conventions
// (honnef.co/go/tools/lintcmd): one rule per analyzer, related locations
// linked from the message (GitHub shows them only that way), suggested
// fixes as SARIF fixes, file names relative to the working directory under
// %SRCROOT% when possible. Columns are counted in UTF-16 code units, SARIF's
// default column kind.
func writeSARIF(w io.Writer, opts *options, findings []finding, successful bool) error {
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	files := &sourceFiles{cwd: cwd, text: map[string]string{}}

	run := sarif.Run{
		Tool: sarif.Tool{Driver: sarif.ToolComponent{
			Name:            "cowlint",
			Version:         version(),
			SemanticVersion: semanticVersion(),
			InformationURI:  "https://github.com/cowlint/cowlint",
		}},
		Invocations: []sarif.Invocation{{
			Arguments:           opts.args,
			WorkingDirectory:    sarif.ArtifactLocation{URI: fileURI(cwd)},
			ExecutionSuccessful: successful,
		}},
		Results: []sarif.Result{}, // an empty run says "nothing found", not "not run"
	}
	for _, a := range opts.enabled {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarif.ReportingDescriptor{
			ID:                   a.Name,
			ShortDescription:     sarif.Message{Text: docs.Title(a.Doc)},
			Help:                 sarif.Message{Text: a.Doc},
			HelpURI:              a.URL,
			DefaultConfiguration: sarif.ReportingConfiguration{Enabled: true, Level: sarif.Warning},
		})
	}

	for _, f := range findings {
		r := sarif.Result{
			RuleID:       f.analyzer,
			Kind:         sarif.Fail,
			Level:        sarif.Warning,
			Message:      sarif.Message{Text: f.Message},
			Locations:    []sarif.Location{{PhysicalLocation: files.location(f.Posn, f.End)}},
			Suppressions: []sarif.Suppression{}, // known not suppressed (suppressed findings are not reported)
		}
		for i, rel := range f.Related {
			id := i + 1
			r.Message.Text += fmt.Sprintf("\n\t[%s](%d)", rel.Message, id)
			r.RelatedLocations = append(r.RelatedLocations, sarif.Location{
				ID:               id,
				Message:          &sarif.Message{Text: rel.Message},
				PhysicalLocation: files.location(rel.Posn, rel.End),
			})
		}
		for _, fix := range f.SuggestedFixes {
			r.Fixes = append(r.Fixes, files.fix(fix))
		}
		run.Results = append(run.Results, r)
	}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarif.Log{Version: sarif.Version, Schema: sarif.Schema, Runs: []sarif.Run{run}})
}

// sourceFiles converts Go positions to SARIF locations, reading each file
// once to count columns in UTF-16 and to turn fix offsets into regions.
type sourceFiles struct {
	cwd  string
	text map[string]string
}

func (s *sourceFiles) read(file string) string {
	text, ok := s.text[file]
	if !ok {
		data, _ := os.ReadFile(file) // a file that vanished gets byte columns
		text = string(data)
		s.text[file] = text
	}
	return text
}

func (s *sourceFiles) location(posn, end string) sarif.PhysicalLocation {
	start, _ := parsePosn(posn)
	stop, ok := parsePosn(end)
	if !ok {
		stop = start
	}
	return sarif.PhysicalLocation{
		ArtifactLocation: s.artifact(start.file),
		Region: sarif.Region{
			StartLine:   start.line,
			StartColumn: s.utf16Column(start),
			EndLine:     stop.line,
			EndColumn:   s.utf16Column(stop),
		},
	}
}

// fix converts a suggested fix (byte offsets) into a SARIF fix (regions),
// grouping the edits by file.
func (s *sourceFiles) fix(fix jsonSuggestedFix) sarif.Fix {
	byFile := map[string][]sarif.Replacement{}
	for _, e := range fix.Edits {
		start, end := s.offsetPosition(e.Filename, e.Start), s.offsetPosition(e.Filename, e.End)
		byFile[e.Filename] = append(byFile[e.Filename], sarif.Replacement{
			DeletedRegion: sarif.Region{
				StartLine:   start.line,
				StartColumn: s.utf16Column(start),
				EndLine:     end.line,
				EndColumn:   s.utf16Column(end),
			},
			InsertedContent: sarif.ArtifactContent{Text: e.New},
		})
	}
	names := make([]string, 0, len(byFile))
	for name := range byFile {
		names = append(names, name)
	}
	sort.Strings(names)
	out := sarif.Fix{Description: sarif.Message{Text: fix.Message}}
	for _, name := range names {
		out.ArtifactChanges = append(out.ArtifactChanges, sarif.ArtifactChange{
			ArtifactLocation: s.artifact(name),
			Replacements:     byFile[name],
		})
	}
	return out
}

// offsetPosition returns the line and byte column of a byte offset.
func (s *sourceFiles) offsetPosition(file string, offset int) position {
	text := s.read(file)
	offset = min(max(offset, 0), len(text))
	before := text[:offset]
	line := strings.Count(before, "\n") + 1
	col := offset - (strings.LastIndexByte(before, '\n') + 1) + 1
	return position{file, line, col}
}

// utf16Column converts a Go (byte, 1-based) column to UTF-16 code units.
func (s *sourceFiles) utf16Column(p position) int {
	text := s.read(p.file)
	lines := strings.SplitN(text, "\n", p.line+1)
	if p.line < 1 || p.line > len(lines) {
		return p.col
	}
	line := lines[p.line-1]
	if p.col-1 > len(line) || p.col < 1 {
		return p.col
	}
	units := 0
	for _, r := range line[:p.col-1] {
		if r == utf8.RuneError {
			units++
			continue
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return units + 1
}

// artifact names a file relative to the working directory (GitHub resolves
// %SRCROOT% to the repository root), or by an absolute file URI.
func (s *sourceFiles) artifact(file string) sarif.ArtifactLocation {
	if rel, err := filepath.Rel(s.cwd, file); err == nil && filepath.IsLocal(rel) {
		return sarif.ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: "%SRCROOT%"}
	}
	return sarif.ArtifactLocation{URI: fileURI(file)}
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// version is the version of this build for SARIF's tool.driver: its
// module version (a tag or pseudo-version), or "(devel)" and the VCS
// revision for a build from a checkout.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	if rev := vcsRevision(info); rev != "" {
		return "(devel) " + rev
	}
	return "(devel)"
}

// semanticVersion is version() as SemVer 2.0 for SARIF's semanticVersion:
// a module version without its "v" (pseudo-versions are SemVer too), or
// 0.0.0-devel with the VCS revision as build metadata.
func semanticVersion() string {
	info, ok := debug.ReadBuildInfo()
	if ok {
		if v := info.Main.Version; strings.HasPrefix(v, "v") {
			return strings.TrimSuffix(v[1:], "+incompatible")
		}
	}
	if ok {
		if rev := vcsRevision(info); rev != "" {
			return "0.0.0-devel+" + rev
		}
	}
	return "0.0.0-devel"
}

// vcsRevision is the build's VCS revision, shortened to 12 characters, or
// "".
func vcsRevision(info *debug.BuildInfo) string {
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			return s.Value[:min(len(s.Value), 12)]
		}
	}
	return ""
}
