// want package:"Cache.mu -> Server.mu, Client.mu -> Mu, Server.mu -> Cache.mu, Mu -> Client.mu"

// Package conta tests function values taken from maps, slices, arrays
// and channels (internal/callres's cells: the values put in, one cell per
// container variable or field), in the package and through another
// package's fact.
package conta

import (
	"contb"
	"sync"
)

type Server struct {
	mu       sync.Mutex
	handlers map[string]func()
	hooks    []func()
	jobs     chan func()
	quiet    map[string]func()
}

type Cache struct{ mu sync.Mutex }

var cache Cache

func flushCache() { // want flushCache:"acquires Cache.mu"
	cache.mu.Lock()
	cache.mu.Unlock()
}

func (s *Server) reset() { // want reset:"acquires Server.mu"
	s.mu.Lock()
	s.mu.Unlock()
}

func nothing() {}

func NewServer() *Server {
	s := &Server{handlers: map[string]func(){}, quiet: map[string]func(){"a": nothing}}
	s.handlers["reset"] = s.reset
	s.hooks = append(s.hooks, flushCache)
	s.jobs = make(chan func(), 8)
	s.jobs <- flushCache
	return s
}

// A double lock through a map element bound to the map's holder.
func (s *Server) dispatch(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[k]() // want `double lock of s.mu through \(\*Server\).reset \(s.handlers\[k\] resolved by assignments\)`
}

// An inversion: Server.mu -> Cache.mu through a slice ranged over and a
// channel received from; Cache.mu -> Server.mu directly.
func (s *Server) runHooks() {
	s.mu.Lock()
	for _, f := range s.hooks {
		f()
	}
	s.mu.Unlock()
}

func (s *Server) runJob() {
	f := <-s.jobs
	s.mu.Lock()
	f()
	s.mu.Unlock()
}

func (s *Server) fromCache() {
	cache.mu.Lock()
	s.mu.Lock() // want `lock order inversion: Server.mu acquired while holding Cache.mu here, Cache.mu acquired while holding Server.mu at conta.go:\d+ through flushCache \(f resolved by assignments\)`
	s.mu.Unlock()
	cache.mu.Unlock()
}

// Negative: a map whose elements never lock.
func (s *Server) quietCall(k string) {
	s.mu.Lock()
	s.quiet[k]() // ok: nothing put in locks
	s.mu.Unlock()
}

// Negative: functions received from a channel and run on another
// goroutine hold nothing of the sender's.
func (s *Server) worker() {
	s.mu.Lock()
	go func() {
		for f := range s.jobs {
			f() // ok: runs on its own goroutine
		}
	}()
	s.mu.Unlock()
}

// Across packages: contb.Hooks's fact lists a function that locks
// contb.Mu; contb.QuietHooks's lists one that locks nothing.
type Client struct{ mu sync.Mutex }

func (c *Client) callHooks() {
	c.mu.Lock()
	contb.Hooks[0]()
	contb.QuietHooks["q"]() // ok: locks nothing
	c.mu.Unlock()
}

func (c *Client) fromMu() {
	contb.Mu.Lock()
	c.mu.Lock() // want `lock order inversion: Client.mu acquired while holding Mu here, Mu acquired while holding Client.mu at conta.go:\d+ through contb.LockMu \(contb.Hooks\[0\] resolved by assignments\)`
	c.mu.Unlock()
	contb.Mu.Unlock()
}
