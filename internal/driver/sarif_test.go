package driver_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSARIF checks cowlint -sarif against the fields SARIF 2.1.0's schema
// requires, and that every location (result, related, fix) names a real
// file and a line inside it.
func TestSARIF(t *testing.T) {
	t.Parallel()
	dir := testModule(t)
	write(t, dir, "a/wide.go", "package a\n\nimport \"example.com/mod/b\"\n\n// Wide has a non-ASCII name before the call: SARIF columns count UTF-16 units.\nfunc Wide() { π := 1; _ = π; b.Unsafe() }\n")
	stdout, stderr, code := cowlint(t, dir, "-sarif", "./a")
	if code != 0 {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", code, stderr)
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	v := &sarifValidator{t: t, dir: dir}
	v.log(log)
	if v.results != 2 || v.related != 2 || v.fixes != 2 {
		t.Errorf("got %d results, %d related locations, %d fixes; want 2 of each", v.results, v.related, v.fixes)
	}

	// The column of the call in Wide: "func Wide() { π := 1; _ = π; " is 31
	// bytes but 29 UTF-16 units (π is 2 bytes, 1 unit), so the call starts
	// at column 30.
	if !strings.Contains(stdout, `"startLine": 6,
                  "startColumn": 30`) {
		t.Errorf("the result in wide.go does not start at UTF-16 column 30:\n%s", stdout)
	}
}

// semver is SemVer 2.0's grammar (semver.org), in short.
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)

// sarifValidator walks a SARIF log decoded as generic JSON, so that a
// missing field is seen as missing (decoding into the writer's own types
// would fill it in).
type sarifValidator struct {
	t                       *testing.T
	dir                     string
	rules                   map[string]bool
	results, related, fixes int
}

func (v *sarifValidator) errorf(path, format string, args ...any) {
	v.t.Helper()
	v.t.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
}

func (v *sarifValidator) object(path string, x any, required ...string) map[string]any {
	v.t.Helper()
	m, ok := x.(map[string]any)
	if !ok {
		v.errorf(path, "not an object: %v", x)
		return nil
	}
	for _, key := range required {
		if _, ok := m[key]; !ok {
			v.errorf(path, "required property %q missing", key)
		}
	}
	return m
}

func (v *sarifValidator) array(path string, x any, minItems int) []any {
	v.t.Helper()
	a, ok := x.([]any)
	if !ok {
		v.errorf(path, "not an array: %v", x)
		return nil
	}
	if len(a) < minItems {
		v.errorf(path, "has %d items, the schema wants at least %d", len(a), minItems)
	}
	return a
}

func (v *sarifValidator) log(x any) {
	log := v.object("sarifLog", x, "version", "runs")
	if log["version"] != "2.1.0" {
		v.errorf("sarifLog.version", "%v, want 2.1.0", log["version"])
	}
	for i, run := range v.array("sarifLog.runs", log["runs"], 1) {
		v.run(fmt.Sprintf("runs[%d]", i), run)
	}
}

func (v *sarifValidator) run(path string, x any) {
	run := v.object(path, x, "tool", "results", "invocations")
	tool := v.object(path+".tool", run["tool"], "driver")
	driver := v.object(path+".tool.driver", tool["driver"], "name", "rules", "version", "semanticVersion")
	// semanticVersion is SemVer 2.0 (SARIF 2.1.0 §3.19.5), without a "v".
	if sv, _ := driver["semanticVersion"].(string); !semver.MatchString(sv) {
		v.errorf(path+".tool.driver.semanticVersion", "%q is not a SemVer 2.0 version", sv)
	}
	if ver, _ := driver["version"].(string); ver == "" {
		v.errorf(path+".tool.driver.version", "empty")
	}
	v.rules = map[string]bool{}
	for i, r := range v.array(path+".tool.driver.rules", driver["rules"], 1) {
		rp := fmt.Sprintf("%s.tool.driver.rules[%d]", path, i)
		rule := v.object(rp, r, "id", "shortDescription", "help")
		v.rules[rule["id"].(string)] = true
		v.message(rp+".shortDescription", rule["shortDescription"])
	}
	for i, inv := range v.array(path+".invocations", run["invocations"], 1) {
		v.object(fmt.Sprintf("%s.invocations[%d]", path, i), inv, "executionSuccessful")
	}
	for i, r := range v.array(path+".results", run["results"], 0) {
		v.result(fmt.Sprintf("%s.results[%d]", path, i), r)
	}
}

