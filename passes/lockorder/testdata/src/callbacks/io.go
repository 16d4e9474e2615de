package callbacks

import "io"

// io.WriteString and io.Copy call the writer's Write when its static type
// has no WriteString (no ReadFrom, and the reader's no WriteTo), as io
// decides.

func (b *syncBuf) writeString() {
	b.mu.Lock()
	defer b.mu.Unlock()
	io.WriteString(b, "x") // want `double lock of b.mu through \(\*syncBuf\).Write \(called by io.WriteString\)`
}

func (b *syncBuf) copyFrom(r io.Reader) {
	b.mu.Lock()
	defer b.mu.Unlock()
	io.Copy(b, r) // ok: r's dynamic type may have WriteTo
}

type plainReader struct{}

func (plainReader) Read(p []byte) (int, error) { return 0, io.EOF }

func (b *syncBuf) copyPlain() {
	b.mu.Lock()
	defer b.mu.Unlock()
	io.Copy(b, plainReader{}) // want `double lock of b.mu through \(\*syncBuf\).Write \(called by io.Copy\)`
}

func (b *syncBuf) copyUnlocked() {
	io.Copy(b, plainReader{}) // ok: nothing held
}
