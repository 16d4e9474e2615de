package atomicmix

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/atomicop"
	"github.com/cowlint/cowlint/internal/callres"
	"github.com/cowlint/cowlint/internal/directive"
	"github.com/cowlint/cowlint/internal/escape/owned"
	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/internal/hb"
	"github.com/cowlint/cowlint/internal/held"
	"github.com/cowlint/cowlint/internal/identity"
	"github.com/cowlint/cowlint/internal/retain"
)

// checker carries one package's analysis from the scan to the reports.
type checker struct {
	pass *analysis.Pass
	s    *scan
	deps *depFacts
	// plainFacts are this package's witnesses for its own exported
	// memory, computed by checkMixed for exportFacts.
	plainFacts []plainSite
	contexts   map[ast.Node]*funcContext
	regions    map[*ast.FuncDecl]*owned.Region
	inPlace    map[*ast.FuncDecl]map[*ast.FuncLit]ast.Node
	locks      map[ast.Node]*lockMap
	varWrites  map[*ast.FuncDecl]*varWrites
	// Indexes of the lost-update rule, built on demand.
	plainIndex   map[ast.Node]map[varKey][]token.Pos
	atomicWrites map[string][]*atomicUse
	writeSums    map[string]writeSummary
	files        map[*token.File][]byte // contents, for text
	stopped      map[*types.Func]bool   // world-stopped hooks, built on demand
	// For privateOnEntry, built on demand.
	entry        map[entryKey]bool
	funcUses     map[*types.Func][]*ast.Ident
	ifaceMethods map[string]bool
	retained     *retain.Params
	contained    map[string]*memoryState // memory states by key and container (containers.go)
	entries      *held.Entries
	free         map[freeKey]*unserialised // the lost-update rule's writers without a lock, by variable and lock
	note         *unserialised             // why the lock held does not serialise the finding being reported
}

func (c *checker) context(body ast.Node) *funcContext {
	ctx := c.contexts[body]
	if ctx == nil {
		guard.At(c.pass, body.Pos())
		if c.retained == nil {
			c.retained = retain.New(c.pass.TypesInfo, c.pass.Pkg, c.pass.Files)
			if r, ok := callres.Of(c.pass); ok {
				// A dynamic call keeps nothing when every function it
				// can run keeps nothing (see internal/retain).
				c.retained.UseResolver(r)
			}
		}
		ctx = newFuncContext(c.pass.TypesInfo, body, strings.HasSuffix(c.pass.Fset.File(body.Pos()).Name(), "_test.go"), c.retained)
		c.contexts[body] = ctx
	}
	return ctx
}

// heldAt returns the locks certainly held at pos in body, a body of fn:
// in a literal run in place, its caller's too (see lockBody).
func (c *checker) heldAt(fn *function, body ast.Node, pos token.Pos) []heldLock {
	body = c.lockBody(fn.decl, body)
	m := c.locks[body]
	if m == nil {
		if c.entries == nil {
			c.entries = held.NewEntries(c.pass.TypesInfo, c.pass.Files, nil)
		}
		m = buildLockMap(c.pass.TypesInfo, body, c.entries)
		c.locks[body] = m
	}
	return m.at(pos)
}

// silent reports whether a plain access cannot race, whatever else
// accesses the memory: it happens before the memory can be shared, or
// after every goroutine that shared it has been joined.
func (c *checker) silent(u *plainUse) bool {
	decl, pos := u.fn.decl, u.expr.Pos()
	inDecl := u.body == decl
	if inDecl && decl.Recv == nil && decl.Name.Name == "init" {
		return true // package initialisation runs before main's goroutines
	}
	if c.runsAlone(decl) {
		return true // a hook run with the world stopped, or declared //cowlint:exclusive
	}
	if u.base != nil {
		if v, ok := c.pass.TypesInfo.Uses[u.base].(*types.Var); ok {
			if c.privateBase(u.fn, u.body, v, pos) {
				return true
			}
		}
	}
	if owned.MayBeFresh(c.pass.TypesInfo, decl, u.expr) && c.region(decl).Private(u.expr) {
		return true // an object the function allocated, reached through its locals before any of them escapes
	}
	return c.sequentialTestAt(u.body, pos)
}

