package joins

import (
	"sync"
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

// Filling a semaphore joins the goroutines that release it (from
// honnef.co/go/tools internal/renameio/renameio_test.go).
func TestSemaphore(t *testing.T) {
	const parallel = 4
	var successes int64
	sem := make(chan bool, parallel)
	for range 16 {
		sem <- true
		go func() {
			defer func() { <-sem }()
			atomic.AddInt64(&successes, 1)
		}()
	}
	for n := parallel; n > 0; n-- {
		sem <- true
	}
	if successes < 16 { // ok: every slot was released
		t.Error(successes) // ok
	}
}

// A fill short of the capacity joins nothing.
func TestSemaphoreShort(t *testing.T) {
	const parallel = 4
	var successes int64
	sem := make(chan bool, parallel)
	for range 16 {
		sem <- true
		go func() {
			defer func() { <-sem }()
			atomic.AddInt64(&successes, 1)
		}()
	}
	for n := parallel - 1; n > 0; n-- {
		sem <- true
	}
	if successes < 16 { // want `plain read of successes`
		t.Error(successes) // want `plain read of successes`
	}
}

// A goroutine taking work items from the channel does not release a slot:
// sending n items into an empty buffer of n waits for nobody.
func TestWorkQueue(t *testing.T) {
	const n = 4
	var done int64
	work := make(chan int, n)
	go func() {
		for {
			<-work
			atomic.AddInt64(&done, 1)
		}
	}()
	for i := 0; i < n; i++ {
		work <- i
	}
	if done < n { // want `plain read of done`
		t.Error(done) // want `plain read of done`
	}
}

// A subtest that waits for its goroutines before it returns (here in a
// defer) starts none that outlive it; one that waits on one path only
// does.
func TestNestedJoin(t *testing.T) {
	var count uint32
	t.Run("defer", func(t *testing.T) {
		var wg sync.WaitGroup
		defer wg.Wait()
		wg.Add(1)
		go func() { defer wg.Done(); atomic.AddUint32(&count, 1) }()
	})
	if count != 1 { // ok: joined inside the subtest
		t.Error(count) // ok
	}
}

func TestNestedCondJoin(t *testing.T) {
	var count uint32
	t.Run("cond", func(t *testing.T) {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); atomic.AddUint32(&count, 1) }()
		if testing.Short() {
			return
		}
		wg.Wait()
	})
	if count != 1 { // want `plain read of count`
		t.Error(count) // want `plain read of count`
	}
}

// A goroutine that waits for the workers and then closes a channel relays
// the join (prometheus gauge_test.go: end.Wait(); close(done), then a
// listener given done sends the result the test receives).
func listen(result chan<- int64, done <-chan struct{}) {
	<-done
	result <- 1
}

func TestRelayedJoin(t *testing.T) {
	var n int64
	var end sync.WaitGroup
	result := make(chan int64)
	done := make(chan struct{})
	go listen(result, done)
	go func() {
		end.Wait()
		close(done)
	}()
	for range 4 {
		end.Add(1)
		go func() {
			defer end.Done()
			atomic.AddInt64(&n, 1)
		}()
	}
	if <-result != n { // ok: joined through the relay
		t.Error(n) // ok
	}
}

// A relay that does not wait for the workers joins nothing.
func TestRelayNoWait(t *testing.T) {
	var n int64
	var end sync.WaitGroup
	result := make(chan int64)
	done := make(chan struct{})
	go listen(result, done)
	go func() {
		close(done)
	}()
	for range 4 {
		end.Add(1)
		go func() {
			defer end.Done()
			atomic.AddInt64(&n, 1)
		}()
	}
	if <-result != n { // want `plain read of n`
		t.Error(n) // want `plain read of n`
	}
}

// A receive from a channel without a stable name (an element) may be the
// one the goroutine signals (prometheus gauge_test.go: <-results[i]).
func TestUnnamedChannel(t *testing.T) {
	var n int64
	results := []chan int64{make(chan int64)}
	go func(res chan<- int64) {
		atomic.AddInt64(&n, 1)
		res <- 1
	}(results[0])
	if <-results[0] != n { // ok: results[0] may be what the goroutine sends on
		t.Error(n) // ok
	}
}
