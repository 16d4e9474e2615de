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
	prog := ir.NewProgram(pass.Fset, 0)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
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
