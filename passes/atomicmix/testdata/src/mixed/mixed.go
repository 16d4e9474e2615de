// Package mixed tests plain accesses of fields and package variables that
// are also accessed with sync/atomic functions, in one package.
package mixed

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

type server struct {
	mu    sync.Mutex
	hits  int64
	flags uint32
	gen   uint64
}

func (s *server) serve() {
	atomic.AddInt64(&s.hits, 1)
	atomic.StoreUint32(&s.flags, 1)
	atomic.AddUint64(&s.gen, 1)
}

func (s *server) Hits() int64 {
	return s.hits // want `plain read of server.hits, which is accessed atomically \(atomic.AddInt64 at mixed.go:19:2\): a data race; make it an atomic.Int64 so that every access is atomic`
}

func (s *server) reset() {
	s.hits = 0 // want `plain write of server.hits`
}

func (s *server) bump(d int64) {
	s.hits++             // want `plain write of server.hits`
	s.gen--              // want `plain write of server.gen, which is accessed atomically \(atomic.AddUint64 at .*\): a data race; make it an atomic.Uint64`
	s.hits += d          // want `plain write of server.hits`
	s.hits -= d          // want `plain write of server.hits`
	s.hits = s.hits + 3  // want `plain write of server.hits`
	s.gen = 7            // want `plain write of server.gen`
	s.hits, s.gen = 1, 2 // want `plain write of server.hits` `plain write of server.gen`
}

func (s *server) flagged() bool {
	return s.flags != 0 // want `plain read of server.flags`
}

// Initialisation before the object can be shared is not a race.

func newServer() *server {
	s := &server{hits: 1} // ok: composite literal
	s.hits = 5            // ok: s is fresh and has not escaped yet
	s.gen++               // ok: likewise
	go s.serve()
	return s
}

func newServerNew() *server {
	s := new(server)
	s.flags = 1 // ok: fresh object
	return s
}

func escapedThenWritten() *server {
	s := &server{}
	go s.serve()
	s.hits = 1 // want `plain write of server.hits`
	return s
}

func escapedInLoop() {
	s := &server{}
	for range 3 {
		s.hits = 0 // want `plain write of server.hits`
		go s.serve()
	}
}

// After an escape is a control-flow question: a write on a path the
// escape does not reach is private, one a goto leads back to is not,
// and a variable declared in a loop is a new one each iteration.
func escapedOnOtherBranch(spawn bool) *server {
	s := &server{}
	if spawn {
		go s.serve()
	} else {
		s.hits = 1 // ok: no path from the go statement reaches it
	}
	return s
}

func escapedBeforeGoto() {
	s := &server{}
	spawned := false
again:
	s.gen = 1 // want `plain write of server.gen`
	if !spawned {
		spawned = true
		go s.serve()
		goto again
	}
}

func freshEachIteration() {
	for range 3 {
		s := &server{}
		s.hits = 1 // ok: a new server each iteration
		go s.serve()
	}
}

// A literal run in place runs on this goroutine, at its calls: what it
// captures is not shared by being captured, only by what it does with it
// there.
func lockedInPlace() *server {
	s := &server{}
	func() {
		s.mu.Lock()
		defer s.mu.Unlock()
	}()
	s.hits = 1 // ok: the literal ran in place and kept nothing of s
	go s.serve()
	return s
}

func startedInPlace() *server {
	s := &server{}
	start := func() { go s.serve() }
	start()
	s.hits = 1 // want `plain write of server.hits`
	return s
}

func joined() int64 {
	s := &server{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.serve()
		}()
	}
	wg.Wait()
	return s.hits // ok: every goroutine that saw s has been joined
}

func notJoined() int64 {
	s := &server{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.serve()
	}()
	n := s.hits // want `plain read of server.hits`
	wg.Wait()
	return n
}

func published(out chan<- *server) int64 {
	s := &server{}
	out <- s
	var wg sync.WaitGroup
	wg.Wait()
	return s.hits // want `plain read of server.hits`
}

func localCounter() int64 {
	var n int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&n, 1)
		}()
	}
	wg.Wait()
	return n // ok: joined
}

func localCounterRace() int64 {
	var n int64
	go func() { atomic.AddInt64(&n, 1) }()
	return n // want `plain read of n, which is accessed atomically`
}

