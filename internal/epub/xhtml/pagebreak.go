package xhtml

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/source"
)

// A PageBreak says where a page of the print edition begins: in the block
// that starts at Pos (the Pos of a doc.Block), after the first Word words
// of that block's text. Words are counted in the block's Text and Code
// inlines in document order, split at white space other than no-break
// spaces; a soft or hard line break also ends a word, and note references
// and images neither count nor split words. A word split across pages by a
// hyphen counts as begun on the earlier page, so the marker goes before the
// first word that begins on the new page.
//
// A marker for the first block of the chapter's text (its hero, or the
// block after the heading that is its title) at word 0 goes at the top
// of the document, before the header or title Galley writes above it,
// as the page begins there in print. Markers within the words of a block
// are placed in paragraphs and headings; a Pos of a table row puts the
// marker in the row's first cell; any other block gets its markers before
// it, whatever Word says. A Pos that starts no block puts the marker before the next block
// in the source after it, a Pos before the chapter's first block puts it
// at the top of the document (before the article header), and a Pos after
// every block at the end of the body.
type PageBreak struct {
	Label string // the page number as printed, e.g. "7"
	Pos   source.Pos
	Word  int
}

// PageBreakID returns the id of the marker for the page labelled label:
// "page-" and the label, with any character that may not appear in an XML
// name replaced by "_".
func PageBreakID(label string) string {
	var b strings.Builder
	b.WriteString("page-")
	for _, r := range label {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// An anchor is a block a marker can be placed at, or a table row (a page
// may begin inside a table).
type anchor struct {
	block doc.Node
	pos   source.Pos
	body  bool // in the chapter's body, so in source order
}

// placeBreaks decides where each of x.opts.PageBreaks goes.
func (x *writer) placeBreaks(ch *doc.Chapter) error {
	if len(x.opts.PageBreaks) == 0 {
		return nil
	}
	var anchors []anchor
	add := func(blocks []doc.Block, body bool) {
		doc.Inspect(blocks, func(n doc.Node) bool {
			b, ok := n.(doc.Block)
			if ok {
				anchors = append(anchors, anchor{b, b.Pos(), body})
			}
			if t, isTable := b.(*doc.Table); isTable {
				for _, r := range t.Body {
					anchors = append(anchors, anchor{r, r.Pos(), body})
				}
			}
			return ok
		})
	}
	if m := x.opts.Article; m != nil && m.Hero != nil {
		anchors = append(anchors, anchor{m.Hero, m.Hero.Pos(), false})
	}
	add(ch.Blocks, true)
	if m := x.opts.Article; m != nil {
		for _, a := range m.Authors {
			add(a.Bio, false)
		}
	}
	for _, n := range ch.Notes {
		add(n.Blocks, false)
	}

	// Where the chapter's text begins: the hero, else the first block
	// after the opening heading that is the chapter's title.
	var opening source.Pos
	switch body := ch.Blocks; {
	case x.opts.Article != nil && x.opts.Article.Hero != nil:
		opening = x.opts.Article.Hero.Pos()
	case x.opts.Heading != "" && OpensWith(ch, x.opts.Heading) && len(body) > 1:
		opening = body[1].Pos()
	case len(body) > 0:
		opening = body[0].Pos()
	}

	// The innermost block that starts at each position: the paragraph
	// rather than the list item or quotation around it (anchors are in
	// preorder, so the last one at a position is the innermost). And the
	// body's anchors in the chapter's file, in source order.
	innermost := map[source.Pos]doc.Node{}
	var body []anchor
	for _, a := range anchors {
		if a.pos.IsValid() {
			innermost[a.pos] = a.block
		}
		if a.body && a.pos.File == ch.File && (len(body) == 0 || a.pos.Offset >= body[len(body)-1].pos.Offset) {
			body = append(body, a)
		}
	}

	x.at = map[doc.Node][]PageBreak{}
	ids := map[string]bool{}
	for _, pb := range x.opts.PageBreaks {
		if strings.TrimSpace(pb.Label) == "" {
			return fmt.Errorf("xhtml: page break at %v: empty label", pb.Pos)
		}
		if id := PageBreakID(pb.Label); ids[id] {
			return fmt.Errorf("xhtml: page break %q: id %s used twice", pb.Label, id)
		} else {
			ids[id] = true
		}
		if pb.Word < 0 {
			pb.Word = 0
		}
		var hit doc.Node
		if pb.Pos.IsValid() {
			hit = innermost[pb.Pos]
		}
		if hit == nil {
			pb.Word = 0
			hit = nextBlock(body, pb.Pos)
		}
		switch {
		case hit != nil && pb.Word == 0 && opening.IsValid() && hit.Pos() == opening:
			// A page that begins with the chapter's first block begins
			// with what Galley writes above it: the header or title.
			x.top = append(x.top, pb)
		case hit != nil:
			x.at[hit] = append(x.at[hit], pb)
		case pb.Pos.File == ch.File && pb.Pos.IsValid() && len(body) > 0 && body[len(body)-1].pos.Offset < pb.Pos.Offset:
			x.end = append(x.end, pb)
		default:
			x.top = append(x.top, pb)
		}
	}
	for b, pbs := range x.at {
		slices.SortStableFunc(pbs, func(p, q PageBreak) int { return cmp.Compare(p.Word, q.Word) })
		x.at[b] = pbs
	}
	return nil
}

// nextBlock returns the first of body (the body's anchors in the chapter's
// file, in source order) that starts after pos, or nil if pos is in
// another file, before the first anchor or after the last.
func nextBlock(body []anchor, pos source.Pos) doc.Node {
	if len(body) == 0 || pos.File != body[0].pos.File {
		return nil
	}
	i, _ := slices.BinarySearchFunc(body, pos.Offset+1, func(a anchor, off int) int { return cmp.Compare(a.pos.Offset, off) })
	if i == 0 || i == len(body) {
		return nil // the page starts with the document, or after its text
	}
	return body[i].block
}

// splitBreaks divides breaks (sorted by word) into those at the start of a
// block and those inside it.
func splitBreaks(breaks []PageBreak) (before, inside []PageBreak) {
	i := 0
	for i < len(breaks) && breaks[i].Word == 0 {
		i++
	}
	return breaks[:i], breaks[i:]
}

// markerStart is how markers writes the start of a marker, up to its id.
const markerStart = `<span epub:type="pagebreak" role="doc-pagebreak" id="`

// MarkerOrder returns the ids of the page break markers in a document
// written by this package, each with its place in document order. It reads
// the document once, however many markers it holds.
func MarkerOrder(content []byte) map[string]int {
	order := map[string]int{}
	for i := 0; ; {
		j := bytes.Index(content[i:], []byte(markerStart))
		if j < 0 {
			return order
		}
		i += j + len(markerStart)
		end := bytes.IndexByte(content[i:], '"')
		if end < 0 {
			return order
		}
		order[string(content[i:i+end])] = len(order)
		i += end
	}
}

// markers writes a page break marker for each of pbs.
func (x *writer) markers(pbs []PageBreak) {
	for _, pb := range pbs {
		x.raw(markerStart)
		x.raw(PageBreakID(pb.Label)) // letters, digits, "-", "." and "_" only
		x.raw(`"`)
		x.attr("aria-label", pb.Label)
		x.raw("/>")
	}
}

// breakable writes the text of a paragraph or heading with the page break
// markers due in it; markers past its last word go at its end.
func (x *writer) breakable(text []doc.Inline, breaks []PageBreak) {
	x.pending, x.word, x.inWord = breaks, 0, false
	x.inlines(text)
	x.markers(x.pending)
	x.pending = nil
}

// words writes text, placing before each word the markers due there.
func (x *writer) words(s string) {
	if len(x.pending) == 0 {
		x.text(s)
		return
	}
	last := 0
	for i, r := range s {
		if doc.IsWordSpace(r) {
			x.inWord = false
			continue
		}
		if x.inWord {
			continue
		}
		x.inWord = true
		n := 0
		for n < len(x.pending) && x.pending[n].Word <= x.word {
			n++
		}
		if n > 0 {
			x.text(s[last:i])
			last = i
			x.markers(x.pending[:n])
			x.pending = x.pending[n:]
		}
		x.word++
	}
	x.text(s[last:])
}
