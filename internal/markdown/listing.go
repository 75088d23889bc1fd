package markdown

import (
	"regexp"
	"strings"
	"unicode"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/source"
)

// Code blocks become listings, with a number, a file name and a caption,
// in three ways that books use:
//
//   - mdBook's <Listing number="1-1" file-name="src/main.rs" caption="…">
//     element, each tag an HTML block of its own around a fenced block;
//   - a paragraph right after the block that begins "Caption:", or
//     "Listing 1-1:" as print editions write it;
//   - a paragraph right before the block that is only "Filename: …", or
//     only a file's path ("src/main.rs"), as print editions set it.

// children converts the blocks inside n, at depth, grouping the blocks
// between a <Listing> start tag and its end tag into a listing.
func (r *reader) children(n gast.Node, depth int) []doc.Block {
	var out []doc.Block
	var open *listingOpen
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*east.FootnoteList); ok {
			continue
		}
		if tok, start, ok := r.listingTag(c); ok {
			p := r.posOf(c)
			switch {
			case start && open != nil:
				r.diags.Warnf(open.pos, "<Listing> is not closed before the next one")
				r.closeListing(out[open.from:], open)
				fallthrough
			case start:
				open = &listingOpen{tok: tok, pos: p, from: len(out)}
			case open != nil:
				r.closeListing(out[open.from:], open)
				open = nil
			default:
				r.diags.Warnf(p, "raw HTML </listing> has no opening tag and was left out")
			}
			continue
		}
		out = append(out, r.blockList(c, depth)...)
	}
	if open != nil {
		r.diags.Warnf(open.pos, "<Listing> is not closed")
		r.closeListing(out[open.from:], open)
	}
	return r.labelCode(out)
}

// A listingOpen is a <Listing> start tag waiting for its end.
type listingOpen struct {
	tok  *htmlToken
	pos  source.Pos
	from int // index of the first block inside it
}

// listingTag reports whether n is an HTML block that holds nothing but a
// <Listing> start tag (start is true) or its end tag.
func (r *reader) listingTag(n gast.Node) (tok *htmlToken, start, ok bool) {
	h, isHTML := n.(*gast.HTMLBlock)
	if !isHTML {
		return nil, false, false
	}
	var b []byte
	lines := h.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		b = append(b, r.src[s.Start:s.Stop]...)
	}
	if h.HasClosure() {
		b = append(b, r.src[h.ClosureLine.Start:h.ClosureLine.Stop]...)
	}
	var found *htmlToken
	for _, t := range tokenizeHTML(b) {
		switch {
		case t.Kind == htmlText && strings.TrimSpace(t.Text) == "", t.Kind == htmlComment:
		case found == nil && t.Name == "listing" && (t.Kind == htmlStart || t.Kind == htmlEnd):
			found = &t
		default:
			return nil, false, false
		}
	}
	if found == nil {
		return nil, false, false
	}
	return found, found.Kind == htmlStart, true
}

// closeListing labels the first code block among blocks with the
// <Listing> element's attributes.
func (r *reader) closeListing(blocks []doc.Block, o *listingOpen) {
	num, _ := o.tok.attr("number")
	file, _ := o.tok.attr("file-name")
	caption, _ := o.tok.attr("caption")
	num, file, caption = strings.TrimSpace(num), strings.TrimSpace(file), strings.TrimSpace(caption)
	for _, b := range blocks {
		cb, ok := b.(*doc.CodeBlock)
		if !ok {
			continue
		}
		cb.Listing = &doc.Listing{Number: num, FileName: file, Caption: captionInlines(caption, o.pos)}
		if num != "" {
			cb.Attr.ID = r.blockID("listing-" + num)
		}
		return
	}
	r.diags.Warnf(o.pos, "<Listing> holds no code block; its number, file name and caption were left out")
}

// captionInlines reads a caption given in an attribute: text with `code`
// spans.
func captionInlines(s string, at source.Pos) []doc.Inline {
	if s == "" {
		return nil
	}
	sp := source.Span{Start: at, Stop: at}
	var out []doc.Inline
	for s != "" {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '`')
		if j < 0 {
			break
		}
		if i > 0 {
			out = append(out, &doc.Text{Span: sp, Value: s[:i]})
		}
		out = append(out, &doc.Code{Span: sp, Value: s[i+1 : i+1+j]})
		s = s[i+2+j:]
	}
	if s != "" {
		out = append(out, &doc.Text{Span: sp, Value: s})
	}
	return out
}

