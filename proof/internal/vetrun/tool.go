package vetrun

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Build builds the main package pkg of the module at dir into out.
func Build(dir, pkg, out string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// FreshCopy copies the tool binary into dir under a new name and appends a
// nonce to it. The copy behaves exactly like the original, but x/tools'
// -V=full hashes the executable's bytes, so go vet sees a new tool ID and
// cannot answer from its result cache: the analysis really runs, while the
// compile cache (export data) stays warm.
func FreshCopy(tool, dir string) (string, error) {
	nonce := fmt.Sprintf("%d", time.Now().UnixNano())
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(tool), ".exe")+"-"+nonce)
	src, err := os.Open(tool)
	if err != nil {
		return "", err
	}
	defer src.Close()
	dst, err := os.OpenFile(out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return "", err
	}
	// ELF, Mach-O and PE loaders ignore bytes past the last section.
	if _, err := fmt.Fprintf(dst, "\ncowlint-proof-nonce %s\n", nonce); err != nil {
		dst.Close()
		return "", err
	}
	return out, dst.Close()
}

// ModuleRoot returns the root of the cowlint module, found from the
// working directory.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside a module: run from the cowlint checkout")
	}
	return filepath.Dir(gomod), nil
}

// Tool returns the absolute path of the cowlint binary to run: given, when
// the user named one with -tool, else cmd/cowlint of the module at root
// built into the directory tmp.
func Tool(given, root, tmp string) (string, error) {
	tool := given
	if tool == "" {
		tool = filepath.Join(tmp, "cowlint")
		if err := Build(root, "./cmd/cowlint", tool); err != nil {
			return "", err
		}
	}
	return filepath.Abs(tool)
}
