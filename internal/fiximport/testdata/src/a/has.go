package a

import at "sync/atomic"

var n5 int64

func f5() {
	use(&n5) // want `use at`
	_ = at.AddInt64
}
