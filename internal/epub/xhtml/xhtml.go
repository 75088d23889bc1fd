// Package xhtml writes chapters of the document tree as XHTML5 content
// documents for EPUB 3: well-formed XML with only XML's own entities,
// `lang` and `xml:lang` on the root, and the EPUB structural semantics
// (epub:type) paired with the matching DPUB-ARIA roles.
//
// Only the EPUB renderer (package epub, above it) uses it. It reads the
// document tree and never imports the layout engine, the page model or the
// PDF writer.
package xhtml

import (
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/highlight"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/source"
	"github.com/galley-press/galley/internal/xmltext"
)

// Stylesheet is the CSS the documents link to: galley.css and the rules
// of the code highlighting theme.
var Stylesheet = append(append([]byte{}, galleyCSS...), "\n/* Code highlighting: the theme shared with the PDF. */\n"+highlight.CSS()...)

//go:embed galley.css
var galleyCSS []byte

// Options control how a chapter is written.
type Options struct {
	Lang       string // the document language; required
	Title      string // the document title, for <title>
	Stylesheet string // href of the stylesheet, or ""
	// ImageHref maps a manuscript image path to its href in the book.
	ImageHref func(src string) string
	// Article, if set, writes the feature header (kicker, title, dek,
	// byline), the hero figure and the author bios around the chapter.
	Article *doc.Meta
	// Heading, if set and Article is nil, is the chapter's title in a
	// book: the document's h1. A chapter that opens with a heading of
	// that text has it as its h1 already; any other gets the title
	// written above its text, and its headings start at h2.
	Heading string
	// Part, if set, is the title of the part of the book the chapter
	// opens, written at the top of the document, above the chapter's
	// title: a link to the document is a link to the part.
	Part   string
	Labels *locale.Words
	// PageBreaks are where the pages of the print edition begin, in page
	// order; each gets a page break marker (see PageBreak).
	PageBreaks []PageBreak
	// Replaced, if set, is told of each piece of text that held
	// characters XML does not allow, which are written as U+FFFD: the
	// position of the block or inline it came from (no position for
	// metadata and labels) and the first such character.
	Replaced func(pos source.Pos, r rune)
}

// WriteChapter writes ch as a complete XHTML document.
func WriteChapter(w io.Writer, ch *doc.Chapter, opts Options) error {
	x := newPage(opts)
	x.chapter = ch.ID
	if opts.Article == nil && opts.Heading != "" && !OpensWith(ch, opts.Heading) {
		x.title = opts.Heading
	}
	x.shift = HeadingShift(ch.Blocks, opts.Article != nil || x.title != "")
	if err := x.placeBreaks(ch); err != nil {
		return err
	}
	x.document(ch)
	if x.err != nil {
		return x.err
	}
	_, err := io.WriteString(w, x.b.String())
	return err
}

// OpensWith reports whether ch's first block is a heading whose text is
// title: in a book, such a heading is the chapter's title.
func OpensWith(ch *doc.Chapter, title string) bool {
	if len(ch.Blocks) == 0 {
		return false
	}
	h, ok := ch.Blocks[0].(*doc.Heading)
	return ok && doc.PlainText(h.Text) == title
}

// HeadingShift returns what to add to the Markdown levels of the headings
// among blocks so that the document has one h1 and no skipped levels at
// its top: the highest heading becomes h1, or h2 when titled, under a
// title Galley writes itself (an article header, a book chapter's title).
func HeadingShift(blocks []doc.Block, titled bool) int {
	top := 7
	doc.Inspect(blocks, func(n doc.Node) bool {
		if h, ok := n.(*doc.Heading); ok && h.Level < top {
			top = h.Level
		}
		_, isBlock := n.(doc.Block)
		return isBlock
	})
	if top == 7 {
		return 0
	}
	want := 1
	if titled {
		want = 2
	}
	return want - top
}

type writer struct {
	b       strings.Builder
	opts    Options
	shift   int
	err     error
	chapter string     // ID of the chapter being written
	title   string     // the book chapter's title, written as its h1; or ""
	pos     source.Pos // where the block or inline being written starts

	// Page break markers, placed by placeBreaks: at the top of the
	// document, before or inside a block, or at the end of the body.
	top, end []PageBreak
	at       map[doc.Node][]PageBreak
	refs     map[*doc.Note]int // references to each note written so far
	// Markers due inside the paragraph or heading being written, sorted
	// by word; word counts the words begun in it so far.
	pending []PageBreak
	word    int
	inWord  bool
}

