// Package markdown reads Markdown into Galley's document tree. It is the only
// package that knows goldmark: everything after it sees doc nodes alone.
//
// The reader accepts CommonMark with GitHub's tables, strikethrough, task
// lists and bare-URL links, footnotes, and typographic quotes and dashes.
// Problems are reported as positioned diagnostics; the reader never stops at
// the first one and never panics.
//
// It never imports the manuscript loader above it or any renderer.
package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/source"
)

// MaxDepth is the deepest nesting of blocks and inlines the reader accepts.
const MaxDepth = 64

func newParser(lang string) goldmark.Markdown {
	q := locale.For(lang).Quotes
	subs := map[extension.TypographicPunctuation]string{
		extension.LeftDoubleQuote:  q[0],
		extension.RightDoubleQuote: q[1],
		extension.LeftSingleQuote:  q[2],
		extension.RightSingleQuote: q[3],
		extension.Apostrophe:       "’",
		extension.EnDash:           "–",
		extension.EmDash:           "—",
		extension.Ellipsis:         "…",
		extension.LeftAngleQuote:   "«",
		extension.RightAngleQuote:  "»",
	}
	return goldmark.New(goldmark.WithExtensions(
		extension.GFM,
		extension.Footnote,
		extension.NewTypographer(extension.WithTypographicSubstitutions(subs)),
	))
}

// Input is one piece of Markdown to read.
type Input struct {
	File *source.File
	// Offset is where the Markdown starts in File (after any front matter).
	Offset int
	// Text is the Markdown. If nil, File.Src[Offset:] is read.
	Text []byte
	// At, if valid, is the position given to every node: for Markdown that
	// does not come straight from the file, such as a bio in front matter.
	At   source.Pos
	Lang string
}

// Parse reads in and returns its blocks and its footnotes in order of first
// reference. Problems are added to diags.
func Parse(in Input, diags *diag.List) (blocks []doc.Block, notes []*doc.Note) {
	src := in.Text
	if src == nil {
		src = in.File.Src[in.Offset:]
	}
	r := &reader{in: in, src: src, diags: diags, ids: map[string]int{}}
	root := newParser(in.Lang).Parser().Parse(text.NewReader(r.limit(src)))
	r.collectNotes(root)
	blocks = r.children(root, 0)
	r.checkNotes()
	r.checkHeadings(blocks)
	for _, n := range r.notes {
		if n.used {
			notes = append(notes, n.note)
		}
	}
	return blocks, notes
}

type noteState struct {
	note *doc.Note
	used bool
}

type reader struct {
	in    Input
	src   []byte
	diags *diag.List
	notes []*noteState // by goldmark index - 1
	ids   map[string]int

	deepSeen, indentSeen bool // a limit was reported
}

func (r *reader) pos(off int) source.Pos {
	if r.in.At.IsValid() {
		return r.in.At
	}
	return r.in.File.Pos(r.in.Offset + off)
}

// span returns the span of n: from its first positioned line or segment.
func (r *reader) span(n gast.Node) source.Span {
	start, stop, ok := r.extent(n)
	if !ok {
		return source.Span{}
	}
	return source.Span{Start: r.pos(start), Stop: r.pos(stop)}
}

func (r *reader) extent(n gast.Node) (start, stop int, ok bool) {
	switch t := n.(type) {
	case *gast.Text:
		return t.Segment.Start, t.Segment.Stop, true
	}
	if n.Type() == gast.TypeBlock {
		if lines := n.Lines(); lines != nil && lines.Len() > 0 {
			return lines.At(0).Start, lines.At(lines.Len() - 1).Stop, true
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s, e, ok := r.extent(c); ok {
			return s, e, true
		}
	}
	return 0, 0, false
}

// posOf returns the best position for n, falling back to its parent's.
func (r *reader) posOf(n gast.Node) source.Pos {
	for ; n != nil; n = n.Parent() {
		if s, _, ok := r.extent(n); ok {
			return r.pos(s)
		}
	}
	return r.pos(0)
}

func (r *reader) collectNotes(root gast.Node) {
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		list, ok := c.(*east.FootnoteList)
		if !ok {
			continue
		}
		for fn := list.FirstChild(); fn != nil; fn = fn.NextSibling() {
			f, ok := fn.(*east.Footnote)
			if !ok || f.Index < 1 {
				continue
			}
			for len(r.notes) < f.Index {
				r.notes = append(r.notes, nil)
			}
			note := &doc.Note{Span: r.span(f), Label: string(f.Ref), Number: f.Index}
			r.notes[f.Index-1] = &noteState{note: note}
			for b := f.FirstChild(); b != nil; b = b.NextSibling() {
				note.Blocks = append(note.Blocks, r.blockList(b, 1)...)
			}
		}
	}
}

