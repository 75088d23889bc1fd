package layout

import (
	"strings"
	"unicode/utf8"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/highlight"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// Code blocks are set in PT Mono on a quiet tint that spans the measure,
// the text inset from its edges, highlighted in the theme of package
// highlight. A line too long for the measure wraps at a space or after
// punctuation, its continuation hung under it behind a grey arrow. A block
// of up to shortCode lines is never split across pages; a longer one leaves
// at least two lines on each side of a break. A listing's file name stands
// above the code and its caption below, both kept with it.

// shortCode is the most lines a code block may have and still be kept
// whole on one page.
const shortCode = 8

// codeSlant is the tangent of the oblique that stands in for italic mono.
const codeSlant = 0.2

// A codeLine is one set line of a code block: a piece of a source line.
type codeLine struct {
	toks   []highlight.Token
	indent int  // columns of hanging indent before the text
	cont   bool // continues the line before
	// space says a space is read after the line: it ends its source line,
	// or was cut at a space.
	space bool
}

func (t *typesetter) code(c *doc.CodeBlock, x, width units.Length) {
	size := t.opts.Page.Body.Scale(0.85)
	lead := size.Scale(1.3)
	pad := size.Scale(0.8)
	regular := t.lib.get("mono", false, false)
	bold := t.lib.get("mono", true, false)
	adv := regular.face.Advance('M', size)
	cols := int((width - 2*pad) / adv)
	lines := wrapCode(highlight.Lines(c.Lang, c.FileName(), expandTabs(c.Text)), max(cols, 8))
	tint := page.RGB(highlight.Background)
	strip := func(h units.Length) page.Item {
		return &page.Rule{X: x, Y: 0, W: width, H: h, Color: tint}
	}
	t.space(t.opts.Page.Leading.Scale(0.5))
	first := len(t.elems)
	l := c.Listing
	var name *page.Elem // the file name, read before the code
	if l != nil && l.FileName != "" {
		name = t.tag("P")
	}
	code := t.tag("Code")
	if l != nil && l.FileName != "" {
		fs := t.ts("sans", size.Scale(0.95), true, false, grey)
		st := t.fl.style(fs)
		rule := &page.Rule{X: x, Y: lead - units.Pt(0.4), W: width, H: units.Pt(0.4), Color: page.RGB{R: 0xd8, G: 0xd6, B: 0xcc}}
		label := &page.Text{X: x + pad, Y: lead.Scale(0.72), Font: st.tf.name, Size: st.size, Color: grey, Text: fitText(st, l.FileName, width-2*pad), Elem: name, SpaceAfter: true}
		t.used[st.tf.name] = true
		t.elems = append(t.elems, elem{h: lead, keep: true, src: c.Pos(), items: []page.Item{strip(lead), rule, label}})
	}
	t.elems = append(t.elems, elem{h: pad.Scale(0.5), keep: true, src: c.Pos(), items: []page.Item{strip(pad.Scale(0.5))}})
	n := len(lines)
	for i, ln := range lines {
		items := []page.Item{strip(lead)}
		cx := x + pad + units.Length(ln.indent)*adv
		base := lead.Scale(0.74)
		if ln.cont {
			items = append(items, contMark(cx-2*adv, base, adv, size))
		}
		for _, tok := range ln.toks {
			s := tok.Class.Style()
			tf := regular
			if s.Bold {
				tf = bold
			}
			slant := 0.0
			if s.Italic {
				slant = codeSlant
			}
			items = append(items, &page.Text{X: cx, Y: base, Font: tf.name, Size: size, Color: page.RGB(s.Color), Text: tok.Text, Slant: slant, Elem: code})
			t.used[tf.name] = true
			cx += tf.face.Width(tok.Text, size)
		}
		if ln.space {
			spaceAfter(items)
		}
		keep := n <= shortCode || i < 1 || i > n-3
		t.elems = append(t.elems, elem{h: lead, keep: keep, src: c.Pos(), items: items})
	}
	captioned := l != nil && (l.Number != "" || l.Caption != nil)
	t.elems = append(t.elems, elem{h: pad.Scale(0.5), keep: captioned, src: c.Pos(), items: []page.Item{strip(pad.Scale(0.5))}})
	if c.Attr.ID != "" {
		t.elems[first].items = append(t.elems[first].items, &page.Dest{Name: t.prefix + c.Attr.ID, Y: 0})
	}
	if captioned {
		t.elems = append(t.elems, elem{h: size.Scale(0.45), keep: true})
		var in []doc.Inline
		if l.Number != "" {
			in = append(in, &doc.Strong{Text: plain(locale.For(t.lang).Listing + "\u00a0" + l.Number)})
			if l.Caption != nil {
				in = append(in, &doc.Text{Value: ": "})
			}
		}
		in = append(in, l.Caption...)
		t.text(block{in: in, st: t.ts("sans", t.opts.Page.Body.Scale(0.82), false, false, black), x: x, width: width, leading: t.opts.Page.Body.Scale(1.15), src: c.Pos()})
	}
	t.space(t.opts.Page.Leading.Scale(0.5))
}

// contMark draws the arrow that starts a continued line, in the hanging
// indent: a grey vector shape one column wide at x-height, so that text
// copied from the PDF holds only the code.
func contMark(x, base, adv, size units.Length) *page.Path {
	y := base - size.Scale(0.28)
	x0, x1 := x+adv.Scale(0.1), x+adv.Scale(0.9)
	h := size.Scale(0.16)
	pt := func(x, y units.Length) [3]page.Point { return [3]page.Point{{X: x, Y: y}} }
	c := grey
	return &page.Path{
		Segs: []page.Seg{
			{Op: page.MoveTo, Pts: pt(x0, y)}, {Op: page.LineTo, Pts: pt(x1, y)},
			{Op: page.MoveTo, Pts: pt(x1-h, y-h)}, {Op: page.LineTo, Pts: pt(x1, y)}, {Op: page.LineTo, Pts: pt(x1-h, y+h)},
		},
		Stroke: &c, StrokeWidth: size.Scale(0.07),
	}
}

// fitText shortens s with an ellipsis at its start until it fits width.
func fitText(st *style, s string, width units.Length) string {
	for st.width(s) > width && utf8.RuneCountInString(s) > 1 {
		_, n := utf8.DecodeRuneInString(s)
		s = strings.TrimPrefix(s, "…")
		s = "…" + s[n:]
	}
	return s
}

// expandTabs replaces tabs with spaces to the next stop of four columns.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// wrapCode breaks source lines longer than cols columns. A piece ends after
// the last space, or failing that after the last punctuation, in the later
// half of the room; failing both, where the room ends. Continuation lines
// hang two columns under the source line's own indent (but never more than
// half the measure), after the continuation mark.
func wrapCode(src [][]highlight.Token, cols int) []codeLine {
	var out []codeLine
	for _, toks := range src {
		var text strings.Builder
		for _, tk := range toks {
			text.WriteString(tk.Text)
		}
		rs := []rune(text.String())
		if len(rs) <= cols {
			out = append(out, codeLine{toks: toks, space: true})
			continue
		}
		lead := 0
		for lead < len(rs) && rs[lead] == ' ' {
			lead++
		}
		hang := min(lead, cols/2) + 2
		start, indent, cont := 0, 0, false
		for start < len(rs) {
			room := cols - indent
			end := len(rs)
			if end-start > room {
				end = codeBreak(rs, start, start+room)
			}
			space := end == len(rs) || rs[end] == ' ' && rs[end-1] != ' '
			out = append(out, codeLine{toks: sliceTokens(toks, start, end), indent: indent, cont: cont, space: space})
			start = end
			for start < len(rs) && rs[start] == ' ' {
				start++ // a continuation starts with the next word
			}
			indent, cont = hang, true
		}
	}
	return out
}

// codeBreak returns where to end a piece of rs that starts at start and may
// run to limit (exclusive).
func codeBreak(rs []rune, start, limit int) int {
	half := start + (limit-start)/2
	for k := limit; k > half; k-- {
		if rs[k-1] == ' ' || rs[k] == ' ' {
			return k
		}
	}
	for k := limit; k > half; k-- {
		if strings.ContainsRune(",;([{./:->_=&|", rs[k-1]) && !(operator(rs[k-1]) && operator(rs[k])) {
			return k
		}
	}
	return limit
}

// operator reports whether r is a character of a two-character operator
// ("::", "->", "=>", "&&"), which is never broken.
func operator(r rune) bool { return strings.ContainsRune(":-=<>&|!", r) }

// sliceTokens returns the tokens of runes [from, to) of a line.
func sliceTokens(toks []highlight.Token, from, to int) []highlight.Token {
	var out []highlight.Token
	pos := 0
	for _, tk := range toks {
		rs := []rune(tk.Text)
		a, b := max(from-pos, 0), min(to-pos, len(rs))
		if a < b {
			out = append(out, highlight.Token{Class: tk.Class, Text: string(rs[a:b])})
		}
		pos += len(rs)
	}
	return out
}
