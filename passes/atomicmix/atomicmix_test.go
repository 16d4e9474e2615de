package atomicmix_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/passes/atomicmix"
)

func TestMixed(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomicmix.Analyzer, "mixed")
}

// TestFacts checks both directions across packages: a imports b.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "a", "b")
}

func TestLostUpdates(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomicmix.Analyzer, "lost")
}

// TestTestCode checks the rules for test files.
func TestTestCode(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "tests")
}

// TestFresh checks fresh objects kept in local containers.
func TestFresh(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "fresh")
}

// TestCopies checks copies of structs holding atomic fields.
func TestCopies(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "copies")
}

// TestClosures checks that literals called in place inherit their
// caller's locks, and literals run elsewhere do not.
func TestClosures(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "closures")
}

// TestChecks checks check-then-add, one-way flags guarding an action that
// must not run twice, resets that subtract what they read, and
// assertions.
func TestChecks(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomicmix.Analyzer, "checks")
}

// TestJoins checks happens-before joins: the same WaitGroup, group or
// channel, on every path.
func TestJoins(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "joins")
}

// TestPointers checks the variable behind a conversion of its address or
// a local pointer (p := &c.n, p := c.counter()).
func TestPointers(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomicmix.Analyzer, "pointers")
}

// TestContainers checks that a field of a struct held by value in
// different container types is judged per container, here and across
// packages.
func TestContainers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "cstats", "containers")
}

// TestWriters checks that a lock held from Load to Store serialises the
// sequence only when every concurrent atomic writer of the variable holds
// it: in the package, in generic code, and in a dependency (wdep, through
// facts).
func TestWriters(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomicmix.Analyzer, "writers", "wdep", "wuse")
}

// TestDynamic checks calls whose callee is not named at the call:
// plain accesses in their callees, and fresh objects handed to them
// (private only when internal/callres resolves the call completely and
// no callee keeps the object).
func TestDynamic(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "dynamic", "dyndep", "dynuse")
}
