// Package svg turns SVG images into vector paths that the PDF writer draws.
//
// It understands the static, geometric part of SVG: the basic shapes, path
// data, groups, nested svg elements, use references, transforms, and the
// fill and stroke properties given as attributes or in style attributes.
// What it cannot draw it reports as warnings, once each: text, embedded
// images, style sheets, clipping, masks, filters, dashes, opacity; a
// gradient is drawn in the flat colour of its first stop.
package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// Limits on the work one image may cause. An image beyond them is refused
// with an error wrapping ErrTooComplex.
const (
	MaxElements = 20000  // elements in the file, and elements drawn once use references are expanded
	MaxSegments = 200000 // path segments in all
	MaxDepth    = 64     // nesting of elements, counting use references
)

// ErrTooComplex is wrapped by the errors for images beyond the limits.
var ErrTooComplex = errors.New("image too complex")

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// maxCoord bounds page coordinates in points; a shape beyond it is dropped.
const maxCoord = 1e6

// A node is an SVG element: its local name, its attributes without
// namespace (and href, whether plain or XLink), and its child elements.
// Elements of other namespaces have an empty name.
type node struct {
	name  string
	attrs map[string]string
	kids  []*node
	data  string // for character data inside text: name "#text"
}

// Shapes converts an SVG image into paths that draw it into box on the
// page, in drawing order, each clipped to the box. The image's view box is
// fitted into the box as its preserveAspectRatio says (by default centred,
// keeping the proportions). The warnings name what is not drawn, or drawn
// only approximately, each once in the order first met. Text is not drawn:
// Draw draws it.
func Shapes(data []byte, box page.Rect) (paths []*page.Path, warnings []string, err error) {
	items, warnings, err := Draw(data, box, nil)
	for _, it := range items {
		if p, ok := it.(*page.Path); ok {
			paths = append(paths, p)
		}
	}
	return paths, warnings, err
}

// Draw converts an SVG image into paths and text that draw it into box on
// the page, in drawing order, as Shapes does; text and tspan elements are
// set in the fonts that fonts chooses. With fonts nil, text is not drawn
// and a warning says so.
func Draw(data []byte, box page.Rect, fonts Fonts) (items []page.Item, warnings []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			items, warnings, err = nil, nil, fmt.Errorf("svg: internal error: %v", r)
		}
	}()
	root, err := parse(data)
	if err != nil {
		return nil, nil, err
	}
	if root.name != "svg" {
		return nil, nil, fmt.Errorf("svg: root element is <%s>, not <svg>", root.name)
	}
	r := &renderer{box: box, ids: map[string]*node{}, warned: map[string]bool{}, segs: MaxSegments, elems: MaxElements, fonts: fonts}
	r.index(root)
	if err := r.root(root); err != nil {
		return nil, nil, err
	}
	return r.items, r.warns, nil
}

// parse reads the element tree.
func parse(data []byte) (*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		root  *node
		stack []*node
		count int
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("svg: parse: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > MaxElements {
				return nil, fmt.Errorf("svg: more than %d elements: %w", MaxElements, ErrTooComplex)
			}
			if len(stack) >= MaxDepth {
				return nil, fmt.Errorf("svg: elements nested deeper than %d: %w", MaxDepth, ErrTooComplex)
			}
			n := &node{attrs: map[string]string{}}
			if t.Name.Space == "" || t.Name.Space == svgNS {
				n.name = t.Name.Local
			}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "":
					n.attrs[a.Name.Local] = a.Value
				case a.Name.Space == xlinkNS && a.Name.Local == "href":
					if _, ok := n.attrs["href"]; !ok {
						n.attrs["href"] = a.Value
					}
				}
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("svg: parse: more than one root element")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			// Only text content is kept, in order among the tspans.
			if len(stack) > 0 {
				if p := stack[len(stack)-1]; p.name == "text" || p.name == "tspan" {
					p.kids = append(p.kids, &node{name: "#text", data: string(t)})
				}
			}
		}
	}
	if root == nil {
		return nil, errors.New("svg: parse: no root element")
	}
	return root, nil
}

// A renderer turns the element tree into paths.
type renderer struct {
	box    page.Rect
	ids    map[string]*node
	warns  []string
	warned map[string]bool
	items  []page.Item    // paths and text, in drawing order
	fonts  Fonts          // nil: text is not drawn
	segs   int            // segments left
	elems  int            // elements left to draw
	active map[*node]bool // use targets being drawn, to stop cycles
}

