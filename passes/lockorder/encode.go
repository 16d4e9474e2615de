package lockorder

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
	"strings"
)

// A function's summary travels to importers in go vet's fact files, one
// per exported function, and a summary lists up to maxAcquires
// acquisitions, each with its class, site and call chain (a chain of N
// functions, each calling the next under its own lock, exports N full
// summaries). gob encodes each field by reflection, with its name's delta
// and each string in full; this encoding writes the fields as varints and
// each string either in full or, when it equals one of the last ringSize
// written or referred to, as a back-reference: call chains and the
// caller's classes released repeat from one acquisition to the next. A
// class is written as its short name and the prefix its key adds (the
// package path, most often the same as the last acquisition's), a site as
// its file (the same) and line. TestSummaryEncoding round-trips summaries
// filled field by field; proof/facts round-trips std's (and checks their
// encoding is deterministic).

const summaryEncoding = 3 // version byte: a file of another version fails to decode

// GobEncode makes lockSummary a gob.GobEncoder.
func (s *lockSummary) GobEncode() ([]byte, error) {
	e := summaryEncoder{body: make([]byte, 1, 64+len(s.Acquires)*48)}
	e.body[0] = summaryEncoding
	e.acqs(s.Acquires)
	e.acqs(s.Holds)
	e.acqs(s.CondHolds)
	e.str(s.CondOn)
	e.uint(uint64(len(s.Releases)))
	for _, r := range s.Releases {
		e.str(r.Class)
		e.str(r.Short)
		e.str(r.Path)
		e.uint(bits(r.Reacquired, r.Param))
	}
	e.strList(s.Inits)
	e.uint(uint64(len(s.Calls)))
	for _, c := range s.Calls {
		if c.Param < 0 {
			return nil, errors.New("lockorder: negative parameter index in a summary")
		}
		e.uint(uint64(c.Param))
		e.acqs(c.Held)
	}
	e.acqs(s.Yields)
	return e.body, nil
}

// GobDecode makes lockSummary a gob.GobDecoder. Empty lists decode as nil,
// as gob decodes them.
func (s *lockSummary) GobDecode(data []byte) error {
	if len(data) == 0 || data[0] != summaryEncoding {
		return errors.New("lockorder: summary fact of an unknown encoding")
	}
	d := summaryDecoder{data: data[1:]}
	*s = lockSummary{}
	s.Acquires = d.acqs()
	s.Holds = d.acqs()
	s.CondHolds = d.acqs()
	s.CondOn = d.str()
	if n := d.count(); n > 0 {
		s.Releases = make([]release, n)
		for i := range s.Releases {
			r := &s.Releases[i]
			r.Class, r.Short, r.Path = d.str(), d.str(), d.str()
			f := d.uint()
			r.Reacquired, r.Param = f&1 != 0, f&2 != 0
		}
	}
	s.Inits = d.strList()
	if n := d.count(); n > 0 {
		s.Calls = make([]paramCall, n)
		for i := range s.Calls {
			p := d.uint()
			if p > math.MaxInt32 {
				return errBadSummary
			}
			s.Calls[i] = paramCall{Param: int(p), Held: d.acqs()}
		}
	}
	s.Yields = d.acqs()
	if d.err != nil || len(d.data) > 0 {
		return errBadSummary
	}
	return nil
}

var errBadSummary = errors.New("lockorder: malformed summary fact")

// ringSize is how many of the last strings written a string may refer
// back to. A string is written as 0 (empty), 1+k (the k-th last string
// written, in full or as a reference) or ringSize+1+len followed by its
// bytes.
const ringSize = 8

type summaryEncoder struct {
	body []byte
	ring [ringSize]string
	n    int // strings pushed
	// prefix and file are the last class prefix and site file written
	// (see sticky).
	prefix, file string
}

func (e *summaryEncoder) uint(x uint64) { e.body = binary.AppendUvarint(e.body, x) }

func (e *summaryEncoder) str(s string) {
	if s == "" {
		e.uint(0)
		return
	}
	for k := range min(e.n, ringSize) {
		if e.ring[(e.n-1-k)%ringSize] == s {
			e.uint(uint64(1 + k))
			e.push(s)
			return
		}
	}
	e.uint(uint64(ringSize + 1 + len(s)))
	e.body = append(e.body, s...)
	e.push(s)
}

// push makes s the last string written (a string referred to again is
// pushed again, so that the ring keeps the strings in use).
func (e *summaryEncoder) push(s string) {
	e.ring[e.n%ringSize] = s
	e.n++
}

func (e *summaryEncoder) strList(l []string) {
	e.uint(uint64(len(l)))
	for _, s := range l {
		e.str(s)
	}
}

