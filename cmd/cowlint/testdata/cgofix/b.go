package cgofix

// #include <stdint.h>
import "C"

// This file does not import sync/atomic: the fix adds the import.
func (s *Stats) Half() int64 { return int64(C.int64_t(s.n / 2)) }