// warn records a warning once.
func (r *renderer) warn(format string, a ...any) {
	s := fmt.Sprintf(format, a...)
	if !r.warned[s] {
		r.warned[s] = true
		r.warns = append(r.warns, s)
	}
}

// index records the elements with an id; the first of a duplicate wins.
func (r *renderer) index(n *node) {
	if id := n.attrs["id"]; id != "" {
		if _, dup := r.ids[id]; !dup {
			r.ids[id] = n
		}
	}
	for _, k := range n.kids {
		r.index(k)
	}
}

// A viewport is the size, in user units of the element that establishes
// it, against which percentages are measured.
type viewport struct{ w, h float64 }

// length reads a length in user units: a number with an optional unit,
// percentages taken of the viewport's width ('x'), height ('y') or
// normalised diagonal ('o').
func (vp viewport) length(s string, dir byte) (float64, bool) {
	sc := &scanner{s: strings.TrimSpace(s)}
	v, ok := sc.number()
	if !ok {
		return 0, false
	}
	unit := strings.TrimSpace(sc.s[sc.i:])
	switch unit {
	case "", "px":
		return v, true
	case "pt":
		return v * 4 / 3, true
	case "pc":
		return v * 16, true
	case "in":
		return v * 96, true
	case "cm":
		return v * 96 / 2.54, true
	case "mm":
		return v * 96 / 25.4, true
	case "em":
		return v * 16, true
	case "ex":
		return v * 8, true
	case "%":
		switch dir {
		case 'x':
			return v / 100 * vp.w, true
		case 'y':
			return v / 100 * vp.h, true
		}
		return v / 100 * math.Sqrt((vp.w*vp.w+vp.h*vp.h)/2), true
	}
	return 0, false
}

// attrLength reads a length attribute, def if it is absent or malformed.
func (r *renderer) attrLength(n *node, name string, dir byte, vp viewport, def float64) float64 {
	s, ok := n.attrs[name]
	if !ok {
		return def
	}
	v, ok := vp.length(s, dir)
	if !ok {
		r.warn("SVG attribute %s=%q is not understood", name, clip(s))
		return def
	}
	return v
}

// clip shortens a value quoted in a warning.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// viewBoxTransform maps the view box of n onto the viewport (x, y, w, h)
// as its preserveAspectRatio says. Without a view box, user units are
// scaled to the viewport from the size (vw, vh). It reports false if the
// element must not be drawn.
func (r *renderer) viewBoxTransform(n *node, x, y, w, h, vw, vh float64) (matrix, viewport, bool) {
	var vb [4]float64
	if s, ok := n.attrs["viewBox"]; ok {
		v, ok := numbers(s)
		if !ok || len(v) != 4 || v[2] <= 0 || v[3] <= 0 {
			r.warn("SVG viewBox %q is not understood", clip(s))
			return identity, viewport{}, false
		}
		copy(vb[:], v)
	} else {
		if vw <= 0 || vh <= 0 {
			return translate(x, y), viewport{w, h}, w > 0 && h > 0
		}
		vb = [4]float64{0, 0, vw, vh}
	}
	if w <= 0 || h <= 0 {
		return identity, viewport{}, false
	}
	sx, sy := w/vb[2], h/vb[3]
	align, slice := "xmidymid", false
	if f := strings.Fields(strings.ToLower(n.attrs["preserveAspectRatio"])); len(f) > 0 {
		if f[0] == "defer" {
			f = f[1:]
		}
		if len(f) > 0 {
			align = f[0]
		}
		slice = len(f) > 1 && f[1] == "slice"
	}
	tx, ty := x-vb[0]*sx, y-vb[1]*sy
	if align != "none" {
		s := min(sx, sy)
		if slice {
			s = max(sx, sy)
		}
		sx, sy = s, s
		tx, ty = x-vb[0]*s, y-vb[1]*s
		switch {
		case strings.HasPrefix(align, "xmid"):
			tx += (w - vb[2]*s) / 2
		case strings.HasPrefix(align, "xmax"):
			tx += w - vb[2]*s
		}
		switch {
		case strings.HasSuffix(align, "ymid"):
			ty += (h - vb[3]*s) / 2
		case strings.HasSuffix(align, "ymax"):
			ty += h - vb[3]*s
		}
	}
	return matrix{a: sx, d: sy, e: tx, f: ty}, viewport{vb[2], vb[3]}, true
}

