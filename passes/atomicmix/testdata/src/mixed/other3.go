package mixed

// A local named atomic hides the package name: no fix rather than a wrong
// one.
func (n *node) seqShadowed() uintptr {
	atomic := uintptr(1)
	return atomic + n.seq // want `plain read of node.seq`
}
