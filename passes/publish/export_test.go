package publish

// SetSizeBudget sets the size budget past which a function gets the
// syntactic check only, and returns a function restoring it.
func SetSizeBudget(n int) (restore func()) {
	old := sizeBudget
	sizeBudget = n
	return func() { sizeBudget = old }
}