func localInGoroutine() {
	var n int64
	go func() { atomic.AddInt64(&n, 1) }()
	go func() { n++ }() // want `plain write of n`
}

func addressOnly(s *server) *int64 {
	return &s.hits // ok: taking the address accesses nothing
}

type other struct{ hits int64 }

func (o *other) get() int64 {
	return o.hits // ok: a different struct type with a field of the same name
}

func copied(s server) int64 {
	return s.hits // ok: s is a private copy
}

// A package variable.
var counter int64

func incr() { atomic.AddInt64(&counter, 1) }

func readCounter() int64 {
	return counter // want `plain read of counter, which is accessed atomically \(atomic.AddInt64 at .*\): a data race; make it an atomic.Int64`
}

func init() {
	counter = 10 // ok: package initialisation
}

// A writer serialised by a mutex, publishing to lock-free readers.
type gauge struct {
	mu sync.Mutex
	v  int64
}

func (g *gauge) add(d int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	atomic.StoreInt64(&g.v, g.v+d) // ok: the plain read holds the lock every atomic write holds
}

func (g *gauge) get() int64 { return atomic.LoadInt64(&g.v) }

func (g *gauge) peek() int64 {
	return g.v // want `plain read of gauge.v`
}

func (g *gauge) addLocked(d int64) {
	atomic.StoreInt64(&g.v, g.v+d) // ok: every call holds g.mu
}

func (g *gauge) addTwice(d int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.addLocked(d)
	g.addLocked(d)
}

func (g *gauge) set(v int64) {
	g.mu.Lock()
	g.v = v // want `plain write of gauge.v`
	g.mu.Unlock()
}

func (g *gauge) earlyUnlock(d int64) int64 {
	g.mu.Lock()
	if d == 0 {
		g.mu.Unlock()
		return 0
	}
	n := g.v // ok: still locked on this path
	g.mu.Unlock()
	return n + g.v // want `plain read of gauge.v`
}

// Only atomic loads: plain reads do not race with them, plain writes do.
type config struct{ version int64 }

func (c *config) current() int64 { return atomic.LoadInt64(&c.version) }

func (c *config) read() int64 {
	return c.version // ok: reads do not race with atomic loads
}

func (c *config) set(v int64) {
	c.version = v // want `plain write of config.version`
}

// Generic types: every instantiation shares the field.
type box[T any] struct {
	n int64
	v T
}

func (b *box[T]) inc() { atomic.AddInt64(&b.n, 1) }

func readBox(b *box[string]) int64 {
	return b.n // want `plain read of box.n`
}

// Embedded structs: the field is named by the struct that declares it;
// the message names the container holding it by value.
type stats struct{ reqs int64 }

type handler struct {
	stats
	name string
}

func (h *handler) serve() { atomic.AddInt64(&h.reqs, 1) }

func (h *handler) report() int64 {
	return h.stats.reqs // want `plain read of handler.stats.reqs`
}

func (h *handler) reportPromoted() int64 {
	return h.reqs // want `plain read of handler.stats.reqs`
}

// A single-writer variable, silenced with a reason.
var seq uint64

func next() uint64 { return atomic.AddUint64(&seq, 1) }

func peekSeq() uint64 {
	//cowlint:ignore atomicmix debug helper, a stale value is fine
	return seq
}

// Init methods set up their receiver before it is shared: when every call
// passes an object its caller has not shared yet.
type fd struct{ blocking uint32 }

func (f *fd) init(pollable bool) {
	if !pollable {
		f.blocking = 1 // ok: every call passes a private fd
	}
}

func openFD() *fd {
	f := &fd{}
	f.init(false)
	return f
}

func openFD2() *fd {
	var f fd
	f.init(true)
	return &f
}

// An exported Init has callers out of sight: its name proves nothing
// about what they pass.
func (f *fd) Init(pollable bool) {
	if !pollable {
		f.blocking = 1 // want `plain write of fd.blocking`
	}
}

// Its doc comment can say what no analysis of this package can prove.
//
//cowlint:exclusive callers pass an fd they have just allocated
func (f *fd) Setup(pollable bool) {
	if !pollable {
		f.blocking = 1 // ok: declared exclusive
	}
}

// Until it lets it escape.
func (f *fd) InitAsync() {
	go f.SetBlocking()
	f.blocking = 1 // want `plain write of fd.blocking`
}

