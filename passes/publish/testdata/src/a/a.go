// Package a tests facts across packages: publishing through b.Box[T].Set and
// b.Publish, snapshots from b.Box[T].Get and b.Current, and mutation through
// b's mutating functions.
package a

import "b"

var box b.Box[b.Config]

func setThenWrite() {
	c := &b.Config{}
	box.Set(c)
	c.Name = "x" // want `write to c.Name after c was published by box.Set at a.go:12`
}

func publishThenMutate() {
	c := &b.Config{Limits: map[string]int{}}
	b.AddLimit(c.Limits, "x") // ok: before publication
	b.PublishVia(c)
	b.AddLimit(c.Limits, "y") // want `write to c.Limits \(by b.AddLimit\) after c was published by b.PublishVia`
	c.SetName("z")            // want `write to c \(by c.SetName\) after c was published`
}

func getThenWrite() {
	c := box.Get()
	c.Name = "x" // want `in-place mutation of a snapshot loaded from box.Get\(\)`
}

func peekThenMutate() {
	b.Rename(box.Peek()) // want `in-place mutation of a snapshot loaded from box.Peek\(\)`
}

func currentThenWrite() {
	cur := b.Current()
	cur.Limits["x"] = 1 // want `in-place mutation of a snapshot loaded from b.Current\(\)`
}

func copyOnWrite() {
	old := box.Get()
	n := *old
	n.Name = "y"      // ok: a copy
	n.WithName("z")   // ok: value receiver
	_ = b.Reads(old)  // ok: read-only
	b.Reassigned(old) // ok: Reassigned rebinds its parameter
	box.Set(&n)       // want `box.Set of a value derived from box.Get at a.go:39`
}

func latestThenDelete() {
	delete(b.Latest().Limits, "x") // want `in-place mutation of a snapshot loaded from b.Latest\(\)`
}

// Snapshots returned by value still share the published value's
// references, minus the fields their getter replaced.
func byValue(host string) b.Settings {
	s := b.MustSettings()
	if s.Proxy != nil {
		s.Proxy.Rules[host] = "x" // want `in-place mutation of a snapshot loaded from b.MustSettings\(\)`
	}
	if s.Auth != nil {
		s.Auth.Providers = append(s.Auth.Providers, "github") // ok: MustSettings copies Auth
	}
	s.Domain = host // ok: s is a copy
	return s
}

func byValueShallow(host string) {
	s := b.SettingsValue()
	s.Proxy.Rules[host] = "x" // want `in-place mutation of a snapshot loaded from b.SettingsValue\(\)`
	s.Auth.Providers[0] = "y" // want `in-place mutation of a snapshot loaded from b.SettingsValue\(\)`
	s.Domain = host           // ok: s is a copy
}

// Writers through another package's copy-on-write box serialise too.
func boxWriter(box *b.Box[b.Config], k string) {
	old := box.Get()
	n := *old
	n.Limits = map[string]int{k: 1}
	box.Set(&n) // want `box.Set of a value derived from box.Get at a.go:\d+ with no lock held from Load to Store`
}

func boxRestore(box *b.Box[b.Config]) {
	old := box.Get()
	box.Set(&b.Config{})
	box.Set(old) // ok: the loaded value put back
}

func boxOther(box, other *b.Box[b.Config]) {
	old := box.Get()
	n := *old
	other.Set(&n) // ok: another box
}
