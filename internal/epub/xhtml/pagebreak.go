package xhtml

import (
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
		// The innermost block that starts at pb.Pos: the paragraph
		// rather than the list item or quotation around it.
		var hit doc.Node
		for _, a := range anchors {
			if a.pos == pb.Pos && pb.Pos.IsValid() {
				hit = a.block
			}
		}
		if hit == nil {
			pb.Word = 0
			hit = nextBlock(anchors, pb.Pos)
		}
		switch {
		case hit != nil && pb.Word == 0 && opening.IsValid() && hit.Pos() == opening:
			// A page that begins with the chapter's first block begins
			// with what Galley writes above it: the header or title.
			x.top = append(x.top, pb)
		case hit != nil:
			x.at[hit] = append(x.at[hit], pb)
		case pb.Pos.File == ch.File && pb.Pos.IsValid() && len(anchors) > 0 && after(pb.Pos, anchors):
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

// nextBlock returns the first body block that starts after pos in the same
// file, or nil if pos is before the first body block or after the last.
func nextBlock(anchors []anchor, pos source.Pos) doc.Node {
	first := true
	for _, a := range anchors {
		if !a.body || a.pos.File != pos.File {
			continue
		}
		if a.pos.Offset > pos.Offset {
			if first {
				return nil // the page starts with the document
			}
			return a.block
		}
		first = false
	}
	return nil
}

// after reports whether pos lies after every body block.
func after(pos source.Pos, anchors []anchor) bool {
	for _, a := range anchors {
		if a.body && a.pos.File == pos.File && a.pos.Offset >= pos.Offset {
			return false
		}
	}
	return true
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

// markers writes a page break marker for each of pbs.
func (x *writer) markers(pbs []PageBreak) {
	for _, pb := range pbs {
		x.raw(`<span epub:type="pagebreak" role="doc-pagebreak"`)
		x.attr("id", PageBreakID(pb.Label))
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
