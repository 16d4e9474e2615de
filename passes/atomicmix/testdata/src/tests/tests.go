// Package tests holds the test-code rules' fixtures, in tests_test.go.
package tests

import "sync/atomic"

// A log whose reset is called from tests only (x/net/trace's
// eventLog.reset, called by freeEventLog after the last reference and by
// a sequential test).
type eventLog struct{ refs int32 }

type EventLog interface{ Finish() }

func NewEventLog() EventLog { return &eventLog{refs: 1} }

func (el *eventLog) Finish() {
	if atomic.AddInt32(&el.refs, -1) == 0 {
		el.reset()
	}
}

func (el *eventLog) reset() {
	el.refs = 0 // ok: every call follows the last reference or is sequential test code
}

// One called from a parallel test too.
type span struct{ refs int32 }

func (s *span) Finish() { atomic.AddInt32(&s.refs, -1) }

func (s *span) reset() {
	s.refs = 0 // want `plain write of span.refs`
}
