// Package calls tests call resolution: interfaces (value flow, CHA and its
// bound), function fields and variables (here and through facts), method
// values and expressions, closures, parameters, and the standard library's
// call-backs.
package calls

import (
	"defs"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// Interface method calls.

type Doer interface{ Do(r int) }

type client struct{ mu sync.RWMutex }

func (c *client) Do(r int) { c.mu.RLock(); c.mu.RUnlock() }

type fake struct{}

func (fake) Do(r int) {}

type Server struct {
	mu sync.Mutex
	cl Doer // only *client is stored: value flow, complete
	Ex Doer // exported: others may store more
}

func NewServer() *Server { return &Server{cl: &client{}, Ex: fake{}} }

func (s *Server) Get(d Doer) {
	s.cl.Do(1) // want `interface call s.cl.Do resolved by value flow to \(\*client\).Do \(complete\)`
	s.Ex.Do(1) // want `interface call s.Ex.Do resolved by value flow to fake.Do$`
	d.Do(2)    // want `interface call d.Do resolved by CHA to \(\*client\).Do, fake.Do$`
	var local Doer = fake{}
	local.Do(3) // want `interface call local.Do resolved by value flow to fake.Do \(complete\)`
}

// Wide is implemented by many types: CHA gives up and says so.
type Wide interface{ W() }

type w1 struct{}
type w2 struct{}
type w3 struct{}
type w4 struct{}
type w5 struct{}

func (w1) W() {}
func (w2) W() {}
func (w3) W() {}
func (w4) W() {}
func (w5) W() {}

func wide(w Wide) {
	w.W() // want `interface call w.W unresolved: Wide has 5 implementations \(more than 4\)`
}

// Type parameters constrained by an interface resolve like interfaces.
func generic[T Doer](t T) {
	t.Do(1) // want `interface call t.Do resolved by CHA to \(\*client\).Do, fake.Do$`
}

// Function-typed fields and variables.

type Queue struct {
	mu      sync.Mutex
	process func()
	onDone  func()
	any     func()
}

func (q *Queue) work() {}

func NewQueue(f func()) *Queue {
	q := &Queue{}
	q.process = q.work             // a method value, bound to q
	q.onDone = func() { q.work() } // a closure
	q.any = f                      // a parameter: unknown
	return q
}

func (q *Queue) run() {
	q.process() // want `call of function value q.process resolved by assignments to \(\*Queue\).work \(complete\)`
	q.onDone()  // want `call of function value q.onDone resolved by assignments to the func literal at calls.go:\d+ \(complete\)`
	q.any()     // want `call of function value q.any unresolved: no function assigned in sight`
}

// Method expressions stored and called later.
var flushFn = (*Queue).work

func flushAll(q *Queue) {
	flushFn(q) // want `call of function value flushFn resolved by assignments to \(\*Queue\).work \(complete\)`
	f := (*Queue).work
	f(q) // want `call of function value f resolved by assignments to \(\*Queue\).work \(complete\)`
}

// Through another package's facts.
func lease(le *defs.Lessor) {
	le.OnRenew(1)     // want `call of function value le.OnRenew resolved by assignments to \(\*defs.Lessor\).checkpoint$`
	defs.Hook()       // want `call of function value defs.Hook resolved by assignments to defs.flush$`
	defs.Closure()    // want `call of function value defs.Closure unresolved: no function assigned in sight`
	le.Store.Put("k") // want `interface call le.Store.Put resolved by value flow to \(\*defs.memStore\).Put$`
}

// Parameters: the caller knows.
func withLock(mu *sync.Mutex, f func()) {
	mu.Lock()
	defer mu.Unlock()
	f() // want `call of parameter f`
}

// Closures called in place or through a local are static enough.
func closures() {
	func() {}()
	g := func() {}
	g()
}

// The standard library's call-backs.

type named struct{ mu sync.Mutex }

func (n *named) String() string { return "n" }

type errT struct{}

func (errT) Error() string { return "e" }

func std(once *sync.Once, m *sync.Map, xs []int, n *named, w *writer, ws io.Writer) {
	once.Do(func() {})                                           // want `calls back arg 0 now`
	m.Range(func(k, v any) bool { return true })                 // want `calls back arg 0 now`
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] }) // want `calls back arg 1 now`
	time.AfterFunc(time.Second, func() {})                       // want `calls back arg 1 on another goroutine`
	_ = fmt.Sprintf("%d %v %s", 1, n, errT{})                    // want `calls back arg 2.String = \(\*named\).String now, arg 3.Error = errT.Error now`
	_ = fmt.Sprintf("%d", n)                                     // ok: %d does not call String
	_ = fmt.Sprint(*n)                                           // ok: String has a pointer receiver
	fmt.Println(n, "x")                                          // want `calls back arg 0.String = \(\*named\).String now`
	_ = fmt.Errorf("%w: %v", errT{}, 100)                        // want `calls back arg 1.Error = errT.Error now`
	_ = fmt.Sprintf("%[1]v", n)                                  // ok: explicit indexes are not followed
	_ = fmt.Sprintf("%5.2f%% %v", 1.0, n)                        // want `calls back arg 2.String = \(\*named\).String now`
	fmt.Fprintf(w, "%v", n)                                      // want `calls back arg 0.Write = \(\*writer\).Write now, arg 2.String = \(\*named\).String now`
	fmt.Fprint(w, n)                                             // want `calls back arg 0.Write = \(\*writer\).Write now, arg 1.String = \(\*named\).String now`
	fmt.Fprintln(ws, 1)                                          // want `calls back arg 0.Write now`
}

