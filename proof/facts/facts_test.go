package facts

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/cowlint/cowlint/suite"
)

// sample is the part of std the test analyzes (with every dependency, as
// go vet does): packages rich in locks, atomics and published state, small
// enough for go test -race.
var sample = []string{"sync", "context", "database/sql", "os/exec", "log/slog"}

// Bounds on the gob-encoded facts one analyzer exports about one package's
// own objects, and on one fact (a fact encoded alone carries about 1 KB of
// gob type descriptors). go vet stores them per package and x/tools
// re-exports facts about fields, methods and types in every importer's
// vet.out, so they accumulate: measured over std on 2026-11-24 (go run
// ./proof/cmd/factsize std) the facts were 8.4 MB in all, 54% of the type
// export data in the same files, the largest 42 KB (net/http, dependencies'
// re-exported facts included). These bounds leave room for growth, not for
// a fact that grows with the size of the program.
const (
	maxPackageBytes = 64 << 10
	maxFactBytes    = 8 << 10
)

// analyzers lists the analyzers under test: all registered ones.
var analyzers = suite.Analyzers

// gobFact is how x/tools' unitchecker serialises a fact (internal/facts):
// the fact travels as an interface value, so its concrete type must be
// registered with gob, and so must the concrete types of any
// interface-typed fields inside it.
type gobFact struct {
	PkgPath string
	Object  objectpath.Path
	Fact    analysis.Fact
}

// TestFactTypes checks, statically, that every fact type of every
// registered analyzer is gob-friendly: no functions or channels. gob
// silently drops unexported fields; a fact may keep one for state it sets
// after import (logged here), and TestFactsOnStd checks that no exported
// fact carries a value in one, which go vet would lose.
func TestFactTypes(t *testing.T) {
	for _, a := range factAnalyzers(t) {
		for _, f := range a.FactTypes {
			typ := reflect.TypeOf(f)
			if typ.Kind() != reflect.Pointer {
				t.Errorf("%s: fact type %v is not a pointer", a.Name, typ)
				continue
			}
			checkExported(t, a.Name, typ.Elem(), typ.Elem().String(), map[reflect.Type]bool{})
		}
	}
}

func checkExported(t *testing.T, analyzer string, typ reflect.Type, path string, seen map[reflect.Type]bool) {
	if seen[typ] {
		return
	}
	seen[typ] = true
	switch typ.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		checkExported(t, analyzer, typ.Elem(), path+"[]", seen)
	case reflect.Map:
		checkExported(t, analyzer, typ.Key(), path+"[key]", seen)
		checkExported(t, analyzer, typ.Elem(), path+"[value]", seen)
	case reflect.Struct:
		exported := 0
		for i := range typ.NumField() {
			field := typ.Field(i)
			if !field.IsExported() {
				t.Logf("%s: fact field %s.%s is unexported: not encoded, must be empty when exported", analyzer, path, field.Name)
				continue
			}
			exported++
			checkExported(t, analyzer, field.Type, path+"."+field.Name, seen)
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		t.Errorf("%s: fact field %s has kind %v, which gob cannot encode", analyzer, path, typ.Kind())
	}
}

// TestFactsOnStd runs every registered analyzer over the sample and checks
// each fact it exports: it gob-encodes deterministically (twice, equal
// bytes), round-trips (decoding gives an equal value with the same
// String), and stays within the size bounds.
func TestFactsOnStd(t *testing.T) {
	factful := factAnalyzers(t)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax}
	pkgs, err := packages.Load(cfg, sample...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the sample does not load")
	}
	graph, err := checker.Analyze(analyzers(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range factful {
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
	}

	type stat struct{ packages, facts, bytes, largest, largestPackage int }
	stats := map[string]*stat{}
	for act := range graph.All() {
		if !slices.Contains(factful, act.Analyzer) {
			continue
		}
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			continue
		}
		facts := ownFacts(t, act)
		if len(facts) == 0 {
			continue
		}
		st := stats[act.Analyzer.Name]
		if st == nil {
			st = new(stat)
			stats[act.Analyzer.Name] = st
		}
		where := act.Analyzer.Name + " on " + act.Package.PkgPath

		// The package's facts as unitchecker writes them: determinism and size.
		first, err := encode(facts)
		if err != nil {
			t.Errorf("%s: gob cannot encode the facts (a missing gob.Register for an interface-typed field?): %v", where, err)
			continue
		}
		for range 3 {
			again, _ := encode(facts)
			if !bytes.Equal(first, again) {
				t.Errorf("%s: encoding the same facts twice gave different bytes (a map inside a fact?)", where)
				break
			}
		}
		if len(first) > maxPackageBytes {
			t.Errorf("%s: facts take %d bytes, over the bound of %d", where, len(first), maxPackageBytes)
		}
		st.packages++
		st.largestPackage = max(st.largestPackage, len(first))
		st.facts += len(facts)
		st.bytes += len(first)

		// Each fact: round trip and size.
		for _, f := range facts {
			one, err := encode([]gobFact{f})
			if err != nil {
				t.Errorf("%s: %T: %v", where, f.Fact, err)
				continue
			}
			st.largest = max(st.largest, len(one))
			if len(one) > maxFactBytes {
				t.Errorf("%s: fact %s (%T) takes %d bytes, over the bound of %d", where, f.Object, f.Fact, len(one), maxFactBytes)
			}
			if field := unexportedValue(reflect.ValueOf(f.Fact), reflect.TypeOf(f.Fact).String()); field != "" {
				t.Errorf("%s: %T has a value in unexported field %s: gob drops it, so it is lost under go vet", where, f.Fact, field)
			}
			var back []gobFact
			if err := gob.NewDecoder(bytes.NewReader(one)).Decode(&back); err != nil {
				t.Errorf("%s: decoding %T: %v", where, f.Fact, err)
				continue
			}
			got := back[0].Fact
			again, _ := encode(back)
			if !bytes.Equal(one, again) {
				t.Errorf("%s: %T does not round-trip: re-encoding the decoded fact gives different bytes", where, f.Fact)
			}
			if !equalFacts(f.Fact, got) {
				t.Errorf("%s: %T does not round-trip:\n  before %#v\n  after  %#v", where, f.Fact, f.Fact, got)
			}
			if s1, s2 := fmt.Sprint(f.Fact), fmt.Sprint(got); s1 != s2 {
				t.Errorf("%s: %T prints %q before and %q after gob", where, f.Fact, s1, s2)
			}
		}
	}
	for name, st := range stats {
		t.Logf("%s: %d packages with facts, %d facts, %d bytes in all, %.0f bytes per package, largest package %d bytes, largest fact %d bytes",
			name, st.packages, st.facts, st.bytes, float64(st.bytes)/float64(st.packages), st.largestPackage, st.largest)
	}
}

