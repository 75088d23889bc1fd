package svg

import (
	"math"
	"strconv"
)

// A scanner reads the numbers of SVG attribute values: path data, point
// lists, view boxes and transform arguments.
type scanner struct {
	s string
	i int
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// skipSpace skips white space.
func (sc *scanner) skipSpace() {
	for sc.i < len(sc.s) && isSpace(sc.s[sc.i]) {
		sc.i++
	}
}

// skipSep skips white space with at most one comma in it.
func (sc *scanner) skipSep() {
	sc.skipSpace()
	if sc.i < len(sc.s) && sc.s[sc.i] == ',' {
		sc.i++
		sc.skipSpace()
	}
}

// done reports whether only white space is left.
func (sc *scanner) done() bool {
	sc.skipSpace()
	return sc.i >= len(sc.s)
}

// peek returns the next byte, or 0 at the end.
func (sc *scanner) peek() byte {
	if sc.i < len(sc.s) {
		return sc.s[sc.i]
	}
	return 0
}

// number reads a number and the separator after it. Its syntax is that of
// SVG: an optional sign, digits with an optional fraction (or a fraction
// alone), and an optional exponent; "NaN" and "Inf" are not numbers.
func (sc *scanner) number() (float64, bool) {
	sc.skipSpace()
	start, i := sc.i, sc.i
	s := sc.s
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			i = j // an "e" that starts a unit, as in "1em"
		}
	}
	v, err := strconv.ParseFloat(s[start:i], 64)
	if err != nil && !isRange(err) || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	sc.i = i
	sc.skipSep()
	return v, true
}

func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// flag reads an arc flag, "0" or "1", which needs no separator after it.
func (sc *scanner) flag() (bool, bool) {
	sc.skipSpace()
	switch sc.peek() {
	case '0':
		sc.i++
		sc.skipSep()
		return false, true
	case '1':
		sc.i++
		sc.skipSep()
		return true, true
	}
	return false, false
}

// numbers reads a list of numbers, all of the value or none.
func numbers(s string) ([]float64, bool) {
	sc := &scanner{s: s}
	var out []float64
	for !sc.done() {
		v, ok := sc.number()
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}
