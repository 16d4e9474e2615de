package driver_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/cowlint/cowlint/internal/driver"
)

// toolEnv makes the test binary run as a cowlint command over the test
// analyzers instead of running tests. go vet passes the environment on to
// the tool processes it starts.
const toolEnv = "COWLINT_DRIVER_TEST_AS_TOOL"

func TestMain(m *testing.M) {
	if os.Getenv(toolEnv) == "1" {
		driver.Main(unsafeCall, panicky)
	}
	code := m.Run()
	if dir, err := sharedModule(); err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// sharedModule is one copy of testdata/mod for the tests that do not
// change it: go vet's cache then serves the packages they have in common.
var sharedModule = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "cowlint-driver-test-")
	if err != nil {
		return "", err
	}
	return dir, os.CopyFS(dir, os.DirFS("testdata/mod"))
})

// readOnlyModule returns the shared copy of testdata/mod, a module of four
// packages (a imports b; boom makes an analyzer panic; bad does not
// type-check).
func readOnlyModule(t *testing.T) string {
	t.Helper()
	dir, err := sharedModule()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// testModule copies testdata/mod to a fresh directory, which the test may
// change (with -fix, say).
func testModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := os.CopyFS(dir, os.DirFS("testdata/mod"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// run runs a command in dir and returns its output and exit code.
func run(t *testing.T, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out.String(), errOut.String(), code
}

// cowlint runs the test binary as a cowlint command in dir.
func cowlint(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return run(t, dir, []string{toolEnv + "=1"}, exe, args...)
}

func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("%s does not contain %q; it is:\n%s", what, want, got)
		}
	}
}

func noPanic(t *testing.T, stderr string) {
	t.Helper()
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic: ") {
		t.Errorf("the driver crashed:\n%s", stderr)
	}
}

const finding = "a/a.go:7:2: call to b.Unsafe, marked unsafe in its package"

// TestGoVetTool runs the real go vet with the test binary as its tool: the
// fact exported while analyzing b must reach a through vet's .vetx files.
func TestGoVetTool(t *testing.T) {
	t.Parallel()
	dir := readOnlyModule(t)
	exe, _ := os.Executable()
	_, stderr, code := run(t, dir, []string{toolEnv + "=1"}, "go", "vet", "-vettool="+exe, "./a")
	if code != 1 {
		t.Errorf("go vet exited %d, want 1 (findings)", code)
	}
	mustContain(t, "go vet's output", stderr, finding, "a/a.go:6:6: \tin function F")
}

// TestGoVetToolModes: under go vet, -json, -fix and -diff are go vet's and
// the tool's (unitchecker) business; they must keep working.
func TestGoVetToolModes(t *testing.T) {
	t.Parallel()
	dir := testModule(t)
	exe, _ := os.Executable()
	env := []string{toolEnv + "=1"}
	file := filepath.Join(dir, "a", "a.go")
	before, _ := os.ReadFile(file)

	stdout, stderr, code := run(t, dir, env, "go", "vet", "-vettool="+exe, "-json", "./a")
	if code != 0 {
		t.Errorf("go vet -json: exit code %d; stderr:\n%s", code, stderr)
	}
	mustContain(t, "go vet -json", stdout, `"unsafecall": [`, `"suggested_fixes": [`)

	stdout, _, code = run(t, dir, env, "go", "vet", "-vettool="+exe, "-fix", "-diff", "./a")
	if code != 1 {
		t.Errorf("go vet -fix -diff: exit code %d, want 1 (a diff)", code)
	}
	mustContain(t, "go vet -fix -diff", stdout, "+\tb.Safe()")

	if _, stderr, code := run(t, dir, env, "go", "vet", "-vettool="+exe, "-fix", "./a"); code != 0 {
		t.Errorf("go vet -fix: exit code %d; stderr:\n%s", code, stderr)
	}
	after, _ := os.ReadFile(file)
	if want := strings.Replace(string(before), "b.Unsafe()", "b.Safe()", 1); string(after) != want {
		t.Errorf("go vet -fix left:\n%s\nwant:\n%s", after, want)
	}
}

