package driver

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// buildVersion describes this build of the command in one line: the module
// version (a tag or pseudo-version with go install …@version, "(devel)"
// from a checkout, then with the VCS revision), the Go release it was built
// with (it must match the go command's for export data, see
// docs/usage.md, Troubleshooting), and the versions of the analysis frameworks it shares
// with golangci-lint.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return progname() + " (no build information)"
	}
	parts := []string{progname(), bi.Main.Version}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if modified == "true" {
			rev += " (modified)"
		}
		parts = append(parts, rev)
	}
	parts = append(parts, "built with "+bi.GoVersion)
	for _, dep := range bi.Deps {
		switch dep.Path {
		case "golang.org/x/tools", "honnef.co/go/tools":
			parts = append(parts, dep.Path+" "+dep.Version)
		}
	}
	return strings.Join(parts, " ")
}

func printVersion(stdout io.Writer) int {
	fmt.Fprintln(stdout, buildVersion())
	return exitClean
}
