// Command factsize reports how many bytes of facts cowlint stores per
// package when go vet analyzes a corpus. Each vet action writes a vet.out
// file holding the package's type export data and its gob-encoded facts
// (x/tools re-exports the facts of indirect dependencies in it too, since an
// importer only reads its direct dependencies' files); factsize reads the
// two lengths from each file's header.
//
//	go run ./proof/cmd/factsize [-tool cowlint] [-top 10] [std|modules]
package main

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cowlint/cowlint/proof/internal/vetrun"
)

// vetxSizes reads the header of a vet.out file as x/tools v0.52.0's
// unitchecker writes it: a 4-byte magic, then the little-endian lengths of
// the type export data and of the gob-encoded facts that follow.
func vetxSizes(name string) (typesLen, factsLen int64, err error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	var header [12]byte
	if _, err := io.ReadFull(f, header[:]); err != nil {
		return 0, 0, fmt.Errorf("%s: %v", name, err)
	}
	return int64(binary.LittleEndian.Uint32(header[4:8])), int64(binary.LittleEndian.Uint32(header[8:12])), nil
}

var (
	toolFlag = flag.String("tool", "", "vet tool to run (default: build ./cmd/cowlint)")
	topFlag  = flag.Int("top", 10, "list this many packages with the most fact bytes")
	vetFlags = flag.String("vetflags", "", "space-separated flags for the tool, e.g. -lockorder to run only that analyzer")
)

type pkgFacts struct {
	path                 string
	facts, types, export int64
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
	tool, err := vetrun.Tool(*toolFlag, root, tmp)
	if err != nil {
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
		typesLen, factsLen, err := vetxSizes(cfg.VetxOutput)
		if err != nil {
			continue // the tool failed; corpus reports that
		}
		pkgs = append(pkgs, pkgFacts{path: cfg.ID, facts: factsLen, types: typesLen})
	}
	if len(pkgs) == 0 {
		log.Fatal("no vet.out files found")
	}
	var total, totalTypes, totalExport int64
	for i := range pkgs {
		base, _, _ := strings.Cut(pkgs[i].path, " ")
		if f, ok := exports[base]; ok {
			if st, err := os.Stat(f); err == nil {
				pkgs[i].export = st.Size()
			}
		}
		total += pkgs[i].facts
		totalTypes += pkgs[i].types
		totalExport += pkgs[i].export
	}
	slices.SortFunc(pkgs, func(a, b pkgFacts) int { return cmp.Or(cmp.Compare(b.facts, a.facts), strings.Compare(a.path, b.path)) })
	fmt.Printf("%s: %d vet actions (packages and test variants); fact bytes in vet.out: total %d (%.1f KB per package), largest %d (%s)\n",
		corpus.Name, len(pkgs), total, float64(total)/float64(len(pkgs))/1024, pkgs[0].facts, pkgs[0].path)
	fmt.Printf("type export data in the same vet.out files: %d bytes; facts are %.1f%% of it\n", totalTypes, 100*float64(total)/float64(max(totalTypes, 1)))
	if totalExport > 0 {
		fmt.Printf("compiled package files (export data and code) of the same packages, where known: %d bytes; facts are %.1f%% of that\n", totalExport, 100*float64(total)/float64(totalExport))
	}
	fmt.Printf("  %10s  %10s  %s\n", "facts", "types", "vet action")
	for _, p := range pkgs[:min(*topFlag, len(pkgs))] {
		fmt.Printf("  %10d  %10d  %s\n", p.facts, p.types, p.path)
	}
}
