// want package:"Client.mu -> common.mu, pipe.wrMu -> onceError.Mutex, forkingLock -> ForkLock, benchmarkLock -> common.mu, common.tempDirMu -> common.mu"

package chaind_test

import (
	"testing"

	"chaina"
	"chaind"
)

// A test at the end of a chain across three packages: nothing releases
// the lock after it returns, and the next test's Close blocks on it.
func TestLookup(t *testing.T) {
	var c chaina.Client
	if chaind.Lookup(&c, "k") != "" { // want `c.mu, read-locked through Lookup -> Client.Do -> \.\.\., is never released: TestLookup returns holding it`
		t.Fatal("found")
	}
}

// Silent: released by the test, or by a cleanup the test registers.

func TestLookupReleased(t *testing.T) {
	var c chaina.Client
	defer c.Release()
	chaind.Lookup(&c, "k")
}

func TestLookupCleanup(t *testing.T) {
	var c chaina.Client
	t.Cleanup(c.Release)
	chaind.Lookup(&c, "k")
}

// A helper in a test file is no test: its callers release.
func lookupHelper(c *chaina.Client) { chaind.Lookup(c, "k") }
