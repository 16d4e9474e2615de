package atomicmix

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cowlint/cowlint/internal/callres"
	"github.com/cowlint/cowlint/internal/escape/owned"
	"github.com/cowlint/cowlint/internal/guard"
	"github.com/cowlint/cowlint/internal/identity"
)

//go:generate go run github.com/cowlint/cowlint/internal/docs/docgen atomicmix

// Analyzer reports plain accesses of memory accessed with sync/atomic, and
// Load-then-Store sequences that lose concurrent updates.
//
// It works on the syntax tree with type information: both rules are about
// how expressions name memory (identity keys) and where statements sit
// relative to one another, which the AST gives directly and cheaply. It
// does not even walk every body: the type checker's records of uses and
// selections say where sync/atomic is called and where memory of an
// atomic-capable type is accessed, and only those few places are looked
// up in the syntax. The one flow question, whether a Store is reachable
// from a Load with no other operation on the variable in between, is
// answered by a golang.org/x/tools/go/cfg graph built only for functions
// holding both a Load and a later Store of one variable. Requiring
// buildssa or ctrlflow instead would cost every package of a go vet run,
// since the analyzer has facts and so runs on every dependency.
var Analyzer = &analysis.Analyzer{
	Name:      "atomicmix",
	Doc:       doc,
	URL:       "https://github.com/cowlint/cowlint#atomicmix",
	Requires:  []*analysis.Analyzer{callres.Analyzer},
	Run:       guard.Run(run),
	FactTypes: []analysis.Fact{new(accessFacts)},
}

func run(pass *analysis.Pass) (any, error) {
	if pass.Pkg.Path() == "sync/atomic" {
		return nil, nil // the implementation of the atomics themselves
	}
	deps := importFacts(pass)
	s := &scan{funcs: map[*ast.FuncDecl]*function{}, info: pass.TypesInfo, files: pass.Files}

	// Atomic operations (typed ones may be reached without importing
	// sync/atomic, through another package's struct).
	findAtomic(pass, s)

	// The memory to follow: every target of a legacy function, here or in
	// a dependency, and this package's own exported fields and variables
	// that importers may access atomically.
	targets := newMemoryKeys()
	for _, u := range s.atomic {
		if !u.op.Typed {
			targets.add(u.id.Key, u.id.Short)
		}
	}
	for key, sites := range deps.atomic {
		targets.add(key, sites[0].Short)
	}
	exported := exportedCandidates(pass)
	if len(targets.keys) == 0 && len(exported.keys) == 0 && len(s.atomic) == 0 && len(s.elements) == 0 {
		return nil, nil // nothing atomic here, nothing importers could race with
	}

	// Plain accesses of that memory.
	findPlain(pass, s, targets, exported)
	// Copies of structs holding such memory: only fields are copied with
	// their struct, and most packages know of none accessed atomically.
	if len(targets.fields) > 0 {
		findCopies(pass, s, targets.fields)
	}

	c := &checker{pass: pass, s: s, deps: deps, contexts: map[ast.Node]*funcContext{}, entry: map[entryKey]bool{},
		regions: map[*ast.FuncDecl]*owned.Region{}, inPlace: map[*ast.FuncDecl]map[*ast.FuncLit]ast.Node{}, locks: map[ast.Node]*lockMap{},
		varWrites: map[*ast.FuncDecl]*varWrites{}}
	// Rule 1: plain access of atomic memory, both ways across packages.
	c.checkMixed()
	// Rule 2: Load then Store sequences that lose updates.
	c.checkLostUpdates()

	c.exportFacts()
	return nil, nil
}

// exportedCandidates returns the keys of this package's fields and
// package variables that another package can pass to a sync/atomic
// function: exported, of type int32, int64, uint32, uint64, uintptr or
// unsafe.Pointer.
func exportedCandidates(pass *analysis.Pass) *memoryKeys {
	keys := newMemoryKeys()
	pkg := pass.Pkg
	// The top-level declarations, rather than the package scope, whose
	// Names sorts every name of the package.
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.VAR && gen.Tok != token.TYPE {
				continue
			}
			for _, spec := range gen.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, name := range spec.Names {
						if v, ok := pass.TypesInfo.Defs[name].(*types.Var); ok && v.Exported() && atomicMemory(v.Type()) {
							keys.add(pkg.Path()+"."+v.Name(), v.Name())
						}
					}
				case *ast.TypeSpec:
					obj, ok := pass.TypesInfo.Defs[spec.Name].(*types.TypeName)
					if !ok {
						continue
					}
					n, ok := types.Unalias(obj.Type()).(*types.Named)
					if !ok {
						continue
					}
					st, ok := n.Underlying().(*types.Struct)
					if !ok {
						continue
					}
					for f := range st.Fields() {
						if f.Exported() && atomicMemory(f.Type()) {
							id := identity.FieldKey(n, f.Name())
							keys.add(id.Key, id.Short)
						}
					}
				}
			}
		}
	}
	return keys
}

// reachable reports whether every element of a Field or Global ID's name
// is exported, so that another package can access it.
func reachable(id identity.ID) bool {
	if id.Kind != identity.Field && id.Kind != identity.Global {
		return false
	}
	parts := strings.Split(id.Short, ".")
	if id.Kind == identity.Field {
		parts = parts[1:] // the type itself may be unexported
	}
	return !slices.ContainsFunc(parts, func(p string) bool { return !ast.IsExported(p) })
}

// ownKey reports whether key names memory declared in pkg.
func ownKey(pkg *types.Package, id identity.ID) bool {
	return id.Key == pkg.Path()+"."+id.Short
}
