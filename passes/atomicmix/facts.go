package atomicmix

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// accessFacts is what one package tells its importers about the fields and
// package variables other packages can reach (every element of the name is
// exported): which it accesses atomically, and which of its own it
// accesses plainly. Each name carries one witness position, so the fact
// stays small on every dependency go vet analyzes; entries are sorted by
// key, so the fact is deterministic.
type accessFacts struct {
	Pkg    string
	Atomic []atomicSite
	Plain  []plainSite
}

// atomicSite records that a package accesses Key with sync/atomic
// functions.
type atomicSite struct {
	Key, Short string
	Where      string // file:line:col of the first atomic access
	Op         string // the function, as written: atomic.AddInt64
	// Writes is set when some access may write; WriteLocks lists the
	// locks held exclusively at every atomic write in that package.
	Writes     bool
	WriteLocks []string
	// Containers lists the types holding the memory by value in every
	// atomic access there (see containers.go); empty when some access
	// may reach any container's.
	Containers []string
	// ConcWrites is set when some atomic write may run concurrently
	// with others (not init's, nor a constructor's before the object is
	// shared); ConcLocks lists the locks held, in either mode, at every
	// such write, and FreeWrite names the first one holding no lock
	// ("atomic.AddInt64 at f.go:3:4"). The lost-update rule reads them:
	// a lock held from Load to Store serialises only writers holding it.
	ConcWrites bool
	ConcLocks  []string
	FreeWrite  string
	// Stores is the constant (constKey) every atomic write there
	// stores, when they all store one: a flag only ever set one way.
	Stores string
}

// remoteSite is an atomicSite imported from another package's fact, with
// that package's path (which the fact records once, in Pkg).
type remoteSite struct {
	atomicSite
	pkg string
}

// plainSite records that a package accesses its own Key plainly, at a
// place not explained by initialisation or a join.
type plainSite struct {
	Key, Short string
	Where      string
	Write      bool
	Locks      []string // locks held at the access (reads only)
}

func (*accessFacts) AFact() {}

func (f *accessFacts) String() string {
	var parts []string
	for _, a := range f.Atomic {
		in := ""
		if len(a.Containers) > 0 {
			in = " in " + strings.Join(a.Containers, " ")
		}
		parts = append(parts, "atomic("+a.Short+in+")")
	}
	for _, p := range f.Plain {
		parts = append(parts, "plain("+p.Short+")")
	}
	return strings.Join(parts, " ")
}

// depFacts merges the accessFacts of every dependency.
type depFacts struct {
	atomic map[string][]remoteSite // key -> one site per package that accesses it atomically
	plain  map[string]plainSite    // key -> the declaring package's plain witness
	// atomicIn[pkg][key] is set when package pkg accesses key atomically.
	atomicIn map[string]map[string]bool
	plainPkg map[string]string // key -> package of the plain witness
}

func importFacts(pass *analysis.Pass) *depFacts {
	d := &depFacts{
		atomic:   map[string][]remoteSite{},
		plain:    map[string]plainSite{},
		atomicIn: map[string]map[string]bool{},
		plainPkg: map[string]string{},
	}
	facts := pass.AllPackageFacts()
	// AllPackageFacts has no defined order; sort for deterministic output.
	slices.SortFunc(facts, func(a, b analysis.PackageFact) int { return strings.Compare(a.Package.Path(), b.Package.Path()) })
	for _, pf := range facts {
		f, ok := pf.Fact.(*accessFacts)
		if !ok || pf.Package == pass.Pkg {
			continue
		}
		for _, a := range f.Atomic {
			d.atomic[a.Key] = append(d.atomic[a.Key], remoteSite{a, f.Pkg})
			if d.atomicIn[f.Pkg] == nil {
				d.atomicIn[f.Pkg] = map[string]bool{}
			}
			d.atomicIn[f.Pkg][a.Key] = true
		}
		for _, p := range f.Plain {
			d.plain[p.Key] = p
			d.plainPkg[p.Key] = f.Pkg
		}
	}
	return d
}

func (s atomicSite) String() string { return fmt.Sprintf("%s at %s", s.Op, s.Where) }