// privateBase reports whether the memory reached through the variable v
// is private to body at pos: v is a local (or a pointer parameter every
// caller passes a private object to) that has not escaped to another
// goroutine there.
func (c *checker) privateBase(fn *function, body ast.Node, v *types.Var, pos token.Pos) bool {
	// The body's context is built only when it can tell: a pointer
	// parameter or receiver is never private.
	param := pointerParam(body, v)
	if param && (body != ast.Node(fn.decl) || !c.privateOnEntry(fn.decl, v)) {
		return false
	}
	ctx := c.context(body)
	if param {
		c.entryVar(ctx, v)
	}
	l := ctx.local(v)
	return l != nil && ctx.privateAt(l, pos)
}

// sequentialTestAt reports whether pos, in body, is in test code that
// nothing else runs with: a sequential test, or test code that has joined
// the goroutines it started.
func (c *checker) sequentialTestAt(body ast.Node, pos token.Pos) bool {
	if !strings.HasSuffix(c.pass.Fset.File(pos).Name(), "_test.go") {
		return false
	}
	ctx := c.context(body)
	return !ctx.goroutines.Parallel && ctx.sequentialAt(pos) && (ctx.testBody() || len(ctx.goroutines.Starts) > 0)
}

// pointerParam reports whether v is a parameter or receiver of pointer
// type of body, an *ast.FuncDecl or *ast.FuncLit.
func pointerParam(body ast.Node, v *types.Var) bool {
	block := funcBody(body)
	return block != nil && isPointer(v.Type()) && body.Pos() <= v.Pos() && v.Pos() < block.Lbrace
}

// runsAlone reports whether nothing runs concurrently with decl: its
// doc comment says so with //cowlint:exclusive, or it is only ever
// registered as a hook the runtime calls with the world stopped (sync's
// poolCleanup; see hb.RegistersStopped).
func (c *checker) runsAlone(decl *ast.FuncDecl) bool {
	if directive.InDoc(decl.Doc, directive.Exclusive) != nil {
		return true
	}
	if c.stopped == nil {
		c.stopped = stoppedHooks(c.pass)
	}
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	return ok && c.stopped[fn]
}

// stoppedHooks returns the functions of the package that are registered
// as world-stopped hooks and used nowhere else.
func stoppedHooks(pass *analysis.Pass) map[*types.Func]bool {
	hooks := map[*types.Func]bool{}
	registered := map[*ast.Ident]bool{}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if arg, ok := hb.RegistersStopped(pass.TypesInfo, call); ok {
				if id, ok := ast.Unparen(call.Args[arg]).(*ast.Ident); ok {
					if fn, ok := pass.TypesInfo.Uses[id].(*types.Func); ok {
						hooks[fn] = true
						registered[id] = true
					}
				}
			}
			return true
		})
	}
	if len(hooks) == 0 {
		return hooks
	}
	for id, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && hooks[fn] && !registered[id] {
			delete(hooks, fn) // also called or used elsewhere
		}
	}
	return hooks
}

// isTestFunc reports whether decl is a test, benchmark, fuzz or example
// function. go test runs an example alone, never in parallel with a test
// or another example.
func isTestFunc(decl *ast.FuncDecl) bool {
	name := decl.Name.Name
	if decl.Recv == nil && strings.HasPrefix(name, "Example") {
		return decl.Type.Params.NumFields() == 0 && decl.Type.Results.NumFields() == 0
	}
	return decl.Recv == nil && (strings.HasPrefix(name, "Test") || strings.HasPrefix(name, "Benchmark") || strings.HasPrefix(name, "Fuzz"))
}

