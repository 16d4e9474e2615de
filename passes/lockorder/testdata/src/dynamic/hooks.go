package dynamic

import "sync"

// Shape 2 across files: the hook is assigned here and called in poll.go.

type Poller struct {
	mu     sync.Mutex
	onTick func()
	onIdle func()
	n      int
}

func (p *Poller) install() {
	p.onTick = p.tick
	p.onIdle = func() {} // locks nothing
}

func (p *Poller) tick() {
	p.mu.Lock()
	p.n++
	p.mu.Unlock()
}