func (x *writer) fail(err error) {
	if x.err == nil {
		x.err = err
	}
}

func (x *writer) raw(s string) { x.b.WriteString(s) }

func (x *writer) text(s string) { x.escape(s, xmltext.Text) }

// element writes an element that holds only text, on a line of its own;
// open is its start tag as written, and the end tag follows from it.
// Its text is metadata, or a label: it has no position of its own.
func (x *writer) element(open, text string) {
	x.pos = source.Pos{}
	x.raw(open)
	x.text(text)
	name := strings.TrimPrefix(open, "<")
	if i := strings.IndexAny(name, " >"); i >= 0 {
		name = name[:i]
	}
	x.raw("</" + name + ">\n")
}

func (x *writer) attr(name, v string) {
	x.b.WriteString(" ")
	x.b.WriteString(name)
	x.b.WriteString(`="`)
	x.escape(v, xmltext.Attr)
	x.b.WriteString(`"`)
}

// enter notes that n is being written, for reports of its text; a node
// without a position is part of the one around it.
func (x *writer) enter(n doc.Node) {
	if p := n.Pos(); p.IsValid() {
		x.pos = p
	}
}

// escape writes s escaped for mode m, with the characters XML does not
// allow replaced, and tells opts.Replaced of them.
func (x *writer) escape(s string, m xmltext.Mode) {
	if n, _ := xmltext.Write(&x.b, s, m); n > 0 && x.opts.Replaced != nil {
		r, _ := xmltext.Forbidden(s)
		x.opts.Replaced(x.pos, r)
	}
}

// head writes the document's start, up to and including <body>.
func (x *writer) head(bodyClass string) {
	lang := x.opts.Lang
	x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
	x.raw(`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"`)
	x.attr("lang", lang)
	x.attr("xml:lang", lang)
	x.raw(">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>")
	x.text(x.opts.Title)
	x.raw("</title>\n")
	if x.opts.Stylesheet != "" {
		x.raw(`<link rel="stylesheet" type="text/css"`)
		x.attr("href", x.opts.Stylesheet)
		x.raw("/>\n")
	}
	x.raw("</head>\n<body")
	if bodyClass != "" {
		x.attr("class", bodyClass)
	}
	x.raw(">\n")
}

func (x *writer) document(ch *doc.Chapter) {
	x.head("")
	m := x.opts.Article
	if m != nil {
		x.raw("<article class=\"feature\">\n")
		x.markers(x.top)
		x.part()
		x.header(m)
		if m.Hero != nil {
			x.markers(x.at[m.Hero])
			x.figure(m.Hero, "hero")
		}
	} else {
		x.raw("<section class=\"chapter\">\n")
		x.markers(x.top)
		x.part()
		if x.title != "" {
			x.element(`<h1 class="chapter-title">`, x.title)
		}
	}
	x.blocks(ch.Blocks)
	x.markers(x.end)
	if m != nil {
		x.bios(m.Authors)
	}
	x.notes(ch.Notes)
	if m != nil {
		x.raw("</article>\n")
	} else {
		x.raw("</section>\n")
	}
	x.raw("</body>\n</html>\n")
}

// part writes the title of the part the chapter opens, if any.
func (x *writer) part() {
	if x.opts.Part == "" {
		return
	}
	x.element(`<p class="part-title">`, x.opts.Part)
}

func (x *writer) header(m *doc.Meta) {
	x.raw("<header class=\"feature-header\">\n")
	if m.Kicker != "" {
		x.element(`<p class="kicker">`, m.Kicker)
	}
	x.element("<h1 class=\"title\">", m.Title)
	if m.Subtitle != "" {
		x.element(`<p class="dek" role="doc-subtitle">`, m.Subtitle)
	}
	if len(m.Authors) > 0 {
		x.raw(`<p class="byline">`)
		if by := x.opts.Labels.By; by != "" {
			x.text(by + " ")
		}
		x.authors(m.Authors)
		x.raw("</p>\n")
	}
	x.raw("</header>\n")
}