// memoryState is what is known about one atomic variable: its atomic
// accesses here and in dependencies, and the locks held at every atomic
// write.
type memoryState struct {
	id         identity.ID
	local      []*atomicUse
	remote     []remoteSite
	writes     bool
	writeLocks lockSet
}

func (m *memoryState) firstWrite() *atomicUse {
	for _, u := range m.local {
		if u.op.Kind.Writes() {
			return u
		}
	}
	return nil
}

// checkMixed reports the plain accesses of memory accessed atomically,
// here or (through facts) in a dependency, and the atomic accesses here of
// memory a dependency accesses plainly.
func (c *checker) checkMixed() {
	states := map[string]*memoryState{}
	state := func(id identity.ID) *memoryState {
		m := states[id.Key]
		if m == nil {
			m = &memoryState{id: id}
			states[id.Key] = m
		}
		return m
	}
	for _, u := range c.s.atomic {
		if u.op.Typed {
			continue
		}
		m := state(u.id)
		m.local = append(m.local, u)
		if u.op.Kind.Writes() {
			m.writes = true
			m.writeLocks.add(exclusiveKeys(c.heldAt(u.fn, u.body, u.op.Call.Pos())))
		}
	}

	plainByKey := map[string][]*plainUse{}
	for _, u := range c.s.plain {
		plainByKey[u.id.Key] = append(plainByKey[u.id.Key], u)
	}
	for key, sites := range c.deps.atomic {
		if len(plainByKey[key]) == 0 && states[key] == nil {
			continue
		}
		var m *memoryState
		if len(plainByKey[key]) > 0 {
			m = state(plainByKey[key][0].id)
		} else {
			m = states[key]
		}
		for _, site := range sites {
			m.remote = append(m.remote, site)
			if site.Writes {
				m.writes = true
				m.writeLocks.add(site.WriteLocks)
			}
		}
	}

	keys := make([]string, 0, len(plainByKey))
	for k := range plainByKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		uses := plainByKey[key]
		m := states[key]
		if m == nil {
			c.witness(uses) // not atomic anywhere we know of: tell importers
			continue
		}
		merged := mergedReads(uses)
		for _, u := range uses {
			m := c.inContainer(m, u.cont.key)
			if m == nil || merged[u] || u.group != nil && u.group.reported || c.silent(u) {
				continue // nothing atomic in u's container, or the copy was reported
			}
			if !u.write && !c.readRaces(u, m) {
				continue
			}
			c.reportPlain(u, m)
			if u.group != nil {
				u.group.reported = true
			}
		}
	}

	// The other direction: atomic here, plain in the declaring package.
	for _, key := range slices.Sorted(maps.Keys(states)) {
		m := states[key]
		if len(m.local) == 0 {
			continue
		}
		site, ok := c.deps.plain[key]
		if !ok || c.deps.atomicIn[c.deps.plainPkg[key]][key] {
			continue // no plain access there, or that package knew and reported it
		}
		if !site.Write && (!m.writes || covers(site.Locks, m.writeLocks.keys)) {
			continue
		}
		c.reportRemotePlain(m, site, c.deps.plainPkg[key])
	}
}

// readRaces reports whether a plain read can race with an atomic write:
// there is one, and the reader does not hold a lock every atomic writer
// holds.
func (c *checker) readRaces(u *plainUse, m *memoryState) bool {
	if !m.writes {
		return false // atomic loads and plain reads do not race; plain writes are reported
	}
	held := allKeys(c.heldAt(u.fn, u.body, u.expr.Pos()))
	return !covers(held, m.writeLocks.keys)
}

// mergedReads returns the reads that are part of a reported write, x in
// x = x + 1, so that the statement is reported once.
func mergedReads(uses []*plainUse) map[*plainUse]bool {
	merged := map[*plainUse]bool{}
	for _, w := range uses {
		as, ok := w.stmt.(*ast.AssignStmt)
		if !ok || !w.write {
			continue
		}
		for _, r := range uses {
			if !r.write && r.expr.Pos() >= as.Rhs[0].Pos() && r.expr.End() <= as.End() {
				merged[r] = true
			}
		}
	}
	return merged
}