// root draws the outermost svg element into the box.
func (r *renderer) root(n *node) error {
	bx, by, bw, bh := r.box.X.Points(), r.box.Y.Points(), r.box.W.Points(), r.box.H.Points()
	def := viewport{300, 150}
	if v, ok := numbers(n.attrs["viewBox"]); ok && len(v) == 4 {
		def = viewport{v[2], v[3]}
	}
	w := r.attrLength(n, "width", 'x', def, def.w)
	h := r.attrLength(n, "height", 'y', def, def.h)
	m, vp, ok := r.viewBoxTransform(n, bx, by, bw, bh, w, h)
	if !ok {
		return nil
	}
	st := defaultStyle()
	st, draw := r.style(n, st)
	if !draw {
		return nil
	}
	r.active = map[*node]bool{}
	return r.children(n, m, st, vp, 1)
}

// children draws the child elements of n.
func (r *renderer) children(n *node, m matrix, st style, vp viewport, depth int) error {
	for _, k := range n.kids {
		if err := r.element(k, m, st, vp, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// element draws one element and what it contains, under the transform m
// from its parent's user units to page points.
func (r *renderer) element(n *node, m matrix, parent style, vp viewport, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("svg: elements and references nested deeper than %d: %w", MaxDepth, ErrTooComplex)
	}
	r.elems--
	if r.elems < 0 {
		return fmt.Errorf("svg: more than %d elements drawn: %w", MaxElements, ErrTooComplex)
	}
	switch n.name {
	case "", "defs", "symbol", "title", "desc", "metadata", "linearGradient", "radialGradient",
		"pattern", "clipPath", "mask", "marker", "filter", "script", "foreignObject", "stop":
		// not drawn where they stand
		return nil
	case "style":
		r.warn("SVG style sheets are ignored in the PDF; only attributes and style attributes apply")
		return nil
	case "#text", "tspan":
		return nil // drawn by the text element that holds them
	case "image":
		r.warn("SVG embedded images are not drawn in the PDF")
		return nil
	}
	st, draw := r.style(n, parent)
	if !draw {
		return nil
	}
	if t, ok := n.attrs["transform"]; ok {
		tm, ok := parseTransform(t)
		if !ok {
			r.warn("SVG transform %q is not understood and is ignored", clip(t))
		}
		m = m.mul(tm)
	}
	for _, a := range []string{"clip-path", "mask", "filter"} {
		if v, ok := prop(n, a); ok && v != "none" {
			r.warn("SVG %s is ignored in the PDF", a)
		}
	}
	switch n.name {
	case "g", "a", "switch":
		return r.children(n, m, st, vp, depth)
	case "svg":
		x := r.attrLength(n, "x", 'x', vp, 0)
		y := r.attrLength(n, "y", 'y', vp, 0)
		w := r.attrLength(n, "width", 'x', vp, vp.w)
		h := r.attrLength(n, "height", 'y', vp, vp.h)
		vm, inner, ok := r.viewBoxTransform(n, x, y, w, h, 0, 0)
		if !ok {
			return nil
		}
		return r.children(n, m.mul(vm), st, inner, depth)
	case "use":
		return r.use(n, m, st, vp, depth)
	case "rect", "circle", "ellipse", "line", "polyline", "polygon", "path":
		return r.shape(n, m, st, vp)
	case "text":
		r.text(n, m, st, vp)
		return nil
	}
	r.warn("SVG element <%s> is not drawn in the PDF", n.name)
	return nil
}

// use draws the element a use element refers to, which must be in the
// same file.
func (r *renderer) use(n *node, m matrix, st style, vp viewport, depth int) error {
	href := strings.TrimSpace(n.attrs["href"])
	id, local := strings.CutPrefix(href, "#")
	t := r.ids[id]
	if !local || t == nil {
		r.warn("SVG use of %q: only references to elements in the same file are drawn", clip(href))
		return nil
	}
	if r.active[t] {
		r.warn("SVG use of %q refers to itself and is not drawn", clip(href))
		return nil
	}
	r.active[t] = true
	defer delete(r.active, t)
	x := r.attrLength(n, "x", 'x', vp, 0)
	y := r.attrLength(n, "y", 'y', vp, 0)
	m = m.mul(translate(x, y))
	if t.name == "symbol" {
		st, draw := r.style(t, st)
		if !draw {
			return nil
		}
		w := r.attrLength(n, "width", 'x', vp, r.attrLength(t, "width", 'x', vp, vp.w))
		h := r.attrLength(n, "height", 'y', vp, r.attrLength(t, "height", 'y', vp, vp.h))
		vm, inner, ok := r.viewBoxTransform(t, 0, 0, w, h, 0, 0)
		if !ok {
			return nil
		}
		return r.children(t, m.mul(vm), st, inner, depth+1)
	}
	return r.element(t, m, st, vp, depth+1)
}

// shape draws a basic shape or a path.
func (r *renderer) shape(n *node, m matrix, st style, vp viewport) error {
	b := &builder{budget: &r.segs}
	length := func(name string, dir byte) float64 { return r.attrLength(n, name, dir, vp, 0) }
	open := false // lines and polylines are never filled
	switch n.name {
	case "rect":
		x, y, w, h := length("x", 'x'), length("y", 'y'), length("width", 'x'), length("height", 'y')
		if w <= 0 || h <= 0 {
			return nil
		}
		rx, okx := vp.length(n.attrs["rx"], 'x')
		ry, oky := vp.length(n.attrs["ry"], 'y')
		switch {
		case !okx && oky:
			rx = ry
		case okx && !oky:
			ry = rx
		}
		b.rect(x, y, w, h, min(max(rx, 0), w/2), min(max(ry, 0), h/2))
	case "circle":
		rad := length("r", 'o')
		if rad <= 0 {
			return nil
		}
		b.ellipse(length("cx", 'x'), length("cy", 'y'), rad, rad)
	case "ellipse":
		rx, ry := length("rx", 'x'), length("ry", 'y')
		if rx <= 0 || ry <= 0 {
			return nil
		}
		b.ellipse(length("cx", 'x'), length("cy", 'y'), rx, ry)
	case "line":
		open = true
		b.moveTo(point{length("x1", 'x'), length("y1", 'y')})
		b.lineTo(point{length("x2", 'x'), length("y2", 'y')})
	case "polyline", "polygon":
		pts, err := points(n.attrs["points"])
		if err != nil {
			r.warn("SVG <%s> has malformed points; drawn up to the error", n.name)
		}
		if len(pts) < 2 {
			return nil
		}
		b.moveTo(pts[0])
		for _, p := range pts[1:] {
			b.lineTo(p)
		}
		if n.name == "polygon" {
			b.close()
		} else {
			open = true
		}
	case "path":
		if err := b.path(n.attrs["d"]); err != nil && b.err == nil {
			r.warn("SVG path data has an error; the path is drawn up to it")
		}
	}
	if b.err != nil {
		return fmt.Errorf("svg: more than %d path segments: %w", MaxSegments, ErrTooComplex)
	}
	if len(b.segs) == 0 || st.hidden {
		return nil
	}
	p := &page.Path{EvenOdd: st.evenOdd, Clip: r.box}
	if c, ok := r.paint(st.fill, st); ok && !open && !st.noFill {
		p.Fill = &c
	}
	if c, ok := r.paint(st.stroke, st); ok && !st.noStroke {
		if w := st.strokeWidth * m.scale(); w > 0 && w < maxCoord {
			p.Stroke = &c
			p.StrokeWidth = units.Pt(w)
		}
	}
	if p.Fill == nil && p.Stroke == nil {
		return nil
	}
	p.Segs = make([]page.Seg, len(b.segs))
	for i, s := range b.segs {
		p.Segs[i].Op = s.op
		k := 0
		switch s.op {
		case page.MoveTo, page.LineTo:
			k = 1
		case page.CubicTo:
			k = 3
		}
		for j := range k {
			q := m.apply(s.pts[j])
			if !(math.Abs(q.x) < maxCoord && math.Abs(q.y) < maxCoord) {
				r.warn("SVG shapes far outside the image are not drawn")
				return nil
			}
			p.Segs[i].Pts[j] = page.Point{X: units.Pt(q.x), Y: units.Pt(q.y)}
		}
	}
	r.items = append(r.items, p)
	return nil
}
