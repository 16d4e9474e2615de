// want package:`methods\(box.Set synchronises\(0\); counters.Reset mutates\(0\); e1.Edit mutates\(1\); e2.Edit mutates\(1\); e3.Edit mutates\(1\); e4.Edit mutates\(1\); e5.Edit mutates\(1\); guarded.Touch synchronises\(0\); limiter.Fix mutates\(1\); lockedCache.Reset mutates\(0\); overlay.Merge mutates\(1\); patcher.Apply mutates\(1\); printer.Visit mutates\(0\); renamer.Fix mutates\(1\); scrubber.Visit mutates\(1\); tally.Count mutates\(0\)\)`
// Package dynamic tests the summaries applied at calls without a static
// callee (internal/callres): interface methods resolved by CHA and by
// value flow, function-typed fields and variables, method values,
// literals stored in fields, a type parameter's method; the policy (CHA:
// every implementation must have the effect; value flow and assignments:
// any value stored there may run) on both sides; and the traps.
package dynamic

import (
	"sync"
	"sync/atomic"
	"time"
)

type Config struct {
	Name   string
	Limits map[string]int
}

var cfg atomic.Pointer[Config]

// An interface with one implementation in sight, which mutates.

type Mutator interface{ Apply(c *Config) }

type patcher struct{ name string }

func (p *patcher) Apply(c *Config) { c.Name = p.name }

func viaInterface(m Mutator) {
	s := cfg.Load()
	m.Apply(s) // want `in-place mutation of a snapshot loaded from cfg through interface call m.Apply resolved by CHA to \(\*patcher\).Apply`
}

func beforePublication(m Mutator) {
	c := &Config{}
	m.Apply(c) // ok: before the publication
	cfg.Store(c)
	m.Apply(c) // want `write to c \(by interface call m.Apply resolved by CHA to \(\*patcher\).Apply\) after c was published by cfg.Store`
}

// CHA policy: two implementations, both mutate (reported), or only one
// does (silent: CHA lists what exists, not what reaches the call).

type Fixer interface{ Fix(c *Config) }

type renamer struct{}

func (renamer) Fix(c *Config) { c.Name = "fixed" }

type limiter struct{}

func (limiter) Fix(c *Config) { c.Limits["max"] = 1 }

func everyImplMutates(f Fixer) {
	f.Fix(cfg.Load()) // want `in-place mutation of a snapshot loaded from cfg through interface call f.Fix resolved by CHA to limiter.Fix, renamer.Fix`
}

type Visitor interface{ Visit(c *Config) }

type printer struct{ out []string }

func (p *printer) Visit(c *Config) { p.out = append(p.out, c.Name) }

type scrubber struct{}

func (scrubber) Visit(c *Config) { c.Name = "" }

func oneImplMutates(v Visitor) {
	v.Visit(cfg.Load()) // ok: only scrubber mutates, and CHA cannot tell it runs here
}

// Value flow: the field holds a scrubber, so that one runs (reported),
// although CHA alone would stay silent; a field holding a printer is
// silent.

type server struct{ v Visitor }

func newServer() *server { return &server{v: scrubber{}} }

func (s *server) serve() {
	c := cfg.Load()
	s.v.Visit(c) // want `in-place mutation of a snapshot loaded from cfg through interface call s.v.Visit resolved by value flow to scrubber.Visit`
}

type logger struct{ v Visitor }

func newLogger() *logger { return &logger{v: &printer{}} }

func (l *logger) log() {
	l.v.Visit(cfg.Load()) // ok: the field only ever holds a *printer, which reads
}

// A function-typed field set in a constructor, a package variable, a
// method value, a literal stored in a field.

type lessor struct {
	onRenew func(c *Config)
	onRead  func(c *Config)
}

func rename(c *Config) { c.Name = "renewed" }

func show(c *Config) { _ = c.Name }

func newLessor() *lessor {
	le := &lessor{onRead: show}
	le.onRenew = rename
	return le
}

func (le *lessor) renew() {
	c := cfg.Load()
	le.onRenew(c) // want `in-place mutation of a snapshot loaded from cfg through call of function value le.onRenew resolved by assignments to rename`
	le.onRead(c)  // ok: show only reads
}

var onLoad = func(c *Config) { c.Limits["loaded"] = 1 }

func load() {
	onLoad(cfg.Load()) // want `through call of function value onLoad resolved by assignments to the func literal at dynamic.go:\d+`
}

func methodValue(p *patcher) {
	f := p.Apply
	f(cfg.Load()) // want `through call of function value f resolved by assignments to \(\*patcher\).Apply`
}

type hooks struct{ before func(c *Config) }