// An unexported one called on a shared object is not an initialiser.
type conn struct{ state uint32 }

func (c *conn) initState() { c.state = 1 } // want `plain write of conn.state`

func (c *conn) Close() { atomic.StoreUint32(&c.state, 2) }

func reuse(c *conn) { c.initState() }

// Nor is one whose object escaped before the call.
type pipe struct{ state uint32 }

func (p *pipe) initState() { p.state = 1 } // want `plain write of pipe.state`

func (p *pipe) Close() { atomic.StoreUint32(&p.state, 2) }

func newPipe() *pipe {
	p := &pipe{}
	go p.Close()
	p.initState()
	return p
}

// A chain of initialisers, each private on entry.
type tnode struct{ ready uint32 }

func (n *tnode) Ready() bool { return atomic.LoadUint32(&n.ready) != 0 }

func (n *tnode) setup() { n.finish() }

func (n *tnode) finish() { n.ready = 1 } // ok: private through setup's only caller

func newTNode() *tnode {
	n := &tnode{}
	n.setup()
	return n
}

// A method that is also an interface's is called out of sight.
type starter interface{ start() }

type job struct{ state uint32 }

func (j *job) start() { j.state = 1 } // want `plain write of job.state`

func (j *job) Stop() { atomic.StoreUint32(&j.state, 2) }

func newJob() *job {
	j := &job{}
	j.start()
	return j
}

// Starting with "Init" is not initialising: a shared receiver.
func (f *fd) Initiated() bool { return f.blocking != 0 } // want `plain read of fd.blocking`

func (f *fd) SetBlocking() { atomic.StoreUint32(&f.blocking, 1) }

func (f *fd) isBlocking() bool {
	return f.blocking != 0 // want `plain read of fd.blocking`
}

// cleanup is called with the world stopped, at the start of a collection.
//
//cowlint:exclusive the runtime calls it with the world stopped
func cleanup(f *fd) {
	f.blocking = 0 // ok: declared to run alone
}

// A comment's wording proves nothing.
func poolCleanup(f *fd) {
	// This function is called with the world stopped, at the beginning
	// of a garbage collection.
	f.blocking = 0 // want `plain write of fd.blocking`
}

// Nor does a directive with no reason (the directive pass reports it).
//
//cowlint:exclusive
func noReason(f *fd) {
	f.blocking = 0 // want `plain write of fd.blocking`
}

// A private atomic value: methods of sync/atomic types do not leak it.
func privateValue() int32 {
	var n int32
	atomic.AddInt32(&n, 1)
	return n // ok: n never escapes
}

// Nor does Init<Word>.
func InitFD(f *fd, blocking bool) {
	if blocking {
		f.blocking = 1 // want `plain write of fd.blocking`
	}
}

// Initialise is not Init followed by a word.
func Initialise(f *fd) {
	f.blocking = 1 // want `plain write of fd.blocking`
}

func initFD(f *fd, blocking bool) {
	if blocking {
		f.blocking = 1 // ok: every call passes a private fd
	}
}

func makeFD() *fd {
	f := new(fd)
	initFD(f, true)
	return f
}

// A constructor's options may share the object: its name proves nothing.
func newFD(opts ...func(*fd)) *fd {
	f := &fd{}
	for _, o := range opts {
		o(f)
	}
	f.blocking = 0 // want `plain write of fd.blocking`
	return f
}

// Helpers of the package that keep nothing of the object leave it
// private, whatever the function's name.
func setBlocking(f *fd, v uint32) { f.blocking = v } // ok: every call passes a private fd

func (f *fd) describe() string {
	if f == nil {
		return "nil"
	}
	return "fd"
}

func openBlocking() *fd {
	f := &fd{}
	setBlocking(f, 1)
	_ = f.describe()
	f.blocking = 0 // ok: setBlocking and describe keep nothing of f
	return f
}

var registry []*fd

func keep(f *fd) { registry = append(registry, f) }

func openRegistered() *fd {
	f := &fd{}
	keep(f)
	f.blocking = 0 // want `plain write of fd.blocking`
	return f
}

func notConstructor(register func(*fd)) *fd {
	f := &fd{}
	register(f)
	f.blocking = 0 // want `plain write of fd.blocking`
	return f
}

