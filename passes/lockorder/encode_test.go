package lockorder

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestSummaryEncoding round-trips summaries through gob (and so through
// GobEncode and GobDecode): one with every field of every type in it set
// (filled by reflection, so that a field added to a summary's types and
// forgotten by the encoding fails here), an empty one, and one sharing
// strings between fields.
func TestSummaryEncoding(t *testing.T) {
	var full lockSummary
	n := 0
	fill(reflect.ValueOf(&full).Elem(), &n)
	shared := &lockSummary{
		Acquires: []acquisition{{Class: "p.mu", Short: "mu", Global: true, Certain: true, Site: "a.go:1"}, {Class: "p.T.mu", Short: "T.mu", Path: "recv.mu", Site: "a.go:1", Via: []string{"f", "..."}, Released: []string{"p.mu"}, Dyn: "p0:*p.T"}},
		Holds:    []acquisition{{Class: "p.mu", Short: "mu", Global: true}, {Class: "mu", Short: "mu", Site: "a.go:01"}, {Class: "q.T.mu", Short: "T.mu", Site: "b.go:7"}, {Class: "xmu", Short: "mu", Site: "b.go:x"}, {Class: "p.mu", Short: "mu", Site: "a.go:99999999999"}},
		CondOn:   "true",
		Releases: []release{{Class: "p.mu", Short: "mu", Reacquired: true}},
		Calls:    []paramCall{{Param: 0}, {Param: 2, Held: []acquisition{{Class: "p.mu", Short: "mu", Global: true}}}},
	}
	for _, sum := range []*lockSummary{&full, {}, shared} {
		var buf bytes.Buffer
		var in any = sum
		if err := gob.NewEncoder(&buf).Encode(&in); err != nil {
			t.Fatal(err)
		}
		var out any
		if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(out, in) {
			t.Errorf("round trip:\n got %#v\nwant %#v", out, in)
		}
	}
	// A call chain shared by a summary's acquisitions is written once.
	via := []string{strings.Repeat("f", 50), strings.Repeat("g", 50)}
	var chain lockSummary
	for i := range 40 {
		chain.Acquires = append(chain.Acquires, acquisition{Class: fmt.Sprintf("p.mu%d", i), Short: fmt.Sprintf("mu%d", i), Via: via})
	}
	if data, err := chain.GobEncode(); err != nil || len(data) > 40*20+200 {
		t.Errorf("40 acquisitions with one call chain: %d bytes (%v), want at most %d", len(data), err, 40*20+200)
	}
	// Every byte string that is not a summary's encoding is an error, not a
	// panic (a truncated fact file).
	data, err := shared.GobEncode()
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		var s lockSummary
		if s.GobDecode(data[:i]) == nil {
			t.Errorf("a summary's encoding cut at %d of %d bytes decoded", i, len(data))
		}
	}
}

// fill sets every field of v, recursively, to a value of its own
// (strings and numbers distinct, flags set, lists of two).
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int:
		v.SetInt(int64(*n))
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	default:
		panic("fill: a summary field of kind " + v.Kind().String())
	}
}
