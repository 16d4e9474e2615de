package a

import (
	"bytes"

	// unicode is for f8.
	"unicode"
)

var n8 int64

func f8() {
	use(&n8) // want `use atomic`
	_, _ = bytes.Clone, unicode.IsSpace
}