func (x *writer) bios(authors []doc.Author) {
	var with []doc.Author
	for _, a := range authors {
		if len(a.Bio) > 0 {
			with = append(with, a)
		}
	}
	if len(with) == 0 {
		return
	}
	label := x.opts.Labels.AboutAuthor
	if len(with) > 1 {
		label = x.opts.Labels.AboutAuthors
	}
	x.raw(`<aside class="bio" aria-labelledby="about-author">` + "\n")
	x.element(`<h2 id="about-author" class="bio-heading">`, label)
	for _, a := range with {
		x.blocks(a.Bio)
	}
	x.raw("</aside>\n")
}

func (x *writer) notes(notes []*doc.Note) {
	if len(notes) == 0 {
		return
	}
	x.raw(`<section class="footnotes" aria-labelledby="notes-heading">` + "\n")
	x.element(`<h2 id="notes-heading" class="notes-heading">`, x.opts.Labels.Notes)
	for _, n := range notes {
		num := strconv.Itoa(n.Number)
		x.raw(`<aside epub:type="footnote" role="doc-footnote" class="footnote" id="fn` + num + `">` + "\n")
		x.raw(`<p class="note-number"><a role="doc-backlink" href="#fnref` + num + `"`)
		x.attr("title", x.opts.Labels.BackToText)
		x.raw(">" + num + "</a></p>\n")
		x.blocks(n.Blocks)
		x.raw("</aside>\n")
	}
	x.raw("</section>\n")
}

func (x *writer) blocks(bs []doc.Block) {
	for _, b := range bs {
		x.block(b)
	}
}

func (x *writer) block(b doc.Block) {
	x.enter(b)
	breaks := x.at[b]
	switch b := b.(type) {
	case *doc.Heading:
		lvl := min(max(b.Level+x.shift, 1), 6)
		tag := "h" + strconv.Itoa(lvl)
		// A page that starts with the heading is marked before it, so
		// that the marker's label is not part of the heading's text.
		before, inside := splitBreaks(breaks)
		x.markers(before)
		x.raw("<" + tag)
		if b.Attr.ID != "" {
			x.attr("id", b.Attr.ID)
		}
		x.raw(">")
		x.breakable(b.Text, inside)
		x.raw("</" + tag + ">\n")
		return
	case *doc.Paragraph:
		// Markers go inside the paragraph even before its first word,
		// so that "h2 + p" and the like still match in the stylesheet.
		x.raw("<p>")
		x.breakable(b.Text, breaks)
		x.raw("</p>\n")
		return
	}
	x.markers(breaks)
	switch b := b.(type) {
	case *doc.Blockquote:
		x.raw("<blockquote>\n")
		x.blocks(b.Blocks)
		x.raw("</blockquote>\n")
	case *doc.List:
		tag := "ul"
		if b.Ordered {
			tag = "ol"
		}
		x.raw("<" + tag)
		if b.Ordered && b.Start != 1 {
			x.attr("start", strconv.Itoa(b.Start))
		}
		x.raw(">\n")
		for _, it := range b.Items {
			x.raw("<li>")
			if b.Tight && len(it.Blocks) == 1 {
				if p, ok := it.Blocks[0].(*doc.Paragraph); ok {
					x.breakable(p.Text, x.at[p])
					x.raw("</li>\n")
					continue
				}
			}
			x.raw("\n")
			x.blocks(it.Blocks)
			x.raw("</li>\n")
		}
		x.raw("</" + tag + ">\n")
	case *doc.Figure:
		x.figure(b, "")
	case *doc.CodeBlock:
		x.code(b)
	case *doc.Table:
		x.table(b)
	case *doc.ThematicBreak:
		x.raw("<hr/>\n")
	case *doc.Heading, *doc.Paragraph:
		// Written above.
	default:
		x.fail(fmt.Errorf("xhtml: unhandled block %T", b))
	}
}

func (x *writer) figure(f *doc.Figure, class string) {
	x.raw("<figure")
	if f.Attr.ID != "" {
		x.attr("id", f.Attr.ID)
	}
	if class != "" {
		x.attr("class", class)
	}
	x.raw(">\n")
	x.image(f.Image)
	x.raw("\n")
	if f.Caption != nil || f.Credit != nil {
		x.raw("<figcaption>")
		if f.Caption != nil {
			x.raw(`<span class="caption">`)
			x.inlines(f.Caption)
			x.raw("</span>")
		}
		if f.Credit != nil {
			if f.Caption != nil {
				x.raw(" ")
			}
			x.raw(`<span class="credit" role="doc-credit">`)
			x.inlines(f.Credit)
			x.raw("</span>")
		}
		x.raw("</figcaption>\n")
	}
	x.raw("</figure>\n")
}

