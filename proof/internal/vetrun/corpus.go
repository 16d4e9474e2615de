package vetrun

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// A Corpus is a named set of packages and the directory go vet runs in.
type Corpus struct {
	Name     string
	Dir      string
	Patterns []string
}

// Corpora lists the corpus names Lookup knows.
var Corpora = []string{"std", "modules", "golangci"}

// Lookup returns the named corpus: "std" is the standard library (run in
// GOROOT/src); "modules" is every non-standard package that the nested
// module proof/corpus depends on, pinned by its go.mod and go.sum;
// "golangci" is the same for proof/corpus/golangci (golangci-lint and its
// dependency tree). root is the cowlint checkout.
func Lookup(name, root string) (*Corpus, error) {
	switch name {
	case "std":
		out, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			return nil, fmt.Errorf("go env GOROOT: %v", err)
		}
		return &Corpus{Name: name, Dir: filepath.Join(strings.TrimSpace(string(out)), "src"), Patterns: []string{"std"}}, nil
	case "modules", "golangci":
		dir := filepath.Join(root, "proof", "corpus")
		if name == "golangci" {
			dir = filepath.Join(dir, "golangci")
		}
		cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".")
		cmd.Dir = dir
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("listing the %s corpus: %v", name, err)
		}
		c := &Corpus{Name: name, Dir: dir}
		for _, p := range strings.Fields(string(out)) {
			if !strings.HasPrefix(p, "github.com/cowlint/cowlint/") {
				c.Patterns = append(c.Patterns, p)
			}
		}
		return c, nil
	}
	return nil, fmt.Errorf("unknown corpus %q (known: %s)", name, strings.Join(Corpora, ", "))
}

// Size counts the packages, Go files and lines of c, test files included
// (go vet analyzes them too).
func (c *Corpus) Size() (pkgs, files, lines int, err error) {
	const tmpl = `{{.Dir}}{{range .GoFiles}}|{{.}}{{end}}{{range .CgoFiles}}|{{.}}{{end}}{{range .TestGoFiles}}|{{.}}{{end}}{{range .XTestGoFiles}}|{{.}}{{end}}`
	cmd := exec.Command("go", append([]string{"list", "-f", tmpl}, c.Patterns...)...)
	cmd.Dir = c.Dir
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, 0, fmt.Errorf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Split(line, "|")
		pkgs++
		for _, name := range fields[1:] {
			data, err := os.ReadFile(filepath.Join(fields[0], name))
			if err != nil {
				return 0, 0, 0, err
			}
			files++
			lines += bytes.Count(data, []byte("\n"))
		}
	}
	return pkgs, files, lines, nil
}