func (e *summaryEncoder) acqs(as []acquisition) {
	e.uint(uint64(len(as)))
	for i := range as {
		a := &as[i]
		prefix, joined := classPrefix(a.Class, a.Short)
		file, line, split := splitSite(a.Site)
		e.uint(bits(a.Global, a.Shared, a.Certain, a.Under, joined, split))
		e.str(a.Short)
		if joined {
			e.sticky(&e.prefix, prefix)
		} else {
			e.str(a.Class)
		}
		e.str(a.Path)
		if split {
			e.sticky(&e.file, file)
			e.uint(line)
		} else {
			e.str(a.Site)
		}
		e.strList(a.Via)
		e.strList(a.Released)
		e.str(a.Below)
		e.str(a.Dyn)
	}
}

// sticky writes s as 0 when it is *last, else in full (and makes it
// *last).
func (e *summaryEncoder) sticky(last *string, s string) {
	if s == *last {
		e.uint(0)
		return
	}
	e.uint(uint64(1 + len(s)))
	e.body = append(e.body, s...)
	*last = s
}

// classPrefix returns the package path (and type) a class's key adds to
// its short name (Key "net/http.conn.mu", Short "conn.mu": "net/http."),
// shared by most of a summary's classes.
func classPrefix(class, short string) (string, bool) {
	n := len(class) - len(short)
	if short == "" || n < 1 || class[n:] != short || class[n-1] != '.' {
		return "", false
	}
	return class[:n], true
}

// splitSite splits a position, file.go:12, into its file and line.
func splitSite(site string) (string, uint64, bool) {
	i := strings.LastIndexByte(site, ':')
	if i < 0 {
		return "", 0, false
	}
	line, err := strconv.ParseUint(site[i+1:], 10, 32)
	if err != nil || strconv.FormatUint(line, 10) != site[i+1:] {
		return "", 0, false // not as posString writes it: kept whole
	}
	return site[:i], line, true
}

// bits packs flags, the first in the lowest bit.
func bits(flags ...bool) uint64 {
	var x uint64
	for i, f := range flags {
		if f {
			x |= 1 << i
		}
	}
	return x
}

type summaryDecoder struct {
	data         []byte
	ring         [ringSize]string
	n            int
	prefix, file string
	err          error
}

func (d *summaryDecoder) uint() uint64 {
	x, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.err = errBadSummary
		d.data = nil
		return 0
	}
	d.data = d.data[n:]
	return x
}

// count reads a length, which cannot exceed the bytes left (every
// element takes at least one).
func (d *summaryDecoder) count() int {
	x := d.uint()
	if x > uint64(len(d.data)) {
		d.err = errBadSummary
		d.data = nil
		return 0
	}
	return int(x)
}

func (d *summaryDecoder) str() string {
	x := d.uint()
	switch {
	case x == 0:
		return ""
	case x <= ringSize:
		k := int(x) - 1
		if k >= d.n {
			d.err = errBadSummary
			return ""
		}
		s := d.ring[(d.n-1-k)%ringSize]
		d.push(s)
		return s
	}
	l := x - ringSize - 1
	if l > uint64(len(d.data)) {
		d.err = errBadSummary
		d.data = nil
		return ""
	}
	s := string(d.data[:l])
	d.data = d.data[l:]
	d.push(s)
	return s
}

func (d *summaryDecoder) sticky(last *string) string {
	x := d.uint()
	if x == 0 {
		return *last
	}
	l := x - 1
	if l > uint64(len(d.data)) {
		d.err = errBadSummary
		d.data = nil
		return ""
	}
	*last = string(d.data[:l])
	d.data = d.data[l:]
	return *last
}

func (d *summaryDecoder) push(s string) {
	d.ring[d.n%ringSize] = s
	d.n++
}

func (d *summaryDecoder) strList() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	l := make([]string, n)
	for i := range l {
		l[i] = d.str()
	}
	return l
}

func (d *summaryDecoder) acqs() []acquisition {
	n := d.count()
	if n == 0 {
		return nil
	}
	as := make([]acquisition, n)
	for i := range as {
		a := &as[i]
		f := d.uint()
		a.Global, a.Shared, a.Certain, a.Under = f&1 != 0, f&2 != 0, f&4 != 0, f&8 != 0
		a.Short = d.str()
		if f&16 != 0 {
			a.Class = d.sticky(&d.prefix) + a.Short
		} else {
			a.Class = d.str()
		}
		a.Path = d.str()
		if f&32 != 0 {
			file := d.sticky(&d.file)
			line := d.uint()
			if line > math.MaxUint32 {
				d.err = errBadSummary
			}
			a.Site = file + ":" + strconv.FormatUint(line, 10)
		} else {
			a.Site = d.str()
		}
		a.Via = d.strList()
		a.Released = d.strList()
		a.Below, a.Dyn = d.str(), d.str()
	}
	return as
}
