// want package:"Doc.Mu -> Folder.Mu \\(descent\\), Folder.Mu -> Doc.Mu \\(descent\\)"

// Package hiera holds a tree whose exported recursion descends from
// parent to child under the parent's lock (silent here: the only nesting
// of the class in the package); hierb, which imports it, nests two
// instances itself.
package hiera

import "sync"

type Tree struct {
	Mu   sync.Mutex
	Kids []*Tree
	Next *Tree
	n    int
}

func (t *Tree) Walk(f func(int)) { // want Walk:"acquires Tree.Mu, calls p0 holding Tree.Mu and Tree.Mu"
	t.Mu.Lock()
	defer t.Mu.Unlock()
	f(t.n)
	for _, k := range t.Kids {
		k.Walk(f) // ok: parent before child
	}
}

// Len recurses down a list: its summary settles on the node's own lock
// and an unknown one of the class (the nodes further down).
func (t *Tree) Len() int { // want Len:"acquires Tree.Mu"
	t.Mu.Lock()
	defer t.Mu.Unlock()
	if t.Next == nil {
		return 1
	}
	return t.Next.Len() + 1 // ok: parent before child
}

// A tree of two node types: Folder.Walk holds the folder's lock while
// each document's Walk takes the document's, which walks its attached
// folder under it (Folder.Mu -> Doc.Mu, Doc.Mu -> Folder.Mu, both
// descents): a cycle of descents alone, silent here, and marked as
// descents in the exported graph.
type Folder struct {
	Mu   sync.Mutex
	Docs []*Doc
}

type Doc struct {
	Mu       sync.Mutex
	Attached *Folder
}

func (f *Folder) Walk() { // want Walk:"may acquire Doc.Mu, acquires Folder.Mu"
	f.Mu.Lock()
	defer f.Mu.Unlock()
	for _, d := range f.Docs {
		d.Walk() // ok: parent before child
	}
}

func (d *Doc) Walk() { // want Walk:"acquires Doc.Mu, may acquire Folder.Mu"
	d.Mu.Lock()
	defer d.Mu.Unlock()
	if d.Attached != nil {
		d.Attached.Walk() // ok: parent before child
	}
}