var (
	noteDef = regexp.MustCompile(`(?m)^ {0,3}\[\^([^\]\s]+)\]:`)
	noteRef = regexp.MustCompile(`\[\^([^\]\s]+)\]`)
)

// checkNotes warns about footnote definitions that nothing references.
// goldmark drops those silently, so the source is scanned for them.
func (r *reader) checkNotes() {
	used := map[string]bool{}
	for _, n := range r.notes {
		if n != nil {
			used[n.note.Label] = true
		}
	}
	fences, scanned := 0, 0
	for _, m := range noteDef.FindAllSubmatchIndex(r.src, -1) {
		label := string(r.src[m[2]:m[3]])
		// Count the fence lines before the definition, going on from the
		// last one, so that many definitions cost one pass.
		fences += countFences(r.src[scanned:m[0]])
		scanned = m[0]
		if !used[label] && fences%2 == 0 {
			r.diags.Warnf(r.pos(m[0]), "footnote %q is defined but never referenced", label)
		}
	}
}

// countFences counts the lines of b that open or close a fenced code block;
// a rough test good enough to avoid false warnings. b starts at a line start.
func countFences(b []byte) int {
	n := 0
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		t := bytes.TrimLeft(line, " ")
		if bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")) {
			n++
		}
	}
	return n
}

// deep reports whether n, at depth, is nested too deeply. The first such
// node of an input is reported; the rest are left out silently.
func (r *reader) deep(n gast.Node, depth int) bool {
	if depth > MaxDepth {
		r.tooDeep(r.posOf(n))
		return true
	}
	return false
}

// tooDeep reports nesting deeper than MaxDepth at p, once per input.
func (r *reader) tooDeep(p source.Pos) {
	if !r.deepSeen {
		r.diags.Errorf(p, "nesting deeper than %d levels", MaxDepth)
		r.deepSeen = true
	}
}

func (r *reader) blocks(n gast.Node, depth int) []doc.Block {
	return r.children(n, depth+1)
}

// blockList converts one goldmark block into as many doc blocks as it
// makes: none, one, or several for a raw HTML block.
func (r *reader) blockList(n gast.Node, depth int) []doc.Block {
	if h, ok := n.(*gast.HTMLBlock); ok {
		if r.deep(n, depth) {
			return nil
		}
		return r.htmlBlock(h, depth)
	}
	if b := r.block(n, depth); b != nil {
		return []doc.Block{b}
	}
	return nil
}

// block converts one goldmark block. It returns nil for blocks that render
// as nothing. Raw HTML blocks, which may make several blocks, are converted
// by blockList.
func (r *reader) block(n gast.Node, depth int) doc.Block {
	if r.deep(n, depth) {
		return nil
	}
	sp := r.span(n)
	switch n := n.(type) {
	case *gast.Paragraph:
		return r.paragraph(sp, r.inlines(n, depth))
	case *gast.TextBlock:
		return r.paragraph(sp, r.inlines(n, depth))
	case *gast.Heading:
		h := &doc.Heading{Span: sp, Level: n.Level, Text: r.inlines(n, depth)}
		h.Attr.ID = r.uniqueID(doc.PlainText(h.Text))
		return h
	case *gast.ThematicBreak:
		return &doc.ThematicBreak{Span: r.breakSpan(n)}
	case *gast.CodeBlock:
		return &doc.CodeBlock{Span: sp, Text: r.lines(n)}
	case *gast.FencedCodeBlock:
		lang := ""
		if n.Info != nil {
			lang = string(n.Language(r.src))
		}
		if sp.Start == (source.Pos{}) {
			sp = source.Span{Start: r.posOf(n), Stop: r.posOf(n)}
		}
		return &doc.CodeBlock{Span: sp, Lang: lang, Text: r.lines(n)}
	case *gast.Blockquote:
		return &doc.Blockquote{Span: sp, Blocks: r.blocks(n, depth)}
	case *gast.List:
		l := &doc.List{Span: sp, Ordered: n.IsOrdered(), Start: n.Start, Tight: n.IsTight}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			l.Items = append(l.Items, &doc.ListItem{Span: r.span(c), Blocks: r.blocks(c, depth+1)})
		}
		return l
	case *gast.HTMLBlock:
		return nil // converted by blockList
	case *gast.LinkReferenceDefinition:
		// Used by the links that name it; renders as nothing.
		return nil
	case *east.Table:
		return r.table(n, sp, depth)
	default:
		r.diags.Errorf(r.posOf(n), "unsupported Markdown construct %s", n.Kind())
		return nil
	}
}

