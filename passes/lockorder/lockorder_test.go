package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cowlint/cowlint/passes/lockorder"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer,
		"inversion", "a", "double", "rwlock", "nesting", "leak", "declared", "generics", "closures", "stdfp", "decla", "initonce", "refcount", "components", "recursion", "recb", "reca",
		"dynamic", "callbacks", "section7", "dyna", "dynb", "lockers", "handback", "chaina", "chainb", "chainc", "gatelock", "hierarchy", "dync", "dynd", "deferdyn", "hiera", "hierb")
}
