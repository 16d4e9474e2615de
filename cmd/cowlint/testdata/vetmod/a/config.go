package a

import "example.com/vetmod/b"

// Reload mutates a configuration after package b published it.
func Reload() {
	c := &b.Config{Limit: 1}
	b.Publish(c)
	c.Limit = 2
}