func TestStandaloneText(t *testing.T) {
	t.Parallel()
	dir := readOnlyModule(t)
	stdout, stderr, code := cowlint(t, dir, "./...")
	_ = stdout
	if code != 1 {
		t.Errorf("exit code %d, want 1 (bad does not type-check, boom panics)", code)
	}
	stdout, stderr, code = cowlint(t, dir, "./a")
	if code != 3 {
		t.Errorf("exit code %d, want 3 (findings); stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("text mode printed on stdout: %q", stdout)
	}
	want := finding + "\n" + "a/a.go:6:6: \tin function F\n" + "driver.test: 1 finding (unsafecall 1) in 1 package, TIME\n"
	if got := normalizeSummary(stderr); got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if _, stderr, _ := cowlint(t, dir, "-q", "./a"); stderr != finding+"\n"+"a/a.go:6:6: \tin function F\n" {
		t.Errorf("-q: stderr = %q, want the finding alone", stderr)
	}

	_, stderr, code = cowlint(t, dir, "-c=0", "./a")
	mustContain(t, "-c=0 output", stderr, "7\t\tb.Unsafe()\n")
	if code != 3 {
		t.Errorf("-c=0: exit code %d, want 3", code)
	}

	_, stderr, code = cowlint(t, dir, "./b")
	if want := "driver.test: no findings in 1 package, TIME\n"; code != 0 || normalizeSummary(stderr) != want {
		t.Errorf("clean package: exit code %d, stderr %q; want 0 and %q", code, stderr, want)
	}
	if _, stderr, code := cowlint(t, dir, "-q", "./b"); code != 0 || stderr != "" {
		t.Errorf("clean package, -q: exit code %d, stderr %q; want 0 and nothing", code, stderr)
	}

	exe, _ := os.Executable()
	_, stderr, _ = run(t, dir, []string{toolEnv + "=1", "GOPACKAGESDRIVER=/nonexistent/driver"}, exe, "./b")
	mustContain(t, "stderr with GOPACKAGESDRIVER set", stderr, "GOPACKAGESDRIVER is set, but go vet loads packages with the go command; use -inprocess")
}

// normalizeSummary replaces the time at the end of the summary line by TIME.
func normalizeSummary(s string) string {
	return summaryTime.ReplaceAllString(s, "${1}TIME")
}

var summaryTime = regexp.MustCompile(`(?m)^(driver\.test: .* in \d+ packages?(?:, \d+ failures?)?, )\d[\d.hms]*$`)

// TestSummary: the summary line is on standard error whatever the output
// format, never on standard output, and counts findings by analyzer and
// failures.
func TestSummary(t *testing.T) {
	t.Parallel()
	dir := readOnlyModule(t)
	for _, args := range [][]string{{"-json", "./a", "./b"}, {"-sarif", "./a", "./b"}} {
		stdout, stderr, code := cowlint(t, dir, args...)
		if code != 0 {
			t.Errorf("%v: exit code %d", args, code)
		}
		if want := "driver.test: 1 finding (unsafecall 1) in 2 packages, TIME\n"; normalizeSummary(stderr) != want {
			t.Errorf("%v: stderr %q, want %q", args, stderr, want)
		}
		if strings.Contains(stdout, "driver.test:") || strings.Contains(stdout, "analyzing packages") {
			t.Errorf("%v: summary or progress on standard output:\n%s", args, stdout)
		}
	}
	_, stderr, _ := cowlint(t, dir, "./a", "./boom")
	mustContain(t, "stderr", normalizeSummary(stderr), "driver.test: 1 finding (unsafecall 1) in 2 packages, 1 failure, TIME\n")
}

// TestProgress runs cowlint under script(1), which gives it a terminal:
// the progress display shows the packages done and is erased before the
// findings; without a terminal (every other test) there is none.
func TestProgress(t *testing.T) {
	t.Parallel()
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed: no way to give cowlint a terminal")
	}
	dir := readOnlyModule(t)
	exe, _ := os.Executable()
	// script's terminal takes its size from ours, and there is none: give
	// it one (a terminal of no width shows no bar).
	const sized = "stty cols 100 rows 30; "
	out, _, code := run(t, dir, []string{toolEnv + "=1", "TERM=xterm"}, script, "-qec", sized+exe+" ./a ./b", "/dev/null")
	if code != 3 {
		t.Errorf("exit code %d, want 3; output:\n%s", code, out)
	}
	mustContain(t, "the terminal", out, "analyzing packages", "/2) [", finding) // 2 packages in all; the last update may be throttled
	// The bar is erased (overwritten by spaces, then a carriage return)
	// before the findings are printed.
	if i, j := strings.LastIndex(out, "analyzing packages"), strings.Index(out, finding); i > j {
		t.Errorf("the progress display was drawn after the findings:\n%q", out)
	}
	out, _, _ = run(t, dir, []string{toolEnv + "=1", "TERM=xterm"}, script, "-qec", sized+exe+" -q ./a ./b", "/dev/null")
	if strings.Contains(out, "analyzing packages") || strings.Contains(out, "driver.test:") {
		t.Errorf("-q: progress or summary shown:\n%q", out)
	}
}

