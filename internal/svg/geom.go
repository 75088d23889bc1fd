package svg

import (
	"errors"
	"math"

	"github.com/galley-press/galley/internal/page"
)

// A point is a position in user units.
type point struct{ x, y float64 }

// A seg is a path segment in user units, as page.Seg is on the page.
type seg struct {
	op  page.SegOp
	pts [3]point
}

// kappa places the control points of a cubic Bézier curve that draws a
// quarter of a circle: 4/3·(√2 − 1).
const kappa = 0.5522847498307936

// errTooManySegs stops a builder that has reached MaxSegments.
var errTooManySegs = errors.New("too many path segments")

// A builder collects the segments of one shape, counting them against the
// image's budget.
type builder struct {
	segs   []seg
	budget *int // segments left for the whole image
	err    error
}

func (b *builder) add(s seg) {
	if b.err != nil {
		return
	}
	if *b.budget <= 0 {
		b.err = errTooManySegs
		return
	}
	*b.budget--
	b.segs = append(b.segs, s)
}

func (b *builder) moveTo(p point) { b.add(seg{op: page.MoveTo, pts: [3]point{p}}) }
func (b *builder) lineTo(p point) { b.add(seg{op: page.LineTo, pts: [3]point{p}}) }
func (b *builder) close()         { b.add(seg{op: page.Close}) }
func (b *builder) cubicTo(c1, c2, p point) {
	b.add(seg{op: page.CubicTo, pts: [3]point{c1, c2, p}})
}

// ellipse adds a closed ellipse, starting at its rightmost point and going
// first towards larger y, as SVG draws circles.
func (b *builder) ellipse(cx, cy, rx, ry float64) {
	kx, ky := kappa*rx, kappa*ry
	b.moveTo(point{cx + rx, cy})
	b.cubicTo(point{cx + rx, cy + ky}, point{cx + kx, cy + ry}, point{cx, cy + ry})
	b.cubicTo(point{cx - kx, cy + ry}, point{cx - rx, cy + ky}, point{cx - rx, cy})
	b.cubicTo(point{cx - rx, cy - ky}, point{cx - kx, cy - ry}, point{cx, cy - ry})
	b.cubicTo(point{cx + kx, cy - ry}, point{cx + rx, cy - ky}, point{cx + rx, cy})
	b.close()
}

// rect adds a rectangle, its corners rounded by radii rx and ry.
func (b *builder) rect(x, y, w, h, rx, ry float64) {
	if rx <= 0 || ry <= 0 {
		b.moveTo(point{x, y})
		b.lineTo(point{x + w, y})
		b.lineTo(point{x + w, y + h})
		b.lineTo(point{x, y + h})
		b.close()
		return
	}
	kx, ky := kappa*rx, kappa*ry
	r, bot := x+w, y+h
	b.moveTo(point{x + rx, y})
	b.lineTo(point{r - rx, y})
	b.cubicTo(point{r - rx + kx, y}, point{r, y + ry - ky}, point{r, y + ry})
	b.lineTo(point{r, bot - ry})
	b.cubicTo(point{r, bot - ry + ky}, point{r - rx + kx, bot}, point{r - rx, bot})
	b.lineTo(point{x + rx, bot})
	b.cubicTo(point{x + rx - kx, bot}, point{x, bot - ry + ky}, point{x, bot - ry})
	b.lineTo(point{x, y + ry})
	b.cubicTo(point{x, y + ry - ky}, point{x + rx - kx, y}, point{x + rx, y})
	b.close()
}

// arc adds an elliptical arc from p0 to p in SVG's endpoint form, as cubic
// Bézier curves of at most a quarter turn each. It follows the conversion
// to centre form in the SVG 1.1 implementation notes (F.6.5, F.6.6).
func (b *builder) arc(p0 point, rx, ry, angle float64, large, sweep bool, p point) {
	if p0 == p {
		return
	}
	rx, ry = math.Abs(rx), math.Abs(ry)
	if rx == 0 || ry == 0 {
		b.lineTo(p)
		return
	}
	sin, cos := math.Sincos(angle * math.Pi / 180)
	// The start point in a frame centred between the ends, axes along
	// the ellipse's.
	hx, hy := (p0.x-p.x)/2, (p0.y-p.y)/2
	x1 := cos*hx + sin*hy
	y1 := -sin*hx + cos*hy
	// Radii too small to reach are scaled up until they just do.
	if l := x1*x1/(rx*rx) + y1*y1/(ry*ry); l > 1 {
		s := math.Sqrt(l)
		rx, ry = rx*s, ry*s
	}
	rx2, ry2 := rx*rx, ry*ry
	num := rx2*ry2 - rx2*y1*y1 - ry2*x1*x1
	den := rx2*y1*y1 + ry2*x1*x1
	co := 0.0
	if den > 0 && num > 0 {
		co = math.Sqrt(num / den)
	}
	if large == sweep {
		co = -co
	}
	cx1, cy1 := co*rx*y1/ry, -co*ry*x1/rx
	cx := cos*cx1 - sin*cy1 + (p0.x+p.x)/2
	cy := sin*cx1 + cos*cy1 + (p0.y+p.y)/2
	ux, uy := (x1-cx1)/rx, (y1-cy1)/ry
	vx, vy := (-x1-cx1)/rx, (-y1-cy1)/ry
	start := math.Atan2(uy, ux)
	delta := math.Atan2(ux*vy-uy*vx, ux*vx+uy*vy)
	if !sweep && delta > 0 {
		delta -= 2 * math.Pi
	} else if sweep && delta < 0 {
		delta += 2 * math.Pi
	}
	if math.IsNaN(delta) || math.IsNaN(start) || math.IsNaN(cx) || math.IsNaN(cy) {
		b.lineTo(p)
		return
	}
	n := int(math.Ceil(math.Abs(delta)/(math.Pi/2) - 1e-9))
	n = max(1, min(n, 4))
	step := delta / float64(n)
	alpha := 4.0 / 3 * math.Tan(step/4)
	// on maps a point of the unit circle onto the ellipse.
	on := func(u, v float64) point {
		return point{cx + rx*u*cos - ry*v*sin, cy + rx*u*sin + ry*v*cos}
	}
	for k := range n {
		s1, c1 := math.Sincos(start + float64(k)*step)
		s2, c2 := math.Sincos(start + float64(k+1)*step)
		end := on(c2, s2)
		if k == n-1 {
			end = p
		}
		b.cubicTo(on(c1-alpha*s1, s1+alpha*c1), on(c2+alpha*s2, s2-alpha*c2), end)
	}
}

