// Command profile attributes cowlint's analysis time to its analyzers (and
// to the prerequisites they require, such as buildssa) on real packages,
// optionally writing CPU and heap profiles of the analysis:
//
//	go run ./proof/cmd/profile -top 15 -cpuprofile cpu.out net/http crypto/tls go/types
//	go tool pprof -top cpu.out
//
// Packages and their dependencies are loaded in process from source; the
// loading is not profiled.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/cowlint/cowlint/proof/internal/profile"
	"github.com/cowlint/cowlint/suite"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("profile: ")
	var opts profile.Options
	flag.StringVar(&opts.CPUProfile, "cpuprofile", "", "write a CPU profile of the analysis to this file")
	flag.StringVar(&opts.MemProfile, "memprofile", "", "write an allocation profile of the analysis to this file")
	flag.IntVar(&opts.Top, "top", 10, "list this many slowest actions")
	flag.Parse()
	opts.Patterns = flag.Args()
	if len(opts.Patterns) == 0 {
		opts.Patterns = []string{"net/http", "crypto/tls", "go/types", "runtime"}
	}
	if err := profile.Run(os.Stdout, suite.Analyzers(), opts); err != nil {
		log.Fatal(err)
	}
}