// factAnalyzers returns the registered analyzers, and those they require
// (internal/callres), that declare facts, and skips the test when there is
// none.
func factAnalyzers(t *testing.T) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var add func(a *analysis.Analyzer)
	add = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			add(r)
		}
		if len(a.FactTypes) > 0 {
			out = append(out, a)
		}
	}
	for _, a := range analyzers() {
		add(a)
	}
	if len(out) == 0 {
		t.Skip("no registered analyzer declares facts")
	}
	return out
}

// ownFacts returns the facts act exported about its own package and its
// objects, sorted as unitchecker sorts them. Facts about objects that
// objectpath cannot name never leave the process, so they are left out,
// as go vet leaves them out.
func ownFacts(t *testing.T, act *checker.Action) []gobFact {
	own := act.Package.Types
	var out []gobFact
	for _, f := range act.AllObjectFacts() {
		if f.Object.Pkg() != own {
			continue
		}
		path, err := objectpath.For(f.Object)
		if err != nil {
			continue
		}
		out = append(out, gobFact{PkgPath: own.Path(), Object: path, Fact: f.Fact})
	}
	for _, f := range act.AllPackageFacts() {
		if f.Package == own {
			out = append(out, gobFact{PkgPath: own.Path(), Fact: f.Fact})
		}
	}
	slices.SortFunc(out, func(a, b gobFact) int {
		if c := strings.Compare(string(a.Object), string(b.Object)); c != 0 {
			return c
		}
		return strings.Compare(reflect.TypeOf(a.Fact).String(), reflect.TypeOf(b.Fact).String())
	})
	return out
}

func encode(facts []gobFact) ([]byte, error) {
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(facts)
	return buf.Bytes(), err
}

// unexportedValue returns the path of an unexported field holding a
// non-zero value inside v, or "".
func unexportedValue(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return unexportedValue(v.Elem(), path)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p := unexportedValue(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if p := unexportedValue(iter.Value(), path+"[value]"); p != "" {
				return p
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			field := v.Type().Field(i)
			if !field.IsExported() {
				if !v.Field(i).IsZero() {
					return path + "." + field.Name
				}
				continue
			}
			if p := unexportedValue(v.Field(i), path+"."+field.Name); p != "" {
				return p
			}
		}
	}
	return ""
}

// equalFacts is reflect.DeepEqual except that a nil and an empty slice or
// map are equal, since gob does not tell them apart.
func equalFacts(a, b any) bool {
	return equalValues(reflect.ValueOf(a), reflect.ValueOf(b))
}

func equalValues(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() || a.Type() != b.Type() {
		return !a.IsValid()
	}
	switch a.Kind() {
	case reflect.Slice, reflect.Map:
		if a.Len() == 0 && b.Len() == 0 {
			return true
		}
		if a.Len() != b.Len() {
			return false
		}
		if a.Kind() == reflect.Map {
			for _, k := range a.MapKeys() {
				if !equalValues(a.MapIndex(k), b.MapIndex(k)) {
					return false
				}
			}
			return true
		}
		fallthrough
	case reflect.Array:
		for i := range a.Len() {
			if !equalValues(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalValues(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() && !equalValues(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}