func newHooks() *hooks {
	h := &hooks{}
	h.before = func(c *Config) { c.Name = "hooked" }
	return h
}

func (h *hooks) run() {
	h.before(cfg.Load()) // want `through call of function value h.before resolved by assignments to the func literal at dynamic.go:\d+`
}

// Published through a dynamic call, and a snapshot returned by one.

type Setter interface{ Set(c *Config) }

type Getter interface{ Current() *Config }

type box struct{ p atomic.Pointer[Config] }

func (b *box) Set(c *Config) { b.p.Store(c) } // want Set:`publishes\(1\)`

func (b *box) Current() *Config { return b.p.Load() } // want Current:`snapshot\(b.p\)`

func publishThenWrite(s Setter) {
	c := &Config{}
	c.Name = "new" // ok: before the publication
	s.Set(c)
	c.Name = "late" // want `write to c.Name after c was published by interface call s.Set resolved by CHA to \(\*box\).Set at dynamic.go:\d+`
}

func currentThenWrite(g Getter) {
	c := g.Current()
	c.Limits["x"] = 2 // want `in-place mutation of a snapshot loaded from g.Current\(\) \(interface call g.Current resolved by CHA to \(\*box\).Current\)`
}

// A type parameter's method, and a generic function stored in a field.

func applyAll[M Mutator](m M) {
	m.Apply(cfg.Load()) // want `through interface call m.Apply resolved by CHA to \(\*patcher\).Apply`
}

func put[V any](m map[string]V, k string, v V) { m[k] = v }

type table struct {
	set func(m map[string]int, k string, v int)
}

func newTable() *table { return &table{set: put[int]} }

func (t *table) update() {
	t.set(cfg.Load().Limits, "x", 1) // want `through call of function value t.set resolved by assignments to put`
}

// Traps: an implementation that copies before mutating, one that writes
// under a lock it holds, one that only reads, a callback run later on
// another goroutine, a call of a parameter, an interface with more
// implementations than callres follows.

type Cleaner interface{ Clean(c *Config) *Config }

type copier struct{}

func (copier) Clean(c *Config) *Config {
	n := *c
	n.Name = "clean"
	n.Limits = map[string]int{}
	n.Limits["x"] = 1
	return &n
}

func copiesFirst(cl Cleaner) {
	_ = cl.Clean(cfg.Load()) // ok: copier mutates its copy
}

type Locker interface{ Touch(c *Config) }

type guarded struct{ mu sync.Mutex }

func (g *guarded) Touch(c *Config) {
	g.mu.Lock()
	c.Name = "touched"
	g.mu.Unlock()
}

func underLock(l Locker, g *guarded) {
	s := cfg.Load()
	g.Touch(s) // ok: a write under a lock, as a static call
	l.Touch(s) // ok: the same rule through the resolved callee
}

type Reader interface{ Read(c *Config) string }

type nameReader struct{}

func (nameReader) Read(c *Config) string { return c.Name }

func readsOnly(r Reader) string { return r.Read(cfg.Load()) } // ok: Read reads

func later(le *lessor) {
	s := cfg.Load()
	time.AfterFunc(time.Second, func() { _ = s.Name }) // ok: reads, later
	time.AfterFunc(time.Second, le.renewLater)         // ok: not a call of onRenew with s
}

func (le *lessor) renewLater() { _ = le }

func callsParam(f func(c *Config)) {
	f(cfg.Load()) // ok: a call of a parameter (its callers know f)
}

type Many interface{ Edit(c *Config) }

type e1 struct{}
type e2 struct{}
type e3 struct{}
type e4 struct{}
type e5 struct{}

func (e1) Edit(c *Config) { c.Name = "1" }
func (e2) Edit(c *Config) { c.Name = "2" }
func (e3) Edit(c *Config) { c.Name = "3" }
func (e4) Edit(c *Config) { c.Name = "4" }
func (e5) Edit(c *Config) { c.Name = "5" }

func tooMany(m Many) {
	m.Edit(cfg.Load()) // ok: unresolved, more than 4 implementations
}

// The receiver of an interface call: a snapshot held in an interface
// value whose implementation mutates its receiver (reported), and an
// implementation whose receiver carries its own mutex (mutable by
// design, silent, as at a static call).

type Resetter interface{ Reset() }

type counters struct{ hits map[string]int }

func (c *counters) Reset() { c.hits = map[string]int{} }

type State struct {
	stats Resetter
	cache Resetter
}

type lockedCache struct {
	mu    sync.Mutex
	items map[string]int
}

func (l *lockedCache) Reset() { l.items = nil }

var state atomic.Pointer[State]

func newState() *State { return &State{stats: &counters{}, cache: &lockedCache{}} }