// witness records the first plain access of this package's own exported
// memory that initialisation does not explain, for importers that access
// it atomically. A write is preferred: it races with any atomic access.
func (c *checker) witness(uses []*plainUse) {
	id := uses[0].id
	if !ownKey(c.pass.Pkg, id) || !reachable(id) {
		return
	}
	// The writes first, then the reads, each in order, judging only
	// until one is found (silent builds a function's context).
	for _, u := range uses {
		if u.write && !c.silent(u) {
			c.plainFacts = append(c.plainFacts, plainSite{Key: id.Key, Short: id.Short, Where: c.where(u.expr.Pos()), Write: true})
			return
		}
	}
	var read *plainUse
	for _, u := range uses {
		if !u.write && !c.silent(u) {
			read = u
			break
		}
	}
	if read != nil {
		locks := allKeys(c.heldAt(read.fn, read.body, read.expr.Pos()))
		c.plainFacts = append(c.plainFacts, plainSite{Key: id.Key, Short: id.Short, Where: c.where(read.expr.Pos()), Locks: locks})
	}
}

// where renders a position for a fact or a message: file base name, line
// and column, the same on every machine.
func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d:%d", filepath.Base(p.Filename), p.Line, p.Column)
}

func accessKind(write bool) string {
	if write {
		return "write"
	}
	return "read"
}

// remedy says what the memory, of type t, should become: "make it an
// atomic.Int64 so that every access is atomic"; for a float or another
// type the functions reach through a conversion, "make every access
// atomic".
func remedy(t types.Type) string {
	k := atomicKind(t)
	if _, ok := t.Underlying().(*types.Pointer); ok || k == "Pointer" {
		return "make it an atomic.Pointer[T] so that every access is atomic"
	}
	if k == "" {
		return "make every access atomic"
	}
	return "make it an atomic." + k + " so that every access is atomic"
}

func (c *checker) reportPlain(u *plainUse, m *memoryState) {
	typ := c.pass.TypesInfo.TypeOf(u.expr)
	if u.field != nil {
		typ = u.field.Type()
	}
	t := atomicType(typ) // "" for a named type: its fix would need conversions
	d := analysis.Diagnostic{Pos: u.expr.Pos(), End: u.expr.End()}
	var evidence string
	if len(m.local) > 0 {
		a := m.local[0]
		if w := m.firstWrite(); w != nil && !u.write {
			a = w
		}
		evidence = fmt.Sprintf("%s at %s", types.ExprString(a.op.Call.Fun), c.where(a.op.Call.Pos()))
		d.Related = []analysis.RelatedInformation{{Pos: a.op.Call.Pos(), End: a.op.Call.End(), Message: "atomic access of " + a.id.Short}}
	} else {
		r := m.remote[0]
		for _, s := range m.remote {
			if s.Writes && !u.write {
				r = s
				break
			}
		}
		evidence = fmt.Sprintf("%s in %s at %s", r.Op, r.pkg, r.Where)
		obj := c.object(u.expr)
		if u.field != nil {
			obj = u.field
		}
		if obj != nil {
			d.Related = []analysis.RelatedInformation{{Pos: obj.Pos(), Message: fmt.Sprintf("%s, accessed atomically at %s", u.id.Short, r.Where)}}
		}
	}
	d.Message = fmt.Sprintf("plain %s of %s, which is accessed atomically (%s): a data race; %s",
		accessKind(u.write), u.name(), evidence, remedy(typ))
	if u.copyOf != "" {
		d.Message = fmt.Sprintf("copy of %s reads %s plainly, which is accessed atomically (%s): a data race; %s",
			u.copyOf, u.name(), evidence, remedy(typ))
		c.pass.Report(d) // no mechanical fix: the copy must become field-by-field loads
		return
	}
	if fix, ok := c.plainFix(u, t); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

func (c *checker) reportRemotePlain(m *memoryState, site plainSite, pkg string) {
	a := m.local[0]
	if w := m.firstWrite(); w != nil && !site.Write {
		a = w
	}
	typ := types.Type(types.Typ[types.Int64])
	if sel := a.op.Target; sel != nil {
		if t := c.pass.TypesInfo.TypeOf(sel); t != nil {
			typ = t
		}
	}
	d := analysis.Diagnostic{
		Pos: a.op.Call.Pos(),
		End: a.op.Call.End(),
		Message: fmt.Sprintf("atomic access of %s, which package %s accesses plainly (a %s at %s): a data race; %s",
			m.id.Short, pkg, accessKind(site.Write), site.Where, remedy(typ)),
	}
	if obj := c.object(a.op.Target); obj != nil {
		d.Related = []analysis.RelatedInformation{{Pos: obj.Pos(), Message: fmt.Sprintf("%s, accessed plainly at %s", m.id.Short, site.Where)}}
	}
	c.pass.Report(d)
}

// object returns the field or variable an access expression denotes, whose
// declaration is a position in the other package (under go vet, from its
// export data).
func (c *checker) object(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if s := c.pass.TypesInfo.Selections[e]; s != nil {
			return s.Obj()
		}
		return c.pass.TypesInfo.Uses[e.Sel]
	case *ast.Ident:
		return c.pass.TypesInfo.Uses[e]
	}
	return nil
}

