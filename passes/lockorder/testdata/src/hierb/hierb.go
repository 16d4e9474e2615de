// want package:"Doc.Mu -> Folder.Mu, Folder.Mu -> Doc.Mu \\(descent\\)"

// Package hierb uses hiera's tree: walking it with nothing held is
// silent; walking a parent while holding a child nests two instances in
// an order hiera's descent does not follow.
package hierb

import "hiera"

func count(t *hiera.Tree) int {
	n := 0
	t.Walk(func(int) { n++ }) // ok: nothing held
	return n + t.Len()
}

func up(parent, child *hiera.Tree) {
	child.Mu.Lock()
	defer child.Mu.Unlock()
	parent.Walk(func(int) {}) // want `parent.Mu locked through Tree.Walk \(locked at hiera.go:\d+\) while holding child.Mu \(locked at hierb.go:\d+\), another instance of Tree.Mu: this may deadlock`
}

func length(parent, child *hiera.Tree) int {
	child.Mu.Lock()
	defer child.Mu.Unlock()
	return parent.Len() // want `parent.Mu locked through Tree.Len \(locked at hiera.go:\d+\) while holding child.Mu .*another instance of Tree.Mu: this may deadlock`
}

// hiera's two-type tree: a document's lock held while locking a folder
// it did not descend to closes a cycle with hiera's descent Folder.Mu ->
// Doc.Mu: reported here, since hiera's cycle of descents alone was not.
func adopt(d *hiera.Doc, f *hiera.Folder) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	f.Mu.Lock() // want `lock order inversion: Folder.Mu acquired while holding Doc.Mu here, Doc.Mu acquired while holding Folder.Mu at hiera.go:\d+ through Doc.Walk`
	f.Mu.Unlock()
}

// Silent: walking a folder with nothing held repeats hiera's descents.
func walkAll(fs []*hiera.Folder) {
	for _, f := range fs {
		f.Walk()
	}
}
