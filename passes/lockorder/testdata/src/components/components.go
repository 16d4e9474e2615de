// want package:"A.mu -> B.mu, B.mu -> C.mu, C.mu -> D.mu, D.mu -> E.mu, E.mu -> F.mu, F.mu -> A.mu, G1.mu -> G2.mu, G2.mu -> G3.mu, G3.mu -> G1.mu, G3.mu -> G4.mu, G4.mu -> G5.mu, G5.mu -> G1.mu, H1.mu -> H2.mu, H2.mu -> H3.mu, H3.mu -> H1.mu, K1.mu -> K2.mu, K1.mu -> K3.mu, K2.mu -> K3.mu, P.mu -> Q.mu, P.mu -> R.mu, Q.mu -> P.mu, Q.mu -> R.mu, R.mu -> P.mu, R.mu -> Q.mu, X.mu -> Y.mu, Y.mu -> X.mu"

// Package components tests that a lock-order cycle is reported once per
// strongly connected component of the order graph: at its latest closing
// acquisition, with one concrete cycle as the witness and the component's
// classes named (or counted, past a few).
package components

import "sync"

// P, Q and R: every pair nested in both orders, one component of three
// classes: one report, not one per pair.

type P struct{ mu sync.Mutex }
type Q struct{ mu sync.Mutex }
type R struct{ mu sync.Mutex }

func pq(p *P, q *Q) {
	p.mu.Lock()
	q.mu.Lock() // ok: inside the component, but not its latest closing edge
	q.mu.Unlock()
	p.mu.Unlock()
}

func qp(p *P, q *Q) {
	q.mu.Lock()
	p.mu.Lock() // ok: reported once for the component, below
	p.mu.Unlock()
	q.mu.Unlock()
}

func qr(q *Q, r *R) {
	q.mu.Lock()
	r.mu.Lock()
	r.mu.Unlock()
	q.mu.Unlock()
}

func rq(q *Q, r *R) {
	r.mu.Lock()
	q.mu.Lock()
	q.mu.Unlock()
	r.mu.Unlock()
}

func pr(p *P, r *R) {
	p.mu.Lock()
	r.mu.Lock()
	r.mu.Unlock()
	p.mu.Unlock()
}

func rp(p *P, r *R) {
	r.mu.Lock()
	p.mu.Lock() // want `lock order inversion: P.mu acquired while holding R.mu here, R.mu acquired while holding P.mu at components.go:\d+; these classes are part of one lock-order cycle with P.mu, Q.mu, R.mu \(one report for all; -lockorder.dot draws them\)`
	p.mu.Unlock()
	r.mu.Unlock()
}

// A ring of six classes, one component: one report, whose witness is the
// whole ring.

type A struct{ mu sync.Mutex }
type B struct{ mu sync.Mutex }
type C struct{ mu sync.Mutex }
type D struct{ mu sync.Mutex }
type E struct{ mu sync.Mutex }
type F struct{ mu sync.Mutex }

func ab(a *A, b *B) { a.mu.Lock(); b.mu.Lock(); b.mu.Unlock(); a.mu.Unlock() }
func bc(b *B, c *C) { b.mu.Lock(); c.mu.Lock(); c.mu.Unlock(); b.mu.Unlock() }
func cd(c *C, d *D) { c.mu.Lock(); d.mu.Lock(); d.mu.Unlock(); c.mu.Unlock() }
func de(d *D, e *E) { d.mu.Lock(); e.mu.Lock(); e.mu.Unlock(); d.mu.Unlock() }
func ef(e *E, f *F) { e.mu.Lock(); f.mu.Lock(); f.mu.Unlock(); e.mu.Unlock() }
func fa(f *F, a *A) {
	f.mu.Lock()
	a.mu.Lock() // want `lock order inversion: A.mu acquired while holding F.mu here, B.mu acquired while holding A.mu at components.go:\d+, C.mu acquired while holding B.mu at components.go:\d+, D.mu acquired while holding C.mu at components.go:\d+, E.mu acquired while holding D.mu at components.go:\d+, F.mu acquired while holding E.mu at components.go:\d+$`
	a.mu.Unlock()
	f.mu.Unlock()
}

