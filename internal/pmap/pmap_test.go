package pmap

import (
	"maps"
	"math/rand/v2"
	"testing"
)

// TestAgainstMap checks every operation against Go maps on random keys,
// dense and sparse.
func TestAgainstMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, space := range []uint32{8, 64, 1 << 20, 1 << 31} {
		var ms []Map[int]
		var gs []map[uint32]int
		for range 40 {
			var m Map[int]
			g := map[uint32]int{}
			if len(ms) > 0 && r.IntN(2) == 0 {
				i := r.IntN(len(ms))
				m, g = ms[i], maps.Clone(gs[i]) // derive from an earlier map: shares its nodes
			}
			for range r.IntN(50) {
				k := r.Uint32N(space)
				if r.IntN(4) == 0 {
					m = m.Delete(k)
					delete(g, k)
				} else {
					v := r.IntN(100)
					m = m.Set(k, v)
					g[k] = v
				}
			}
			ms, gs = append(ms, m), append(gs, g)
		}
		for i := range ms {
			check(t, ms[i], gs[i])
			for j := range ms {
				u := Union(ms[i], ms[j], func(x, y int) (int, bool) { return max(x, y), x >= y })
				want := maps.Clone(gs[i])
				for k, v := range gs[j] {
					if w, ok := want[k]; !ok || v > w {
						want[k] = v
					}
				}
				check(t, u, want)
				if got := Equal(ms[i], ms[j], func(x, y int) bool { return x == y }); got != maps.Equal(gs[i], gs[j]) {
					t.Fatalf("Equal = %v, want %v", got, !got)
				}
				if maps.Equal(want, gs[i]) && !u.Same(ms[i]) {
					t.Errorf("union with nothing new is not the left operand itself")
				}
			}
		}
	}
}

func check(t *testing.T, m Map[int], g map[uint32]int) {
	t.Helper()
	if m.Len() != len(g) {
		t.Fatalf("Len = %d, want %d", m.Len(), len(g))
	}
	last := int64(-1)
	m.Range(func(k uint32, v int) bool {
		if int64(k) <= last {
			t.Fatalf("Range out of order: %d after %d", k, last)
		}
		last = int64(k)
		if g[k] != v {
			t.Fatalf("Range: %d -> %d, want %d", k, v, g[k])
		}
		return true
	})
	for k, v := range g {
		if got, ok := m.Get(k); !ok || got != v {
			t.Fatalf("Get(%d) = %d, %v; want %d", k, got, ok, v)
		}
	}
	if m.Empty() != (len(g) == 0) {
		t.Fatalf("Empty = %v with %d entries", m.Empty(), len(g))
	}
}

// TestSharing checks that a union of a state with a one-entry extension
// of it allocates only along one path: the cost of a join is the
// difference.
func TestSharing(t *testing.T) {
	var m Map[bool]
	for k := range uint32(1 << 12) {
		m = m.Set(k, true)
	}
	n := m.Set(1<<12+7, true)
	same := func(x, y bool) (bool, bool) { return x, true }
	allocs := testing.AllocsPerRun(10, func() { Union(n, m, same) })
	if allocs > 0 {
		t.Errorf("Union(n, m) allocated %v times, want 0 (m is inside n)", allocs)
	}
	allocs = testing.AllocsPerRun(10, func() { Union(m, n, same) })
	if allocs > 20 {
		t.Errorf("Union(m, n) allocated %v times, want about log2(4096)", allocs)
	}
}
