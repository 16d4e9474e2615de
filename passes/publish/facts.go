package publish

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
)

// Facts summarise what a function does with its arguments, so that a
// publication, a snapshot or a mutation hidden behind a call is seen at the
// call site, across packages. Arguments are numbered receiver first: for a
// method, argument 0 is the receiver and argument i the i-th parameter; for
// a function, argument i is its i-th parameter. This is the order of the IR
// call's Args for static calls.
//
// The facts are computed from syntax (see summary.go): every dependency
// computes them under go vet, so they must cost no more than one walk over
// the package's syntax.

// publishesArgs marks a function that publishes some of its arguments
// through an atomic pointer (stores it into atomic.Pointer or atomic.Value,
// directly or through another such function).
type publishesArgs struct{ Args []int }

// mutatesArgs marks a function that writes into memory reachable from some
// of its arguments (a pointer receiver's fields, a map or slice argument's
// elements), directly or through another such function.
type mutatesArgs struct{ Args []int }

// synchronisesArgs marks a function that acquires a mutex reached from
// some of its arguments (r.lk.Lock() with r the receiver) or writes
// atomically into memory reached from them (a custom lock or reference
// count), directly or through another such function. Its writes into those arguments are taken
// to be synchronised by design (math/rand's Rand, whose Source locks): they
// do not make it a mutator of them.
type synchronisesArgs struct{ Args []int }

// callsArgs marks a function that calls one of its arguments (a
// callback) with others: the callback's writes into its arguments are
// then writes into the function's. func Each(c *Config, f func(*Config))
// { f(c) } is callsArgs{Calls: [{Fn: 1, Args: [{Arg: 0, Param: 0}]}]}.
type callsArgs struct{ Calls []paramCall }

// paramCall is one callback call: the function's argument Fn is called
// with the memory of its argument Param as the callback's argument Arg.
type paramCall struct {
	Fn   int
	Args []ArgLink
}

// ArgLink says that a callee's argument Arg is the caller's argument
// Param (or reaches its memory).
type ArgLink struct{ Arg, Param int }

// methodFacts is a package fact: what the package's exported methods
// mutate and synchronise (as mutatesArgs and synchronisesArgs do for
// package-level functions). Object facts about methods are re-encoded by
// every package downstream (x/tools re-exports facts about methods and
// types), and std alone has thousands of mutating methods: one package
// fact, read from direct imports only, costs a fraction. The price: a
// method of a type from a package the caller does not import directly is
// not known to mutate.
type methodFacts struct {
	Methods []methodFact // sorted by Name
}

// methodFact is one method: Name is Type.Method.
type methodFact struct {
	Name    string
	Mutates []int
	Syncs   []int
	Calls   []paramCall `json:",omitempty"`
}

// returnsSnapshot marks a function that returns what an atomic pointer
// load returned: func (b *Box[T]) Get() *T { return b.p.Load() }.
type returnsSnapshot struct {
	// From names the atomic variable in the function's own code (b.p).
	From string
	// Copied lists, for a struct returned by value, the fields the
	// function replaced with its own: the other fields still share the
	// published value's references.
	Copied []int `json:",omitempty"`
}

func (*publishesArgs) AFact()    {}
func (*mutatesArgs) AFact()      {}
func (*synchronisesArgs) AFact() {}
func (*methodFacts) AFact()      {}
func (*returnsSnapshot) AFact()  {}
func (*callsArgs) AFact()        {}

func (f *callsArgs) String() string { return "calls(" + paramCallsString(f.Calls) + ")" }

// paramCallsString prints callbacks as "p1(0=p0)": argument 1 is called
// with argument 0 as its argument 0.
func paramCallsString(calls []paramCall) string {
	var parts []string
	for _, c := range calls {
		var args []string
		for _, l := range c.Args {
			args = append(args, fmt.Sprintf("%d=p%d", l.Arg, l.Param))
		}
		parts = append(parts, fmt.Sprintf("p%d(%s)", c.Fn, strings.Join(args, ",")))
	}
	return strings.Join(parts, "; ")
}

func (f *publishesArgs) String() string    { return "publishes(" + joinInts(f.Args) + ")" }
func (f *mutatesArgs) String() string      { return "mutates(" + joinInts(f.Args) + ")" }
func (f *synchronisesArgs) String() string { return "synchronises(" + joinInts(f.Args) + ")" }
func (f *methodFacts) String() string {
	var parts []string
	for _, m := range f.Methods {
		p := m.Name
		if len(m.Mutates) > 0 {
			p += " mutates(" + joinInts(m.Mutates) + ")"
		}
		if len(m.Syncs) > 0 {
			p += " synchronises(" + joinInts(m.Syncs) + ")"
		}
		if len(m.Calls) > 0 {
			p += " calls(" + paramCallsString(m.Calls) + ")"
		}
		parts = append(parts, p)
	}
	return "methods(" + strings.Join(parts, "; ") + ")"
}

