package distributed

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cowlint/cowlint/proof/internal/vetrun"
	"github.com/cowlint/cowlint/suite"
)

// The analyzers run in process, and the command built to run them one
// package at a time; both the registered suite.
var (
	analyzers = suite.Analyzers
	toolPkg   = "./cmd/cowlint"
)

// listedPackage is what go list -json says about a package.
type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
	ImportMap  map[string]string
	Standard   bool
	DepOnly    bool
	Incomplete bool
}

// TestSeparateEqualsInProcess analyzes every analyzer's fixtures twice and
// compares the findings on the fixture packages:
//
//   - in process: the x/tools checker over packages loaded from source, with
//     facts passed in memory (what analysistest and a plain multichecker do);
//   - separately: the cowlint command run once per package, dependencies
//     first, each run reading only its direct dependencies' vet.out files
//     (type export data and facts) and its own sources, through the .cfg
//     files of the unitchecker protocol that go vet and nogo speak.
//     Dependencies run with VetxOnly, as go vet runs them.
//
// Fixtures live in GOPATH layout (testdata/src/<pkg>), so both sides load
// them with GO111MODULE=off; cgo is off so that every package is pure Go.
func TestSeparateEqualsInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cowlint and runs it once per package")
	}
	root, err := vetrun.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	tool := filepath.Join(tmp, "cowlint")
	if err := vetrun.Build(root, toolPkg, tool); err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob(filepath.Join(root, "passes", "*", "testdata"))
	if len(dirs) == 0 {
		t.Fatal("no fixtures found under passes/*/testdata")
	}
	vetx := map[string]string{} // package path -> vet.out, shared by std packages across fixtures
	total := 0
	for _, gopath := range dirs {
		name := filepath.Base(filepath.Dir(gopath))
		t.Run(name, func(t *testing.T) {
			env := append(os.Environ(), "GO111MODULE=off", "GOPATH="+gopath, "CGO_ENABLED=0", "GOFLAGS=")
			roots, deps := listFixtures(t, gopath, env)
			if len(roots) == 0 {
				t.Skip("no fixture package loads without errors")
			}
			inProcess := analyzeInProcess(t, gopath, env, roots)
			separate := analyzeSeparately(t, tool, gopath, tmp, deps, roots, vetx, false)
			if !slices.Equal(inProcess, separate) {
				t.Errorf("findings differ\nin process (%d):\n\t%s\nseparately from fact files (%d):\n\t%s",
					len(inProcess), strings.Join(inProcess, "\n\t"), len(separate), strings.Join(separate, "\n\t"))
			}
			// Control: the same separate run with the facts cut out of the
			// fixture packages' dependencies' vet.out files, to show which
			// findings the facts carried.
			blind := analyzeSeparately(t, tool, gopath, tmp, deps, roots, vetx, true)
			t.Logf("%d fixture packages, %d dependencies: %d findings, the same both ways; %d differ when dependencies' facts are removed",
				len(roots), len(deps)-len(roots), len(inProcess), len(difference(separate, blind))+len(difference(blind, separate)))
			total += len(inProcess)
		})
	}
	if total == 0 {
		t.Errorf("no findings on any fixture: the comparison proves nothing")
	}
}

// listFixtures lists the fixture packages that load without errors, and
// every package they need, dependencies first.
func listFixtures(t *testing.T, gopath string, env []string) (roots []string, deps []listedPackage) {
	cmd := exec.Command("go", "list", "-e", "-json", "-deps", "./...")
	cmd.Dir = filepath.Join(gopath, "src")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	broken := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p listedPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if p.Incomplete || slices.ContainsFunc(p.Imports, func(i string) bool { return broken[resolve(p, i)] }) {
			broken[p.ImportPath] = true // a fixture with deliberate errors: analysistest territory
			continue
		}
		if p.ImportPath == "unsafe" {
			continue
		}
		deps = append(deps, p)
		if !p.Standard && !p.DepOnly {
			roots = append(roots, p.ImportPath)
		}
	}
	return roots, deps
}

func resolve(p listedPackage, imp string) string {
	if r, ok := p.ImportMap[imp]; ok {
		return r
	}
	return imp
}

