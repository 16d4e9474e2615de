package shop

import "sync"

// Shop holds accounts; Account.shop points back.
type Shop struct {
	mu       sync.Mutex
	accounts []*Account
}

type Account struct {
	mu      sync.Mutex
	shop    *Shop
	balance int
}

// Open adds an account: it locks the shop, then the account.
func (s *Shop) Open(a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.mu.Lock()
	a.shop = s
	a.mu.Unlock()
	s.accounts = append(s.accounts, a)
}

// Close removes the account. BUG: it locks the account, then the shop: run
// at the same time as Open, each goroutine waits for the other's lock.
func (a *Account) Close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.shop.mu.Lock()
	defer a.shop.mu.Unlock()
	for i, b := range a.shop.accounts {
		if b == a {
			a.shop.accounts = append(a.shop.accounts[:i], a.shop.accounts[i+1:]...)
			break
		}
	}
}
