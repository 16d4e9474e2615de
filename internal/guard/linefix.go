package guard

import (
	"go/token"
	"os"

	"golang.org/x/tools/go/analysis"
)

// The files of a cgo package reach analyzers as cgo's rewrite of them
// (C.f becomes _Cfunc_f, and so on), with //line comments pointing back
// at the files the user wrote. A diagnostic's position goes through those
// comments and names the user's line, but drivers turn a suggested fix's
// edits into byte offsets of the file that holds them: offsets in the
// rewrite, which no tool can apply to the user's file (-fix changes
// nothing, or the wrong bytes). mapFixes moves each such edit to the same
// text in the user's file, found through the //line mapping and checked
// byte for byte, and drops a fix that has an edit it cannot place so.

// mapFixes returns d with the edits of its fixes moved out of files whose
// positions //line comments relocate (see above).
func (f *filter) mapFixes(d analysis.Diagnostic) analysis.Diagnostic {
	if len(d.SuggestedFixes) == 0 {
		return d
	}
	var fixes []analysis.SuggestedFix
	changed := false
	for _, fix := range d.SuggestedFixes {
		edits := make([]analysis.TextEdit, 0, len(fix.TextEdits))
		ok := true
		for _, e := range fix.TextEdits {
			m, moved, fits := f.mapEdit(e)
			if !fits {
				ok = false
				break
			}
			changed = changed || moved
			edits = append(edits, m)
		}
		if !ok {
			changed = true
			continue
		}
		fix.TextEdits = edits
		fixes = append(fixes, fix)
	}
	if changed {
		d.SuggestedFixes = fixes
	}
	return d
}

// mapEdit returns e moved to the user's file if //line comments relocate
// it (moved), and whether it could be placed (fits).
func (f *filter) mapEdit(e analysis.TextEdit) (m analysis.TextEdit, moved, fits bool) {
	fset := f.pass.Fset
	tf := fset.File(e.Pos)
	if tf == nil {
		return e, false, true
	}
	end := e.End
	if !end.IsValid() {
		end = e.Pos
	}
	from, to := fset.PositionFor(e.Pos, true), fset.PositionFor(end, true)
	if from.Filename == tf.Name() && to.Filename == tf.Name() {
		return e, false, true // no //line comment in the way
	}
	if from.Filename != to.Filename || fset.File(end) != tf {
		return e, false, false
	}
	gen := f.read(tf.Name())
	user, userText := f.userFile(from.Filename)
	if gen == nil || user == nil {
		return e, false, false
	}
	start, stop := tf.Offset(e.Pos), tf.Offset(end)
	ustart, ok1 := offsetOf(user, userText, from)
	ustop, ok2 := offsetOf(user, userText, to)
	if !ok1 || !ok2 || ustop-ustart != stop-start || stop > len(gen) ||
		string(userText[ustart:ustop]) != string(gen[start:stop]) ||
		!sameAround(gen, start, stop, userText, ustart, ustop) {
		return e, false, false
	}
	return analysis.TextEdit{Pos: user.Pos(ustart), End: user.Pos(ustop), NewText: e.NewText}, true, true
}

// sameAround reports whether the bytes just before and just after the
// two ranges agree, so that an insertion (an empty range) lands between
// the same characters.
func sameAround(a []byte, astart, astop int, b []byte, bstart, bstop int) bool {
	if (astart > 0) != (bstart > 0) || astart > 0 && a[astart-1] != b[bstart-1] {
		return false
	}
	return (astop < len(a)) == (bstop < len(b)) && (astop == len(a) || a[astop] == b[bstop])
}

// offsetOf returns the byte offset of p's line and column in the file.
func offsetOf(tf *token.File, text []byte, p token.Position) (int, bool) {
	if p.Line < 1 || p.Line > tf.LineCount() || p.Column < 1 {
		return 0, false
	}
	off := tf.Offset(tf.LineStart(p.Line)) + p.Column - 1
	return off, off <= len(text)
}

// read returns a file's content, or nil.
func (f *filter) read(name string) []byte {
	data, err := f.pass.ReadFile(name)
	if err != nil {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil
	}
	return data
}

// userFile returns a token.File for the named file as the user wrote it,
// added to the pass's file set once, and its content; nil if unreadable.
func (f *filter) userFile(name string) (*token.File, []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if u, ok := f.users[name]; ok {
		return u.file, u.text
	}
	var u userFile
	if text := f.read(name); text != nil {
		u.text = text
		u.file = f.pass.Fset.AddFile(name, -1, len(text))
		u.file.SetLinesForContent(text)
	}
	if f.users == nil {
		f.users = map[string]userFile{}
	}
	f.users[name] = u
	return u.file, u.text
}

type userFile struct {
	file *token.File
	text []byte
}