// analyzeInProcess runs the analyzers with the x/tools checker.
func analyzeInProcess(t *testing.T, gopath string, env []string, roots []string) []string {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: filepath.Join(gopath, "src"), Env: env}
	pkgs, err := packages.Load(cfg, roots...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("fixtures do not load")
	}
	graph, err := checker.Analyze(analyzers(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			out = append(out, finding(gopath, act.Package.Fset.Position(d.Pos).String(), act.Analyzer, d.Message))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// analyzeSeparately runs the tool once per package through a unitchecker
// .cfg file, dependencies first, each run given only its direct imports'
// vet.out files. vetx caches std packages' vet.out across fixtures.
//
// With withoutFacts, the fixture packages see their dependencies' vet.out
// files with the facts removed (types only).
func analyzeSeparately(t *testing.T, tool, gopath, tmp string, deps []listedPackage, roots []string, vetx map[string]string, withoutFacts bool) []string {
	norm := strings.NewReplacer(filepath.Join(gopath, "src")+string(filepath.Separator), "")
	standard := map[string]bool{}
	for _, p := range deps {
		standard[p.ImportPath] = p.Standard
	}
	var out []string
	for i, p := range deps {
		if p.Standard && vetx[p.ImportPath] != "" {
			continue
		}
		root := slices.Contains(roots, p.ImportPath)
		if withoutFacts && !root {
			continue // dependencies' vet.out files are those of the first run
		}
		work := filepath.Join(tmp, fmt.Sprintf("%s-%d-%v", filepath.Base(filepath.Dir(gopath)), i, withoutFacts))
		if err := os.MkdirAll(work, 0o755); err != nil {
			t.Fatal(err)
		}
		cfg := map[string]any{
			"ID":          p.ImportPath,
			"Compiler":    "gc",
			"Dir":         p.Dir,
			"ImportPath":  p.ImportPath,
			"GoFiles":     absolute(p.Dir, p.GoFiles),
			"ImportMap":   map[string]string{},
			"PackageVetx": map[string]string{},
			"Standard":    map[string]bool{},
			"VetxOnly":    !root,
			"VetxOutput":  filepath.Join(work, "vet.out"),
		}
		for _, imp := range p.Imports {
			path := resolve(p, imp)
			cfg["ImportMap"].(map[string]string)[imp] = path
			if path == "unsafe" {
				continue
			}
			file, ok := vetx[path]
			if !ok {
				t.Fatalf("%s: dependency %s has no vet.out", p.ImportPath, path)
			}
			if withoutFacts {
				file = typesOnly(t, file)
			}
			cfg["PackageVetx"].(map[string]string)[path] = file
			cfg["Standard"].(map[string]bool)[path] = standard[path]
		}
		data, _ := json.Marshal(cfg)
		cfgFile := filepath.Join(work, "vet.cfg")
		if err := os.WriteFile(cfgFile, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(tool, "-json", cfgFile)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s on %s: %v\n%s", tool, p.ImportPath, err, stderr.String())
		}
		vetx[p.ImportPath] = filepath.Join(work, "vet.out")
		if !root {
			continue
		}
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal(stdout.Bytes(), &tree); err != nil {
			t.Fatalf("%s: parsing the tool's JSON: %v\n%s", p.ImportPath, err, stdout.String())
		}
		for _, byAnalyzer := range tree {
			for analyzer, raw := range byAnalyzer {
				var diags []struct{ Posn, Message string }
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s: %s: %s", p.ImportPath, analyzer, raw) // an analysis error
					continue
				}
				for _, d := range diags {
					out = append(out, fmt.Sprintf("%s: %s: %s", norm.Replace(d.Posn), analyzer, d.Message))
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// typesOnly returns a copy of a vet.out file with its facts removed. The
// file is x/tools v0.52.0's: a 4-byte magic, the little-endian lengths of
// the type export data and of the facts, then both.
func typesOnly(t *testing.T, file string) string {
	out := file + ".types-only"
	if _, err := os.Stat(out); err == nil {
		return out
	}
	data, err := os.ReadFile(file)
	if err != nil || len(data) < 12 {
		t.Fatalf("reading %s: %v", file, err)
	}
	typesLen := binary.LittleEndian.Uint32(data[4:8])
	data = slices.Clone(data[:12+typesLen])
	binary.LittleEndian.PutUint32(data[8:12], 0)
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// difference returns the elements of a not in b.
func difference(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func finding(gopath, posn string, a *analysis.Analyzer, message string) string {
	posn = strings.TrimPrefix(posn, filepath.Join(gopath, "src")+string(filepath.Separator))
	return fmt.Sprintf("%s: %s: %s", posn, a.Name, message)
}

func absolute(dir string, files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Join(dir, f)
	}
	return out
}