// paragraph turns an image-only paragraph into a figure. A figure's alt text
// is the image description; lines after the image that begin "Caption:" and
// "Credit:" give the caption and the credit:
//
//	![A golden sun on a sky-blue field](images/sun.png)
//	Caption: The flag's sun, drawn for this book.
//	Credit: Galley Press
func (r *reader) paragraph(sp source.Span, in []doc.Inline) doc.Block {
	if len(in) == 0 {
		return &doc.Paragraph{Span: sp, Text: in}
	}
	img, ok := in[0].(*doc.Image)
	if !ok {
		return &doc.Paragraph{Span: sp, Text: in}
	}
	fig := &doc.Figure{Span: sp, Image: img}
	rest := in[1:]
	for len(rest) > 0 {
		if !isBreak(rest[0]) {
			return &doc.Paragraph{Span: sp, Text: in}
		}
		rest = rest[1:]
		end := len(rest)
		for i, x := range rest {
			if isBreak(x) {
				end = i
				break
			}
		}
		line := rest[:end]
		rest = rest[end:]
		label, body, ok := cutLabel(line)
		if !ok {
			return &doc.Paragraph{Span: sp, Text: in}
		}
		switch label {
		case "caption":
			fig.Caption = body
		case "credit":
			fig.Credit = body
		}
	}
	return fig
}

func isBreak(x doc.Inline) bool {
	switch x.(type) {
	case *doc.SoftBreak, *doc.LineBreak:
		return true
	}
	return false
}

// cutLabel splits a line that starts with "Caption:" or "Credit:".
func cutLabel(line []doc.Inline) (label string, body []doc.Inline, ok bool) {
	if len(line) == 0 {
		return "", nil, false
	}
	t, isText := line[0].(*doc.Text)
	if !isText {
		return "", nil, false
	}
	for _, l := range []string{"Caption:", "Credit:"} {
		if strings.HasPrefix(t.Value, l) {
			v := strings.TrimLeftFunc(t.Value[len(l):], unicode.IsSpace)
			body = append([]doc.Inline{}, line[1:]...)
			if v != "" {
				body = append([]doc.Inline{&doc.Text{Span: t.Span, Value: v}}, body...)
			}
			return strings.ToLower(strings.TrimSuffix(l, ":")), body, true
		}
	}
	return "", nil, false
}

func (r *reader) lines(n gast.Node) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(r.src))
	}
	return b.String()
}

func (r *reader) table(n *east.Table, sp source.Span, depth int) doc.Block {
	t := &doc.Table{Span: sp}
	for _, a := range n.Alignments {
		t.Align = append(t.Align, align(a))
	}
	row := func(rn gast.Node) *doc.Row {
		row := &doc.Row{Span: r.span(rn)}
		for c := rn.FirstChild(); c != nil; c = c.NextSibling() {
			cell, ok := c.(*east.TableCell)
			if !ok {
				continue
			}
			row.Cells = append(row.Cells, &doc.Cell{Span: r.span(cell), Align: align(cell.Alignment), Text: r.inlines(cell, depth+1)})
		}
		return row
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *east.TableHeader:
			t.Head = append(t.Head, row(c))
		case *east.TableRow:
			t.Body = append(t.Body, row(c))
		}
	}
	return t
}