// Objects recycled through a free list are reset as a whole by their sole
// owner.
type span struct {
	name    string
	parent  *span
	events  []string
	elapsed int64
	refs    int32
}

func (s *span) ref() { atomic.AddInt32(&s.refs, 1) }

func (s *span) unref() {
	if atomic.AddInt32(&s.refs, -1) == 0 {
		s.reset()
	}
}

func (s *span) reset() {
	s.name = ""
	s.parent = nil
	s.events = nil
	s.elapsed = 0
	s.refs = 0 // ok: reset only once the last reference is dropped
}

// A shared statistics block reset field by field stays a race.
type requestStats struct {
	requests, errors, bytes, slow int64
}

func (r *requestStats) record(n int64) {
	atomic.AddInt64(&r.requests, 1)
	atomic.AddInt64(&r.errors, 1)
	atomic.AddInt64(&r.bytes, n)
	atomic.AddInt64(&r.slow, 1)
}

func (r *requestStats) Reset() {
	r.requests = 0 // want `plain write of requestStats.requests`
	r.errors = 0   // want `plain write of requestStats.errors`
	r.bytes = 0    // want `plain write of requestStats.bytes`
	r.slow = 0     // want `plain write of requestStats.slow`
}

// A typed view of a local's own memory is private like the local.
type words struct{ typ, data unsafe.Pointer }

type value struct{ v any }

func (v *value) store(val any) {
	vp := (*words)(unsafe.Pointer(&v.v))
	vlp := (*words)(unsafe.Pointer(&val))
	atomic.StorePointer(&vp.data, vlp.data) // ok: vlp views the parameter val
	atomic.StorePointer(&vp.typ, vlp.typ)   // ok: likewise
}

// A reset reached on a shared object, not after the last reference was
// dropped, is not a recycling, however many fields it writes.
type buf struct {
	name    string
	parent  *buf
	events  []string
	elapsed int64
	refs    int32
}

func (b *buf) ref() { atomic.AddInt32(&b.refs, 1) }

func (b *buf) release() {
	atomic.AddInt32(&b.refs, -1)
	b.reset()
}

func (b *buf) reset() {
	b.name = ""
	b.parent = nil
	b.events = nil
	b.elapsed = 0
	b.refs = 0 // want `plain write of buf.refs`
}

// A helper that starts a goroutine on the object shares it.
type loop struct{ ticks int64 }

func (l *loop) run() { atomic.AddInt64(&l.ticks, 1) }

func (l *loop) start() { go l.run() }

func newLoop() *loop {
	l := &loop{}
	l.start()
	l.ticks = 0 // want `plain write of loop.ticks`
	return l
}

// Storing an object into its own fields does not share it
// (protobuf's InitExtensionInfo); storing it elsewhere does.
type extInfo struct {
	desc extDesc
	init uint32
}

type extDesc struct{ xi *extInfo }

func (xi *extInfo) ready() bool { return atomic.LoadUint32(&xi.init) == 1 }

func (xi *extInfo) lazyInit() { atomic.StoreUint32(&xi.init, 2) }

func initExtInfo(xi *extInfo) {
	xi.desc = extDesc{xi}
	xi.init = 1 // ok: every call passes a fresh xi, which only reaches itself
}

var lastExt extDesc

func initExtInfoShared(xi *extInfo) {
	lastExt = extDesc{xi}
	xi.init = 1 // want `plain write of extInfo.init`
}

func newExtInfos() (*extInfo, *extInfo) {
	a, b := &extInfo{}, &extInfo{}
	initExtInfo(a)
	initExtInfoShared(b)
	return a, b
}

// An object initialised in place inside a fresh one (grpc's
// s.Stream.wq.init(...)) is as private as its container.
type quota struct{ n int32 }

func (q *quota) init(n int32) { q.n = n } // ok: every call passes a field of a fresh object

func (q *quota) take() bool { return atomic.AddInt32(&q.n, -1) >= 0 }

type stream struct{ inner struct{ wq quota } }

func newStream() *stream {
	s := &stream{}
	s.inner.wq.init(8)
	return s
}

type held2 struct{ wq *quota }

func (q *quota) reinit(n int32) { q.n = n } // want `plain write of quota.n`

func reuse2(h held2) { h.wq.reinit(1) }
