// This file tests suggested fixes where sync/atomic is imported under
// another name, for unsafe.Pointer and uintptr, and a file that does not
// import sync/atomic at all (other2.go: reported without a fix).
package mixed

import (
	sa "sync/atomic"
	"unsafe"
)

type node struct {
	next unsafe.Pointer
	seq  uintptr
}

func (n *node) link(m *node) {
	sa.StorePointer(&n.next, unsafe.Pointer(m))
	sa.AddUintptr(&n.seq, 1)
}

func (n *node) peek() unsafe.Pointer {
	return n.next // want `plain read of node.next, which is accessed atomically \(sa.StorePointer at other.go:17:2\): a data race; make it an atomic.Pointer\[T\] so that every access is atomic`
}

func (n *node) unlink() {
	n.next = nil // want `plain write of node.next`
	n.seq++      // want `plain write of node.seq, which is accessed atomically \(sa.AddUintptr at .*\): a data race; make it an atomic.Uintptr`
}

func (n *node) clear() {
	n.next = n.next // want `plain write of node.next`
}
