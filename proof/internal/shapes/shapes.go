// Package shapes writes generated Go packages of a given size N in the
// shapes that have made cowlint's cost superlinear (issue 11), for
// proof/cmd/scale to time against the no-op vet tool. Each shape is one
// module with one package (two or more for the multi-package chain); the
// code type-checks and is the kind of code the passes look at (locks,
// atomics, publications), regular and large rather than realistic.
package shapes

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Shape is one generator.
type Shape struct {
	Name, Doc string
	// Files returns the module's files (path relative to the module root
	// -> contents) for size n; go.mod is added by Write.
	Files func(n int) map[string]string
}

// All lists the shapes in the order the sweep prints them.
var All = []Shape{
	{"pairs", "one function, N Lock/Unlock pairs over a few mutexes, with branches and loops", pairs},
	{"leak", "one Lock at the top, N if blocks, one Unlock at the bottom", leak},
	{"chain", "a chain of N functions, each locking its own mutex and calling the next", chain},
	{"ring", "N types, each locked while holding the previous one, the last closing the ring: one component of N classes", ring},
	{"nested", "N/2 types T and N/2 types U, each T locked around a call locking every U and the reverse: every pair nested in both orders", nested},
	{"publish", "one function with N atomic.Pointer Load/Store/mutation sites in a deep CFG", publish},
	{"publishfuncs", "N/8 functions of 8 atomic.Pointer sites each (the publish shape cut below publish's size budget, so that its flow analysis runs on all of them)", publishFuncs},
	{"lost", "N Load/Store pairs for the lost-update rule", lost},
	{"bigfunc", "one function of 3N statements (20,000 at N = 6400) mixing locks, atomics and branches", bigfunc},
	{"deep", "N/12.8 nested blocks and closures (500 at N = 6400), locking at every level", deep},
	{"multipkg", "a chain of N functions across N/128 packages (50 at N = 6400), each locking its own mutex and calling the next", multipkg},
}

// Lookup returns the named shape.
func Lookup(name string) (Shape, bool) {
	for _, s := range All {
		if s.Name == name {
			return s, true
		}
	}
	return Shape{}, false
}

// Write writes shape s at size n as module "gen" under dir.
func Write(dir string, s Shape, n int) error {
	files := s.Files(n)
	files["go.mod"] = "module gen\n\ngo 1.26\n"
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(files[name]), 0o666); err != nil {
			return err
		}
	}
	return nil
}

type buf struct{ strings.Builder }

func (b *buf) p(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }

func one(pkg, body string) map[string]string {
	return map[string]string{pkg + "/" + pkg + ".go": body}
}

func pairs(n int) map[string]string {
	var b buf
	b.p("package pairs\n\nimport \"sync\"\n\nvar mus [4]sync.Mutex\n\nvar a, b, c, d sync.Mutex\n\nfunc F(xs []int) int {\n\tsum := 0")
	locks := []string{"a", "b", "c", "d"}
	for i := range n {
		m := locks[i%4]
		switch i % 3 {
		case 0:
			b.p("\t%s.Lock()\n\tsum += %d\n\t%s.Unlock()", m, i, m)
		case 1:
			b.p("\tif len(xs) > %d {\n\t\t%s.Lock()\n\t\tsum += xs[%d]\n\t\t%s.Unlock()\n\t}", i, m, i, m)
		case 2:
			b.p("\tfor _, x := range xs {\n\t\t%s.Lock()\n\t\tsum += x * %d\n\t\t%s.Unlock()\n\t}", m, i, m)
		}
	}
	b.p("\treturn sum\n}")
	return one("pairs", b.String())
}

func leak(n int) map[string]string {
	var b buf
	b.p("package leak\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc F(xs []int) int {\n\tsum := 0\n\tmu.Lock()")
	for i := range n {
		b.p("\tif len(xs) > %d {\n\t\tsum += xs[%d]\n\t}", i, i)
	}
	b.p("\tmu.Unlock()\n\treturn sum\n}")
	return one("leak", b.String())
}

