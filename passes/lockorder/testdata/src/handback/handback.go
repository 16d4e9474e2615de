// Package handback tests locks handed back to the caller through a result
// or an out-parameter: the caller releases them, nothing leaks.
package handback

import (
	"errors"
	"runtime"
	"sync"
)

type Conn struct {
	rlock sync.Mutex
	wlock sync.Mutex
	id    int32
	err   error
}

// waitResponse is a Kafka client's: on success it returns with the read
// lock held and hands it to the caller through the lock result.
func (c *Conn) waitResponse(id int32) (size int, lock *sync.Mutex, err error) {
	for {
		c.rlock.Lock()
		if c.err != nil {
			err = c.err
			c.rlock.Unlock()
			break
		}
		if c.id == id {
			size, lock = 4, &c.rlock
			// Don't unlock: ownership goes to the caller.
			break // ok: handed back through the lock result
		}
		c.rlock.Unlock()
		runtime.Gosched()
	}
	return
}

func (c *Conn) do(id int32) error {
	_, lock, err := c.waitResponse(id)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	return nil
}

// acquire returns the mutex it locked, or an error with nothing held.
func (c *Conn) acquire(write bool) (*sync.Mutex, error) {
	if write {
		c.wlock.Lock()
		if c.err != nil {
			c.wlock.Unlock()
			return nil, c.err
		}
		return &c.wlock, nil // ok: returned to the caller
	}
	c.rlock.Lock()
	if c.err != nil {
		c.rlock.Unlock()
		return nil, c.err
	}
	return &c.rlock, nil // ok: returned to the caller
}

// into stores the locked mutex through an out-parameter.
func (c *Conn) into(out **sync.Mutex) {
	c.wlock.Lock()
	if c.err != nil {
		c.wlock.Unlock()
		return
	}
	*out = &c.wlock
} // ok: handed back through out

type result struct {
	n    int
	lock *sync.Mutex
}

// intoResult stores it in a field of an out-parameter.
func (c *Conn) intoResult(res *result) {
	c.rlock.Lock()
	if c.err != nil {
		c.rlock.Unlock()
		return
	}
	res.n, res.lock = 1, &c.rlock
} // ok: handed back through res.lock

func (c *Conn) useInto() {
	var m *sync.Mutex
	c.into(&m)
	if m != nil {
		m.Unlock()
	}
}

// Still reported: the result hands back another mutex than the one held.

func (c *Conn) wrongLock() (*sync.Mutex, error) {
	c.rlock.Lock()
	if c.err != nil {
		return &c.wlock, errBusy // want `c.rlock is still held at this return but released on other paths: missing Unlock`
	}
	c.rlock.Unlock()
	return nil, nil
}

var errBusy = errors.New("busy")

// storedLocally keeps the pointer in a local: not the caller's.
func (c *Conn) storedLocally() {
	var lock *sync.Mutex
	c.wlock.Lock()
	if c.err != nil {
		lock = &c.wlock
		_ = lock
		return // want `c.wlock is still held at this return but released on other paths: missing Unlock`
	}
	c.wlock.Unlock()
}