// exportFacts tells importers what this package accesses atomically and
// which of its own exported memory it accesses plainly.
func (c *checker) exportFacts() {
	f := &accessFacts{Pkg: c.pass.Pkg.Path()}
	byKey := map[string][]*atomicUse{} // the operations on each memory, the first one first
	var order []string
	for _, u := range c.s.atomic {
		if u.op.Typed || !reachable(u.id) {
			continue
		}
		if byKey[u.id.Key] == nil {
			order = append(order, u.id.Key)
		}
		byKey[u.id.Key] = append(byKey[u.id.Key], u)
	}
	for _, key := range order {
		all := byKey[key]
		u := all[0]
		site := atomicSite{Key: key, Short: u.id.Short, Where: c.where(u.op.Call.Pos()), Op: types.ExprString(u.op.Call.Fun)}
		var locks, conc lockSet
		stores, mixed := "", false
		for _, w := range all {
			if !w.op.Kind.Writes() {
				continue
			}
			site.Writes = true
			if k, ok := constKey(c.pass.TypesInfo.Types[w.op.Value()]); ok && w.op.Kind == atomicop.Store && (stores == "" || stores == k) {
				stores = k
			} else {
				mixed = true
			}
			held := c.heldAt(w.fn, w.body, w.op.Call.Pos())
			locks.add(exclusiveKeys(held))
			if w.fn == nil || !c.concurrent(w) {
				continue
			}
			site.ConcWrites = true
			conc.add(allKeys(held))
			if len(held) == 0 && site.FreeWrite == "" {
				site.FreeWrite = fmt.Sprintf("%s at %s", c.text(w.op.Call), c.where(w.op.Call.Pos()))
			}
		}
		site.WriteLocks = locks.keys
		site.ConcLocks = conc.keys
		if !mixed {
			site.Stores = stores
		}
		site.Containers = containers(all)
		f.Atomic = append(f.Atomic, site)
	}
	f.Plain = c.plainFacts
	if len(f.Atomic) == 0 && len(f.Plain) == 0 {
		return
	}
	slices.SortFunc(f.Atomic, func(a, b atomicSite) int { return strings.Compare(a.Key, b.Key) })
	slices.SortFunc(f.Plain, func(a, b plainSite) int { return strings.Compare(a.Key, b.Key) })
	c.pass.ExportPackageFact(f)
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
