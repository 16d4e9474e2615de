// Package irbuild builds honnef.co/go/tools IR for one package on demand.
//
// honnef's own buildir analyzer is internal to its module and requires
// ctrlflow, which would make every pass that depends on it run on every
// dependency and build IR for every package. A cowlint pass that needs IR
// calls Build only after a cheap syntactic pre-scan has shown the package
// can matter, so packages without the constructs it looks for cost nothing.
//
// The recipe follows honnef.co/go/tools/internal/passes/buildir (MIT
// licence, itself after golang.org/x/tools' ssautil.BuildPackage, BSD): a
// fresh Program per package, imported packages created without syntax,
// then the package itself built from the pass's files and type
// information. Calls to functions that never return are not pruned from
// the control-flow graph (ctrlflow's NoReturn is not computed); passes
// must tolerate unreachable paths after such calls.
package irbuild

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/go/ir"
)

// Result is the IR of one package.
type Result struct {
	Pkg *ir.Package
	// SrcFuncs lists the package's functions with source, anonymous
	// functions included, in source order.
	SrcFuncs []*ir.Function
}

// Build builds the IR of the package under analysis. It builds nothing
// for the imported packages: their functions appear as external
// declarations, identified by their types.Func.
func Build(pass *analysis.Pass) *Result {
	return build(pass, pass.Files)
}

func build(pass *analysis.Pass, files []*ast.File) *Result {
	prog := ir.NewProgram(pass.Fset, 0)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, files, pass.TypesInfo, false)
	pkg.Build()

	funcs := make([]*ir.Function, 0, len(pkg.Functions))
	var addAnons func(f *ir.Function)
	addAnons = func(f *ir.Function) {
		for _, anon := range f.AnonFuncs {
			funcs = append(funcs, anon)
			addAnons(anon)
		}
	}
	funcs = append(funcs, pkg.Functions...)
	for _, fn := range pkg.Functions {
		addAnons(fn)
	}
	return &Result{Pkg: pkg, SrcFuncs: funcs}
}

// BuildFuncs is Build restricted to the function declarations keep
// accepts: the others are created from their signatures only (as if
// declared without a body, like assembly functions), so calls to them
// still resolve. Package-level variable initialisers are always built.
// Building IR costs far more than type-checking; a pass that needs a few
// functions of a large package pays for those only.
func BuildFuncs(pass *analysis.Pass, keep func(*ast.FuncDecl) bool) *Result {
	files := make([]*ast.File, len(pass.Files))
	for i, f := range pass.Files {
		trimmed := *f
		trimmed.Decls = make([]ast.Decl, len(f.Decls))
		for j, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && !keep(fd) {
				bodiless := *fd
				bodiless.Body = nil
				d = &bodiless
			}
			trimmed.Decls[j] = d
		}
		files[i] = &trimmed
	}
	return build(pass, files)
}
