package joins

import (
	"sync/atomic"
	"testing"
)

// A receive joins the goroutines that send on or close that channel.
func TestReceive(t *testing.T) {
	s := &S{}
	done := make(chan bool)
	go func() { s.Bump(); done <- true }()
	<-done
	if s.n != 1 { // ok: joined by the receive
		t.Error(s.n) // ok
	}
}

func TestReceiveOther(t *testing.T) {
	s := &S{}
	done, other := make(chan bool), make(chan bool, 1)
	other <- true
	go func() { s.Bump(); close(done) }()
	<-other
	if s.n != 1 { // want `plain read of S.n`
		t.Error(s.n) // want `plain read of S.n`
	}
	<-done
}

// t.Parallel need not be the subtest's first statement.
func TestParallelNested(t *testing.T) {
	var count uint32
	t.Run("par", func(t *testing.T) {
		if testing.Short() {
			t.Parallel()
		}
		atomic.AddUint32(&count, 1)
	})
	if count != 1 { // want `plain read of count`
		t.Error(count) // want `plain read of count`
	}
}

// A sequential subtest joins only itself.
func TestRunJoinsItself(t *testing.T) {
	var count uint32
	go func() { atomic.AddUint32(&count, 1) }()
	t.Run("seq", func(t *testing.T) {})
	if count != 1 { // want `plain read of count`
		t.Error(count) // want `plain read of count`
	}
}
