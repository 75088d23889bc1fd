package cover

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// SVGWidth is the width of the SVG's coordinate system: the cover is drawn
// as if it were SVGWidth pixels wide, the size ebook stores ask for.
const SVGWidth = 1600

// SVG draws l as a standalone SVG 1.1 image, with its text as <text>
// elements in PT Serif and PT Sans (falling back to the system's serif and
// sans-serif fonts), titled with l.Alt, in language lang.
func (l Layout) SVG(lang string) []byte {
	w := float64(SVGWidth)
	h := w * l.Aspect
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1"`)
	attr(&b, "xml:lang", lang)
	attr(&b, "width", num(w))
	attr(&b, "height", num(h))
	attr(&b, "viewBox", "0 0 "+num(w)+" "+num(h))
	b.WriteString(">\n")
	if l.Alt != "" {
		b.WriteString("<title>")
		xml.EscapeText(&b, []byte(l.Alt))
		b.WriteString("</title>\n")
	}
	b.WriteString(`<rect x="0" y="0"`)
	attr(&b, "width", num(w))
	attr(&b, "height", num(h))
	attr(&b, "fill", l.Background.Hex())
	b.WriteString("/>\n")
	for _, r := range l.Blocks {
		b.WriteString("<rect")
		attr(&b, "x", num(r.X*w))
		attr(&b, "y", num(r.Y*h))
		attr(&b, "width", num(r.W*w))
		attr(&b, "height", num(r.H*h))
		attr(&b, "fill", r.Color.Hex())
		b.WriteString("/>\n")
	}
	for _, t := range l.Lines {
		b.WriteString("<text")
		attr(&b, "x", num(t.X*w))
		attr(&b, "y", num(t.Y*h))
		if t.Face.Serif() {
			attr(&b, "font-family", "'PT Serif', Georgia, 'Times New Roman', serif")
		} else {
			attr(&b, "font-family", "'PT Sans', 'Helvetica Neue', Arial, sans-serif")
		}
		attr(&b, "font-size", num(t.Size*w))
		if i := faceInfo[t.Face]; i.weight != "normal" {
			attr(&b, "font-weight", i.weight)
		}
		if i := faceInfo[t.Face]; i.style != "normal" {
			attr(&b, "font-style", i.style)
		}
		if t.Tracking != 0 {
			attr(&b, "letter-spacing", num(t.Tracking*t.Size*w))
		}
		attr(&b, "fill", t.Color.Hex())
		// The width measured in PT: a reader without the PT fonts draws
		// the line in its fallback font squeezed or stretched to it, so
		// it still ends inside the margin.
		attr(&b, "textLength", num(t.Width*w))
		attr(&b, "lengthAdjust", "spacingAndGlyphs")
		b.WriteString(">")
		xml.EscapeText(&b, []byte(t.Text))
		b.WriteString("</text>\n")
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func attr(b *bytes.Buffer, name, v string) {
	b.WriteString(" " + name + `="`)
	b.WriteString(attrEscaper.Replace(v))
	b.WriteString(`"`)
}

var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// num formats v with at most one decimal, without a trailing ".0".
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}
