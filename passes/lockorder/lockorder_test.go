package lockorder_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/passes/lockorder"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer,
		"inversion", "a", "double", "rwlock", "nesting", "leak", "declared", "generics", "closures", "stdfp", "decla", "initonce", "refcount", "components", "recursion", "recb", "reca",
		"dynamic", "callbacks", "section7", "dyna", "dynb", "lockers", "handback", "chaina", "chainb", "chainc", "gatelock", "hierarchy", "dync", "dynd", "deferdyn", "hiera", "hierb", "dynmsg", "methodvalues", "contb", "conta")
}

// TestChainEndsInTest runs the chaind fixture, whose tests end a chain of
// lock helpers. Its generated test main has no source to hold an
// expectation of the package fact go vet computes for it (the order graph
// of every package it imports), so that one fact is not checked.
func TestChainEndsInTest(t *testing.T) {
	analysistest.Run(testMainFactsIgnored{t}, analysistest.TestData(), lockorder.Analyzer, "chaind")
}

type testMainFactsIgnored struct{ t *testing.T }

func (f testMainFactsIgnored) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.Contains(msg, "unexpected fact") && strings.Contains(msg, `("chaind.test")`) {
		return
	}
	f.t.Helper()
	f.t.Error(msg)
}
