// want package:"A.mu -> B.mu, B.mu -> A.mu, Conn.mu -> Server.mu, P.mu -> Q.mu, R.mu -> S.mu, S.mu -> R.mu, Server.mu -> Conn.mu"

// Package inversion tests lock-order cycles within one package: direct,
// through calls, and the orders that must stay silent.
package inversion

import "sync"

type Server struct {
	mu    sync.Mutex
	conns []*Conn
}

type Conn struct {
	mu  sync.Mutex
	srv *Server
}

func (s *Server) add(c *Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.mu.Lock() // ok: the first half (the cycle is reported where it closes)
	c.srv = s
	c.mu.Unlock()
}

func (c *Conn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.srv.mu.Lock() // want `lock order inversion: Server.mu acquired while holding Conn.mu here, Conn.mu acquired while holding Server.mu at inversion.go:22`
	c.srv.mu.Unlock()
}

// Through calls: A.mu -> B.mu via lockB, B.mu -> A.mu via lockA.

type A struct{ mu sync.Mutex }
type B struct{ mu sync.Mutex }

var (
	theA A
	theB B
)

func lockB() {
	theB.mu.Lock()
	theB.mu.Unlock()
}

func lockA() {
	theA.mu.Lock()
	theA.mu.Unlock()
}

func ab() {
	theA.mu.Lock()
	lockB() // ok: first half
	theA.mu.Unlock()
}

func ba() {
	theB.mu.Lock()
	lockA() // want `lock order inversion: A.mu acquired through lockA \(locked at inversion.go:\d+\) while holding B.mu here, B.mu acquired while holding A.mu at inversion.go:\d+ through lockB \(locked at inversion.go:\d+\)`
	theB.mu.Unlock()
}

// Silent: consistent order, sequential acquisitions, goroutines, released
// on every path, TryLock.

type P struct{ mu sync.Mutex }
type Q struct{ mu sync.Mutex }

func pq1(p *P, q *Q) {
	p.mu.Lock()
	q.mu.Lock() // ok: same order as pq2
	q.mu.Unlock()
	p.mu.Unlock()
}

func pq2(p *P, q *Q) {
	p.mu.Lock()
	defer p.mu.Unlock()
	q.mu.Lock() // ok: same order as pq1
	defer q.mu.Unlock()
}

func sequential(p *P, q *Q) {
	q.mu.Lock()
	q.mu.Unlock()
	p.mu.Lock() // ok: q.mu released before
	p.mu.Unlock()
}

func goroutine(p *P, q *Q) {
	q.mu.Lock()
	defer q.mu.Unlock()
	go func() {
		p.mu.Lock() // ok: the goroutine holds nothing
		p.mu.Unlock()
	}()
}

func releasedOnEveryPath(p *P, q *Q, c bool) {
	q.mu.Lock()
	if c {
		q.mu.Unlock()
	} else {
		q.mu.Unlock()
	}
	p.mu.Lock() // ok: q.mu released on both branches
	p.mu.Unlock()
}

func tryNesting(p *P, q *Q) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if p.mu.TryLock() { // ok: TryLock cannot block
		p.mu.Unlock()
	}
}

// TryLock holds its lock on the true branch: what is locked there nests
// inside it.
type R struct{ mu sync.Mutex }
type S struct{ mu sync.Mutex }

func tryThenLock(r *R, s *S) {
	if !r.mu.TryLock() {
		return
	}
	defer r.mu.Unlock()
	s.mu.Lock() // ok: first half (R.mu -> S.mu)
	s.mu.Unlock()
}

func lockSR(r *R, s *S) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.mu.Lock() // want `lock order inversion: R.mu acquired while holding S.mu here, S.mu acquired while holding R.mu at inversion.go:\d+`
	r.mu.Unlock()
}