func (x *writer) image(img *doc.Image) {
	x.raw("<img")
	x.attr("src", x.opts.ImageHref(img.Src))
	x.attr("alt", img.Alt)
	if img.Decorative {
		x.attr("role", "presentation")
	}
	if img.Width > 0 && img.Height > 0 {
		x.attr("width", strconv.Itoa(img.Width))
		x.attr("height", strconv.Itoa(img.Height))
	}
	x.raw("/>")
}

func (x *writer) table(t *doc.Table) {
	x.raw("<table>\n")
	row := func(r *doc.Row, cell string) {
		x.raw("<tr>")
		for i, c := range r.Cells {
			x.raw("<" + cell)
			if cell == "th" {
				x.attr("scope", "col")
			}
			switch c.Align {
			case doc.AlignLeft:
				x.attr("class", "left")
			case doc.AlignCenter:
				x.attr("class", "center")
			case doc.AlignRight:
				x.attr("class", "right")
			}
			x.raw(">")
			if i == 0 {
				// A page that begins with this row is marked in its
				// first cell: a table row holds nothing but cells.
				x.markers(x.at[r])
			}
			x.inlines(c.Text)
			x.raw("</" + cell + ">")
		}
		x.raw("</tr>\n")
	}
	if len(t.Head) > 0 {
		x.raw("<thead>\n")
		for _, r := range t.Head {
			row(r, "th")
		}
		x.raw("</thead>\n")
	}
	x.raw("<tbody>\n")
	for _, r := range t.Body {
		row(r, "td")
	}
	x.raw("</tbody>\n</table>\n")
}

func (x *writer) inlines(in []doc.Inline) {
	for _, i := range in {
		x.inline(i)
	}
}

func (x *writer) inline(i doc.Inline) {
	x.enter(i)
	switch i := i.(type) {
	case *doc.Text:
		x.words(i.Value)
	case *doc.Emph:
		x.raw("<em>")
		x.inlines(i.Text)
		x.raw("</em>")
	case *doc.Strong:
		x.raw("<strong>")
		x.inlines(i.Text)
		x.raw("</strong>")
	case *doc.Super:
		x.raw("<sup>")
		x.inlines(i.Text)
		x.raw("</sup>")
	case *doc.Sub:
		x.raw("<sub>")
		x.inlines(i.Text)
		x.raw("</sub>")
	case *doc.Span:
		x.raw("<span")
		x.attr("lang", i.Lang)
		x.attr("xml:lang", i.Lang)
		x.raw(">")
		x.inlines(i.Text)
		x.raw("</span>")
	case *doc.Strike:
		x.raw("<del>")
		x.inlines(i.Text)
		x.raw("</del>")
	case *doc.Code:
		x.raw("<code>")
		x.words(i.Value)
		x.raw("</code>")
	case *doc.Link:
		x.raw("<a")
		x.attr("href", x.href(i))
		if i.Title != "" {
			x.attr("title", i.Title)
		}
		x.raw(">")
		x.inlines(i.Text)
		x.raw("</a>")
	case *doc.Image:
		x.image(i)
	case *doc.NoteRef:
		num := strconv.Itoa(i.Note.Number)
		// A note referenced again: its later references get ids of
		// their own; the note's back link goes to the first.
		if x.refs == nil {
			x.refs = map[*doc.Note]int{}
		}
		x.refs[i.Note]++
		id := "fnref" + num
		if n := x.refs[i.Note]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		x.raw(`<a epub:type="noteref" role="doc-noteref" class="noteref" id="` + id + `" href="#fn` + num + `">` + num + "</a>")
	case *doc.SoftBreak:
		x.raw("\n")
		x.inWord = false
	case *doc.LineBreak:
		x.raw("<br/>\n")
		x.inWord = false
	default:
		x.fail(fmt.Errorf("xhtml: unhandled inline %T", i))
	}
}

// href returns a link's target: the author's URL, or for a link into the
// manuscript, the chapter document and id it was resolved to. Chapter
// documents sit side by side, named by chapter ID.
func (x *writer) href(l *doc.Link) string {
	if l.Chapter == "" {
		return l.URL
	}
	h := ""
	if l.Chapter != x.chapter {
		h = l.Chapter + ".xhtml"
	}
	if l.Fragment != "" {
		h += "#" + l.Fragment
	}
	if h == "" {
		h = l.Chapter + ".xhtml"
	}
	return h
}
