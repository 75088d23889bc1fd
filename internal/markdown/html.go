package markdown

import (
	"regexp"
	"sort"
	"strings"

	gast "github.com/yuin/goldmark/ast"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/source"
)

// Raw HTML is read, not passed through: what is safe and well-formed becomes
// doc nodes (so the renderers escape it like any text), and everything else
// is left out with one positioned warning each.

// htmlDropped lists the elements left out together with their content.
var htmlDropped = map[string]bool{
	"script": true, "style": true, "iframe": true, "object": true, "embed": true,
	"applet": true, "noscript": true, "noembed": true, "noframes": true, "template": true,
	"textarea": true, "select": true, "svg": true, "math": true, "frameset": true,
	"frame": true, "head": true, "title": true, "audio": true, "video": true,
	"canvas": true, "form": true, "button": true, "input": true, "xmp": true,
	"plaintext": true, "base": true, "link": true, "meta": true, "param": true,
}

// htmlVoid lists the elements that have no end tag.
var htmlVoid = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true, "source": true,
	"track": true, "wbr": true, "frame": true, "keygen": true,
}

// An htmlFrame is an open inline element and what it holds so far.
type htmlFrame struct {
	tag    string // "" for the paragraph itself
	tok    *htmlToken
	pos    source.Pos
	unwrap bool // the element is left out but its content is kept
	warned bool // a warning about this element was given
	out    []doc.Inline
}

// An htmlBlockFrame is an open <div> or <blockquote>.
type htmlBlockFrame struct {
	tag    string
	pos    source.Pos
	blocks []doc.Block
}

// htmlConv turns raw HTML tokens, interleaved with goldmark's inlines, into
// doc nodes.
type htmlConv struct {
	r       *reader
	depth   int
	block   bool // converting an HTML block, not inline HTML
	inl     []*htmlFrame
	blk     []*htmlBlockFrame
	caption bool   // the paragraph being built is a <figcaption> in a <figure>
	drop    string // the element whose content is being left out, or ""
	nest    int    // how many more drop elements are open inside it
	tooDeep bool
}

func newInlineConv(r *reader, depth int, at source.Pos) *htmlConv {
	return &htmlConv{r: r, depth: depth, inl: []*htmlFrame{{pos: at}}}
}

// top returns the innermost open inline element.
func (c *htmlConv) top() *htmlFrame { return c.inl[len(c.inl)-1] }

// add appends converted inlines to the innermost open element, unless the
// content is being left out.
func (c *htmlConv) add(x ...doc.Inline) {
	if c.drop != "" {
		return
	}
	if len(c.inl) == 0 {
		c.inl = []*htmlFrame{{pos: x[0].Pos()}}
	}
	c.top().out = append(c.top().out, x...)
}

func (c *htmlConv) warn(p source.Pos, format string, args ...any) {
	c.r.diags.Warnf(p, format, args...)
}

// token converts one token at position p.
func (c *htmlConv) token(t *htmlToken, p, end source.Pos) {
	if c.drop != "" {
		switch {
		case t.Kind == htmlStart && t.Name == c.drop && !t.SelfClosing && !htmlVoid[t.Name]:
			c.nest++
		case t.Kind == htmlEnd && t.Name == c.drop:
			if c.nest == 0 {
				c.drop = ""
			} else {
				c.nest--
			}
		}
		return
	}
	switch t.Kind {
	case htmlComment:
		// An author's note to themselves: never shown, so no warning.
	case htmlOther:
		c.warn(p, "raw HTML %s was left out", otherName(t))
	case htmlText:
		s := collapseSpace(t.Text)
		if c.block && len(c.inl) == 0 && strings.TrimSpace(s) == "" {
			return
		}
		if s != "" {
			c.add(&doc.Text{Span: source.Span{Start: p, Stop: end}, Value: s})
		}
	case htmlStart:
		c.start(t, p, end)
	case htmlEnd:
		c.end(t, p, end)
	}
}

// otherName names a declaration, processing instruction or broken tag for a
// warning.
func otherName(t *htmlToken) string {
	switch {
	case t.Name == "![CDATA[":
		return "<![CDATA[…]]>"
	case strings.HasPrefix(t.Name, "!"), strings.HasPrefix(t.Name, "?"):
		return "<" + t.Name + "…>"
	default:
		return "<" + t.Name + " without its closing \">\""
	}
}

