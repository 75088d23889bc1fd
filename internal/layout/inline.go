package layout

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/page"
)

// flattener turns inline trees into styled fragments.
type flattener struct {
	lib    *library
	diags  *diag.List
	out    []frag
	styles map[style]*style // interned, so fragments can compare pointers
	warned map[rune]bool
	prefix string // of Dest names in this chapter
	book   bool   // Dest names carry their chapter's ID
	// roots are the outermost inline structure elements of the text last
	// flattened, in order, for the block's element to take as kids.
	roots []*page.Elem
	// notes holds each footnote's Note element; firstRef the reference
	// after which the note is read.
	notes    map[*doc.Note]*page.Elem
	firstRef map[*doc.Note]*doc.NoteRef
	// block is the structure element of the text being flattened; elems
	// keeps the inline elements made for it, so that text set again (a
	// paragraph a line longer) keeps them.
	block *page.Elem
	elems map[inlineKey]*page.Elem
}

type inlineKey struct {
	block *page.Elem
	node  doc.Inline
	typ   string
}

// tag makes the element of type typ for node an inline structure element
// inside ts's current one (or a root) and the one ts's text belongs to.
// It returns the element, new or made by an earlier setting of the text.
func (fl *flattener) tag(ts *textStyle, node doc.Inline, typ string) *page.Elem {
	k := inlineKey{fl.block, node, typ}
	e, seen := fl.elems[k]
	if !seen {
		e = &page.Elem{Type: typ}
		if fl.elems == nil {
			fl.elems = map[inlineKey]*page.Elem{}
		}
		fl.elems[k] = e
	}
	if p := ts.base.elem; p == nil {
		fl.roots = append(fl.roots, e)
	} else if !seen {
		p.Kids = append(p.Kids, e)
	}
	ts.base.elem = e
	if typ == "Link" {
		ts.base.link = e
	}
	return e
}

// noteElem returns the Note element of n.
func (fl *flattener) noteElem(n *doc.Note) *page.Elem {
	if fl.notes == nil {
		fl.notes = map[*doc.Note]*page.Elem{}
	}
	e, ok := fl.notes[n]
	if !ok {
		e = &page.Elem{Type: "Note", Anchored: true}
		fl.notes[n] = e
	}
	return e
}

// intern returns the shared pointer for s.
func (fl *flattener) intern(s style) *style {
	if p, ok := fl.styles[s]; ok {
		return p
	}
	p := &s
	fl.styles[s] = p
	return p
}

// textStyle is the family and emphasis a fragment is set in.
type textStyle struct {
	family       string
	bold, italic bool
	base         style
}

func (fl *flattener) flatten(in []doc.Inline, ts textStyle) []frag {
	fl.out, fl.roots = fl.out[:0], nil
	fl.inlines(in, ts)
	return fl.out // valid until the next call
}

func (fl *flattener) style(ts textStyle) *style {
	s := ts.base
	s.tf = fl.lib.get(ts.family, ts.bold, ts.italic)
	return fl.intern(s)
}

func (fl *flattener) inlines(in []doc.Inline, ts textStyle) {
	for _, i := range in {
		fl.inline(i, ts)
	}
}

