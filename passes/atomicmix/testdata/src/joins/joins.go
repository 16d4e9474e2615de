// Package joins tests happens-before joins: a Wait on the same WaitGroup
// (or group) that lies on every path from the goroutine's start to the
// access, and goroutine starts known by the called function, not its name.
package joins

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

type S struct{ n int64 }

func (s *S) Bump() { atomic.AddInt64(&s.n, 1) }

// The join happens on one path only.
func CondJoin(cond bool) int64 {
	s := &S{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.Bump() }()
	if cond {
		wg.Wait()
	}
	return s.n // want `plain read of S.n`
}

// Joined on both paths: silent.
func BothJoin(cond bool) int64 {
	s := &S{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.Bump() }()
	if cond {
		wg.Wait()
	} else {
		wg.Wait()
	}
	return s.n // ok: every path passes wg.Wait
}

// Waiting on another WaitGroup joins nothing.
func OtherJoin() int64 {
	s := &S{}
	var wg, other sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.Bump() }()
	other.Wait()
	return s.n // want `plain read of S.n`
}

// A real join: silent.
func Joined() int64 {
	s := &S{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.Bump() }()
	wg.Wait()
	return s.n // ok: joined
}

// A deferred Wait runs at the return, after the read.
func DeferredJoin() int64 {
	s := &S{}
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() { defer wg.Done(); s.Bump() }()
	return s.n // want `plain read of S.n`
}

// An early return before the Wait: the access after it is joined, the one
// on the early path is not.
func EarlyReturn(cond bool) int64 {
	s := &S{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.Bump() }()
	if cond {
		return s.n // want `plain read of S.n`
	}
	wg.Wait()
	return s.n // ok: joined
}

// A worker given the WaitGroup as an argument signals it.
func worker(wg *sync.WaitGroup, s *S) { defer wg.Done(); s.Bump() }

func ArgJoin() int64 {
	s := &S{}
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg, s)
	wg.Wait()
	return s.n // ok: wg is the worker's
}

// WaitGroup.Go and errgroup's Go are starts; their Wait joins them.
func WaitGroupGo() int64 {
	s := &S{}
	var wg sync.WaitGroup
	wg.Go(func() { s.Bump() })
	wg.Wait()
	return s.n // ok: joined
}

func WaitGroupGoOther() int64 {
	s := &S{}
	var wg, other sync.WaitGroup
	wg.Go(func() { s.Bump() })
	other.Wait()
	return s.n // want `plain read of S.n`
}

func Errgroup() int64 {
	s := &S{}
	var g errgroup.Group
	g.Go(func() error { s.Bump(); return nil })
	_ = g.Wait()
	return s.n // ok: joined
}

func ErrgroupOther() int64 {
	s := &S{}
	var g, h errgroup.Group
	g.Go(func() error { s.Bump(); return nil })
	_ = h.Wait()
	return s.n // want `plain read of S.n`
}

// A goroutine signalling nothing in sight is joined by any Wait, and only
// on every path.
func Unknown(run func(), cond bool) int64 {
	s := &S{}
	var wg sync.WaitGroup
	go func() { s.Bump(); run() }()
	if cond {
		wg.Wait()
		return s.n // ok: what the goroutine signals is unknown
	}
	return s.n // want `plain read of S.n`
}

// A goroutine given the object but no WaitGroup is not joined by one.
func (s *S) run() { s.Bump() }

func ArgNoJoin() int64 {
	s := &S{}
	var wg sync.WaitGroup
	go s.run()
	wg.Wait()
	return s.n // want `plain read of S.n`
}

// The WaitGroup passed to the literal is the one waited on (from io's
// TestOffsetWriter_WriteAt).
func ParamJoin() int64 {
	var n int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func(wg *sync.WaitGroup) {
			defer wg.Done()
			atomic.AddInt64(&n, 1)
		}(&wg)
	}
	wg.Wait()
	return n // ok: joined
}