func TestStandaloneJSON(t *testing.T) {
	t.Parallel()
	dir := readOnlyModule(t)
	stdout, stderr, code := cowlint(t, dir, "-json", "./a", "./b")
	if code != 0 {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", code, stderr)
	}
	// The shape of x/tools' multichecker -json: one tree, package ID ->
	// analyzer -> diagnostics.
	var tree map[string]map[string][]struct {
		Posn           string `json:"posn"`
		End            string `json:"end"`
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Message string `json:"message"`
			Edits   []struct {
				Filename   string `json:"filename"`
				Start, End int
				New        string `json:"new"`
			} `json:"edits"`
		} `json:"suggested_fixes"`
		Related []struct{ Posn, Message string } `json:"related"`
	}
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("-json output is not one JSON tree: %v\n%s", err, stdout)
	}
	diags := tree["example.com/mod/a"]["unsafecall"]
	if len(diags) != 1 || len(tree) != 1 {
		t.Fatalf("want one diagnostic in example.com/mod/a only, got %+v", tree)
	}
	d := diags[0]
	if want := filepath.Join(dir, "a", "a.go") + ":7:2"; d.Posn != want {
		t.Errorf("posn %q, want %q", d.Posn, want)
	}
	if len(d.Related) != 1 || len(d.SuggestedFixes) != 1 || d.SuggestedFixes[0].Edits[0].New != "Safe" {
		t.Errorf("related or fixes missing: %+v", d)
	}
}

// TestPanicNamesAnalyzer: a panicking analyzer yields an error naming it,
// and the other results are printed as usual.
func TestPanicNamesAnalyzer(t *testing.T) {
	t.Parallel()
	dir := readOnlyModule(t)
	_, stderr, code := cowlint(t, dir, "./a", "./boom")
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	mustContain(t, "stderr", stderr,
		"analyzer panicky failed on package example.com/mod/boom",
		"analyzer panicky panicked analyzing package example.com/mod/boom at "+filepath.Join(dir, "boom", "boom.go")+":2:1: boom",
		finding)
	noPanic(t, strings.ReplaceAll(stderr, "panic(", ""))
}

func TestTypeErrors(t *testing.T) {
	t.Parallel()
	dir := readOnlyModule(t)
	for _, args := range [][]string{{"./bad"}, {"-json", "./bad"}, {"-sarif", "./bad"}, {"-inprocess", "-sarif", "./bad"}} {
		_, stderr, code := cowlint(t, dir, args...)
		if code != 1 {
			t.Errorf("%v: exit code %d, want 1", args, code)
		}
		mustContain(t, "stderr", stderr, "bad.go:4:23: undefined: undefinedThing")
		noPanic(t, stderr)
	}
}

func TestBadCommandLines(t *testing.T) {
	t.Parallel()
	dir := readOnlyModule(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-nosuch", "./a"}, "flag provided but not defined: -nosuch"},
		{[]string{}, "no packages given"},
		{[]string{"-json", "-sarif", "./a"}, "-json and -sarif cannot be used together"},
		{[]string{"-fix", "-json", "./a"}, "cannot be combined with -json or -sarif"},
		{[]string{"-cpuprofile=x", "./a"}, "-cpuprofile needs -inprocess"},
		{[]string{"-unsafecall=maybe", "./a"}, "invalid boolean value"},
	} {
		stdout, stderr, code := cowlint(t, dir, tc.args...)
		if code != 2 {
			t.Errorf("%v: exit code %d, want 2", tc.args, code)
		}
		mustContain(t, "stderr", stderr, tc.want, "usage:")
		if stdout != "" {
			t.Errorf("%v: printed on stdout: %s", tc.args, stdout)
		}
	}
}

func TestSelectAnalyzers(t *testing.T) {
	t.Parallel()
	dir := readOnlyModule(t)
	if _, stderr, code := cowlint(t, dir, "-unsafecall=false", "./a"); code != 0 {
		t.Errorf("-unsafecall=false: exit code %d, want 0; stderr:\n%s", code, stderr)
	}
	if _, stderr, code := cowlint(t, dir, "-panicky", "./a", "./boom"); code != 1 || strings.Contains(stderr, "unsafe in its package") {
		t.Errorf("-panicky: exit code %d (want 1), unsafecall must not run; stderr:\n%s", code, stderr)
	}
}

func TestFixAndDiff(t *testing.T) {
	t.Parallel()
	dir := testModule(t)
	file := filepath.Join(dir, "a", "a.go")
	before, _ := os.ReadFile(file)

	stdout, stderr, code := cowlint(t, dir, "-diff", "./a")
	if code != 3 {
		t.Errorf("-diff: exit code %d, want 3 (a diff was printed); stderr:\n%s", code, stderr)
	}
	mustContain(t, "-diff output", stdout, "-\tb.Unsafe()", "+\tb.Safe()")
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Errorf("-diff changed the file")
	}

	_, stderr, code = cowlint(t, dir, "-fix", "./a")
	if code != 0 {
		t.Errorf("-fix: exit code %d, want 0; stderr:\n%s", code, stderr)
	}
	after, _ := os.ReadFile(file)
	if want := strings.Replace(string(before), "b.Unsafe()", "b.Safe()", 1); string(after) != want {
		t.Errorf("-fix left:\n%s\nwant:\n%s", after, want)
	}
	if _, stderr, code := cowlint(t, dir, "./a"); code != 0 {
		t.Errorf("after -fix: exit code %d, want 0; stderr:\n%s", code, stderr)
	}
	if stdout, _, code := cowlint(t, dir, "-diff", "./a"); code != 0 || stdout != "" {
		t.Errorf("after -fix, -diff: exit code %d, output %q; want 0 and nothing", code, stdout)
	}
}