func (fl *flattener) inline(i doc.Inline, ts textStyle) {
	switch i := i.(type) {
	case *doc.Text:
		fl.text(i.Value, fl.style(ts), i)
	case *doc.Emph:
		ts.italic = !ts.italic
		fl.inlines(i.Text, ts)
	case *doc.Strong:
		ts.bold = true
		fl.inlines(i.Text, ts)
	case *doc.Span:
		ts.base.lang = i.Lang
		if i.Lang != "" {
			fl.tag(&ts, i, "Span").Lang = i.Lang
		}
		fl.inlines(i.Text, ts)
	case *doc.Super:
		ts.base.rise += ts.base.size.Scale(0.35)
		ts.base.size = ts.base.size.Scale(0.7)
		fl.inlines(i.Text, ts)
	case *doc.Sub:
		ts.base.rise -= ts.base.size.Scale(0.15)
		ts.base.size = ts.base.size.Scale(0.7)
		fl.inlines(i.Text, ts)
	case *doc.Strike:
		ts.base.strike = true
		fl.inlines(i.Text, ts)
	case *doc.Code:
		ts.family = "mono"
		ts.base.size = ts.base.size.Scale(0.9)
		fl.tag(&ts, i, "Code")
		ts.base.code = true
		fl.text(i.Value, fl.style(ts), i)
	case *doc.Link:
		switch {
		case i.Chapter != "":
			frag := i.Fragment
			if frag == "" {
				frag = "title"
			}
			if fl.book {
				ts.base.dest = i.Chapter + "/" + frag
			} else {
				ts.base.dest = frag
			}
		case len(i.URL) > 0 && i.URL[0] == '#':
			ts.base.dest = fl.prefix + i.URL[1:]
		default:
			ts.base.url = i.URL
		}
		ts.base.color = page.RGB{R: 0x1a, G: 0x4a, B: 0x8a}
		fl.tag(&ts, i, "Link")
		fl.inlines(i.Text, ts)
	case *doc.Image:
		// Inline images are set as their alt text in print.
		ts.italic = true
		start := len(fl.out)
		fl.text(i.Alt, fl.style(ts), i)
		for j := start; j < len(fl.out); j++ {
			fl.out[j].uncounted = true
		}
	case *doc.NoteRef:
		ts.base.size = ts.base.size.Scale(0.65)
		ts.base.rise = ts.base.size.Scale(0.55)
		ts.base.dest = fl.prefix + noteDest(i.Note.Number)
		ts.family = "serif"
		// A Reference holding the link to the note; the note itself is
		// read right after its first reference.
		outer := ts.base.elem
		_, seen := fl.elems[inlineKey{fl.block, i, "Reference"}]
		fl.tag(&ts, i, "Reference")
		fl.tag(&ts, i, "Link")
		if fl.firstRef == nil {
			fl.firstRef = map[*doc.Note]*doc.NoteRef{}
		}
		first, ok := fl.firstRef[i.Note]
		isFirst := !ok || first == i
		if isFirst {
			fl.firstRef[i.Note] = i
			if note := fl.noteElem(i.Note); outer == nil {
				fl.roots = append(fl.roots, note)
			} else if !seen {
				outer.Kids = append(outer.Kids, note)
			}
		}
		f := frag{text: strconv.Itoa(i.Note.Number), st: fl.style(ts), pos: i.Pos(), uncounted: true}
		if isFirst {
			// The note is set at the foot of its first reference's page,
			// and links back there; a later reference only links to it.
			f.note, f.ref = i.Note, fl.prefix+noteRefDest(i.Note.Number)
		}
		fl.out = append(fl.out, f)
	case *doc.SoftBreak:
		fl.out = append(fl.out, frag{space: true, st: fl.style(ts), pos: i.Pos()})
	case *doc.LineBreak:
		fl.out = append(fl.out, frag{brk: true, st: fl.style(ts), pos: i.Pos()})
	default:
		fl.diags.Errorf(i.Pos(), "layout: unhandled inline %T", i)
	}
}

func noteDest(n int) string    { return "fn-" + strconv.Itoa(n) }
func noteRefDest(n int) string { return "fnref-" + strconv.Itoa(n) }

// maxMarks is the most combining marks set on one character, as in
// Unicode's stream-safe text format (UAX #15): more would only pile up.
const maxMarks = 30

// visible returns s without what must not be drawn: format characters
// (bidi controls, zero-width spaces and joiners, the soft hyphen), which
// are invisible and would show as missing-glyph boxes; combining marks the
// font lacks, which would be boxes as wide as letters and push the line
// past the margin; and marks past maxMarks on one character. Characters
// left out for the last two reasons are reported, once each.
func (fl *flattener) visible(s string, st *style, n doc.Node) string {
	clean := true
	for _, r := range s {
		if r >= 0xAD && (unicode.Is(unicode.Cf, r) || unicode.Is(unicode.M, r)) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	marks := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cf, r):
			continue
		case unicode.Is(unicode.M, r):
			marks++
			if !st.tf.face.HasRune(r) {
				if !fl.warned[r] {
					fl.warned[r] = true
					fl.diags.Warnf(n.Pos(), "the font %s has no glyph for the combining mark U+%04X, which is left out", st.tf.name, r)
				}
				continue
			}
			if marks > maxMarks {
				if marks == maxMarks+1 {
					fl.diags.Warnf(n.Pos(), "more than %d combining marks on one character; the rest are left out", maxMarks)
				}
				continue
			}
		default:
			marks = 0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// text splits s into words and spaces and reports characters the font lacks.
func (fl *flattener) text(s string, st *style, n doc.Node) {
	s = fl.visible(s, st, n)
	start := 0
	emit := func(end int) {
		if end > start {
			fl.out = append(fl.out, frag{text: s[start:end], st: st, pos: n.Pos()})
		}
	}
	for i, r := range s {
		switch {
		case doc.IsWordSpace(r):
			emit(i)
			fl.out = append(fl.out, frag{space: true, st: st, pos: n.Pos()})
			start = i + 1
		case r == '\u00a0' || r == '\u202f':
			emit(i)
			fl.out = append(fl.out, frag{nbsp: true, st: st, pos: n.Pos()})
			start = i + len(string(r))
		default:
			if !st.tf.face.HasRune(r) && !fl.warned[r] {
				fl.warned[r] = true
				fl.diags.Warnf(n.Pos(), "the font %s has no glyph for %q (U+%04X)", st.tf.name, r, r)
			}
		}
	}
	emit(len(s))
}