func align(a east.Alignment) doc.Align {
	switch a {
	case east.AlignLeft:
		return doc.AlignLeft
	case east.AlignCenter:
		return doc.AlignCenter
	case east.AlignRight:
		return doc.AlignRight
	default:
		return doc.AlignDefault
	}
}

// inlines converts the children of n. Raw HTML among them is paired up
// (goldmark gives an open tag and its close tag as separate nodes) and
// converted by an htmlConv.
func (r *reader) inlines(n gast.Node, depth int) []doc.Inline {
	var c *htmlConv
	var out []doc.Inline
	for x := n.FirstChild(); x != nil; x = x.NextSibling() {
		if raw, ok := x.(*gast.RawHTML); ok {
			if c == nil {
				c = newInlineConv(r, depth+1, r.posOf(n))
				c.inl[0].out = out
			}
			r.rawInline(c, raw)
			continue
		}
		if c == nil {
			out = r.inline(out, x, depth+1)
			continue
		}
		if c.drop == "" {
			f := c.top()
			f.out = r.inline(f.out, x, depth+1+len(c.inl))
		}
	}
	if c != nil {
		return c.finish()
	}
	return r.finishInlines(out)
}

// mergeText joins adjacent Text nodes, which goldmark splits at escapes and
// typographic substitutions, and reports footnote references that match no
// definition (goldmark leaves them as text).
func mergeText(in []doc.Inline) []doc.Inline {
	var out []doc.Inline
	for i := 0; i < len(in); {
		t, ok := in[i].(*doc.Text)
		j := i + 1
		if ok {
			for j < len(in) {
				if _, ok := in[j].(*doc.Text); !ok {
					break
				}
				j++
			}
		}
		if j == i+1 {
			out = append(out, in[i])
			i = j
			continue
		}
		// A run of texts: join them in one pass, not pairwise.
		var b strings.Builder
		for _, x := range in[i:j] {
			b.WriteString(x.(*doc.Text).Value)
		}
		merged := *t
		merged.Value = b.String()
		merged.Stop = in[j-1].(*doc.Text).Stop
		out = append(out, &merged)
		i = j
	}
	return out
}

