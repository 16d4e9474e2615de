package escape

import "go/types"

// ownedOnEntry lists the exported functions whose callers, out of sight
// of the package that declares them, are known to hand them objects no
// other goroutine can reach yet. An exported function's callers live in
// importers, analysed after it, so no analysis of the declaring package
// can prove this; user code says it with a //cowlint:exclusive directive
// in the function's doc comment, which std and the modules the suite
// depends on cannot carry. Each entry is keyed on the package path, the
// receiver's type name (empty for a function) and the function's name,
// and says why its callers pass private objects.
var ownedOnEntry = map[[3]string]string{
	// os's newFile and net's (*netFD).init call it on the FD inside a
	// File or netFD they have just allocated, before returning it.
	{"internal/poll", "FD", "Init"}: "os and net initialise new FDs",
	// internal/filetype's Builder.Build calls it on the ExtensionInfos
	// of a generated file, in the generated package's init function.
	{"google.golang.org/protobuf/internal/impl", "", "InitExtensionInfo"}: "extensions are built during package initialisation",
}

// OwnedOnEntry reports whether fn, a function or method, is known to be
// given objects no other goroutine can reach yet (its receiver and
// parameters are private on entry), and why.
func OwnedOnEntry(fn *types.Func) (string, bool) {
	if fn.Pkg() == nil {
		return "", false
	}
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		t := r.Type()
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok {
			return "", false
		}
		recv = n.Obj().Name()
	}
	why, ok := ownedOnEntry[[3]string{fn.Pkg().Path(), recv, fn.Name()}]
	return why, ok
}
