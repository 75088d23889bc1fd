package layout

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// A tocEntry is one line of the printed table of contents; its page number
// is filled in after pagination.
type tocEntry struct {
	dest   string
	number *page.Text
	right  units.Length // where the number ends, relative to the text block
}

// frontMatter sets a book's title page, copyright page and table of
// contents, each on a page of its own.
func (t *typesetter) frontMatter(d *doc.Document) {
	m := &d.Meta
	size := t.opts.Page.Body
	w := t.geo.width
	t.chapter = -1
	first := len(t.elems)
	root := t.parent
	defer func() { t.parent = root }()
	t.parent = t.tag("Sect")
	// Title page: the title a third of the way down.
	t.elems = append(t.elems, elem{h: t.geo.height.Scale(0.28), keep: true})
	t.text(block{in: plain(m.Title), st: t.ts("serif", size.Scale(2.6), true, false, black), width: w, leading: size.Scale(3), align: "center", keep: true, dest: "title", elem: t.tag("H1")})
	if m.Subtitle != "" {
		t.space(size)
		t.text(block{in: plain(m.Subtitle), st: t.ts("serif", size.Scale(1.3), false, true, grey), width: w, leading: size.Scale(1.75), align: "center", keep: true})
	}
	if names := authorNames(m); names != "" {
		t.space(size.Scale(2.5))
		t.text(block{in: plain(names), st: t.ts("sans", size.Scale(1.1), false, false, black), width: w, leading: size.Scale(1.6), align: "center", keep: true})
	}
	if m.Publisher != "" {
		t.space(t.geo.height.Scale(0.3))
		t.text(block{in: plain(m.Publisher), st: t.ts("sans", size.Scale(0.9), true, false, accent), width: w, leading: size.Scale(1.4), align: "center"})
	}
	t.elems[first].newPage = true
	t.outline = append(t.outline, page.Bookmark{Title: m.Title, Dest: "title"})

	// Copyright page: rights, publisher, identifier, edition date, set
	// small at the foot of the page.
	var lines []string
	if m.Rights != "" {
		lines = append(lines, m.Rights)
	}
	if m.Publisher != "" {
		lines = append(lines, m.Publisher)
	}
	if m.Date != "" {
		lines = append(lines, locale.For(m.Lang).Edition+": "+m.Date)
	}
	lines = append(lines, locale.For(m.Lang).Identifier+": "+m.Identifier)
	lead := size.Scale(1.3)
	start := len(t.elems)
	t.parent = root
	t.parent = t.tag("Sect")
	t.elems = append(t.elems, elem{h: t.geo.height - lead*units.Length(len(lines)+1), keep: true})
	t.elems[start].newPage = true
	for _, l := range lines {
		t.text(block{in: plain(l), st: t.ts("serif", size.Scale(0.85), false, false, black), width: w, leading: lead, keep: true})
	}

	// Contents: one line per chapter (and part), numbers filled in later.
	t.parent = root
	t.parent = t.tag("Sect")
	t.sectionTitle(locale.For(m.Lang).Contents, "contents", true)
	t.space(size)
	lead = t.opts.Page.Leading
	toc := t.tag("TOC")
	for _, ch := range d.Chapters {
		if ch.Part != "" {
			t.space(lead.Scale(0.5))
			toci := &page.Elem{Type: "TOCI"}
			toc.Kids = append(toc.Kids, toci)
			part := &page.Elem{Type: "P", ActualText: ch.Part} // set in capitals
			toci.Kids = append(toci.Kids, part)
			t.text(block{in: plain(strings.ToUpper(ch.Part)), st: t.ts("sans", size.Scale(0.8), true, false, accent), width: w, leading: lead, keep: true, elem: part})
		}
		title := ch.DisplayTitle()
		var byline string
		if ch.Meta != nil {
			byline = authorNames(ch.Meta)
		}
		dest := ch.ID + "/title"
		numW := size.Scale(2.5)
		before := len(t.elems)
		in := plain(title)
		// Each entry is a reference to its chapter, a link holding the
		// title and the page number; the byline follows in the same item.
		toci := &page.Elem{Type: "TOCI"}
		link := &page.Elem{Type: "Link"}
		toci.Kids = append(toci.Kids, &page.Elem{Type: "Reference", Kids: []*page.Elem{link}})
		toc.Kids = append(toc.Kids, toci)
		t.text(block{in: in, st: t.body, width: w - numW, leading: lead, keep: byline != "", elem: link})
		if byline != "" {
			by := &page.Elem{Type: "P"}
			toci.Kids = append(toci.Kids, by)
			t.text(block{in: plain(byline), st: t.ts("serif", size.Scale(0.9), false, true, grey), x: size, width: w - numW - size, leading: lead.Scale(0.9), elem: by})
		}
		if before < len(t.elems) {
			e := &t.elems[before]
			if tx := lastText(e.items); tx != nil {
				tx.SpaceAfter = true
			}
			num := &page.Text{X: w, Y: lead.Scale(0.76), Font: t.fl.style(t.body).tf.name, Size: size, Color: black, Elem: link, SpaceAfter: true}
			e.items = append(e.items, num, &page.Link{X: 0, Y: 0, W: w, H: lead, Dest: dest, Elem: link, Contents: title})
			t.toc = append(t.toc, tocEntry{dest: dest, number: num, right: w})
		}
	}
	for i := first; i < len(t.elems); i++ {
		t.elems[i].chapter = -1
	}
}

