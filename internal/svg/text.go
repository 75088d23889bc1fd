package svg

import (
	"math"
	"strconv"
	"strings"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// Fonts chooses the font for SVG text of a generic family ("serif",
// "sans" or "mono"), weight and style: it returns the name a page.Text
// item gives and a function that measures text set in it.
type Fonts func(family string, bold, italic bool) (name string, width func(s string, size units.Length) units.Length)

// genericFamily matches a font-family list to Galley's three families: the
// first name that says monospace or sans-serif, or a well-known face of
// either, decides; anything else is serif. fit scales the size so that
// text takes about the room of the face the image names: labels drawn by
// tools such as Graphviz are placed for Times, which PT Serif outsets by
// about an eighth.
func genericFamily(v string) (family string, fit float64) {
	for f := range strings.SplitSeq(v, ",") {
		f = strings.ToLower(strings.Trim(strings.TrimSpace(f), `"'`))
		switch {
		case f == "monospace", strings.Contains(f, "mono"), strings.Contains(f, "courier"),
			strings.Contains(f, "consolas"), strings.Contains(f, "menlo"), strings.Contains(f, "monaco"):
			return "mono", 1
		case f == "sans-serif", strings.Contains(f, "sans"), strings.Contains(f, "helvetica"),
			strings.Contains(f, "arial"), strings.Contains(f, "verdana"), strings.Contains(f, "tahoma"):
			return "sans", 1
		case strings.Contains(f, "times"):
			return "serif", timesFit
		case f == "serif", strings.Contains(f, "georgia"), strings.Contains(f, "serif"):
			return "serif", 1
		}
	}
	return "serif", 1
}

// timesFit is the ratio of the widths of Times and PT Serif text.
const timesFit = 0.88

// fontSize reads a font-size in user units; em and % are relative to the
// inherited size.
func fontSize(v string, inherited float64) (float64, bool) {
	switch v {
	case "smaller":
		return inherited / 1.2, true
	case "larger":
		return inherited * 1.2, true
	}
	if n, ok := strings.CutSuffix(v, "%"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		return inherited * f / 100, err == nil && f > 0
	}
	if n, ok := strings.CutSuffix(v, "em"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		return inherited * f, err == nil && f > 0
	}
	sz, ok := (viewport{}).length(v, 'o')
	return sz, ok && sz > 0
}

// fontBold reads a font-weight.
func fontBold(v string, inherited bool) bool {
	switch v {
	case "bold", "bolder":
		return true
	case "normal", "lighter":
		return false
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n >= 600
	}
	return inherited
}

// A textCursor is where the next run of a text element goes, in its user
// units.
type textCursor struct {
	x, y  float64
	first bool // nothing has been set yet: leading white space is dropped
}

// text sets a text element and its tspans, each run of characters at the
// current position, which advances by the run's width. Only the first of
// a list of x, y, dx or dy values is used.
func (r *renderer) text(n *node, m matrix, st style, vp viewport) {
	if r.fonts == nil {
		r.warn("SVG text is not drawn in the PDF")
		return
	}
	if math.Abs(m.b) > 1e-9 || math.Abs(m.c) > 1e-9 {
		r.warn("SVG text that is rotated or skewed is drawn upright in the PDF")
	}
	cur := &textCursor{first: true}
	r.textRuns(n, m, st, vp, cur)
}

func (r *renderer) textRuns(n *node, m matrix, st style, vp viewport, cur *textCursor) {
	pos := func(name string, dir byte) (float64, bool) {
		s, ok := n.attrs[name]
		if !ok {
			return 0, false
		}
		f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
		if len(f) == 0 {
			return 0, false
		}
		return vp.length(f[0], dir)
	}
	if v, ok := pos("x", 'x'); ok {
		cur.x = v
	}
	if v, ok := pos("y", 'y'); ok {
		cur.y = v
	}
	if v, ok := pos("dx", 'x'); ok {
		cur.x += v
	}
	if v, ok := pos("dy", 'y'); ok {
		cur.y += v
	}
	for _, k := range n.kids {
		switch k.name {
		case "#text":
			r.textRun(collapseSpace(k.data, cur), m, st, cur)
		case "tspan":
			kst, draw := r.style(k, st)
			if !draw {
				continue
			}
			r.textRuns(k, m, kst, vp, cur)
		case "title", "desc":
		default:
			r.warn("SVG element <%s> inside text is not drawn in the PDF", k.name)
		}
	}
}

// collapseSpace turns runs of white space into one space, as SVG does by
// default, and drops white space before the first character of a text.
func collapseSpace(s string, cur *textCursor) string {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	lead := len(s) > 0 && isSpace(s[0])
	trail := len(s) > 0 && isSpace(s[len(s)-1])
	body := strings.Join(strings.Fields(s), " ")
	switch {
	case body == "" && lead && !cur.first:
		return " "
	case body == "":
		return ""
	}
	if lead && !cur.first {
		body = " " + body
	}
	if trail {
		body += " "
	}
	return body
}

// textRun draws one run of characters at the cursor and advances it.
func (r *renderer) textRun(s string, m matrix, st style, cur *textCursor) {
	if strings.TrimSpace(s) == "" && cur.first {
		return
	}
	cur.first = false
	scale := m.scale()
	size := units.Pt(st.fontSize * st.fit * scale)
	name, width := r.fonts(st.family, st.bold, st.italic)
	w := width(s, size)
	advance := w.Points()
	if scale > 0 {
		advance /= scale
	}
	x := cur.x
	switch st.anchor {
	case "middle":
		x -= advance / 2
	case "end":
		x -= advance
	}
	cur.x = x + advance
	if st.hidden || st.noFill || strings.TrimSpace(s) == "" || size <= 0 {
		return
	}
	color, ok := r.paint(st.fill, st)
	if !ok {
		return
	}
	p := m.apply(point{x, cur.y})
	if !(math.Abs(p.x) < maxCoord && math.Abs(p.y) < maxCoord) {
		r.warn("SVG shapes far outside the image are not drawn")
		return
	}
	r.items = append(r.items, &page.Text{X: units.Pt(p.x), Y: units.Pt(p.y), Font: name, Size: size, Color: color, Text: s})
}