// A chord makes the ring's component also hold a shorter cycle: still one
// report, with the shortest cycle through the closing edge as the witness
// and the component's size.

type G1 struct{ mu sync.Mutex }
type G2 struct{ mu sync.Mutex }
type G3 struct{ mu sync.Mutex }
type G4 struct{ mu sync.Mutex }
type G5 struct{ mu sync.Mutex }

func g12(a *G1, b *G2) { a.mu.Lock(); b.mu.Lock(); b.mu.Unlock(); a.mu.Unlock() }
func g23(a *G2, b *G3) { a.mu.Lock(); b.mu.Lock(); b.mu.Unlock(); a.mu.Unlock() }
func g34(a *G3, b *G4) { a.mu.Lock(); b.mu.Lock(); b.mu.Unlock(); a.mu.Unlock() }
func g45(a *G4, b *G5) { a.mu.Lock(); b.mu.Lock(); b.mu.Unlock(); a.mu.Unlock() }
func g51(a *G5, b *G1) {
	a.mu.Lock()
	b.mu.Lock() // ok: an earlier closing edge of the same component
	b.mu.Unlock()
	a.mu.Unlock()
}
func g31(a *G3, b *G1) {
	a.mu.Lock()
	b.mu.Lock() // want `lock order inversion: G1.mu acquired while holding G3.mu here, G2.mu acquired while holding G1.mu at components.go:\d+, G3.mu acquired while holding G2.mu at components.go:\d+; these classes are part of one lock-order cycle of 5 classes \(one report for all; -lockorder.dot draws them\)`
	b.mu.Unlock()
	a.mu.Unlock()
}

// Two components sharing no class: two reports.

type X struct{ mu sync.Mutex }
type Y struct{ mu sync.Mutex }

func xy(x *X, y *Y) { x.mu.Lock(); y.mu.Lock(); y.mu.Unlock(); x.mu.Unlock() }
func yx(x *X, y *Y) {
	y.mu.Lock()
	x.mu.Lock() // want `lock order inversion: X.mu acquired while holding Y.mu here, Y.mu acquired while holding X.mu at components.go:\d+$`
	x.mu.Unlock()
	y.mu.Unlock()
}

// A chain with no cycle: nothing.

type K1 struct{ mu sync.Mutex }
type K2 struct{ mu sync.Mutex }
type K3 struct{ mu sync.Mutex }

func k12(a *K1, b *K2) { a.mu.Lock(); b.mu.Lock(); b.mu.Unlock(); a.mu.Unlock() }
func k23(a *K2, b *K3) { a.mu.Lock(); b.mu.Lock(); b.mu.Unlock(); a.mu.Unlock() }
func k13(a *K1, b *K3) { a.mu.Lock(); b.mu.Lock(); b.mu.Unlock(); a.mu.Unlock() }

// Nested calls: c1 holds H1 around c2, which holds H2 around c3, which
// takes H3. The edge H1 -> H3 is implied by H1 -> H2 and H2 -> H3 (c2
// takes H3 under its own H2), so it is not recorded: the cycle closed by
// H3 -> H1 is reported with the chain of edges as its witness.

type H1 struct{ mu sync.Mutex }
type H2 struct{ mu sync.Mutex }
type H3 struct{ mu sync.Mutex }

var (
	h1 H1
	h2 H2
	h3 H3
)

func c1() { h1.mu.Lock(); c2(); h1.mu.Unlock() }
func c2() { h2.mu.Lock(); c3(); h2.mu.Unlock() }
func c3() { h3.mu.Lock(); h3.mu.Unlock() }

func closesH() {
	h3.mu.Lock()
	h1.mu.Lock() // want `lock order inversion: H1.mu acquired while holding H3.mu here, H2.mu acquired while holding H1.mu at components.go:\d+ through c2 \(locked at components.go:\d+\), H3.mu acquired while holding H2.mu at components.go:\d+ through c3 \(locked at components.go:\d+\)$`
	h1.mu.Unlock()
	h3.mu.Unlock()
}
