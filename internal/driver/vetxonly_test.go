package driver

import (
	"os"
	"path/filepath"
	"testing"
)

// TestVetxOnly checks that the driver tells a facts-only run on a
// dependency (go vet's VetxOnly) from a run on a package being vetted.
func TestVetxOnly(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	dep := write("dep.cfg", `{"ID":"dep","ImportPath":"example.com/dep","VetxOnly":true}`)
	root := write("root.cfg", `{"ID":"root","ImportPath":"example.com/root","VetxOnly":false}`)
	bad := write("bad.cfg", `{not json`)
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-json", dep}, true},
		{[]string{root}, false},
		{[]string{bad}, false},                               // unitchecker reports the file
		{[]string{filepath.Join(dir, "missing.cfg")}, false}, // likewise
		{[]string{"-flags"}, false},                          // the handshake
		{[]string{dep, "-json"}, false},                      // not a unit invocation
	} {
		if got := vetxOnly(tc.args); got != tc.want {
			t.Errorf("vetxOnly(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