func resetStats() {
	s := state.Load()
	s.stats.Reset() // want `in-place mutation of a snapshot loaded from state through interface call s.stats.Reset resolved by value flow to \(\*counters\).Reset`
	s.cache.Reset() // ok: lockedCache has its own mutex
}

// A function literal bound to a local and called through it, with and
// without free variables: the IR calls it directly.

func localLiteral(name string) {
	fix := func(c *Config) { c.Name = "local" } // want `in-place mutation of a snapshot loaded from cfg`
	fix(cfg.Load())
	set := func(c *Config) { c.Name = name } // want `in-place mutation of a snapshot loaded from cfg`
	set(cfg.Load())
}

// Arguments placed by the callee's numbering: a callee that mutates
// another argument than the snapshot, a method value whose method writes
// its receiver (bound, not the snapshot), method expressions (the
// receiver is the first argument; bound to a local, the IR calls the
// method itself, a static call).

type Merger interface{ Merge(dst, src *Config) }

type overlay struct{}

func (overlay) Merge(dst, src *Config) { dst.Name = src.Name }

func mergeInto(m Merger) {
	fresh := &Config{}
	m.Merge(fresh, cfg.Load()) // ok: overlay writes dst, a fresh object, and reads the snapshot
}

type tally struct{ n int }

func (t *tally) Count(c *Config) { t.n += len(c.Name) }

func methodValueReceiver(t *tally) {
	f := t.Count
	f(cfg.Load()) // ok: Count writes its receiver t, not c
}

func methodExpressions(p *patcher, t *tally) {
	g := (*patcher).Apply
	g(p, cfg.Load()) // want `in-place mutation of a snapshot loaded from cfg \(copy it`
	h := (*tally).Count
	h(t, cfg.Load()) // ok: Count writes its receiver, the first argument
}

type runner struct {
	apply func(p *patcher, c *Config)
	count func(t *tally, c *Config)
}

func newRunner() *runner { return &runner{apply: (*patcher).Apply, count: (*tally).Count} }

func (r *runner) run(p *patcher, t *tally) {
	r.apply(p, cfg.Load()) // want `through call of function value r.apply resolved by assignments to \(\*patcher\).Apply`
	r.count(t, cfg.Load()) // ok: Count writes its receiver, the first argument
}

// Callbacks: a function that calls its parameter with another of its
// parameters (callsArgs), given a function, a method value or a literal
// that writes into it (reported), one that reads, or a callee that calls
// it under its own lock (silent, as a write under a lock).

func each(c *Config, f func(c *Config)) { f(c) }

type registry struct{ mu sync.Mutex }

func (r *registry) visit(c *Config, f func(c *Config)) {
	f(c)
}

func (r *registry) visitLocked(c *Config, f func(c *Config)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(c)
}

func later2(c *Config, f func(c *Config)) {
	go f(c)
}

func callbacks(r *registry, p *patcher, t *tally) {
	each(cfg.Load(), rename)                             // want `in-place mutation of a snapshot loaded from cfg through rename \(the callback passed to each\)`
	each(cfg.Load(), show)                               // ok: show reads
	each(cfg.Load(), p.Apply)                            // want `through \(\*patcher\).Apply \(the callback passed to each\)`
	each(cfg.Load(), t.Count)                            // ok: Count writes its bound receiver
	each(cfg.Load(), func(c *Config) { c.Name = "lit" }) // want `through the func literal at dynamic.go:\d+ \(the callback passed to each\)`
	each(cfg.Load(), func(c *Config) { _ = c.Name })     // ok: reads
	r.visit(cfg.Load(), rename)                          // want `through rename \(the callback passed to \(\*registry\).visit\)`
	r.visitLocked(cfg.Load(), rename)                    // ok: visitLocked calls it holding r.mu
	later2(cfg.Load(), rename)                           // want `through rename \(the callback passed to later2\)`
	c := &Config{}
	each(c, rename) // ok: before the publication
	cfg.Store(c)
	each(c, rename) // want `write to c \(by rename \(the callback passed to each\)\) after c was published by cfg.Store`
}

// Function values taken from a container (callres follows what the
// package stores into it).

type router struct{ fixes map[string]func(c *Config) }

func newRouter() *router {
	return &router{fixes: map[string]func(c *Config){"rename": rename, "show": show}}
}

func (r *router) fix(k string) {
	r.fixes[k](cfg.Load()) // want `through call of function value r.fixes\[k\] resolved by assignments to rename, show`
}

type readers struct{ all []func(c *Config) }

func newReaders() *readers { return &readers{all: []func(c *Config){show}} }

func (r *readers) run() {
	for _, f := range r.all {
		f(cfg.Load()) // ok: only show is stored, and it reads
	}
}
