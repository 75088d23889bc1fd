package layout

import (
	"strconv"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// noteElems sets a footnote's text, small, its number first, and returns
// its lines. Each note is set once.
func (t *typesetter) noteElems(n *doc.Note) []elem {
	if es, ok := t.notes[n]; ok {
		return es
	}
	size := t.opts.Page.Body.Scale(0.8)
	lead := t.opts.Page.Leading.Scale(0.8)
	st := t.ts("serif", size, false, false, black)
	numSt := st
	numSt.base.dest = noteRefDest(n.Number)
	numSt.base.color = accent
	before := len(t.elems)
	saved := t.body
	t.body = st
	first := true
	for _, b := range n.Blocks {
		p, ok := b.(*doc.Paragraph)
		if ok && first {
			num := []frag{{text: strconv.Itoa(n.Number) + ".", st: t.fl.style(numSt), pos: n.Pos()}, {space: true, st: t.fl.style(st)}}
			t.text(block{in: p.Text, st: st, width: t.geo.width, leading: lead, justify: true, hyphen: true, prefix: num, dest: noteDest(n.Number)})
		} else {
			t.blocks([]doc.Block{b}, 0, t.geo.width, false)
		}
		first = false
	}
	t.body = saved
	es := append([]elem{}, t.elems[before:]...)
	t.elems = t.elems[:before]
	for i := range es {
		es[i].keep = false
	}
	t.notes[n] = es
	return es
}

// paginate distributes the vertical list over pages. A page ends at the
// last place that fits where a break is allowed; footnotes go to the foot
// of the page that references them, under a short rule.
func (t *typesetter) paginate(m *doc.Meta) []*page.Page {
	var pages []*page.Page
	g := t.geo
	ps := t.opts.Page
	noteGap := ps.Leading
	i := 0
	for i < len(t.elems) {
		// Skip discardable space at the top of the page.
		for i < len(t.elems) && t.elems[i].space {
			i++
		}
		if i >= len(t.elems) {
			break
		}
		var used, noteH units.Length
		end := i   // elems[i:end] fit
		best := -1 // last allowed break: page holds elems[i:best]
		var bestNotes units.Length
		for j := i; j < len(t.elems); j++ {
			e := &t.elems[j]
			var nh units.Length
			for _, n := range e.notes {
				for _, ne := range t.noteElems(n) {
					nh += ne.h
				}
			}
			extra := nh
			if nh > 0 && noteH == 0 {
				extra += noteGap
			}
			if used+e.h+noteH+extra > g.height && j > i {
				break
			}
			used += e.h
			noteH += extra
			end = j + 1
			if !e.keep || j == len(t.elems)-1 {
				best, bestNotes = j+1, noteH
			}
		}
		if best < 0 {
			// No allowed break fits: break where the page is full.
			best = end
			if e := t.elems[end-1]; e.line != nil {
				t.report.forcedBreak(e.para.pos)
			}
		}
		_ = bestNotes
		pg := &page.Page{Width: ps.Width, Height: ps.Height}
		y := g.top
		var notes []*doc.Note
		for j := i; j < best; j++ {
			e := t.elems[j]
			for _, it := range e.items {
				move(it, g.left, y)
				pg.Items = append(pg.Items, it)
			}
			y += e.h
			notes = append(notes, e.notes...)
		}
		t.report.pageEnd(t.elems[i:best], len(pages)+1)
		if len(notes) > 0 {
			t.placeNotes(pg, notes)
		}
		i = best
		pages = append(pages, pg)
	}
	for n, pg := range pages {
		t.runningHead(pg, n+1, m)
	}
	return pages
}

// placeNotes sets footnotes at the foot of the text block.
func (t *typesetter) placeNotes(pg *page.Page, notes []*doc.Note) {
	g := t.geo
	var h units.Length
	for _, n := range notes {
		for _, e := range t.noteElems(n) {
			h += e.h
		}
	}
	y := g.top + g.height - h
	pg.Items = append(pg.Items, &page.Rule{X: g.left, Y: y - t.opts.Page.Leading.Scale(0.5), W: g.width.Scale(0.2), H: units.Pt(0.4), Color: grey})
	for _, n := range notes {
		for _, e := range t.noteElems(n) {
			for _, it := range e.items {
				move(it, g.left, y)
				pg.Items = append(pg.Items, it)
				t.useFont(it)
			}
			y += e.h
		}
	}
}

// runningHead adds the running head and folio, from page 2 on.
func (t *typesetter) runningHead(pg *page.Page, n int, m *doc.Meta) {
	if n == 1 {
		return
	}
	g := t.geo
	size := t.opts.Page.Body.Scale(0.75)
	head := m.Title
	if a := authorNames(m); a != "" {
		head = a + "  ·  " + m.Title
	}
	sans := t.lib.get("sans", false, false)
	serif := t.lib.get("serif", false, false)
	t.used[sans.name], t.used[serif.name] = true, true
	hw := sans.face.Width(head, size)
	pg.Items = append(pg.Items,
		&page.Text{X: g.left + (g.width-hw)/2, Y: g.headY, Font: sans.name, Size: size, Color: grey, Text: head},
		&page.Rule{X: g.left, Y: g.headY + size.Scale(0.6), W: g.width, H: units.Pt(0.3), Color: grey},
	)
	folio := strconv.Itoa(n)
	fs := t.opts.Page.Body.Scale(0.85)
	fw := serif.face.Width(folio, fs)
	pg.Items = append(pg.Items, &page.Text{X: g.left + (g.width-fw)/2, Y: g.footY, Font: serif.name, Size: fs, Color: black, Text: folio})
}