type writer struct{ mu sync.Mutex }

func (w *writer) Write(p []byte) (int, error) { return len(p), nil }
func (w *writer) String() string              { return "w" }

// Function values taken from containers: one cell per container variable
// or field, holding the values put in (literal elements, appends, index
// assignments, sends).

func a1() {}
func a2() {}
func a3() {}

type table struct {
	handlers map[string]func()
	hooks    []func()
	doers    []Doer
	queue    chan func()
}

func newTable() *table {
	t := &table{handlers: map[string]func(){"a": a1}}
	t.handlers["b"] = a2
	t.hooks = append(t.hooks, a3)
	t.doers = []Doer{&client{}}
	t.queue = make(chan func(), 1)
	t.queue <- a1
	return t
}

func (t *table) use(k string) {
	t.handlers[k]() // want `call of function value t.handlers\[k\] resolved by assignments to a1, a2 \(complete\)`
	for _, f := range t.hooks {
		f() // want `call of function value f resolved by assignments to a3 \(complete\)`
	}
	for _, d := range t.doers {
		d.Do(1) // want `interface call d.Do resolved by value flow to \(\*client\).Do \(complete\)`
	}
	t.doers[0].Do(2) // want `interface call t.doers\[0\].Do resolved by value flow to \(\*client\).Do \(complete\)`
	f := <-t.queue
	f() // want `call of function value f resolved by assignments to a1 \(complete\)`
	g, ok := t.handlers[k]
	if ok {
		g() // want `call of function value g resolved by assignments to a1, a2 \(complete\)`
	}
	for h := range t.queue {
		h() // want `call of function value h resolved by assignments to a1 \(complete\)`
	}
	(<-t.queue)() // want `call of function value \(<-t.queue\) resolved by assignments to a1 \(complete\)`
}

func localContainers(extra []func()) {
	fs := [2]func(){a1, a2} // fs[:] below aliases it: not complete
	fs[0]()                 // want `call of function value fs\[0\] resolved by assignments to a1, a2$`
	more := append(fs[:], a3)
	more[1]() // want `call of function value more\[1\] resolved by assignments to a1, a2, a3$`
	passed := []func(){a1}
	register(passed) // the callee may put elements in
	passed[0]()      // want `call of function value passed\[0\] resolved by assignments to a1$`
	extra[0]()       // want `call of function value extra\[0\] unresolved: no function assigned in sight`
	joined := append([]func(){a2}, extra...)
	joined[0]() // want `call of function value joined\[0\] resolved by assignments to a2$`
	orig := []func(){a1}
	alias := orig
	alias[0] = a2
	orig[0]()  // want `call of function value orig\[0\] resolved by assignments to a1$`
	alias[0]() // want `call of function value alias\[0\] resolved by assignments to a1, a2$`
	into := []func(){a1}
	copy(into, extra)
	into[0]() // want `call of function value into\[0\] resolved by assignments to a1$`
}

func register([]func()) {}

// Across packages: an exported container's fact.
func imported(r *defs.Router) {
	defs.Hooks[0]()    // want `call of function value defs.Hooks\[0\] resolved by assignments to defs.flush$`
	r.Handlers["x"](1) // want `call of function value r.Handlers\["x"\] resolved by assignments to \(\*defs.Lessor\).checkpoint$`
}

// The methods io and sort call on values passed in, decided as they
// decide by the operands' static types.

type sink struct{ mu sync.Mutex }

func (s *sink) Write(p []byte) (int, error) { return len(p), nil }

type fastSink struct{ sink }

func (f *fastSink) ReadFrom(r io.Reader) (int64, error) { return 0, nil }
func (f *fastSink) WriteString(s string) (int, error)   { return len(s), nil }

type source struct{}

func (source) Read(p []byte) (int, error) { return 0, io.EOF }

type byLen []string

func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func ioCalls(s *sink, f *fastSink, src source, r io.Reader, w io.Writer, names byLen) {
	io.Copy(s, src)        // want `calls back arg 1.Read = source.Read now, arg 0.Write = \(\*sink\).Write now`
	io.Copy(f, src)        // want `calls back arg 0.ReadFrom = \(\*fastSink\).ReadFrom now`
	io.Copy(s, r)          // ok: r's dynamic type may have WriteTo
	io.Copy(w, src)        // ok: w's dynamic type may have ReadFrom
	io.CopyN(s, r, 10)     // want `calls back arg 1.Read now, arg 0.Write = \(\*sink\).Write now`
	io.WriteString(s, "x") // want `calls back arg 0.Write = \(\*sink\).Write now`
	io.WriteString(f, "x") // want `calls back arg 0.WriteString = \(\*fastSink\).WriteString now`
	io.WriteString(w, "x") // ok: an interface
	sort.Sort(names)       // want `calls back arg 0.Len = byLen.Len now, arg 0.Less = byLen.Less now, arg 0.Swap = byLen.Swap now`
}
