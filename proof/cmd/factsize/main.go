// Command factsize reports how many bytes of facts cowlint stores per
// package when go vet analyzes a corpus: the size of every vet.out file
// (the gob-encoded facts go vet hands to importers; x/tools re-exports the
// facts of indirect dependencies in it too, since an importer only gets its
// direct dependencies' files), next to the size of the compiled package
// file go vet hands over anyway.
//
//	go run ./proof/cmd/factsize [-tool cowlint] [-top 10] [std|modules]
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cowlint/cowlint/proof/internal/vetrun"
)

var (
	toolFlag = flag.String("tool", "", "vet tool to run (default: build ./cmd/cowlint)")
	topFlag  = flag.Int("top", 10, "list this many packages with the most fact bytes")
	vetFlags = flag.String("vetflags", "", "space-separated flags for the tool, e.g. -lockorder to run only that analyzer")
)

type pkgFacts struct {
	path          string
	facts, export int64
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("factsize: ")
	flag.Parse()
	name := "std"
	if flag.NArg() > 0 {
		name = flag.Arg(0)
	}
	root, err := vetrun.ModuleRoot()
	if err != nil {
		log.Fatal(err)
	}
	corpus, err := vetrun.Lookup(name, root)
	if err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "cowlint-factsize-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	tool := *toolFlag
	if tool == "" {
		tool = filepath.Join(tmp, "cowlint")
		if err := vetrun.Build(root, "./cmd/cowlint", tool); err != nil {
			log.Fatal(err)
		}
	}
	if tool, err = filepath.Abs(tool); err != nil {
		log.Fatal(err)
	}
	// A fresh tool copy, so that every package really runs and writes its
	// vet.out into the kept work directory.
	if tool, err = vetrun.FreshCopy(tool, tmp); err != nil {
		log.Fatal(err)
	}
	work := filepath.Join(tmp, "gowork")
	if err := os.Mkdir(work, 0o755); err != nil {
		log.Fatal(err)
	}
	// -work keeps $WORK; GOTMPDIR puts it where we can find and remove it.
	if _, err := vetrun.Run(context.Background(), vetrun.Options{
		Tool: tool, Dir: corpus.Dir, Patterns: corpus.Patterns,
		Flags: append([]string{"-work"}, strings.Fields(*vetFlags)...), Env: []string{"GOTMPDIR=" + work},
	}); err != nil {
		log.Fatal(err)
	}

	// Each vet action's directory holds vet.cfg (naming the package and
	// every dependency's export data) and vet.out.
	exports := map[string]string{}
	var pkgs []pkgFacts
	cfgs, _ := filepath.Glob(filepath.Join(work, "go-build*", "b*", "vet.cfg"))
	for _, cfgPath := range cfgs {
		data, err := os.ReadFile(cfgPath)
		if err != nil {
			log.Fatal(err)
		}
		var cfg struct {
			ID          string
			ImportPath  string
			VetxOutput  string
			PackageFile map[string]string
		}
		if err := json.Unmarshal(data, &cfg); err != nil {
			log.Fatal(err)
		}
		for p, f := range cfg.PackageFile {
			exports[p] = f
		}
		st, err := os.Stat(cfg.VetxOutput)
		if err != nil {
			continue // the tool failed; corpus reports that
		}
		pkgs = append(pkgs, pkgFacts{path: cfg.ID, facts: st.Size()})
	}
	if len(pkgs) == 0 {
		log.Fatal("no vet.out files found")
	}
	var total, totalExport int64
	for i := range pkgs {
		base, _, _ := strings.Cut(pkgs[i].path, " ")
		if f, ok := exports[base]; ok {
			if st, err := os.Stat(f); err == nil {
				pkgs[i].export = st.Size()
			}
		}
		total += pkgs[i].facts
		totalExport += pkgs[i].export
	}
	slices.SortFunc(pkgs, func(a, b pkgFacts) int { return cmp.Or(cmp.Compare(b.facts, a.facts), strings.Compare(a.path, b.path)) })
	fmt.Printf("%s: %d packages, fact bytes (vet.out) total %d (%.1f KB per package), largest %d (%s)\n",
		corpus.Name, len(pkgs), total, float64(total)/float64(len(pkgs))/1024, pkgs[0].facts, pkgs[0].path)
	if totalExport > 0 {
		fmt.Printf("compiled package files (export data and code) of the same packages, where known: %d bytes; facts are %.1f%% of that\n", totalExport, 100*float64(total)/float64(totalExport))
	}
	for _, p := range pkgs[:min(*topFlag, len(pkgs))] {
		fmt.Printf("  %8d  %-40s package file %d\n", p.facts, p.path, p.export)
	}
}