// TestInProcess: the escape hatch gives the same findings.
func TestInProcess(t *testing.T) {
	t.Parallel()
	dir := readOnlyModule(t)
	_, stderr, code := cowlint(t, dir, "-inprocess", "./a")
	if code != 3 {
		t.Errorf("exit code %d, want 3; stderr:\n%s", code, stderr)
	}
	mustContain(t, "stderr", stderr, filepath.Join(dir, finding))

	vet, _, _ := cowlint(t, dir, "-sarif", "./a")
	inproc, stderr, code := cowlint(t, dir, "-inprocess", "-sarif", "./a")
	if code != 0 {
		t.Errorf("-inprocess -sarif: exit code %d, want 0; stderr:\n%s", code, stderr)
	}
	results := func(s string) string {
		var log struct {
			Runs []struct{ Results json.RawMessage }
		}
		if err := json.Unmarshal([]byte(s), &log); err != nil || len(log.Runs) != 1 {
			t.Fatalf("bad SARIF (%v):\n%s", err, s)
		}
		return string(log.Runs[0].Results)
	}
	if results(vet) != results(inproc) {
		t.Errorf("SARIF results differ:\ngo vet:    %s\ninprocess: %s", results(vet), results(inproc))
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	stdout, _, code := cowlint(t, ".", "help")
	if code != 0 {
		t.Errorf("help: exit code %d", code)
	}
	mustContain(t, "help", stdout, "unsafecall   report calls to functions marked unsafe", "-sarif", "-inprocess", "Exit codes:")
	stdout, _, code = cowlint(t, ".", "help", "unsafecall")
	if code != 0 {
		t.Errorf("help unsafecall: exit code %d", code)
	}
	mustContain(t, "help unsafecall", stdout, "A test analyzer of the driver.")
	if _, stderr, code := cowlint(t, ".", "help", "nosuch"); code != 2 {
		t.Errorf("help nosuch: exit code %d, want 2", code)
	} else {
		mustContain(t, "stderr", stderr, `no analyzer named "nosuch"`)
	}
}

// TestVersion: -version and "version" print the build's versions on one
// line and exit 0 without packages; go vet's -V=full handshake is untouched.
func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-version"}, {"version"}} {
		stdout, stderr, code := cowlint(t, ".", args...)
		if code != 0 || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
		// A test binary's build information has no dependencies:
		// TestCowlintBinary checks those on the real command.
		mustContain(t, fmt.Sprint(args), stdout, "built with go1.")
		if strings.Count(stdout, "\n") != 1 {
			t.Errorf("%v: want one line, got %q", args, stdout)
		}
	}
	stdout, _, code := cowlint(t, ".", "-V=full")
	if code != 0 || !strings.Contains(stdout, " version ") || !strings.Contains(stdout, "buildID=") {
		t.Errorf("-V=full: exit %d, output %q: not what go vet expects", code, stdout)
	}
}

// TestCowlintBinary builds the real cmd/cowlint and runs it both ways on a
// module whose ignore directive lacks a reason (the directive analyzer
// always exists).
func TestCowlintBinary(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds cmd/cowlint; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "cowlint")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/cowlint").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	write(t, dir, "go.mod", "module example.com/x\n\ngo 1.26\n")
	write(t, dir, "x.go", "package x\n\nfunc F() int {\n\tx := 1\n\t//cowlint:ignore atomicmix\n\treturn x\n}\n")
	const want = "x.go:5:2: cowlint:ignore atomicmix needs a reason"

	_, stderr, code := run(t, dir, nil, "go", "vet", "-vettool="+bin, ".")
	if code != 1 {
		t.Errorf("go vet -vettool: exit code %d, want 1", code)
	}
	mustContain(t, "go vet", stderr, want)
	_, stderr, code = run(t, dir, nil, bin, "./...")
	if code != 3 {
		t.Errorf("cowlint: exit code %d, want 3", code)
	}
	mustContain(t, "cowlint", stderr, want)
	stdout, _, code := run(t, dir, nil, bin, "-version")
	if code != 0 {
		t.Errorf("cowlint -version: exit code %d", code)
	}
	mustContain(t, "cowlint -version", stdout, "cowlint ", "built with go1.", "golang.org/x/tools v0.52.0", "honnef.co/go/tools v0.8.2")
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
