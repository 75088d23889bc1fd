package cover

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/galley-press/galley/internal/xmltext"
)

// SVGWidth is the width of the SVG's coordinate system: the cover is drawn
// as if it were SVGWidth pixels wide, the size ebook stores ask for.
const SVGWidth = 1600

// SVG draws l as a standalone SVG 1.1 image, with its text as <text>
// elements in PT Serif and PT Sans (falling back to the system's serif and
// sans-serif fonts), titled with l.Alt, in language lang. Characters XML
// does not allow are written as U+FFFD; replaced, if not nil, is told of
// each text that held them, and the first of them.
func (l Layout) SVG(lang string, replaced func(r rune)) []byte {
	w := float64(SVGWidth)
	h := w * l.Aspect
	var b bytes.Buffer
	text := func(s string, m xmltext.Mode) {
		if n, _ := xmltext.Write(&b, s, m); n > 0 && replaced != nil {
			r, _ := xmltext.Forbidden(s)
			replaced(r)
		}
	}
	attr := func(name, v string) {
		b.WriteString(" " + name + `="`)
		text(v, xmltext.Attr)
		b.WriteString(`"`)
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1"`)
	attr("xml:lang", lang)
	attr("width", num(w))
	attr("height", num(h))
	attr("viewBox", "0 0 "+num(w)+" "+num(h))
	b.WriteString(">\n")
	if l.Alt != "" {
		b.WriteString("<title>")
		text(l.Alt, xmltext.Quoted)
		b.WriteString("</title>\n")
	}
	// The background, then the blocks, in fractions of the page.
	for _, r := range append([]Block{{W: 1, H: 1, Color: l.Background}}, l.Blocks...) {
		b.WriteString("<rect")
		attr("x", num(r.X*w))
		attr("y", num(r.Y*h))
		attr("width", num(r.W*w))
		attr("height", num(r.H*h))
		attr("fill", r.Color.Hex())
		b.WriteString("/>\n")
	}
	for _, t := range l.Lines {
		b.WriteString("<text")
		attr("x", num(t.X*w))
		attr("y", num(t.Y*h))
		if t.Face.Serif() {
			attr("font-family", "'PT Serif', Georgia, 'Times New Roman', serif")
		} else {
			attr("font-family", "'PT Sans', 'Helvetica Neue', Arial, sans-serif")
		}
		attr("font-size", num(t.Size*w))
		if i := faceInfo[t.Face]; i.weight != "normal" {
			attr("font-weight", i.weight)
		}
		if i := faceInfo[t.Face]; i.style != "normal" {
			attr("font-style", i.style)
		}
		if t.Tracking != 0 {
			attr("letter-spacing", num(t.Tracking*t.Size*w))
		}
		attr("fill", t.Color.Hex())
		// The width measured in PT: a reader without the PT fonts draws
		// the line in its fallback font squeezed or stretched to it, so
		// it still ends inside the margin.
		attr("textLength", num(t.Width*w))
		attr("lengthAdjust", "spacingAndGlyphs")
		b.WriteString(">")
		text(t.Text, xmltext.Quoted)
		b.WriteString("</text>\n")
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// num formats v with at most one decimal, without a trailing ".0".
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}