// listingLabel matches the start of a print edition's caption, "Listing
// 1-1: ", and gives its number.
var listingLabel = regexp.MustCompile(`^Listing ([0-9A-Z]+(?:[-.][0-9A-Za-z]+)*):\s*`)

// figureLabel matches the start of a print edition's figure caption,
// "Figure 4-1: ".
var figureLabel = regexp.MustCompile(`^Figure [0-9A-Z]+(?:[-.][0-9A-Za-z]+)*:\s`)

// labelCode turns a "Caption:" or "Listing 1-1:" paragraph after a code
// block, and a "Filename:" paragraph before one, into the block's listing;
// and a "Figure 1-1:" paragraph after a figure without a caption into its
// caption.
func (r *reader) labelCode(bs []doc.Block) []doc.Block {
	out := bs[:0:0]
	for i := 0; i < len(bs); i++ {
		b := bs[i]
		if p, ok := b.(*doc.Paragraph); ok && i+1 < len(bs) {
			if cb, ok := bs[i+1].(*doc.CodeBlock); ok {
				if name, ok := fileNameLine(p.Text); ok && (cb.Listing == nil || cb.Listing.FileName == "") {
					if cb.Listing == nil {
						cb.Listing = &doc.Listing{}
					}
					cb.Listing.FileName = name
					continue
				}
			}
		}
		out = append(out, b)
		if fig, ok := b.(*doc.Figure); ok && fig.Caption == nil && i+1 < len(bs) {
			// A print edition's "Figure 4-1: …" paragraph after a figure
			// is its caption.
			if p, ok := bs[i+1].(*doc.Paragraph); ok && len(p.Text) > 0 {
				if t, ok := p.Text[0].(*doc.Text); ok && figureLabel.MatchString(t.Value) {
					fig.Caption = p.Text
					i++
					continue
				}
			}
		}
		cb, ok := b.(*doc.CodeBlock)
		if !ok || i+1 >= len(bs) || (cb.Listing != nil && (cb.Listing.Caption != nil || cb.Listing.Number != "")) {
			continue
		}
		p, ok := bs[i+1].(*doc.Paragraph)
		if !ok {
			continue
		}
		num, caption, ok := captionLine(p.Text)
		if !ok {
			continue
		}
		if cb.Listing == nil {
			cb.Listing = &doc.Listing{}
		}
		cb.Listing.Number, cb.Listing.Caption = num, caption
		if num != "" {
			cb.Attr.ID = r.blockID("listing-" + num)
		}
		i++
	}
	return out
}

// captionLine reads a paragraph that begins "Caption:" or "Listing 1-1:".
func captionLine(in []doc.Inline) (num string, caption []doc.Inline, ok bool) {
	if len(in) == 0 {
		return "", nil, false
	}
	t, isText := in[0].(*doc.Text)
	if !isText {
		return "", nil, false
	}
	var rest string
	switch m := listingLabel.FindStringSubmatch(t.Value); {
	case strings.HasPrefix(t.Value, "Caption:"):
		rest = strings.TrimLeftFunc(t.Value[len("Caption:"):], unicode.IsSpace)
	case m != nil:
		num, rest = m[1], t.Value[len(m[0]):]
	default:
		return "", nil, false
	}
	if rest != "" {
		caption = append(caption, &doc.Text{Span: t.Span, Value: rest})
	}
	caption = append(caption, in[1:]...)
	if len(caption) == 0 {
		return "", nil, false
	}
	return num, caption, true
}

// filePath matches a file's path with an extension: "src/main.rs",
// "Cargo.toml".
var filePath = regexp.MustCompile(`^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*\.[A-Za-z0-9]{1,5}$`)

// fileNameLine reads a one-line paragraph "Filename: src/main.rs", or one
// of plain text that is only a path.
func fileNameLine(in []doc.Inline) (string, bool) {
	for _, x := range in {
		if isBreak(x) {
			return "", false
		}
	}
	s := doc.PlainText(in)
	if len(in) == 1 && filePath.MatchString(s) {
		if _, ok := in[0].(*doc.Text); ok {
			return s, true
		}
	}
	rest, ok := strings.CutPrefix(s, "Filename:")
	rest = strings.TrimSpace(rest)
	if !ok || rest == "" || strings.ContainsAny(rest, " \t") {
		return "", false
	}
	return rest, true
}
