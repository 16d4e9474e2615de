package integration

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cowlint/cowlint/internal/testexec"
)

// buggy has an ignore directive without a reason: the directive analyzer,
// which every cowlint has, reports it.
const (
	buggy = "package x\n\nfunc F() int {\n\tx := 1\n\t//cowlint:ignore atomicmix\n\treturn x\n}\n"
	clean = "package x\n\nfunc F() int {\n\tx := 1\n\treturn x\n}\n"
	want  = "x.go:5:2: cowlint:ignore atomicmix needs a reason"
)

// hooks are the hooks of .pre-commit-hooks.yaml, by id and name.
var hooks = []struct{ id, name string }{
	{"cowlint", "cowlint"},
	{"cowlint-vet", "cowlint (go vet -vettool)"},
}

// TestPreCommitHooks runs the hooks of .pre-commit-hooks.yaml with
// `pre-commit try-repo` on a scratch repository with a known bug (each hook
// must fail and name it) and on a clean one (each must pass). One try-repo
// runs all hooks, so pre-commit builds cowlint once per repository.
func TestPreCommitHooks(t *testing.T) {
	testexec.Integration(t, "installs pre-commit if missing, which builds cowlint in its own environment")
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

	t.Run("buggy", func(t *testing.T) {
		out, code := testexec.Run(t, scratchRepo(t, env, buggy), env, preCommit, "try-repo", hookRepo, "--all-files")
		if code == 0 {
			t.Fatalf("the hooks passed on a known bug:\n%s", out)
		}
		for _, h := range hooks {
			report := hookReport(out, h.id)
			if !strings.Contains(report, want) {
				t.Errorf("hook %s does not name the bug %q; pre-commit said:\n%s", h.id, want, out)
			}
		}
	})
	t.Run("clean", func(t *testing.T) {
		out, code := testexec.Run(t, scratchRepo(t, env, clean), env, preCommit, "try-repo", hookRepo, "--all-files")
		if code != 0 {
			t.Errorf("the hooks failed on a clean repository (exit code %d):\n%s", code, out)
		}
		for _, h := range hooks {
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(h.name) + `\.+Passed$`).MatchString(out) {
				t.Errorf("hook %s did not pass; pre-commit said:\n%s", h.id, out)
			}
		}
	})
}

// hookReport returns the part of pre-commit's output that reports on the
// hook with the given id: from its "- hook id: ID" line to the next hook.
func hookReport(out, id string) string {
	_, after, ok := strings.Cut(out, "- hook id: "+id+"\n")
	if !ok {
		return ""
	}
	if i := strings.Index(after, "- hook id: "); i >= 0 {
		after = after[:i]
	}
	return after
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
		if out, code := testexec.Run(t, "/", env, "apt-get", args...); code != 0 {
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
	if out, code := testexec.Run(t, root, nil, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"); code == 0 {
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
		if out, code := testexec.Run(t, dir, env, "git", args...); code != 0 {
			t.Fatalf("git %s: exit code %d\n%s", strings.Join(args, " "), code, out)
		}
	}
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, code := testexec.Run(t, ".", nil, "go", "env", name)
	if code != 0 {
		t.Fatalf("go env %s: %s", name, out)
	}
	return strings.TrimSpace(out)
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
