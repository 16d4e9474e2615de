// This file does not import sync/atomic: the fix of a plain access adds
// the import.
package mixed

func (n *node) seqNow() uintptr {
	return n.seq // want `plain read of node.seq`
}