func (v *sarifValidator) message(path string, x any) {
	m := v.object(path, x)
	if text, _ := m["text"].(string); text == "" && m["id"] == nil {
		v.errorf(path, "a message needs text or id")
	}
}

func (v *sarifValidator) result(path string, x any) {
	v.results++
	r := v.object(path, x, "message", "ruleId", "locations")
	if id, _ := r["ruleId"].(string); !v.rules[id] {
		v.errorf(path, "ruleId %q names no rule of the driver", id)
	}
	v.message(path+".message", r["message"])
	for i, loc := range v.array(path+".locations", r["locations"], 1) {
		l := v.object(fmt.Sprintf("%s.locations[%d]", path, i), loc, "physicalLocation")
		v.physical(fmt.Sprintf("%s.locations[%d].physicalLocation", path, i), l["physicalLocation"])
	}
	if rel, ok := r["relatedLocations"]; ok {
		for i, loc := range v.array(path+".relatedLocations", rel, 1) {
			v.related++
			lp := fmt.Sprintf("%s.relatedLocations[%d]", path, i)
			l := v.object(lp, loc, "id", "message", "physicalLocation")
			v.message(lp+".message", l["message"])
			v.physical(lp+".physicalLocation", l["physicalLocation"])
		}
	}
	if fixes, ok := r["fixes"]; ok {
		for i, f := range v.array(path+".fixes", fixes, 1) {
			v.fixes++
			fp := fmt.Sprintf("%s.fixes[%d]", path, i)
			fix := v.object(fp, f, "artifactChanges")
			for j, c := range v.array(fp+".artifactChanges", fix["artifactChanges"], 1) {
				cp := fmt.Sprintf("%s.artifactChanges[%d]", fp, j)
				change := v.object(cp, c, "artifactLocation", "replacements")
				file := v.artifact(cp+".artifactLocation", change["artifactLocation"])
				for k, rep := range v.array(cp+".replacements", change["replacements"], 1) {
					rp := fmt.Sprintf("%s.replacements[%d]", cp, k)
					replacement := v.object(rp, rep, "deletedRegion")
					v.region(rp+".deletedRegion", replacement["deletedRegion"], file)
				}
			}
		}
	}
}

func (v *sarifValidator) physical(path string, x any) {
	p := v.object(path, x, "artifactLocation", "region")
	file := v.artifact(path+".artifactLocation", p["artifactLocation"])
	v.region(path+".region", p["region"], file)
}

// artifact resolves an artifact location to a file, which must exist.
func (v *sarifValidator) artifact(path string, x any) string {
	a := v.object(path, x, "uri")
	uri, _ := a["uri"].(string)
	u, err := url.Parse(uri)
	if err != nil {
		v.errorf(path, "bad uri %q: %v", uri, err)
		return ""
	}
	var file string
	switch {
	case u.Scheme == "file":
		file = u.Path
	case a["uriBaseId"] == "%SRCROOT%" && !filepath.IsAbs(u.Path):
		file = filepath.Join(v.dir, u.Path) // cowlint ran in dir
	default:
		v.errorf(path, "uri %q is neither a file URI nor relative to %%SRCROOT%%", uri)
		return ""
	}
	if _, err := os.Stat(file); err != nil {
		v.errorf(path, "names no real file: %v", err)
		return ""
	}
	return file
}

// region checks the schema's bounds and that the lines exist in file.
func (v *sarifValidator) region(path string, x any, file string) {
	r := v.object(path, x, "startLine", "startColumn", "endLine", "endColumn")
	num := func(key string) int {
		f, _ := r[key].(float64)
		if f < 1 {
			v.errorf(path, "%s = %v, must be at least 1", key, r[key])
		}
		return int(f)
	}
	start, end := num("startLine"), num("endLine")
	num("startColumn")
	num("endColumn")
	if end < start {
		v.errorf(path, "endLine %d before startLine %d", end, start)
	}
	if file == "" {
		return
	}
	data, _ := os.ReadFile(file)
	if lines := strings.Count(string(data), "\n") + 1; end > lines {
		v.errorf(path, "line %d is past the end of %s (%d lines)", end, file, lines)
	}
}
