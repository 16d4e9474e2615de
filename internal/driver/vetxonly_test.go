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
	// As cmd/go writes it (json.MarshalIndent), with a file name that
	// mentions the key.
	indented := write("indented.cfg", "{\n\t\"ID\": \"x\",\n\t\"GoFiles\": [\"a \\\"VetxOnly\\\": true.go\"],\n\t\"VetxOnly\": true,\n\t\"VetxOutput\": \"/tmp/vet.out\"\n}\n")
	last := write("last.cfg", `{"ID":"x","VetxOnly" : true }`)
	lower := write("lower.cfg", `{"ID":"x","vetxonly":true}`)         // no exact key: decoded (json matches keys without case)
	twice := write("twice.cfg", `{"VetxOnly":false,"VetxOnly":true}`) // decoded: the last one wins
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-json", dep}, true},
		{[]string{root}, false},
		{[]string{indented}, true},
		{[]string{last}, true},
		{[]string{lower}, true},
		{[]string{twice}, true},
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