func chainFuncs(b *buf, pkg string, from, to int, next string) {
	for i := from; i < to; i++ {
		call := fmt.Sprintf("F%d()", i+1)
		if i+1 == to {
			call = next
		}
		b.p("var mu%d sync.Mutex\n\nfunc F%d() {\n\tmu%d.Lock()\n\t%s\n\tmu%d.Unlock()\n}\n", i, i, i, call, i)
	}
}

func chain(n int) map[string]string {
	var b buf
	b.p("package chain\n\nimport \"sync\"\n")
	chainFuncs(&b, "chain", 0, n, "")
	return one("chain", b.String())
}

func multipkg(n int) map[string]string {
	pkgs := max(2, n/128)
	per := max(1, n/pkgs)
	files := map[string]string{}
	for p := range pkgs {
		var b buf
		name := fmt.Sprintf("p%02d", p)
		b.p("package %s\n\nimport (\n\t\"sync\"", name)
		next := ""
		if p+1 < pkgs {
			b.p("\n\t\"gen/p%02d\"", p+1)
			next = fmt.Sprintf("p%02d.F%d()", p+1, (p+1)*per)
		}
		b.p(")\n")
		chainFuncs(&b, name, p*per, (p+1)*per, next)
		files[name+"/"+name+".go"] = b.String()
	}
	return files
}

func ring(n int) map[string]string {
	var b buf
	b.p("package ring\n\nimport \"sync\"\n")
	for i := range n {
		j := (i + 1) % n
		b.p("type T%d struct{ mu sync.Mutex }\n\nfunc (t *T%d) F(u *T%d) {\n\tt.mu.Lock()\n\tu.mu.Lock()\n\tu.mu.Unlock()\n\tt.mu.Unlock()\n}\n", i, i, j)
	}
	return one("ring", b.String())
}

func nested(n int) map[string]string {
	h := max(1, n/2)
	var b buf
	b.p("package nested\n\nimport \"sync\"\n")
	for _, t := range []string{"T", "U"} {
		for i := range h {
			b.p("type %s%d struct{ mu sync.Mutex }\n\nvar %s%s%d %s%d", t, i, strings.ToLower(t), "v", i, t, i)
		}
		b.p("\nfunc lockAll%s() {", t)
		for i := range h {
			b.p("\t%sv%d.mu.Lock()\n\t%sv%d.mu.Unlock()", strings.ToLower(t), i, strings.ToLower(t), i)
		}
		b.p("}\n")
	}
	for i := range h {
		b.p("func (t *T%d) F() {\n\tt.mu.Lock()\n\tlockAllU()\n\tt.mu.Unlock()\n}\n", i)
		b.p("func (u *U%d) F() {\n\tu.mu.Lock()\n\tlockAllT()\n\tu.mu.Unlock()\n}\n", i)
	}
	return one("nested", b.String())
}

func publish(n int) map[string]string {
	var b buf
	b.p("package publish\n\nimport \"sync/atomic\"\n\ntype Config struct {\n\tName string\n\tN    int\n\tTags []string\n}\n\nvar cur atomic.Pointer[Config]\n\nfunc F(xs []int) {\n\tc := &Config{}")
	publishSites(&b, 0, n)
	b.p("\t_ = c\n}")
	return one("publish", b.String())
}

// publishSites writes sites from to to of the publish shape's body.
func publishSites(b *buf, from, to int) {
	for i := from; i < to; i++ {
		switch i % 4 {
		case 0:
			b.p("\tif len(xs) > %d {\n\t\tc = &Config{N: %d}\n\t\tc.Name = \"x\"\n\t\tcur.Store(c)\n\t}", i, i)
		case 1:
			b.p("\tif p := cur.Load(); p != nil && len(xs) > %d {\n\t\tc = p\n\t}", i)
		case 2:
			b.p("\tfor _, x := range xs {\n\t\tif x == %d {\n\t\t\tc = &Config{}\n\t\t\tc.N = x\n\t\t\tbreak\n\t\t}\n\t}", i)
		case 3:
			b.p("\tif len(xs) > %d {\n\t\tq := &Config{Tags: []string{\"t\"}}\n\t\tq.Tags = append(q.Tags, \"u\")\n\t\tcur.Store(q)\n\t}", i)
		}
	}
}

