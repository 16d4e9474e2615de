package a

import (
	"bytes"
	"fmt" // for f4
)

var n4 int64

func f4() {
	use(&n4) // want `use atomic`
	_, _ = bytes.Clone, fmt.Println
}
