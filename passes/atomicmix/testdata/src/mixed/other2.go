// This file does not import sync/atomic: plain accesses are reported
// without a suggested fix.
package mixed

func (n *node) seqNow() uintptr {
	return n.seq // want `plain read of node.seq`
}
