package lockorder

import (
	"go/token"
	"slices"
	"strings"
)

// exportSummaries exports the summaries of the package's exported
// functions, leaving out the acquisitions of private leaf classes.
func (a *analyzer) exportSummaries() {
	a.leaves = a.privateLeaves()
	for _, fn := range a.exported {
		sum := a.summaries[fn]
		if sum == nil {
			continue
		}
		out := *sum
		leaf := func(acq acquisition) bool { return a.leaves[acq.Class] }
		if slices.ContainsFunc(sum.Acquires, leaf) {
			out.Acquires = slices.DeleteFunc(slices.Clone(sum.Acquires), leaf)
		}
		if !out.empty() {
			a.pass.ExportObjectFact(fn, &out)
		}
	}
}

// privateLeaves returns the classes of this package that no other package
// can lock (an unexported variable or field on the path, and no exported
// lock helper returning it held) and under which this package acquires
// nothing: no cycle can pass through them, and no importer can hold them,
// so their acquisitions need not leave the package. sync's allPoolsMu and
// Once.m are such: without this, every function that formats a string
// would be summarised as acquiring them.
func (a *analyzer) privateLeaves() map[string]bool {
	leaves := map[string]bool{}
	heldOut := map[string]bool{}
	for _, e := range a.edges {
		heldOut[e.From] = true
	}
	for _, fn := range a.exported {
		if sum := a.summaries[fn]; sum != nil {
			for _, h := range sum.Holds {
				heldOut[h.Class] = true
			}
			for _, c := range sum.Calls {
				for _, h := range c.Held {
					heldOut[h.Class] = true // a callback runs under it
				}
			}
		}
	}
	prefix := a.pass.Pkg.Path() + "."
	for _, fn := range a.exported {
		sum := a.summaries[fn]
		if sum == nil {
			continue
		}
		for _, acq := range sum.Acquires {
			if strings.HasPrefix(acq.Class, prefix) && !heldOut[acq.Class] && privateName(acq) {
				leaves[acq.Class] = true
			}
		}
	}
	return leaves
}

// privateName reports whether a class names an unexported variable or
// passes through an unexported field (the type name aside).
func privateName(acq acquisition) bool {
	parts := strings.Split(acq.Short, ".")
	if !acq.Global {
		parts = parts[1:] // Type.field...: the type may be reached through exported API
	}
	for _, p := range parts {
		if p != "" && !token.IsExported(p) {
			return true
		}
	}
	return false
}
