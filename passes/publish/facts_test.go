package publish

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestFactsGob checks that every fact type survives gob, as go vet
// requires (in-process drivers never encode facts).
func TestFactsGob(t *testing.T) {
	facts := []analysis.Fact{
		&publishesArgs{Args: []int{0, 2}},
		&mutatesArgs{Args: []int{1}},
		&synchronisesArgs{Args: []int{0}},
		&methodFacts{Methods: []methodFact{{Name: "Config.SetName", Mutates: []int{0}}, {Name: "Rand.Read", Syncs: []int{0}}, {Name: "Reg.Each", Calls: []paramCall{{Fn: 1, Args: []ArgLink{{Arg: 0, Param: 2}}}}}}},
		&returnsSnapshot{From: "b.p"},
		&callsArgs{Calls: []paramCall{{Fn: 1, Args: []ArgLink{{Arg: 0, Param: 0}}}}},
	}
	if len(facts) != len(Analyzer.FactTypes) {
		t.Fatalf("test covers %d fact types, Analyzer declares %d", len(facts), len(Analyzer.FactTypes))
	}
	for _, f := range facts {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(f); err != nil {
			t.Fatalf("encode %T: %v", f, err)
		}
		got := reflect.New(reflect.TypeOf(f).Elem()).Interface()
		if err := gob.NewDecoder(&buf).Decode(got); err != nil {
			t.Fatalf("decode %T: %v", f, err)
		}
		if !reflect.DeepEqual(got, f) {
			t.Errorf("%T: round trip gave %v, want %v", f, got, f)
		}
	}
}
