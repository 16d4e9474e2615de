package held

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// Entries gives the locks held on entry to the functions of one package,
// from the evidence of their calls rather than their names: an unexported
// function whose every use is a direct call, made while the caller holds
// a lock of some class, finds a lock of that class held (a fooLocked
// helper called only under s.mu). Exported functions, methods an
// interface of the package may dispatch to, and functions used as values
// have callers out of sight and start with nothing held. Calls within a
// cycle of calls prove nothing for one another.
type Entries struct {
	info  *types.Info
	files []*ast.File
	conf  func(decl *ast.FuncDecl) Config // the configuration of each caller's analysis
	uses  map[*types.Func][]*ast.Ident    // built on demand
	iface map[string]bool                 // method names of the package's interfaces
	memo  map[*ast.FuncDecl][]Lock
	busy  map[*ast.FuncDecl]bool
	funcs map[*ast.FuncDecl]*Func
}

// NewEntries returns the entry locks of the package whose files are
// files; conf gives the configuration to analyse a caller with (its Entry
// is filled in here), nil for the zero Config.
func NewEntries(info *types.Info, files []*ast.File, conf func(*ast.FuncDecl) Config) *Entries {
	if conf == nil {
		conf = func(*ast.FuncDecl) Config { return Config{} }
	}
	return &Entries{info: info, files: files, conf: conf, memo: map[*ast.FuncDecl][]Lock{}, busy: map[*ast.FuncDecl]bool{}, funcs: map[*ast.FuncDecl]*Func{}}
}

// Of returns the locks held on entry to decl: those every call holds.
func (e *Entries) Of(decl *ast.FuncDecl) []Lock {
	if locks, ok := e.memo[decl]; ok {
		return locks
	}
	if e.busy[decl] {
		return nil
	}
	e.busy[decl] = true
	locks := e.compute(decl)
	delete(e.busy, decl)
	e.memo[decl] = locks
	return locks
}

// Func returns the analysis of decl with its entry locks.
func (e *Entries) Func(decl *ast.FuncDecl) *Func {
	if f, ok := e.funcs[decl]; ok {
		return f
	}
	conf := e.conf(decl)
	conf.Entry = e.Of(decl)
	f := Analyze(e.info, decl, conf)
	e.funcs[decl] = f
	return f
}

func (e *Entries) compute(decl *ast.FuncDecl) []Lock {
	fn, ok := e.info.Defs[decl.Name].(*types.Func)
	if !ok || fn.Exported() || decl.Name.Name == "_" {
		return nil
	}
	if decl.Recv != nil && e.interfaceMethod(fn.Name()) {
		return nil
	}
	if e.uses == nil {
		e.uses = map[*types.Func][]*ast.Ident{}
		for id, obj := range e.info.Uses {
			if f, ok := obj.(*types.Func); ok {
				f = f.Origin()
				e.uses[f] = append(e.uses[f], id)
			}
		}
	}
	uses := e.uses[fn.Origin()]
	if len(uses) == 0 {
		return nil
	}
	var common []Lock
	for i, id := range uses {
		locks, ok := e.atCall(id)
		if !ok || len(locks) == 0 {
			return nil
		}
		if i == 0 {
			common = locks
			continue
		}
		common = intersectClasses(common, locks)
		if len(common) == 0 {
			return nil
		}
	}
	out := make([]Lock, len(common))
	for i, l := range common {
		out[i] = Lock{Class: l.Class, Shared: l.Shared, Must: true, Site: decl.Pos()}
	}
	return out
}

// atCall returns the locks certainly held at the call whose callee id
// names, false when id is not the callee of a direct call in a function
// declaration.
func (e *Entries) atCall(id *ast.Ident) ([]Lock, bool) {
	file := e.fileOf(id)
	if file == nil {
		return nil, false
	}
	path, _ := astutil.PathEnclosingInterval(file, id.Pos(), id.End())
	if len(path) < 2 {
		return nil, false
	}
	var fun ast.Node = id
	i := 1
	if sel, ok := path[1].(*ast.SelectorExpr); ok && sel.Sel == id {
		fun, i = sel, 2
	}
	if i >= len(path) {
		return nil, false
	}
	call, ok := path[i].(*ast.CallExpr)
	if !ok || call.Fun != fun {
		return nil, false
	}
	var decl *ast.FuncDecl
	for _, n := range path[i:] {
		switch n := n.(type) {
		case *ast.GoStmt, *ast.DeferStmt:
			return nil, false // runs elsewhere, or at the return
		case *ast.FuncDecl:
			decl = n
		}
	}
	if decl == nil {
		return nil, false
	}
	var must []Lock
	for _, l := range e.Func(decl).At(call.Pos()) {
		if l.Must {
			must = append(must, l)
		}
	}
	return must, true
}

func (e *Entries) fileOf(id *ast.Ident) *ast.File {
	for _, f := range e.files {
		if f.FileStart <= id.Pos() && id.Pos() < f.FileEnd {
			return f
		}
	}
	return nil
}

func (e *Entries) interfaceMethod(name string) bool {
	if e.iface == nil {
		e.iface = map[string]bool{}
		for _, obj := range e.info.Defs {
			if m, ok := obj.(*types.Func); ok {
				if recv := m.Type().(*types.Signature).Recv(); recv != nil && types.IsInterface(recv.Type()) {
					e.iface[m.Name()] = true
				}
			}
		}
	}
	return e.iface[name]
}

// intersectClasses keeps the locks of a whose class b holds too (read-locked if
// either is).
func intersectClasses(a, b []Lock) []Lock {
	var out []Lock
	for _, l := range a {
		for _, m := range b {
			if l.Class == m.Class {
				l.Shared = l.Shared || m.Shared
				out = append(out, l)
				break
			}
		}
	}
	return out
}