func (c *htmlConv) start(t *htmlToken, p, end source.Pos) {
	for _, a := range t.Attrs {
		if strings.HasPrefix(a.Name, "on") {
			c.warn(p, "raw HTML attribute %q of <%s> was left out", a.Name, t.Name)
		}
	}
	if c.block {
		switch t.Name {
		case "p":
			c.flush()
			c.inl = []*htmlFrame{{pos: p}}
			return
		case "div", "blockquote":
			c.flush()
			if len(c.blk)+c.depth > MaxDepth {
				c.deep(p)
				return
			}
			c.blk = append(c.blk, &htmlBlockFrame{tag: t.Name, pos: p})
			return
		case "hr":
			c.flush()
			c.blk[len(c.blk)-1].blocks = append(c.blk[len(c.blk)-1].blocks, &doc.ThematicBreak{Span: source.Span{Start: p, Stop: end}})
			return
		case "figure":
			c.flush()
			c.r.figures++
			c.r.lastFigure = nil
			return
		case "figcaption":
			if c.r.figures > 0 {
				c.flush()
				c.inl = []*htmlFrame{{pos: p}}
				c.caption = true
				return
			}
		}
	}
	switch t.Name {
	case "br":
		c.add(&doc.LineBreak{Span: source.Span{Start: p, Stop: end}})
		return
	case "img":
		src, _ := t.attr("src")
		alt, hasAlt := t.attr("alt")
		title, _ := t.attr("title")
		c.add(&doc.Image{Span: source.Span{Start: p, Stop: end}, Src: strings.TrimSpace(src), Alt: strings.TrimSpace(alt), Decorative: hasAlt && strings.TrimSpace(alt) == "", Title: title, Raw: true})
		return
	}
	if htmlDropped[t.Name] {
		c.warn(p, "raw HTML <%s> was left out", t.Name)
		if !t.SelfClosing && !htmlVoid[t.Name] {
			c.drop, c.nest = t.Name, 0
		}
		return
	}
	if t.SelfClosing || htmlVoid[t.Name] {
		c.warn(p, "raw HTML <%s> was left out", t.Name)
		return
	}
	if len(c.inl)+c.depth > MaxDepth {
		c.deep(p)
		return
	}
	f := &htmlFrame{tag: t.Name, tok: t, pos: p}
	switch t.Name {
	case "em", "i", "strong", "b", "code", "del", "s", "strike":
	case "span":
		if id, ok := t.attr("id"); ok {
			c.r.anchor(id)
		}
		// A span that names its language keeps it (hyphenation, and the
		// EPUB's lang attributes); any other span is just its text.
		if lang, ok := t.attr("lang"); !ok || !langSyntax.MatchString(strings.TrimSpace(lang)) {
			f.unwrap = true
		}
	case "sup", "sub":
	case "a":
		href, ok := t.attr("href")
		if id, has := t.attr("id"); has {
			c.r.anchor(id)
		}
		if !ok {
			f.unwrap = true
		} else if !safeURL(href) {
			c.warn(p, "raw HTML link to %q was left out, keeping its text", href)
			f.unwrap, f.warned = true, true
		}
	default:
		c.warn(p, "raw HTML <%s> is not supported and was left out, keeping its text", t.Name)
		f.unwrap, f.warned = true, true
	}
	if len(c.inl) == 0 {
		c.inl = []*htmlFrame{{pos: p}}
	}
	c.inl = append(c.inl, f)
}

func (c *htmlConv) deep(p source.Pos) {
	c.r.tooDeep(p)
	c.tooDeep = true
}