func publishFuncs(n int) map[string]string {
	var b buf
	b.p("package publishfuncs\n\nimport \"sync/atomic\"\n\ntype Config struct {\n\tName string\n\tN    int\n\tTags []string\n}\n\nvar cur atomic.Pointer[Config]")
	for f := 0; f*8 < n; f++ {
		b.p("\nfunc F%d(xs []int) {\n\tc := &Config{}", f)
		publishSites(&b, f*8, min(n, f*8+8))
		b.p("\t_ = c\n}")
	}
	return one("publishfuncs", b.String())
}

func lost(n int) map[string]string {
	var b buf
	b.p("package lost\n\nimport \"sync/atomic\"\n\ntype S struct {\n\tcounts [8]atomic.Int64\n\tv      atomic.Int64\n}\n\nfunc (s *S) F(xs []int) (sum int64) {")
	for i := range n {
		switch i % 3 {
		case 0:
			b.p("\tsum += s.counts[%d].Load()\n\ts.counts[%d].Add(1)", i%8, (i+1)%8)
		case 1:
			b.p("\tif len(xs) > %d {\n\t\tsum += s.v.Load()\n\t}", i)
		case 2:
			b.p("\ts.counts[%d].Store(int64(len(xs) + %d))", i%8, i)
		}
	}
	b.p("\treturn sum\n}")
	return one("lost", b.String())
}

func bigfunc(n int) map[string]string {
	var b buf
	b.p("package bigfunc\n\nimport (\n\t\"sync\"\n\t\"sync/atomic\"\n)\n\ntype S struct {\n\tmu, mu2 sync.Mutex\n\tn       atomic.Int64\n\tm       map[int]int\n}\n\nfunc (s *S) F(xs []int) (sum int) {")
	stmts := 0
	for i := 0; stmts < 3*n; i++ {
		switch i % 5 {
		case 0:
			b.p("\ts.mu.Lock()\n\ts.m[%d] = sum\n\ts.mu.Unlock()", i)
			stmts += 3
		case 1:
			b.p("\tif len(xs) > %d {\n\t\tsum += xs[%d]\n\t}", i, i)
			stmts += 2
		case 2:
			b.p("\ts.n.Add(%d)", i)
			stmts++
		case 3:
			b.p("\ts.mu.Lock()\n\ts.mu2.Lock()\n\tsum += %d\n\ts.mu2.Unlock()\n\ts.mu.Unlock()", i)
			stmts += 5
		case 4:
			b.p("\tfor _, x := range xs {\n\t\tif x == %d {\n\t\t\tcontinue\n\t\t}\n\t\tsum += x\n\t}", i)
			stmts += 4
		}
	}
	b.p("\treturn sum\n}")
	return one("bigfunc", b.String())
}

func deep(n int) map[string]string {
	depth := max(2, n*500/6400)
	var b buf
	b.p("package deep\n\nimport \"sync\"\n\nvar a, b sync.Mutex\n\nfunc F(xs []int) (sum int) {")
	ind := "\t"
	for i := range depth {
		m := "a"
		if i%2 == 1 {
			m = "b"
		}
		if i%2 == 0 {
			b.p("%sif len(xs) > %d {\n%s\t%s.Lock()\n%s\tsum += %d\n%s\t%s.Unlock()", ind, i, ind, m, ind, i, ind, m)
		} else {
			b.p("%sfunc() {\n%s\t%s.Lock()\n%s\tsum += %d\n%s\t%s.Unlock()", ind, ind, m, ind, i, ind, m)
		}
		ind += "\t"
	}
	for i := depth - 1; i >= 0; i-- {
		ind = ind[:len(ind)-1]
		if i%2 == 0 {
			b.p("%s}", ind)
		} else {
			b.p("%s}()", ind)
		}
	}
	b.p("\treturn sum\n}")
	return one("deep", b.String())
}
