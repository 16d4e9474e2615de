// Command gate is cowlint's precision gate: it runs cowlint over the
// standard library through go vet -vettool and compares every finding
// with the checked-in triage files proof/triage/<analyzer>.txt. It fails
// when a finding appears or disappears without a matching triage change,
// and on any panic or analysis error. On a Go version other than the one
// the files were triaged on it says so loudly and checks only for panics
// and errors.
//
//	go run ./proof/cmd/gate            # check (CI)
//	go run ./proof/cmd/gate -update    # rewrite the triage files: new findings become "untriaged"
//
// See proof/README.md for the triage format.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cowlint/cowlint/proof/internal/triage"
	"github.com/cowlint/cowlint/proof/internal/vetrun"
	"github.com/cowlint/cowlint/suite"
)

var (
	updateFlag = flag.Bool("update", false, "rewrite the triage files to match this run: keep verdicts, add new findings as untriaged, drop vanished ones")
	strictFlag = flag.Bool("strict", false, "also fail while any finding is untriaged")
	toolFlag   = flag.String("tool", "", "vet tool to run (default: build ./cmd/cowlint)")
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gate: ")
	flag.Parse()
	root, err := vetrun.ModuleRoot()
	if err != nil {
		log.Fatal(err)
	}
	goVersion, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		log.Fatal(err)
	}
	version := strings.TrimSpace(string(goVersion))

	// Run cowlint over std.
	tmp, err := os.MkdirTemp("", "cowlint-gate-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	tool, err := vetrun.Tool(*toolFlag, root, tmp)
	if err != nil {
		log.Fatal(err)
	}
	std, err := vetrun.Lookup("std", root)
	if err != nil {
		log.Fatal(err)
	}
	start := time.Now()
	res, err := vetrun.Run(context.Background(), vetrun.Options{Tool: tool, Dir: std.Dir, Patterns: std.Patterns})
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("cowlint over std (%s): %d findings, %d problems in %.1fs", version, len(res.Findings), len(res.Problems), time.Since(start).Seconds())
	failed := false

	// Panics and analysis errors fail on every Go version.
	for _, p := range res.Problems {
		fmt.Fprintf(os.Stderr, "PROBLEM %s\n", p)
		failed = true
	}

	// Group findings by analyzer; every registered analyzer has a file.
	byAnalyzer := map[string][]string{}
	for _, a := range suite.Analyzers() {
		byAnalyzer[a.Name] = nil
	}
	for _, f := range res.Findings {
		byAnalyzer[f.Analyzer] = append(byAnalyzer[f.Analyzer], f.String())
	}
	names := make([]string, 0, len(byAnalyzer))
	for name := range byAnalyzer {
		names = append(names, name)
	}
	slices.Sort(names)

	// Compare each analyzer's findings with its triage file.
	for _, name := range names {
		path := filepath.Join(root, "proof", "triage", name+".txt")
		file, err := triage.Read(path, name)
		if os.IsNotExist(err) {
			file, err = &triage.File{Analyzer: name, GoVersion: version}, nil
			if !*updateFlag {
				log.Printf("%s: no triage file %s", name, rel(root, path))
			}
		}
		if err != nil {
			log.Fatal(err)
		}
		findings := byAnalyzer[name]
		if *updateFlag {
			updated := file.Update(findings, version)
			var buf bytes.Buffer
			if err := updated.Write(&buf); err != nil {
				log.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				log.Fatal(err)
			}
			d := file.Compare(findings)
			log.Printf("%s: wrote %s: %d entries (%d new, untriaged; %d dropped)", name, rel(root, path), len(updated.Entries), len(d.Appeared), len(d.Disappeared))
			file = updated
		} else if file.GoVersion != version {
			fmt.Fprintf(os.Stderr, "\n!!!!!!!! %s: triaged on %s but this is %s: findings NOT compared, only panics and errors checked !!!!!!!!\n"+
				"!!!!!!!! re-triage with: go run ./proof/cmd/gate -update (then write verdicts) !!!!!!!!\n\n", name, file.GoVersion, version)
			continue
		} else {
			d := file.Compare(findings)
			for _, f := range d.Appeared {
				fmt.Fprintf(os.Stderr, "NEW (not in triage file): %s\n", f)
			}
			for _, f := range d.Disappeared {
				fmt.Fprintf(os.Stderr, "GONE (triaged, no longer reported): %s\n", f)
			}
			if len(d.Appeared)+len(d.Disappeared) > 0 {
				failed = true
				fmt.Fprintf(os.Stderr, "%s: findings on std changed without a triage change: run go run ./proof/cmd/gate -update and write verdicts in %s\n", name, rel(root, path))
			}
		}
		counts := file.Count()
		log.Printf("%s: %d findings on std: %d bug, %d fp, %d untriaged", name, len(findings), counts[triage.Bug], counts[triage.FalsePos], counts[triage.Untriaged])
		if counts[triage.Untriaged] > 0 {
			fmt.Fprintf(os.Stderr, "WARNING %s: %d findings on std are untriaged in %s\n", name, counts[triage.Untriaged], rel(root, path))
			if *strictFlag {
				failed = true
			}
		}
	}
	if failed {
		log.Fatal("FAIL")
	}
	log.Print("ok")
}

func rel(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil {
		return r
	}
	return path
}
