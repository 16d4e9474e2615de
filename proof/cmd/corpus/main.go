// Command corpus runs cowlint over a named corpus through go vet -vettool
// and writes its findings in a stable form: one finding a line,
// file:line:col: analyzer: message, paths relative to GOROOT/src or the
// module cache, sorted, with no absolute paths and no timestamps.
// Panics and analysis errors are counted separately, on standard error;
// the command fails if there is any.
//
//	go run ./proof/cmd/corpus [-tool cowlint] [-o findings.txt] [-twice] [-size] std|modules|golangci
//
// See proof/README.md.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/cowlint/cowlint/proof/internal/vetrun"
)

var (
	toolFlag  = flag.String("tool", "", "vet tool to run (default: build ./cmd/cowlint)")
	outFlag   = flag.String("o", "", "write findings to this file (default: standard output)")
	twiceFlag = flag.Bool("twice", false, "run twice, defeating go vet's result cache, and fail unless the outputs are byte-identical")
	freshFlag = flag.Bool("fresh", false, "defeat go vet's result cache (always on with -twice)")
	sizeFlag  = flag.Bool("size", false, "also count the packages and lines analyzed")
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("corpus: ")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: corpus [flags] std|modules|golangci\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	root, err := vetrun.ModuleRoot()
	if err != nil {
		log.Fatal(err)
	}
	corpus, err := vetrun.Lookup(flag.Arg(0), root)
	if err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "cowlint-corpus-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	tool, err := vetrun.Tool(*toolFlag, root, tmp)
	if err != nil {
		log.Fatal(err)
	}

	runs := 1
	if *twiceFlag {
		runs = 2
	}
	var outputs [][]byte
	var last *vetrun.Result
	for i := range runs {
		t := tool
		if *freshFlag || *twiceFlag {
			if t, err = vetrun.FreshCopy(tool, tmp); err != nil {
				log.Fatal(err)
			}
		}
		start := time.Now()
		res, err := vetrun.Run(context.Background(), vetrun.Options{Tool: t, Dir: corpus.Dir, Patterns: corpus.Patterns})
		if err != nil {
			log.Fatal(err)
		}
		log.Printf("run %d: %s: %d findings, %d problems in %.1fs",
			i+1, corpus.Name, len(res.Findings), len(res.Problems), time.Since(start).Seconds())
		var buf bytes.Buffer
		vetrun.Write(&buf, res.Findings)
		outputs = append(outputs, buf.Bytes())
		last = res
	}
	if runs == 2 && !bytes.Equal(outputs[0], outputs[1]) {
		log.Fatalf("the two runs differ: output is not deterministic")
	} else if runs == 2 {
		log.Printf("the two runs are byte-identical (%d bytes)", len(outputs[0]))
	}

	if *outFlag == "" {
		os.Stdout.Write(outputs[0])
	} else if err := os.WriteFile(*outFlag, outputs[0], 0o644); err != nil {
		log.Fatal(err)
	}

	perAnalyzer := map[string]int{}
	for _, f := range last.Findings {
		perAnalyzer[f.Analyzer]++
	}
	log.Printf("findings per analyzer: %v", perAnalyzer)
	if *sizeFlag {
		pkgs, files, lines, err := corpus.Size()
		if err != nil {
			log.Fatal(err)
		}
		log.Printf("size: %d packages, %d Go files, %d lines (test files included)", pkgs, files, lines)
	}
	panics := 0
	for _, p := range last.Problems {
		if p.IsPanic() {
			panics++
		}
	}
	log.Printf("problems: %d (%d panics, %d analysis errors or tool failures)", len(last.Problems), panics, len(last.Problems)-panics)
	for _, p := range last.Problems {
		fmt.Fprintf(os.Stderr, "PROBLEM %s\n", p)
	}
	if len(last.Problems) > 0 {
		os.Exit(1)
	}
}
