package plugin_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/testexec"
	"github.com/cowlint/cowlint/suite"
)

// golangciVersion is the golangci-lint the plugin is built into; it pins
// the x/tools and staticcheck versions cowlint requires.
const golangciVersion = "v2.15.0"

// wrapperMain is the main package of a custom golangci-lint: golangci-lint's
// own command with the cowlint plugin linked in, as "golangci-lint custom"
// generates it (which cannot be used here: it git-clones from GitHub).
const wrapperMain = `package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/cowlint/cowlint/plugin"
)

func main() {
	info := commands.BuildInfo{GoVersion: runtime.Version(), Version: "2.15.0-cowlint", Commit: "(cowlint test)", Date: "(unknown)"}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
`

// buildGolangciLint builds a custom golangci-lint containing the plugin of
// the repository at root, from the Go module proxy alone.
func buildGolangciLint(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "main.go", wrapperMain)
	write(t, dir, "go.mod", "module cowlint.test/golangci-lint\n\ngo 1.26\n\n"+
		"require (\n\tgithub.com/golangci/golangci-lint/v2 "+golangciVersion+"\n\tgithub.com/cowlint/cowlint v0.0.0\n)\n\n"+
		"replace github.com/cowlint/cowlint => "+root+"\n")
	env := []string{"GOFLAGS=-mod=mod", "GOWORK=off"}
	start := time.Now()
	goCmd(t, dir, env, "mod", "tidy")

	// cowlint must not upgrade what golangci-lint pins.
	versions := goCmd(t, dir, env, "list", "-m", "golang.org/x/tools", "honnef.co/go/tools")
	if want := "golang.org/x/tools v0.52.0\nhonnef.co/go/tools v0.8.2\n"; versions != want {
		t.Errorf("the custom golangci-lint resolves\n%swant\n%s(cowlint's go.mod upgrades golangci-lint's dependencies)", versions, want)
	}

	bin := filepath.Join(dir, "golangci-lint")
	goCmd(t, dir, env, "build", "-o", bin, ".")
	t.Logf("built custom golangci-lint %s in %v", golangciVersion, time.Since(start).Round(time.Second))
	return bin
}

func TestGolangciLint(t *testing.T) {
	testexec.Integration(t, "builds a custom golangci-lint "+golangciVersion+" from the module proxy: about 110 s and 0.9 GB cold, 10 s with a warm build cache")
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	bin := buildGolangciLint(t, root)
	env := []string{"GOLANGCI_LINT_CACHE=" + t.TempDir(), "GOFLAGS=", "GOWORK=off"}

	t.Run("diagnostics", func(t *testing.T) {
		dir := copyDir(t, "testdata/golangci")
		out, code := testexec.Run(t, dir, env, bin, "run", "./...")
		if code != 1 {
			t.Errorf("golangci-lint run exited %d, want 1 (issues found); output:\n%s", code, out)
		}
		mustContain(t, out, "directive.go:8:2: directive: cowlint:ignore atomicmix needs a reason")
		mustContain(t, out, "(cowlint)")
		if registered("atomicmix") {
			// One finding, one issue: the related location is in the
			// message, not an issue of its own.
			mustContain(t, out, "atomicmix.go:11:40: atomicmix: plain read of Server.hits")
			mustContain(t, out, "[atomicmix.go:9:28: atomic access of Server.hits] (cowlint)")
			if n := strings.Count(out, "(cowlint)"); n != 2 {
				t.Errorf("%d issues, want 2 (the directive and atomicmix findings):\n%s", n, out)
			}
		}
	})

	t.Run("fix", func(t *testing.T) {
		if !registered("atomicmix") {
			t.Skip("no registered analyzer has suggested fixes yet (atomicmix will)")
		}
		dir := copyDir(t, "testdata/golangci")
		out, _ := testexec.Run(t, dir, env, bin, "run", "--fix", "./...")
		got, _ := os.ReadFile(filepath.Join(dir, "atomicmix.go"))
		mustContain(t, string(got), "return atomic.LoadInt64(&s.hits)")
		if t.Failed() {
			t.Logf("golangci-lint run --fix output:\n%s", out)
		}
		// Nothing of the fixed finding is left: only the directive's
		// finding, which has no fix.
		out, _ = testexec.Run(t, dir, env, bin, "run", "./...")
		if strings.Contains(out, "plain read") || strings.Count(out, "(cowlint)") != 1 {
			t.Errorf("after --fix, golangci-lint still reports:\n%s", out)
		}
	})

	t.Run("settings", func(t *testing.T) {
		dir := copyDir(t, "testdata/golangci")
		config, _ := os.ReadFile(filepath.Join(dir, ".golangci.yml"))
		write(t, dir, ".golangci.yml", strings.Replace(string(config), "disable: []", "disable: [directive]", 1))
		out, _ := testexec.Run(t, dir, env, bin, "run", "./...")
		if strings.Contains(out, "needs a reason") {
			t.Errorf("disable: [directive] did not disable it:\n%s", out)
		}

		write(t, dir, ".golangci.yml", strings.Replace(string(config), "disable: []", "enabel: [directive]", 1))
		out, code := testexec.Run(t, dir, env, bin, "run", "./...")
		if code == 0 || code == 1 {
			t.Errorf("an unknown setting: exit code %d, want a failure (not 0, not 1 for issues)", code)
		}
		mustContain(t, out, `cowlint: decoding settings: json: unknown field "enabel" (known settings: enable, disable, options)`)

		write(t, dir, ".golangci.yml", strings.Replace(string(config), "disable: []", "options: {directive: {nosuch: 1}}", 1))
		out, _ = testexec.Run(t, dir, env, bin, "run", "./...")
		mustContain(t, out, `cowlint: options: analyzer directive has no flags (asked to set "nosuch")`)

		if registered("lockorder") {
			// Options reach the analyzer's flags: -lockorder.dot draws graphs.
			dotDir := t.TempDir()
			write(t, dir, ".golangci.yml", strings.Replace(string(config), "disable: []", "options: {lockorder: {dot: "+dotDir+"}}", 1))
			// A fresh cache: golangci-lint's does not key on analyzer flags.
			out, _ = testexec.Run(t, dir, append(env, "GOLANGCI_LINT_CACHE="+t.TempDir()), bin, "run", "./...")
			if dots, _ := filepath.Glob(filepath.Join(dotDir, "*.dot")); len(dots) == 0 {
				t.Errorf("options: {lockorder: {dot: DIR}} wrote no graph into DIR; golangci-lint said:\n%s", out)
			}
		}
	})
}

// registered reports whether the suite has the named analyzer.
func registered(name string) bool {
	return slices.ContainsFunc(suite.Analyzers(), func(a *analysis.Analyzer) bool { return a.Name == name })
}

func goCmd(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, code := testexec.Run(t, dir, env, "go", args...)
	if code != 0 {
		t.Fatalf("go %s: exit code %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustContain(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("output does not contain %q; it is:\n%s", want, got)
	}
}