func (f *returnsSnapshot) String() string {
	if len(f.Copied) > 0 {
		return "snapshot(" + f.From + " copied " + joinInts(f.Copied) + ")"
	}
	return "snapshot(" + f.From + ")"
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ",")
}

// intSet is a small set of argument indices; sorted() gives the
// deterministic form facts carry.
type intSet map[int]bool

func (s intSet) sorted() []int {
	var out []int
	for i := range s {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}

func (s intSet) has(i int) bool { return s[i] }

// add puts i in the set, allocating it on first use: most functions'
// sets stay empty.
func (s *intSet) add(i int) {
	if *s == nil {
		*s = intSet{}
	}
	(*s)[i] = true
}

// factsOf answers, for any callee, what the facts (this package's
// summaries or imported facts) say.
type factsOf struct {
	local      map[*types.Func]*funcSummary
	lookup     func(*types.Func, interface{ AFact() }) bool
	lookupPkg  func(*types.Package, *methodFacts) bool
	pkgMethods map[*types.Package]map[string]methodFact
}

// method returns what the imported method fn is known to do.
func (f *factsOf) method(fn *types.Func) (methodFact, bool) {
	key := methodKey(fn)
	if key == "" || fn.Pkg() == nil {
		return methodFact{}, false
	}
	byName, ok := f.pkgMethods[fn.Pkg()]
	if !ok {
		byName = map[string]methodFact{}
		var fact methodFacts
		if f.lookupPkg(fn.Pkg(), &fact) {
			for _, m := range fact.Methods {
				byName[m.Name] = m
			}
		}
		f.pkgMethods[fn.Pkg()] = byName
	}
	m, ok := byName[key]
	return m, ok
}

// methodKey names a method Type.Method, or "" for a function.
func methodKey(fn *types.Func) string {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	return n.Origin().Obj().Name() + "." + fn.Name()
}

func (f *factsOf) publishes(fn *types.Func) intSet {
	fn = fn.Origin()
	if s := f.local[fn]; s != nil {
		return s.publishes
	}
	var fact publishesArgs
	if f.lookup(fn, &fact) {
		return toSet(fact.Args)
	}
	return nil
}

func (f *factsOf) mutates(fn *types.Func) intSet {
	fn = fn.Origin()
	if exemptFromMutation(fn) {
		return nil
	}
	if s := f.local[fn]; s != nil {
		return s.effectiveMutates()
	}
	if methodKey(fn) != "" {
		m, _ := f.method(fn)
		return toSet(m.Mutates)
	}
	var fact mutatesArgs
	if f.lookup(fn, &fact) {
		return toSet(fact.Args)
	}
	return nil
}

func (f *factsOf) synchronises(fn *types.Func) intSet {
	fn = fn.Origin()
	if s := f.local[fn]; s != nil {
		return s.syncs
	}
	if methodKey(fn) != "" {
		m, _ := f.method(fn)
		return toSet(m.Syncs)
	}
	var fact synchronisesArgs
	if f.lookup(fn, &fact) {
		return toSet(fact.Args)
	}
	return nil
}

// paramCalls returns the callbacks fn calls with its arguments.
func (f *factsOf) paramCalls(fn *types.Func) []paramCall {
	fn = fn.Origin()
	if s := f.local[fn]; s != nil {
		return s.paramCalls
	}
	if methodKey(fn) != "" {
		m, _ := f.method(fn)
		return m.Calls
	}
	var fact callsArgs
	if f.lookup(fn, &fact) {
		return fact.Calls
	}
	return nil
}

func (f *factsOf) snapshot(fn *types.Func) (string, bool) {
	fn = fn.Origin()
	if s := f.local[fn]; s != nil {
		return s.snapshot, s.snapshot != ""
	}
	var fact returnsSnapshot
	if f.lookup(fn, &fact) {
		return fact.From, true
	}
	return "", false
}

// snapshotCopied returns the fields fn replaces in a snapshot it returns
// by value.
func (f *factsOf) snapshotCopied(fn *types.Func) []int {
	fn = fn.Origin()
	if s := f.local[fn]; s != nil {
		return s.snapshotCopied
	}
	var fact returnsSnapshot
	if f.lookup(fn, &fact) {
		return fact.Copied
	}
	return nil
}

func toSet(xs []int) intSet {
	s := intSet{}
	for _, x := range xs {
		s[x] = true
	}
	return s
}

// exemptFromMutation reports whether fn belongs to a package whose
// operations on shared memory are synchronised by design: locking a mutex or
// adding to an atomic counter inside a snapshot is not a copy-on-write
// violation.
func exemptFromMutation(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "sync", "sync/atomic", "internal/sync", "internal/runtime/atomic":
		return true
	}
	return false
}
