package integration

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buggy has an ignore directive without a reason: the directive analyzer,
// which every cowlint has, reports it.
const (
	buggy = "package x\n\nfunc F() int {\n\tx := 1\n\t//cowlint:ignore atomicmix\n\treturn x\n}\n"
	clean = "package x\n\nfunc F() int {\n\tx := 1\n\treturn x\n}\n"
	want  = "x.go:5:2: cowlint:ignore atomicmix needs a reason"
)

// TestPreCommitHooks runs each hook of .pre-commit-hooks.yaml with
// `pre-commit try-repo` on a scratch repository with a known bug (the hook
// must fail and name it) and on a clean one (it must pass).
func TestPreCommitHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: installs and runs pre-commit")
	}
	preCommit := findPreCommit(t)
	hookRepo := snapshotRepo(t)
	env := []string{
		"PRE_COMMIT_HOME=" + t.TempDir(), // a fresh hook environment: pre-commit really builds cowlint
		// language: golang installs with GOPATH set to its own directory,
		// so the module cache would start empty: share the real one, which
		// makes the build work offline too.
		"GOMODCACHE=" + goEnv(t, "GOMODCACHE"),
		"GIT_AUTHOR_NAME=cowlint test", "GIT_AUTHOR_EMAIL=test@cowlint.invalid",
		"GIT_COMMITTER_NAME=cowlint test", "GIT_COMMITTER_EMAIL=test@cowlint.invalid",
	}
	for _, hook := range []string{"cowlint", "cowlint-vet"} {
		t.Run(hook, func(t *testing.T) {
			for _, tc := range []struct {
				name, source string
				fail         bool
			}{{"buggy", buggy, true}, {"clean", clean, false}} {
				dir := scratchRepo(t, env, tc.source)
				out, code := run(t, dir, env, preCommit, "try-repo", hookRepo, hook, "--all-files")
				switch {
				case tc.fail && code == 0:
					t.Errorf("%s: the hook passed on a known bug:\n%s", tc.name, out)
				case tc.fail && !strings.Contains(out, want):
					t.Errorf("%s: the hook's output does not name the bug %q:\n%s", tc.name, want, out)
				case !tc.fail && code != 0:
					t.Errorf("%s: the hook failed on a clean repository (exit code %d):\n%s", tc.name, code, out)
				}
			}
		})
	}
}

// findPreCommit returns the pre-commit command, installing Debian's when
// missing and running as root (as CI does); otherwise the test is skipped.
func findPreCommit(t *testing.T) string {
	if path, err := exec.LookPath("pre-commit"); err == nil {
		return path
	}
	if os.Geteuid() != 0 {
		t.Skip("pre-commit is not installed and the test is not root, so it cannot run apt-get install -y pre-commit; install pre-commit to run it")
	}
	env := []string{"DEBIAN_FRONTEND=noninteractive"}
	for _, args := range [][]string{{"update"}, {"install", "-y", "pre-commit"}} {
		if out, code := run(t, "/", env, "apt-get", args...); code != 0 {
			t.Fatalf("apt-get %s: exit code %d\n%s", strings.Join(args, " "), code, out)
		}
	}
	path, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Fatalf("pre-commit not found after apt-get install: %v", err)
	}
	return path
}

// snapshotRepo commits the repository's working tree (the files go test
// builds: tracked or not, but not ignored) to a fresh git repository:
// pre-commit installs hooks from a commit, and the test must exercise the
// code under test, not the last commit.
func snapshotRepo(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	if out, code := run(t, root, nil, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"); code == 0 {
		files = strings.Split(strings.TrimRight(out, "\x00"), "\x00")
	} else {
		// Not a git checkout: take every file.
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			files = append(files, rel)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(root, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		write(t, dir, name, string(data))
	}
	commitAll(t, dir, nil)
	return dir
}

// scratchRepo is a git repository holding a module with one file.
func scratchRepo(t *testing.T, env []string, source string) string {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "go.mod", "module example.com/x\n\ngo 1.26\n")
	write(t, dir, "x.go", source)
	commitAll(t, dir, env)
	return dir
}

func commitAll(t *testing.T, dir string, env []string) {
	t.Helper()
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "-A"},
		{"-c", "user.name=cowlint test", "-c", "user.email=test@cowlint.invalid", "commit", "-q", "--no-verify", "-m", "snapshot"},
	} {
		if out, code := run(t, dir, env, "git", args...); code != 0 {
			t.Fatalf("git %s: exit code %d\n%s", strings.Join(args, " "), code, out)
		}
	}
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, code := run(t, ".", nil, "go", "env", name)
	if code != 0 {
		t.Fatalf("go env %s: %s", name, out)
	}
	return strings.TrimSpace(out)
}

// run runs a command and returns its combined output and exit code.
func run(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		return out.String(), exitErr.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", name, err)
	}
	return out.String(), 0
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