func (c *htmlConv) end(t *htmlToken, p, end source.Pos) {
	if c.block {
		switch t.Name {
		case "p":
			c.flush()
			return
		case "figure":
			if c.r.figures > 0 {
				c.flush()
				c.r.figures--
				return
			}
		case "figcaption":
			if c.caption {
				c.flush()
				return
			}
		case "div", "blockquote":
			c.flush()
			for i := len(c.blk) - 1; i > 0; i-- {
				if c.blk[i].tag == t.Name {
					for len(c.blk) > i {
						c.closeBlock(end)
					}
					return
				}
			}
			// A stray end tag, as in "<div>" ⏎ Markdown ⏎ "</div>": harmless.
			return
		}
	}
	for i := len(c.inl) - 1; i > 0; i-- {
		if c.inl[i].tag != t.Name {
			continue
		}
		for len(c.inl) > i+1 {
			c.closeInline(source.Pos{}, false)
		}
		c.closeInline(end, true)
		return
	}
	if htmlVoid[t.Name] || c.tooDeep {
		return
	}
	c.warn(p, "raw HTML </%s> has no opening tag and was left out", t.Name)
}

// closeInline closes the innermost open element; closed says whether its end
// tag was found.
func (c *htmlConv) closeInline(end source.Pos, closed bool) {
	f := c.top()
	c.inl = c.inl[:len(c.inl)-1]
	if !closed && !f.warned {
		c.warn(f.pos, "raw HTML <%s> is not closed and was left out, keeping its text", f.tag)
		f.unwrap = true
	}
	text := c.r.finishInlines(f.out)
	sp := source.Span{Start: f.pos, Stop: end}
	parent := c.top()
	if f.unwrap {
		parent.out = append(parent.out, text...)
		return
	}
	switch f.tag {
	case "em", "i":
		parent.out = append(parent.out, &doc.Emph{Span: sp, Text: text})
	case "strong", "b":
		parent.out = append(parent.out, &doc.Strong{Span: sp, Text: text})
	case "del", "s", "strike":
		parent.out = append(parent.out, &doc.Strike{Span: sp, Text: text})
	case "code":
		parent.out = append(parent.out, &doc.Code{Span: sp, Value: doc.PlainText(text)})
	case "sup":
		parent.out = append(parent.out, &doc.Super{Span: sp, Text: text})
	case "sub":
		parent.out = append(parent.out, &doc.Sub{Span: sp, Text: text})
	case "span":
		lang, _ := f.tok.attr("lang")
		parent.out = append(parent.out, &doc.Span{Span: sp, Lang: strings.TrimSpace(lang), Text: text})
	case "a":
		href, _ := f.tok.attr("href")
		title, _ := f.tok.attr("title")
		parent.out = append(parent.out, &doc.Link{Span: sp, URL: strings.TrimSpace(href), Title: title, Text: text})
	default:
		parent.out = append(parent.out, text...)
	}
}

// langSyntax matches the shape of a BCP 47 language tag.
var langSyntax = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// finish closes every open element and returns the paragraph's inlines.
func (c *htmlConv) finish() []doc.Inline {
	if len(c.inl) == 0 {
		return nil
	}
	for len(c.inl) > 1 {
		c.closeInline(source.Pos{}, false)
	}
	out := c.r.finishInlines(c.inl[0].out)
	c.inl = nil
	return out
}

// flush ends the paragraph being built in an HTML block.
func (c *htmlConv) flush() {
	if len(c.inl) == 0 {
		return
	}
	p := c.inl[0].pos
	text := trimInlines(c.finish())
	caption := c.caption
	c.caption = false
	if len(text) == 0 {
		return
	}
	if fig := c.r.lastFigure; caption && fig != nil && len(fig.Caption) == 0 {
		// <figure> <img> <figcaption>…</figcaption> </figure>: the
		// caption of the figure the image made.
		fig.Caption = text
		return
	}
	b := c.blk[len(c.blk)-1]
	b.blocks = append(b.blocks, c.r.paragraph(source.Span{Start: p, Stop: text[len(text)-1].End()}, text))
}

// closeBlock closes the innermost <div> or <blockquote>.
func (c *htmlConv) closeBlock(end source.Pos) {
	f := c.blk[len(c.blk)-1]
	c.blk = c.blk[:len(c.blk)-1]
	parent := c.blk[len(c.blk)-1]
	if f.tag == "blockquote" {
		parent.blocks = append(parent.blocks, &doc.Blockquote{Span: source.Span{Start: f.pos, Stop: end}, Blocks: f.blocks})
		return
	}
	parent.blocks = append(parent.blocks, f.blocks...)
}