func (r *reader) inline(out []doc.Inline, n gast.Node, depth int) []doc.Inline {
	if r.deep(n, depth) {
		return out
	}
	sp := r.span(n)
	switch n := n.(type) {
	case *gast.Text:
		v := string(n.Segment.Value(r.src))
		if !n.IsRaw() {
			v = unescapeMarkdown(v)
		}
		if n.SoftLineBreak() {
			v = strings.TrimRight(v, " ")
		}
		if v != "" {
			out = append(out, &doc.Text{Span: sp, Value: v})
		}
		if n.HardLineBreak() {
			out = append(out, &doc.LineBreak{Span: sp})
		} else if n.SoftLineBreak() {
			out = append(out, &doc.SoftBreak{Span: sp})
		}
		return out
	case *gast.String:
		sp := source.Span{Start: r.posOf(n), Stop: r.posOf(n)}
		return append(out, &doc.Text{Span: sp, Value: string(n.Value)})
	case *gast.CodeSpan:
		var b strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*gast.Text); ok {
				b.Write(t.Segment.Value(r.src))
			} else if s, ok := c.(*gast.String); ok {
				b.Write(s.Value)
			}
		}
		return append(out, &doc.Code{Span: sp, Value: b.String()})
	case *gast.Emphasis:
		if n.Level >= 2 {
			return append(out, &doc.Strong{Span: sp, Text: r.inlines(n, depth)})
		}
		return append(out, &doc.Emph{Span: sp, Text: r.inlines(n, depth)})
	case *gast.Link:
		text := r.inlines(n, depth)
		url := unescapeMarkdown(string(n.Destination))
		if dangerousURL(url) {
			r.diags.Warnf(r.before(r.posOf(n), '['), "link to %q was left out, keeping its text", url)
			return append(out, text...)
		}
		return append(out, &doc.Link{Span: sp, URL: url, Title: unescapeMarkdown(string(n.Title)), Text: text})
	case *gast.AutoLink:
		url := string(n.URL(r.src))
		label := string(n.Label(r.src))
		if n.AutoLinkType == gast.AutoLinkEmail && !strings.HasPrefix(url, "mailto:") {
			url = "mailto:" + url
		}
		text := []doc.Inline{&doc.Text{Span: sp, Value: label}}
		if dangerousURL(url) {
			p := r.posOf(n)
			if prev, ok := n.PreviousSibling().(*gast.Text); ok {
				p = r.pos(prev.Segment.Stop)
			}
			r.diags.Warnf(r.before(r.find(p, string(n.Label(r.src))), '<'), "link to %q was left out, keeping its text", url)
			return append(out, text...)
		}
		return append(out, &doc.Link{Span: sp, URL: url, Text: text})
	case *gast.Image:
		if !sp.Start.IsValid() {
			// No description to take a position from: goldmark's offset of
			// the "![" is the best, else the enclosing block's.
			p := r.posOf(n)
			if off := n.Pos(); off >= 0 && off < len(r.src) {
				p = r.pos(off)
			}
			sp = source.Span{Start: p, Stop: p}
		}
		img := &doc.Image{Span: sp, Src: unescapeMarkdown(string(n.Destination)), Title: unescapeMarkdown(string(n.Title)), Alt: doc.PlainText(r.inlines(n, depth))}
		r.decorative(img)
		return append(out, img)
	case *gast.RawHTML:
		// Reached only through a path that bypasses inlines; convert it alone.
		c := newInlineConv(r, depth, r.posOf(n))
		r.rawInline(c, n)
		return append(out, c.finish()...)
	case *east.Strikethrough:
		return append(out, &doc.Strike{Span: sp, Text: r.inlines(n, depth)})
	case *east.TaskCheckBox:
		box := "☐ "
		if n.IsChecked {
			box = "☑ "
		}
		return append(out, &doc.Text{Span: sp, Value: box})
	case *east.FootnoteLink:
		if n.Index < 1 || n.Index > len(r.notes) || r.notes[n.Index-1] == nil {
			r.diags.Errorf(r.posOf(n), "footnote reference has no definition")
			return out
		}
		st := r.notes[n.Index-1]
		st.used = true
		p := r.posOf(n)
		if prev, ok := n.PreviousSibling().(*gast.Text); ok {
			p = r.find(r.pos(prev.Segment.Stop), "[^"+st.note.Label+"]")
		}
		return append(out, &doc.NoteRef{Span: source.Span{Start: p, Stop: p}, Note: st.note})
	case *east.FootnoteBacklink:
		return out
	default:
		r.diags.Errorf(r.posOf(n), "unsupported Markdown construct %s", n.Kind())
		return out
	}
}

// checkText reports problems visible in text: footnote references with no
// definition, which goldmark leaves as literal text.
func (r *reader) checkText(t *doc.Text) {
	for _, m := range noteRef.FindAllStringSubmatchIndex(t.Value, -1) {
		r.diags.Errorf(r.find(t.Start, t.Value[m[0]:m[1]]), "footnote %q is referenced but never defined", t.Value[m[2]:m[3]])
	}
}

// find returns the position of the first occurrence of lit at or after p,
// or p itself when the source does not contain it there.
func (r *reader) find(p source.Pos, lit string) source.Pos {
	if r.in.At.IsValid() || !p.IsValid() {
		return p
	}
	from := p.Offset - r.in.Offset
	if from < 0 || from > len(r.src) {
		return p
	}
	if i := bytes.Index(r.src[from:], []byte(lit)); i >= 0 {
		return r.pos(from + i)
	}
	return p
}

// before returns the position of c just before p, if it is there, else p.
func (r *reader) before(p source.Pos, c byte) source.Pos {
	if r.in.At.IsValid() || !p.IsValid() {
		return p
	}
	if off := p.Offset - r.in.Offset; off > 0 && off <= len(r.src) && r.src[off-1] == c {
		return r.pos(off - 1)
	}
	return p
}

// DecorativeTitle is the image title that marks an image in the text as
// decorative: it conveys nothing, and a reader who cannot see it loses
// nothing. The image is written with an empty description,
//
//	![](images/ornament.png "decorative")
//
// which any other Markdown tool shows as the picture with the tooltip
// "decorative". The title is a mark, not a tooltip: it is dropped. An image
// marked so that has a description keeps it as its alt text and is not
// decorative (with a warning); an image with an empty description and no
// mark still has no alt text, which the manuscript loader reports.
const DecorativeTitle = "decorative"

