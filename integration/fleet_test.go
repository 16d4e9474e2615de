package integration

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cowlint/cowlint/internal/testexec"
)

// goToolCache is the go-tool-cache version the fleet test builds: a
// GOCACHEPROG client (go-cacher) and its HTTP cache server
// (go-cacher-server), both by Brad Fitzpatrick, from the module proxy.
const goToolCache = "github.com/bradfitz/go-tool-cache@v0.0.0-20260722201841-0bb331e19f64"

// failOnAnalysis is a -toolexec program for machine B: it runs every tool
// as asked, except a cowlint analysis (cowlint given a vet.cfg), which it
// records and fails. go vet runs the tool on a package only when the
// shared cache has no result for it.
const failOnAnalysis = `#!/bin/sh
case "$(basename "$1")" in
cowlint)
	for last; do :; done
	case "$last" in
	*.cfg) echo "$last" >> "$COWLINT_FLEET_LOG"; echo "fleet test: cowlint re-ran an analysis: $last" >&2; exit 1 ;;
	esac ;;
esac
exec "$@"
`

// TestFleet shares go's build cache between two "machines" through
// GOCACHEPROG, as CI fleets do (docs/fleets.md): machine A, with an empty
// GOCACHE, runs cowlint on the example module through go-cacher against a
// go-cacher-server on loopback; machine B, with another empty GOCACHE and
// go-cacher's local directory, the same server, the same cowlint binary and
// checkout path, prints byte-identical output, and analyzes nothing itself
// (a -toolexec wrapper fails any cowlint analysis it would run).
func TestFleet(t *testing.T) {
	testexec.Integration(t, "builds go-tool-cache's go-cacher and go-cacher-server from the module proxy")
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	for _, cmd := range []string{"go-cacher", "go-cacher-server"} {
		pkg := strings.Replace(goToolCache, "@", "/cmd/"+cmd+"@", 1)
		if out, code := testexec.Run(t, tmp, []string{"GOBIN=" + bin, "GOFLAGS=", "GOWORK=off"}, "go", "install", pkg); code != 0 {
			t.Fatalf("go install %s: exit %d\n%s", pkg, code, out)
		}
	}
	cowlint := filepath.Join(bin, "cowlint")
	if out, code := testexec.Run(t, root, nil, "go", "build", "-o", cowlint, "./cmd/cowlint"); code != 0 {
		t.Fatalf("go build ./cmd/cowlint: exit %d\n%s", code, out)
	}

	// The server, on a free loopback port.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	server := exec.Command(filepath.Join(bin, "go-cacher-server"), "-listen", addr, "-cache-dir", filepath.Join(tmp, "server"))
	var serverLog strings.Builder
	server.Stdout, server.Stderr = &serverLog, &serverLog
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		server.Process.Kill()
		server.Wait()
	})
	for i := 0; ; i++ {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if i == 100 {
			t.Fatalf("go-cacher-server does not listen on %s: %v\n%s", addr, err, serverLog.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	// One checkout of the example module, the same path on both machines.
	example := filepath.Join(tmp, "checkout", "example")
	if err := os.CopyFS(example, os.DirFS(filepath.Join(root, "example"))); err != nil {
		t.Fatal(err)
	}
	machine := func(name string, extra ...string) []string {
		dir := filepath.Join(tmp, name)
		return append([]string{
			"GOCACHE=" + filepath.Join(dir, "gocache"),
			"GOCACHEPROG=" + filepath.Join(bin, "go-cacher") + " -cache-dir " + filepath.Join(dir, "go-cacher") + " -cache-server http://" + addr,
			"GOFLAGS=", "GOWORK=off",
		}, extra...)
	}

	outA, codeA := testexec.Run(t, example, machine("a"), cowlint, "-q", "./...")
	if codeA != 3 || !strings.Contains(outA, "lock order inversion") {
		t.Fatalf("machine A: exit %d, want 3 and the example's findings:\n%s", codeA, outA)
	}

	wrapper := filepath.Join(tmp, "fail-on-analysis")
	if err := os.WriteFile(wrapper, []byte(failOnAnalysis), 0o755); err != nil {
		t.Fatal(err)
	}
	analyses := filepath.Join(tmp, "analyses-on-b")
	outB, codeB := testexec.Run(t, example, machine("b", "GOFLAGS=-toolexec="+wrapper, "COWLINT_FLEET_LOG="+analyses), cowlint, "-q", "./...")
	if ran, _ := os.ReadFile(analyses); len(ran) > 0 {
		t.Errorf("machine B analyzed packages itself instead of taking A's results from the shared cache:\n%s", ran)
	}
	if codeB != codeA || outB != outA {
		t.Errorf("machine B: exit %d, output\n%s\nwant exit %d, machine A's output\n%s", codeB, outB, codeA, outA)
	}
}
