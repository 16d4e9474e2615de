// Package shop is a small service with one concurrency bug of each kind
// cowlint finds. Run cowlint on it from the repository root:
//
//	go build ./cmd/cowlint && ./cowlint -C example ./...
package shop

import "sync/atomic"

// Config is published through an atomic.Pointer: readers Load it without a
// lock, so a published Config must never change.
type Config struct {
	Prices map[string]int
}

var current atomic.Pointer[Config]

// Price is called by every request, concurrently.
func Price(item string) int {
	return current.Load().Prices[item]
}

// SetPrice changes one price. BUG: it writes into the published map, while
// Price reads it: copy the Config and its map, change the copy, Store it.
func SetPrice(item string, price int) {
	cfg := current.Load()
	cfg.Prices[item] = price
}
