package a

import (
	"bytes"
	"fmt"
	// strings is for f3.
	"strings"
)

var n3 int64

func f3() {
	use(&n3) // want `use atomic`
	use(&n3) // want `use atomic`
	_, _, _ = bytes.Clone, fmt.Println, strings.Clone
}
