package svg

import (
	"strings"

	"github.com/galley-press/galley/internal/page"
)

// A paintKind says what a fill or stroke is painted with.
type paintKind uint8

const (
	paintNone    paintKind = iota
	paintColor             // paint.rgb
	paintCurrent           // the color property
)

// A paint is the computed value of fill or stroke.
type paint struct {
	kind paintKind
	rgb  page.RGB
}

// A style holds the inherited properties that decide how shapes are drawn.
type style struct {
	fill, stroke paint
	strokeWidth  float64 // user units
	evenOdd      bool
	hidden       bool // visibility: hidden
	color        page.RGB
	noFill       bool // fill-opacity: 0
	noStroke     bool // stroke-opacity: 0
	// Text: the generic family ("serif", "sans" or "mono"), the size in
	// user units, the weight and style, and text-anchor.
	family       string
	fit          float64 // scales fontSize to the named face's widths
	fontSize     float64
	bold, italic bool
	anchor       string // "start", "middle" or "end"
}

// defaultStyle returns the initial values: black fill, no stroke.
func defaultStyle() style {
	return style{fill: paint{kind: paintColor}, strokeWidth: 1, family: "serif", fit: 1, fontSize: 16, anchor: "start"}
}

// prop returns a property of n: from its style attribute if set there,
// else from its presentation attribute.
func prop(n *node, name string) (string, bool) {
	v, ok := "", false
	for decl := range strings.SplitSeq(n.attrs["style"], ";") {
		k, val, found := strings.Cut(decl, ":")
		if found && strings.TrimSpace(k) == name {
			val = strings.TrimSpace(val)
			val = strings.TrimSpace(strings.TrimSuffix(val, "!important"))
			v, ok = val, true
		}
	}
	if ok {
		return v, true
	}
	v, ok = n.attrs[name]
	return strings.TrimSpace(v), ok
}

// style computes the style of n from its parent's. It reports false if n
// and its content are not drawn at all.
func (r *renderer) style(n *node, parent style) (style, bool) {
	st := parent
	get := func(name string) (string, bool) {
		v, ok := prop(n, name)
		if !ok || v == "inherit" || v == "" {
			return "", false
		}
		return v, true
	}
	if v, ok := get("display"); ok && v == "none" {
		return st, false
	}
	if v, ok := get("opacity"); ok && r.opacity(v) == 0 {
		return st, false
	}
	if v, ok := get("color"); ok {
		if c, ok := parseColor(v); ok {
			st.color = c
		} else {
			r.warn("SVG colour %q is not understood", clip(v))
		}
	}
	if v, ok := get("fill"); ok {
		st.fill = r.parsePaint(v, st.fill)
	}
	if v, ok := get("stroke"); ok {
		st.stroke = r.parsePaint(v, st.stroke)
	}
	if v, ok := get("fill-opacity"); ok {
		st.noFill = r.opacity(v) == 0
	}
	if v, ok := get("stroke-opacity"); ok {
		st.noStroke = r.opacity(v) == 0
	}
	if v, ok := get("stroke-width"); ok {
		if w, ok := (viewport{}).length(v, 'o'); ok && w >= 0 {
			st.strokeWidth = w
		} else {
			r.warn("SVG stroke-width %q is not understood", clip(v))
		}
	}
	if v, ok := get("fill-rule"); ok {
		st.evenOdd = v == "evenodd"
	}
	if v, ok := get("visibility"); ok {
		st.hidden = v == "hidden" || v == "collapse"
	}
	if v, ok := get("font-family"); ok {
		st.family, st.fit = genericFamily(v)
	}
	if v, ok := get("font-size"); ok {
		if sz, ok := fontSize(v, st.fontSize); ok {
			st.fontSize = sz
		} else {
			r.warn("SVG font-size %q is not understood", clip(v))
		}
	}
	if v, ok := get("font-weight"); ok {
		st.bold = fontBold(v, st.bold)
	}
	if v, ok := get("font-style"); ok {
		st.italic = v == "italic" || v == "oblique"
	}
	if v, ok := get("text-anchor"); ok && (v == "start" || v == "middle" || v == "end") {
		st.anchor = v
	}
	if v, ok := get("stroke-dasharray"); ok && v != "none" {
		r.warn("SVG dashed strokes are drawn solid in the PDF")
	}
	return st, true
}

// opacity reads an opacity, warning that values between 0 and 1 are not
// honoured.
func (r *renderer) opacity(v string) float64 {
	pct := strings.HasSuffix(v, "%")
	o, ok := (&scanner{s: strings.TrimSuffix(v, "%")}).whole()
	if !ok {
		return 1
	}
	if pct {
		o /= 100
	}
	if o > 0 && o < 1 {
		r.warn("SVG opacity is ignored in the PDF; shapes are drawn opaque")
	}
	return o
}

// parsePaint reads a fill or stroke value; an invalid one leaves the
// inherited value. A reference to a gradient gives the colour of its first
// stop; other references give their fallback colour, or none.
func (r *renderer) parsePaint(v string, inherited paint) paint {
	switch v {
	case "none", "transparent":
		return paint{}
	case "currentColor", "currentcolor":
		return paint{kind: paintCurrent}
	}
	if rest, ok := strings.CutPrefix(v, "url("); ok {
		ref, fallback, ok := strings.Cut(rest, ")")
		if !ok {
			r.warn("SVG paint %q is not understood", clip(v))
			return inherited
		}
		ref = strings.Trim(strings.TrimSpace(ref), `"'`)
		if c, ok := r.gradientColor(ref); ok {
			r.warn("SVG gradients are drawn in the PDF in the flat colour of their first stop")
			return c
		}
		if fallback = strings.TrimSpace(fallback); fallback != "" {
			return r.parsePaint(fallback, inherited)
		}
		r.warn("SVG paint %q is not drawn in the PDF", clip(v))
		return paint{}
	}
	if c, ok := parseColor(v); ok {
		return paint{kind: paintColor, rgb: c}
	}
	r.warn("SVG colour %q is not understood", clip(v))
	return inherited
}

// gradientColor returns the first stop colour of the gradient ref names,
// following href to the gradient that holds the stops.
func (r *renderer) gradientColor(ref string) (paint, bool) {
	for range 8 {
		id, ok := strings.CutPrefix(ref, "#")
		g := r.ids[id]
		if !ok || g == nil || g.name != "linearGradient" && g.name != "radialGradient" {
			return paint{}, false
		}
		for _, k := range g.kids {
			if k.name != "stop" {
				continue
			}
			v, ok := prop(k, "stop-color")
			if !ok {
				return paint{kind: paintColor}, true // black, the initial value
			}
			if c, ok := parseColor(v); ok {
				return paint{kind: paintColor, rgb: c}, true
			}
			return paint{kind: paintColor}, true
		}
		ref = strings.TrimSpace(g.attrs["href"])
	}
	return paint{}, false
}

// paint returns the colour a fill or stroke is drawn in, or false if it is
// not drawn.
func (r *renderer) paint(p paint, st style) (page.RGB, bool) {
	switch p.kind {
	case paintColor:
		return p.rgb, true
	case paintCurrent:
		return st.color, true
	}
	return page.RGB{}, false
}
