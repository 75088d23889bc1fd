package svg

import (
	"math"
	"strings"
)

// A matrix is an affine transformation [a c e; b d f; 0 0 1]: a point
// (x, y) goes to (a·x + c·y + e, b·x + d·y + f).
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{a: 1, d: 1}

// mul returns the transformation that applies n, then m.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		a: m.a*n.a + m.c*n.b,
		b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d,
		d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e,
		f: m.b*n.e + m.d*n.f + m.f,
	}
}

// apply transforms a point.
func (m matrix) apply(p point) point {
	return point{m.a*p.x + m.c*p.y + m.e, m.b*p.x + m.d*p.y + m.f}
}

// scale is the factor by which the transformation changes lengths on
// average: the square root of the area factor.
func (m matrix) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

func translate(x, y float64) matrix { return matrix{a: 1, d: 1, e: x, f: y} }

// parseTransform reads a transform list such as
// "translate(10 20) rotate(45, 5, 5)".
func parseTransform(s string) (matrix, bool) {
	m := identity
	sc := &scanner{s: s}
	for !sc.done() {
		j := sc.i
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		name := s[sc.i:j]
		sc.i = j
		sc.skipSpace()
		if sc.peek() != '(' {
			return identity, false
		}
		sc.i++
		end := strings.IndexByte(s[sc.i:], ')')
		if end < 0 {
			return identity, false
		}
		args, ok := numbers(s[sc.i : sc.i+end])
		if !ok {
			return identity, false
		}
		sc.i += end + 1
		sc.skipSep()
		var t matrix
		n := len(args)
		switch {
		case name == "matrix" && n == 6:
			t = matrix{args[0], args[1], args[2], args[3], args[4], args[5]}
		case name == "translate" && n == 1:
			t = translate(args[0], 0)
		case name == "translate" && n == 2:
			t = translate(args[0], args[1])
		case name == "scale" && n == 1:
			t = matrix{a: args[0], d: args[0]}
		case name == "scale" && n == 2:
			t = matrix{a: args[0], d: args[1]}
		case name == "rotate" && (n == 1 || n == 3):
			sin, cos := math.Sincos(args[0] * math.Pi / 180)
			t = matrix{a: cos, b: sin, c: -sin, d: cos}
			if n == 3 {
				t = translate(args[1], args[2]).mul(t).mul(translate(-args[1], -args[2]))
			}
		case name == "skewX" && n == 1:
			t = matrix{a: 1, c: math.Tan(args[0] * math.Pi / 180), d: 1}
		case name == "skewY" && n == 1:
			t = matrix{a: 1, b: math.Tan(args[0] * math.Pi / 180), d: 1}
		default:
			return identity, false
		}
		m = m.mul(t)
	}
	return m, true
}