// sectionTitle opens one of the book's own sections (contents,
// contributors, credits) on a new page, recto if asked, under a title that
// is also a bookmark.
func (t *typesetter) sectionTitle(title, dest string, recto bool) {
	size := t.opts.Page.Body
	start := len(t.elems)
	t.text(block{in: plain(title), st: t.ts("sans", size.Scale(1.45), true, false, black), width: t.geo.width, leading: size.Scale(2.4), keep: true, dest: dest, elem: t.tag("H1")})
	t.elems[start].newPage, t.elems[start].recto = true, recto
	t.outline = append(t.outline, page.Bookmark{Title: title, Dest: dest})
}

// chapterOpening sets a book chapter's title, large, a quarter down its
// first page, and returns the blocks left to set. The chapter's first
// heading, when it opens the chapter, is its title.
func (t *typesetter) chapterOpening(ch *doc.Chapter) []doc.Block {
	size := t.opts.Page.Body
	blocks := ch.Blocks
	title := ch.DisplayTitle()
	var alias string // the id of the heading that became the title
	if len(blocks) > 0 {
		if h, ok := blocks[0].(*doc.Heading); ok && doc.PlainText(h.Text) == title {
			blocks = blocks[1:]
			alias = h.Attr.ID
		}
	}
	t.elems = append(t.elems, elem{h: t.geo.height.Scale(0.18), keep: true, opening: true})
	if ch.Part != "" {
		part := t.tag("P")
		part.ActualText = ch.Part // set in capitals
		t.text(block{in: plain(strings.ToUpper(ch.Part)), st: t.ts("sans", size.Scale(0.85), true, false, accent), width: t.geo.width, leading: size.Scale(2), keep: true, elem: part})
	}
	start := len(t.elems)
	t.text(block{in: plain(title), st: t.ts("serif", size.Scale(2.1), true, false, black), width: t.geo.width, leading: size.Scale(2.5), keep: true, dest: t.prefix + "title", elem: t.tag("H1")})
	if alias != "" && alias != "title" && start < len(t.elems) {
		// Links to the heading land on the title it became.
		t.elems[start].items = append(t.elems[start].items, &page.Dest{Name: t.prefix + alias})
	}
	t.space(size.Scale(2))
	t.outline = append(t.outline, page.Bookmark{Title: title, Dest: t.prefix + "title"})
	return blocks
}

// backMatter sets a collection's contributors with their bios, and the
// credits of every image, each starting a new page.
func (t *typesetter) backMatter(d *doc.Document) {
	m := &d.Meta
	size, lead := t.opts.Page.Body, t.opts.Page.Leading
	w := t.geo.width
	t.chapter = -1
	first := len(t.elems)
	root := t.parent
	defer func() {
		for i := first; i < len(t.elems); i++ {
			t.elems[i].chapter = -1
		}
		t.parent = root
	}()
	var authors []doc.Author
	seen := map[string]bool{}
	for _, ch := range d.Chapters {
		if ch.Meta == nil {
			continue
		}
		for _, a := range ch.Meta.Authors {
			if !seen[a.Name] && len(a.Bio) > 0 {
				seen[a.Name] = true
				authors = append(authors, a)
			}
		}
	}
	if len(authors) > 0 {
		t.parent = t.tag("Sect")
		t.sectionTitle(locale.For(m.Lang).Contributors, "contributors", false)
		for _, a := range authors {
			t.space(lead.Scale(0.6))
			t.text(block{in: plain(a.Name), st: t.ts("sans", size, true, false, black), width: w, leading: lead, keep: true})
			for _, b := range a.Bio {
				if p, ok := b.(*doc.Paragraph); ok {
					t.text(block{in: p.Text, st: t.ts("serif", size.Scale(0.95), false, false, black), width: w, leading: lead, justify: true, hyphen: true})
				}
			}
		}
	}
	type credit struct {
		where string
		text  []doc.Inline
	}
	var credits []credit
	add := func(f *doc.Figure, where string) {
		if f != nil && f.Credit != nil {
			credits = append(credits, credit{where, f.Credit})
		}
	}
	add(m.Hero, m.Title)
	for _, ch := range d.Chapters {
		where := ch.DisplayTitle()
		if ch.Meta != nil {
			add(ch.Meta.Hero, where)
		}
		doc.Inspect(ch.Blocks, func(n doc.Node) bool {
			if f, ok := n.(*doc.Figure); ok {
				add(f, where)
			}
			return true
		})
	}
	if len(credits) > 0 {
		t.parent = root
		t.parent = t.tag("Sect")
		t.sectionTitle(locale.For(m.Lang).ImageCredits, "credits", false)
		for _, c := range credits {
			in := append([]doc.Inline{&doc.Emph{Text: plain(c.where)}, &doc.Text{Value: ": "}}, c.text...)
			t.text(block{in: in, st: t.ts("serif", size.Scale(0.9), false, false, black), width: w, leading: lead.Scale(0.95)})
		}
	}
}

// fillTOC writes the page numbers into the table of contents: at gives
// the number of the page where each destination is.
func (t *typesetter) fillTOC(at map[string]int) error {
	for _, e := range t.toc {
		n, ok := at[e.dest]
		if !ok {
			return fmt.Errorf("layout: the contents name %q, which is on no page", e.dest)
		}
		tf := t.lib.faces[e.number.Font]
		e.number.Text = strconv.Itoa(n)
		e.number.X -= tf.face.Width(e.number.Text, e.number.Size)
	}
	return nil
}

// lastText returns the last text of items, or nil.
func lastText(items []page.Item) *page.Text {
	for i := len(items) - 1; i >= 0; i-- {
		if tx, ok := items[i].(*page.Text); ok {
			return tx
		}
	}
	return nil
}
