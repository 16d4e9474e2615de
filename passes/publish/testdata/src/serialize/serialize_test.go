package serialize

import (
	"maps"
	"testing"
)

// A test that runs alone and starts no goroutine is the only writer.
func TestSaveRestore(t *testing.T) {
	old := cfg.Load()
	n := &Config{Limits: maps.Clone(old.Limits)}
	n.Limits["x"] = 1
	cfg.Store(n) // ok: a sequential test
	t.Run("sub", func(t *testing.T) {
		o := cfg.Load()
		cfg.Store(&Config{Limits: maps.Clone(o.Limits)}) // ok: a sequential subtest
	})
}

// A parallel test runs beside the others: its file's name proves nothing.
func TestParallelUpdate(t *testing.T) {
	t.Parallel()
	old := cfg.Load()
	cfg.Store(&Config{Limits: maps.Clone(old.Limits)}) // want `cfg.Store of a value derived from cfg.Load`
}

// Nor does it for goroutines the test starts.
func TestConcurrentUpdate(t *testing.T) {
	done := make(chan bool)
	for range 2 {
		go func() {
			old := cfg.Load()
			cfg.Store(&Config{Limits: maps.Clone(old.Limits)}) // want `cfg.Store of a value derived from cfg.Load`
			done <- true
		}()
	}
	<-done
	<-done
}

// A helper may be called from parallel tests.
func bump(t *testing.T) {
	old := cfg.Load()
	cfg.Store(&Config{Limits: maps.Clone(old.Limits)}) // want `cfg.Store of a value derived from cfg.Load`
}
