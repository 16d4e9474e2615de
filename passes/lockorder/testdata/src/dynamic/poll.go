package dynamic

func (p *Poller) run() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onIdle() // ok: only a literal that locks nothing is assigned (hooks.go)
	p.onTick() // want `double lock of p.mu through \(\*Poller\).tick \(p.onTick resolved by assignments\)`
}

func (p *Poller) runUnlocked() {
	p.onTick() // ok: nothing held
}