// finishInlines merges text and checks it, as inlines does for Markdown.
func (r *reader) finishInlines(in []doc.Inline) []doc.Inline {
	out := r.bracketedSpans(mergeText(in))
	for _, x := range out {
		if t, ok := x.(*doc.Text); ok {
			r.checkText(t)
		}
	}
	return out
}

// trimInlines removes the spaces at the start and the end of a paragraph
// built from HTML, where line ends are only spaces.
func trimInlines(in []doc.Inline) []doc.Inline {
	if len(in) > 0 {
		if t, ok := in[0].(*doc.Text); ok {
			v := strings.TrimLeft(t.Value, " ")
			if v == "" {
				in = in[1:]
			} else {
				c := *t
				c.Value = v
				in[0] = &c
			}
		}
	}
	if n := len(in); n > 0 {
		if t, ok := in[n-1].(*doc.Text); ok {
			v := strings.TrimRight(t.Value, " ")
			if v == "" {
				in = in[:n-1]
			} else {
				c := *t
				c.Value = v
				in[n-1] = &c
			}
		}
	}
	return in
}

// collapseSpace turns each run of HTML white space into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// safeURL reports whether a link may point at u: http, https and mailto
// URLs, and relative ones (including "#fragment"). Browsers ignore spaces
// and control characters in a scheme, so they are removed before looking.
func safeURL(u string) bool {
	switch schemeOf(u) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

// dangerousURL reports whether a Markdown link to u would run code or read
// local files: javascript:, vbscript:, data: and file: URLs. Markdown links
// are the author's own, so other schemes (tel:, ftp:) are kept; raw HTML
// links must pass the stricter safeURL.
func dangerousURL(u string) bool {
	s := schemeOf(u)
	return s == "javascript" || s == "vbscript" || s == "data" || s == "file"
}

// schemeOf returns the lowercase scheme of u, ignoring the spaces and
// control characters that browsers ignore, or "" for a relative URL.
func schemeOf(u string) string {
	var b strings.Builder
	for _, r := range u {
		if r > ' ' && r != 0x7f {
			b.WriteRune(r)
		}
	}
	s := b.String()
	i := strings.IndexAny(s, ":/?#")
	if i < 0 || s[i] != ':' {
		return ""
	}
	return strings.ToLower(s[:i])
}

// htmlSegments is raw HTML gathered from the segments of a goldmark node,
// with the map from its offsets back to the source.
type htmlSegments struct {
	buf  []byte
	from []int // offset in buf at which each segment starts
	at   []int // offset in the source of each segment
}

func (h *htmlSegments) add(r *reader, start, stop int) {
	h.from = append(h.from, len(h.buf))
	h.at = append(h.at, start)
	h.buf = append(h.buf, r.src[start:stop]...)
}

// pos returns the source position of offset off in buf.
func (h *htmlSegments) pos(r *reader, off int) source.Pos {
	i := sort.SearchInts(h.from, off+1) - 1
	if i < 0 {
		return r.pos(0)
	}
	return r.pos(h.at[i] + off - h.from[i])
}

// rawInline feeds one goldmark RawHTML node to c.
func (r *reader) rawInline(c *htmlConv, n *gast.RawHTML) {
	var h htmlSegments
	for i := 0; i < n.Segments.Len(); i++ {
		s := n.Segments.At(i)
		h.add(r, s.Start, s.Stop)
	}
	for _, t := range tokenizeHTML(h.buf) {
		c.token(&t, h.pos(r, t.Off), h.pos(r, t.End))
	}
}

// htmlBlock converts a raw HTML block into paragraphs and block quotes.
func (r *reader) htmlBlock(n *gast.HTMLBlock, depth int) []doc.Block {
	var h htmlSegments
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		h.add(r, s.Start, s.Stop)
	}
	if n.HasClosure() {
		h.add(r, n.ClosureLine.Start, n.ClosureLine.Stop)
	}
	root := &htmlBlockFrame{pos: r.posOf(n)}
	c := &htmlConv{r: r, depth: depth, block: true, blk: []*htmlBlockFrame{root}}
	for _, t := range tokenizeHTML(h.buf) {
		c.token(&t, h.pos(r, t.Off), h.pos(r, t.End))
	}
	c.flush()
	for len(c.blk) > 1 {
		c.closeBlock(h.pos(r, len(h.buf)))
	}
	return root.blocks
}
