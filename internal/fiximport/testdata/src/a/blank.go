package a

import _ "sync/atomic"

var n6 int64

func f6() { use(&n6) } // want `use, no fix`
