package sub

import "sync/atomic"

var n int64

func Inc() { atomic.AddInt64(&n, 1) }

func Get() int64 { return n }