// decorative applies the DecorativeTitle mark to img.
func (r *reader) decorative(img *doc.Image) {
	if img.Title != DecorativeTitle {
		return
	}
	img.Title = ""
	if img.Alt != "" {
		r.diags.Warnf(img.Pos(), "image %q is marked %q but has alt text, so it is not set as decorative", img.Src, DecorativeTitle)
		return
	}
	img.Decorative = true
}

// breakSpan returns the span of a thematic break: its marker line, from
// the first marker character to the last non-blank one. goldmark gives a
// thematic break no lines, only the offset where its block starts; without
// that, the span is that of the first break line after the previous block.
func (r *reader) breakSpan(n *gast.ThematicBreak) source.Span {
	start := n.Pos()
	if start < 0 || start >= len(r.src) {
		from := 0
		if prev := n.PreviousSibling(); prev != nil {
			if _, stop, ok := r.extent(prev); ok {
				from = stop
			}
		}
		start = findBreakLine(r.src, from)
		if start < 0 {
			p := r.posOf(n)
			return source.Span{Start: p, Stop: p}
		}
	}
	end := bytes.IndexByte(r.src[start:], '\n')
	if end < 0 {
		end = len(r.src)
	} else {
		end += start
	}
	end = start + len(bytes.TrimRight(r.src[start:end], " \t\r"))
	return source.Span{Start: r.pos(start), Stop: r.pos(end)}
}

// findBreakLine returns the offset of the marker of the first line at or
// after from (a line start or inside a line) that is a thematic break:
// three or more "-", "*" or "_" with only spaces and tabs among them, after
// any block quote markers. It returns -1 if there is none.
func findBreakLine(src []byte, from int) int {
	for off := from; off < len(src); {
		next := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			next = off + i + 1
		}
		line := bytes.TrimRight(src[off:next], "\n")
		lead := len(line) - len(bytes.TrimLeft(line, " \t>"))
		if isBreakLine(line[lead:]) {
			return off + lead
		}
		off = next
	}
	return -1
}

// ReservedID reports whether id is one the renderers give to elements of
// their own, in the EPUB's chapter documents or among the PDF's link
// targets: the bio and notes headings, footnotes and their references, page
// break markers, and the title, hero image, cover, contents, contributors
// and credits. A heading is never given such an id.
func ReservedID(id string) bool {
	switch id {
	case "about-author", "notes-heading", "title", "hero", "cover", "contents", "contributors", "credits":
		return true
	}
	for _, prefix := range []string{"fnref-", "fnref", "fn-", "fn", "page-"} {
		if rest, ok := strings.CutPrefix(id, prefix); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}

// Slug returns s in lowercase with its runs of letters and digits joined
// by single hyphens: "Why “typeset”?" → "why-typeset".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		default:
			dash = true
		}
	}
	return b.String()
}

// uniqueID returns an identifier for a heading with text s: lowercase
// letters and digits joined by hyphens, made unique within the reader and
// never one of the renderers' own (see ReservedID): a second "Notes" heading
// gets "notes-2", a heading "About author" gets "about-author-2".
func (r *reader) uniqueID(s string) string {
	id := Slug(s)
	if id == "" || !unicode.IsLetter(firstRune(id)) {
		id = "section-" + id
		id = strings.TrimSuffix(id, "-")
	}
	base := id
	if ReservedID(base) && r.ids[base] == 0 {
		r.ids[base] = 1 // the renderers' element counts as the first
	}
	// "fn", "fnref" and "page" with a number are all reserved, so their
	// later headings are numbered apart: "fn-heading-2".
	sep := "-"
	if ReservedID(base + "-2") {
		sep = "-heading-"
	}
	for {
		r.ids[base]++
		if n := r.ids[base]; n > 1 {
			id = fmt.Sprintf("%s%s%d", base, sep, n)
		}
		// A suffixed id may be another heading's own ("A 2" after two
		// "A"s) or reserved ("fn-1" from "fn"); count on past it.
		if id == base || (r.ids[id] == 0 && !ReservedID(id)) {
			break
		}
	}
	if id != base {
		r.ids[id]++
	}
	return id
}

func firstRune(s string) rune {
	c, _ := utf8.DecodeRuneInString(s)
	return c
}
