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

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
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
	return goldmark.New(goldmark.WithParserOptions(parser.WithHeadingAttribute()), goldmark.WithExtensions(
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
	// IDs, if set, is shared by the inputs whose heading ids must not
	// collide: the chapters of one book.
	IDs *IDs
	// Aliases, if set, receives, for each heading whose id had to differ
	// from the one its text gives within its own file, that id and the one
	// it got; links written as "file#id" are resolved through it.
	Aliases map[string]string
}

// Parse reads in and returns its blocks and its footnotes in order of first
// reference. Problems are added to diags.
func Parse(in Input, diags *diag.List) (blocks []doc.Block, notes []*doc.Note) {
	src := in.Text
	if src == nil {
		src = in.File.Src[in.Offset:]
	}
	r := &reader{in: in, src: src, diags: diags, ids: map[string]int{}, local: NewIDs()}
	root := newParser(in.Lang).Parser().Parse(text.NewReader(r.limit(src)))
	r.collectNotes(root)
	blocks = r.children(root, 0)
	r.checkNotes()
	r.checkHeadings(blocks)
	r.bindAnchors(r.lastID)
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
	notes []*noteState   // by goldmark index - 1
	ids   map[string]int // heading ids within this input
	local *IDs           // the ids in use when in.IDs is nil
	// anchors holds the ids of raw HTML anchors (<a id="…">) not yet
	// given to a heading; lastID is the last heading's id.
	anchors []string
	lastID  string
	// figures counts the raw HTML <figure> elements open; lastFigure is
	// the last figure made, which a <figcaption> inside one captions.
	figures    int
	lastFigure *doc.Figure

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
		text := r.inlines(n, depth)
		if len(r.anchors) > 0 && strings.TrimSpace(doc.PlainText(text)) != "" {
			// Anchors among the text of a paragraph lead to the heading
			// it is under; those on a line of their own, to the next.
			r.bindAnchors(r.lastID)
		}
		return r.paragraph(sp, text)
	case *gast.TextBlock:
		text := r.inlines(n, depth)
		if len(r.anchors) > 0 && strings.TrimSpace(doc.PlainText(text)) != "" {
			r.bindAnchors(r.lastID)
		}
		return r.paragraph(sp, text)
	case *gast.Heading:
		h := &doc.Heading{Span: sp, Level: n.Level, Text: r.inlines(n, depth)}
		if len(h.Text) == 0 {
			p := r.posOf(n)
			if off := n.Pos(); off >= 0 && off < len(r.src) {
				p = r.pos(off)
			}
			r.diags.Warnf(p, "empty heading left out")
			return nil
		}
		plain := doc.PlainText(h.Text)
		if size := len(plain); size > MaxHeadingSize {
			r.diags.Errorf(r.posOf(n), "heading is %d bytes, more than the limit of %d", size, MaxHeadingSize)
			return nil
		}
		var explicit string
		if v, ok := n.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok {
				explicit = string(b)
			}
		}
		if v, ok := n.AttributeString("class"); ok {
			if b, ok := v.([]byte); ok {
				h.Attr.Classes = strings.Fields(string(b))
			}
		}
		h.Attr.ID = r.headingID(plain, explicit, r.posOf(n))
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
	case *east.FootnoteBacklink:
		// goldmark's link back from a footnote; the renderers make their own.
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
	r.lastFigure = fig
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
			r.diags.Warnf(r.posOf(n), "footnote reference has no definition and was left out")
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
// definition, which goldmark leaves as literal text, as CommonMark does.
// They are navigation, not content: a warning.
func (r *reader) checkText(t *doc.Text) {
	for _, m := range noteRef.FindAllStringSubmatchIndex(t.Value, -1) {
		r.diags.Warnf(r.find(t.Start, t.Value[m[0]:m[1]]), "footnote %q is referenced but never defined; the reference is kept as text", t.Value[m[2]:m[3]])
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

// anchor records the id of a raw HTML anchor, such as <a id="old-name">
// kept so that old links still work: links to it reach the heading after
// it (or, if none follows, the one before), through r.in.Aliases.
func (r *reader) anchor(id string) {
	if id = strings.TrimSpace(id); id != "" {
		r.anchors = append(r.anchors, id)
	}
}

// bindAnchors makes the anchors recorded so far lead to the heading id.
func (r *reader) bindAnchors(id string) {
	if id == "" {
		return
	}
	for _, a := range r.anchors {
		if _, ok := r.in.Aliases[a]; !ok && a != id && r.in.Aliases != nil {
			r.in.Aliases[a] = id
		}
	}
	r.anchors = r.anchors[:0]
}

// spanAttr matches the end of a Pandoc bracketed span with an id:
// "]{#id}" or "]{#id .class key=value}".
var spanAttr = regexp.MustCompile(`\]\{#([^\s{}]+)[^{}]*\}`)

// bracketedSpans reads Pandoc's bracketed spans with an id,
// "[text]{#id}": the brackets and attributes are left out and the id
// becomes an anchor (see anchor).
func (r *reader) bracketedSpans(in []doc.Inline) []doc.Inline {
	for i := 0; i < len(in); i++ {
		t, ok := in[i].(*doc.Text)
		if !ok || !strings.Contains(t.Value, "]{#") {
			continue
		}
		m := spanAttr.FindStringSubmatchIndex(t.Value)
		if m == nil {
			continue
		}
		// The opening bracket: in this text before the match, or in an
		// earlier text of the same run.
		open, at := -1, -1
		if k := strings.LastIndexByte(t.Value[:m[0]], '['); k >= 0 {
			open, at = i, k
		} else {
			for j := i - 1; j >= 0 && open < 0; j-- {
				if u, ok := in[j].(*doc.Text); ok {
					if k := strings.LastIndexByte(u.Value, '['); k >= 0 {
						open, at = j, k
					}
				}
			}
		}
		if open < 0 {
			continue
		}
		// The id as written: the typographer may have made "--" a dash.
		id := t.Value[m[2]:m[3]]
		if p := r.find(t.Start, "]{#"); p.IsValid() && p.File == r.in.File && !r.in.At.IsValid() {
			off := p.Offset - r.in.Offset
			if sm := spanAttr.FindSubmatchIndex(r.src[off:min(off+1024, len(r.src))]); sm != nil && sm[0] == 0 {
				id = string(r.src[off+sm[2] : off+sm[3]])
			}
		}
		r.anchor(id)
		c := *t
		c.Value = t.Value[:m[0]] + t.Value[m[1]:]
		if open == i {
			c.Value = c.Value[:at] + c.Value[at+1:]
		} else {
			u := *in[open].(*doc.Text)
			u.Value = u.Value[:at] + u.Value[at+1:]
			in[open] = &u
		}
		in[i] = &c
		i-- // the text may hold another span
	}
	out := in[:0]
	for _, x := range in {
		if t, ok := x.(*doc.Text); !ok || t.Value != "" {
			out = append(out, x)
		}
	}
	return out
}

// IDs hands out heading ids, unique among all the inputs that share it:
// the chapters of a book. The zero IDs is not ready; use NewIDs.
type IDs struct {
	used map[string]int
}

// NewIDs returns an empty set of ids.
func NewIDs() *IDs { return &IDs{used: map[string]int{}} }

// HeadingID returns the id GitHub and mdBook give a heading with text s, so
// that links written for them work: the text in lowercase, with every
// character that is not a letter, a digit, a mark, "_" or "-" left out and
// each space made "-". A heading with no such character gets "section".
func HeadingID(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c) || c == '_' || c == '-':
			b.WriteRune(c)
		case unicode.IsSpace(c):
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// headingID returns the id of a heading: explicit, from a "{#id}"
// attribute, else made from its text. Within one input, a repeated id gets
// "-1", "-2"… as on GitHub; that is the id links in the file name. Among
// all inputs sharing r.in.IDs, and never one of the renderers' own (see
// ReservedID), the id is then made unique; where it had to change,
// r.in.Aliases records it.
func (r *reader) headingID(text, explicit string, at source.Pos) string {
	natural := explicit
	if natural == "" {
		base := HeadingID(text)
		natural = base
		for n := r.ids[base]; ; n++ {
			if n > 0 {
				natural = fmt.Sprintf("%s-%d", base, n)
			}
			if r.ids[natural] == 0 {
				break
			}
		}
		r.ids[base]++
		if natural != base {
			r.ids[natural]++
		}
	} else if r.ids[explicit] > 0 {
		r.diags.Warnf(at, "heading id %q is used twice in this file; links to it reach the first", explicit)
	} else {
		r.ids[explicit]++
	}
	id := r.claim(natural)
	r.bindAnchors(id)
	r.lastID = id
	if id != natural && r.in.Aliases != nil {
		if _, ok := r.in.Aliases[natural]; !ok {
			r.in.Aliases[natural] = id
		}
	}
	return id
}

// blockID returns an id for a block other than a heading, such as
// "listing-1-1", made from s and unique among all inputs sharing r.in.IDs
// and the renderers' own ids.
func (r *reader) blockID(s string) string { return r.claim(Slug(s)) }

// claim returns natural, or natural with "-1", "-2"… if another input
// sharing r.in.IDs has it or it is one of the renderers' own ids, and
// marks the result used.
func (r *reader) claim(natural string) string {
	ids := r.in.IDs
	if ids == nil {
		ids = r.local
	}
	id := natural
	for n := 1; ids.used[id] > 0 || ReservedID(id); n++ {
		id = fmt.Sprintf("%s-%d", natural, n)
	}
	ids.used[id]++
	return id
}