// errPathData reports path data that is not well formed; what came before
// the error is kept, as SVG asks.
var errPathData = errors.New("bad path data")

// path adds the shape of path data, the d attribute of a path element.
func (b *builder) path(d string) error {
	sc := &scanner{s: d}
	var (
		cmd        byte
		cur, start point
		ctrl       point // the last control point, for S and T
		lastCmd    byte  // upper-case command that set ctrl
		closed     bool  // the last command was Z
		started    bool
	)
	num := func() (float64, error) {
		v, ok := sc.number()
		if !ok {
			return 0, errPathData
		}
		return v, nil
	}
	pair := func(rel bool) (point, error) {
		x, err := num()
		if err != nil {
			return point{}, err
		}
		y, err := num()
		if err != nil {
			return point{}, err
		}
		if rel {
			return point{cur.x + x, cur.y + y}, nil
		}
		return point{x, y}, nil
	}
	for !sc.done() && b.err == nil {
		c := sc.peek()
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			cmd = c
			sc.i++
		} else if cmd == 0 || cmd == 'Z' || cmd == 'z' {
			return errPathData
		} else if cmd == 'M' {
			cmd = 'L'
		} else if cmd == 'm' {
			cmd = 'l'
		}
		upper := cmd &^ 0x20
		rel := cmd != upper
		if !started && upper != 'M' {
			return errPathData
		}
		if closed && upper != 'M' && upper != 'Z' {
			// A segment after Z starts a new subpath where the last began.
			b.moveTo(start)
		}
		closed = false
		switch upper {
		case 'M':
			p, err := pair(rel && started)
			if err != nil {
				return err
			}
			b.moveTo(p)
			cur, start, started = p, p, true
		case 'L':
			p, err := pair(rel)
			if err != nil {
				return err
			}
			b.lineTo(p)
			cur = p
		case 'H', 'V':
			v, err := num()
			if err != nil {
				return err
			}
			p := cur
			switch {
			case upper == 'H' && rel:
				p.x += v
			case upper == 'H':
				p.x = v
			case rel:
				p.y += v
			default:
				p.y = v
			}
			b.lineTo(p)
			cur = p
		case 'C', 'S':
			c1 := cur
			if upper == 'C' {
				var err error
				if c1, err = pair(rel); err != nil {
					return err
				}
			} else if lastCmd == 'C' || lastCmd == 'S' {
				c1 = point{2*cur.x - ctrl.x, 2*cur.y - ctrl.y}
			}
			c2, err := pair(rel)
			if err != nil {
				return err
			}
			p, err := pair(rel)
			if err != nil {
				return err
			}
			b.cubicTo(c1, c2, p)
			cur, ctrl = p, c2
		case 'Q', 'T':
			q := cur
			if upper == 'Q' {
				var err error
				if q, err = pair(rel); err != nil {
					return err
				}
			} else if lastCmd == 'Q' || lastCmd == 'T' {
				q = point{2*cur.x - ctrl.x, 2*cur.y - ctrl.y}
			}
			p, err := pair(rel)
			if err != nil {
				return err
			}
			// The quadratic curve as a cubic one: control points two
			// thirds of the way from each end towards q.
			b.cubicTo(point{cur.x + 2.0/3*(q.x-cur.x), cur.y + 2.0/3*(q.y-cur.y)},
				point{p.x + 2.0/3*(q.x-p.x), p.y + 2.0/3*(q.y-p.y)}, p)
			cur, ctrl = p, q
		case 'A':
			rx, err := num()
			if err != nil {
				return err
			}
			ry, err := num()
			if err != nil {
				return err
			}
			angle, err := num()
			if err != nil {
				return err
			}
			large, ok := sc.flag()
			if !ok {
				return errPathData
			}
			sweep, ok := sc.flag()
			if !ok {
				return errPathData
			}
			p, err := pair(rel)
			if err != nil {
				return err
			}
			b.arc(cur, rx, ry, angle, large, sweep, p)
			cur = p
		case 'Z':
			b.close()
			cur, closed = start, true
			sc.skipSep()
		default:
			return errPathData
		}
		lastCmd = upper
	}
	return nil
}

// points reads the points attribute of polyline and polygon. An odd
// number of coordinates drops the last one and reports an error.
func points(s string) ([]point, error) {
	sc := &scanner{s: s}
	var pts []point
	for !sc.done() {
		x, ok := sc.number()
		if !ok {
			return pts, errPathData
		}
		y, ok := sc.number()
		if !ok {
			return pts, errPathData
		}
		pts = append(pts, point{x, y})
	}
	return pts, nil
}
