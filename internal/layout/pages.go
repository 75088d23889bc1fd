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
	numSt.base.dest = t.prefix + noteRefDest(n.Number)
	numSt.base.color = accent
	// The note's number links back to its reference.
	numSt.base.elem = &page.Elem{Type: "Link"}
	numSt.base.link = numSt.base.elem
	before := len(t.elems)
	saved, savedParent := t.body, t.parent
	t.body = st
	t.parent = t.fl.noteElem(n)
	first := true
	for _, b := range n.Blocks {
		p, ok := b.(*doc.Paragraph)
		if ok && first {
			num := []frag{{text: strconv.Itoa(n.Number) + ".", st: t.fl.style(numSt), pos: n.Pos()}, {space: true, st: t.fl.style(st)}}
			t.text(block{in: p.Text, st: st, width: t.geo.width, leading: lead, justify: true, hyphen: true, ragged: true, prefix: num, dest: t.prefix + noteDest(n.Number)})
		} else {
			t.blocks([]doc.Block{b}, 0, t.geo.width, false)
		}
		first = false
	}
	t.body, t.parent = saved, savedParent
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
// of the page that references them, under a short rule, and a note too long
// for its page continues at the foot of the next.
//
// The list is consumed a window at a time: the elems due next (those left
// over from the page before, then the rest of the list), enough to fill a
// few pages. Floating a figure or setting a paragraph again rearranges only
// the window, so pagination stays linear in the length of the book. Each
// page, once finished, goes to emit, and the elems it took are let go.
// paginate returns the number of pages.
func (t *typesetter) paginate(m *doc.Meta, d *doc.Document, f *feed, emit func(*page.Page) error) (int, error) {
	pages := 0
	g := t.geo
	ps := t.opts.Page
	noteGap := ps.Leading
	var carry []elem // note lines continued from the previous page
	// finish adds the running head and folio that a page of kind k
	// carries, and emits the page.
	finish := func(pg *page.Page, k pageKind) error {
		pages++
		n := pages - 1
		switch {
		case k.blank || k.chapter == -1:
			// Blank pages and the book's own pages carry nothing.
		case !d.Book:
			if n > 0 {
				t.runningHead(pg, n+1, articleHead(m))
			}
		case k.chapter >= 0 && k.chapter < len(d.Chapters):
			head := ""
			if !k.opening {
				ch := d.Chapters[k.chapter]
				head = ch.DisplayTitle()
				if ch.Meta != nil {
					head = articleHead(ch.Meta)
				}
			}
			t.runningHead(pg, n+1, head)
		}
		return emit(pg)
	}
	var head []elem // elems due before the feed's
	var prev *elem  // the last elem placed
	for len(head) > 0 || len(carry) > 0 || f.pending() {
		w := t.window(head, f)
		// Skip discardable space at the top of the page.
		for len(w) > 0 && w[0].space {
			w = w[1:]
		}
		if len(w) == 0 && len(carry) == 0 {
			head = nil // the window held only space; take more of the queue
			continue
		}
		// A chapter that must open on a right-hand page gets a blank
		// left-hand page before it when needed.
		if len(w) > 0 && w[0].recto && len(carry) == 0 && pages%2 == 1 {
			if err := finish(&page.Page{Width: ps.Width, Height: ps.Height}, pageKind{blank: true}); err != nil {
				return pages, err
			}
		}
		noteH := height(carry)
		if noteH > 0 {
			noteH += noteGap
		}
		repeatHead := len(w) > 0 && prev != nil && len(prev.head) > 0 && len(w[0].head) > 0 && &prev.head[0] == &w[0].head[0]
		var headH units.Length
		if repeatHead {
			headH = height(w[0].head)
		}
		best, end, deferred := t.scan(&w, headH, noteH, true, pages+1)
		if deferred == nil && best < end && best > 0 {
			best, end = t.loosen(&w, best, end, headH, noteH, pages+1)
		}
		if best < 0 {
			// No allowed break fits: break where the page is full.
			best = end
			if end > 0 {
				if e := w[end-1]; e.line != nil {
					t.report.forcedBreak(e.pos)
				}
			}
		}
		pg := &page.Page{Width: ps.Width, Height: ps.Height}
		y := g.top
		if repeatHead && best > 0 {
			for _, h := range w[0].head {
				h = cloneElem(h)
				for _, it := range h.items {
					move(it, g.left, y)
					pg.Items = append(pg.Items, it)
				}
				y += h.h
			}
		}
		noteLines := carry
		for j := 0; j < best; j++ {
			e := w[j]
			for _, it := range e.items {
				move(it, g.left, y)
				pg.Items = append(pg.Items, it)
			}
			y += e.h
			for _, n := range e.notes {
				noteLines = append(noteLines, t.noteElems(n)...)
			}
		}
		t.report.pageEnd(w[:best], pages+1)
		kind := pageKind{chapter: -2}
		if best > 0 {
			kind = pageKind{chapter: w[0].chapter, opening: w[0].opening || w[0].newPage}
			last := w[best-1]
			prev = &last
		}
		// What the page did not take is due next, after a floated figure.
		head = append(deferred, w[best:]...)
		carry = nil
		if len(noteLines) > 0 {
			room := g.top + g.height - y - noteGap
			k := 0
			for h := units.Length(0); k < len(noteLines) && h+noteLines[k].h <= room; k++ {
				h += noteLines[k].h
			}
			if k == 0 && best == 0 {
				k = 1 // a page of nothing but one giant line: set it anyway
			}
			t.placeNotes(pg, noteLines[:k])
			for _, e := range noteLines[:k] {
				if e.line != nil {
					t.report.line(e)
				}
			}
			carry = noteLines[k:]
		}
		if best == 0 && len(noteLines) == 0 {
			break // nothing left to place
		}
		if err := finish(pg, kind); err != nil {
			return pages, err
		}
	}
	return pages, nil
}

// window returns the elems due next, head and then enough of the feed's to
// fill three pages, taking them from the feed.
func (t *typesetter) window(head []elem, f *feed) []elem {
	w := append(make([]elem, 0, len(head)+64), head...)
	h := height(w)
	for n := 0; h < 3*t.geo.height || n < 8; n++ {
		if len(f.ready) == 0 && !f.more() {
			break
		}
		h += f.ready[0].h
		w = append(w, f.ready[0])
		f.ready[0] = elem{} // the pages that take it hold it now
		f.ready = f.ready[1:]
	}
	return w
}

// A pageKind says what a page holds, for its running head and folio.
type pageKind struct {
	chapter int // -1: the book's own pages; -2: notes only
	opening bool
	blank   bool
}

func articleHead(m *doc.Meta) string {
	if a := authorNames(m); a != "" {
		return a + "  ·  " + m.Title
	}
	return m.Title
}

func height(es []elem) units.Length {
	var h units.Length
	for _, e := range es {
		h += e.h
	}
	return h
}

// scan finds where the page made of *w ends: it returns best, the number
// of elems the page takes (or -1 if no allowed break fits), and end, the
// number that would fit. headH is the height of a repeated table header,
// noteH that of notes already due on the page. With float set, a figure
// that does not fit is taken out of *w and returned, to go at the top of
// the next page.
func (t *typesetter) scan(w *[]elem, headH, noteH units.Length, float bool, pageNo int) (best, end int, deferred []elem) {
	g := t.geo
	noteGap := t.opts.Page.Leading
	used := headH
	end, best = 0, -1
	for j := 0; j < len(*w); j++ {
		es := *w
		e := &es[j]
		if e.newPage && j > 0 {
			best = j
			break
		}
		if float && e.figure && j > 0 && deferred == nil && !es[j-1].keep {
			// A figure that does not fit floats to the top of the next
			// page, and the text after it fills this one.
			fend := j + 1
			for fend < len(es) && es[fend-1].keep && !es[fend].newPage {
				fend++
			}
			if used+height(es[j:fend])+noteH > g.height && fend < len(es) {
				deferred = append([]elem{}, es[j:fend]...)
				*w = append(es[:j], es[fend:]...)
				t.report.add(deferred[0].src, "figure moved to page %d", pageNo+1)
				j--
				continue
			}
		}
		var lines []elem
		for _, n := range e.notes {
			lines = append(lines, t.noteElems(n)...)
		}
		extra := height(lines)
		if extra > 0 && noteH == 0 {
			extra += noteGap
		}
		if used+e.h+noteH+extra > g.height && j > 0 {
			// The line may still go here if its notes can start on this
			// page with two lines and continue on the next.
			if len(lines) > 0 && !e.keep && used+e.h+noteH+noteGap+height(lines[:min(2, len(lines))]) <= g.height {
				end, best = j+1, j+1
			}
			break
		}
		used += e.h
		noteH += extra
		end = j + 1
		if !e.keep || j == len(es)-1 {
			best = j + 1
		}
	}
	return best, end, deferred
}

// loosen tries to fill a page that widow and orphan rules left short. It
// sets one of the last paragraphs on the page (the one that runs over the
// break first, then up to seven before it) a line shorter or longer
// (Knuth–Plass's looseness), and keeps, of the changes after which the page
// ends where it is full, the one that adds the fewest hyphens (the first
// tried, of equals). A page is not filled at the price of more than one
// hyphen: it runs a line short instead. (Setting a paragraph a line shorter
// or longer nearly always takes a hyphen; taking two for a full page would
// make every fifth page pay for it.) It returns the page's new best and end.
func (t *typesetter) loosen(w *[]elem, best, end int, headH, noteH units.Length, pageNo int) (int, int) {
	type change struct {
		k, l, looseness int
		es              []elem
		hyphens         int
	}
	var pick *change
	tried := 0
	for k := min(end, len(*w)-1); k >= 0 && tried < 8; k-- {
		e := (*w)[k]
		if e.line == nil || e.reset == nil {
			continue // not the first line of a paragraph that can be reset
		}
		tried++
		id := e.para
		l := k
		for l < len(*w) && (*w)[l].para == id {
			l++
		}
		if l == len(*w) {
			continue // the paragraph may run on beyond the window
		}
		reset := *e.reset
		old := (*w)[k:l:l]
		for _, looseness := range []int{-1, 1} {
			es, ok := reset(looseness, len(old)+looseness)
			if !ok || len(es) != len(old)+looseness {
				continue
			}
			es[0].reset = old[0].reset
			c := &change{k: k, l: l, looseness: looseness, es: es, hyphens: hyphens(es) - hyphens(old)}
			if c.hyphens > 1 || pick != nil && c.hyphens >= pick.hyphens {
				continue
			}
			was := append([]elem{}, old...)
			*w = splice(*w, k, l, es)
			b2, e2, _ := t.scan(w, headH, noteH, false, pageNo)
			*w = splice(*w, k, k+len(es), was)
			if b2 == e2 && b2 > 0 {
				pick = c
			}
		}
	}
	if pick == nil {
		return best, end
	}
	*w = splice(*w, pick.k, pick.l, pick.es)
	what := map[int]string{-1: "a line shorter", 1: "a line longer"}[pick.looseness]
	t.report.add(pick.es[0].pos, "paragraph set %s to fill page %d", what, pageNo)
	b2, e2, _ := t.scan(w, headH, noteH, false, pageNo)
	return b2, e2
}

// hyphens counts the lines of es that end in a hyphen the line breaker added.
func hyphens(es []elem) int {
	n := 0
	for _, e := range es {
		if e.line != nil && e.line.hyphen {
			n++
		}
	}
	return n
}

// splice returns w with w[from:to] replaced by es.
func splice(w []elem, from, to int, es []elem) []elem {
	rest := append(append([]elem{}, es...), w[to:]...)
	return append(w[:from], rest...)
}

// placeNotes sets note lines at the foot of the text block, under a rule.
func (t *typesetter) placeNotes(pg *page.Page, lines []elem) {
	g := t.geo
	y := g.top + g.height - height(lines)
	pg.Items = append(pg.Items, &page.Rule{X: g.left, Y: y - t.opts.Page.Leading.Scale(0.5), W: g.width.Scale(0.2), H: units.Pt(0.4), Color: grey})
	for _, e := range lines {
		for _, it := range e.items {
			move(it, g.left, y)
			pg.Items = append(pg.Items, it)
			t.useFont(it)
		}
		y += e.h
	}
}

// runningHead adds the running head (unless head is empty) and the folio.
func (t *typesetter) runningHead(pg *page.Page, n int, head string) {
	g := t.geo
	size := t.opts.Page.Body.Scale(0.75)
	sans := t.lib.get("sans", false, false)
	serif := t.lib.get("serif", false, false)
	t.used[serif.name] = true
	if head != "" {
		t.used[sans.name] = true
		hw := sans.face.Width(head, size)
		pg.Items = append(pg.Items,
			&page.Text{X: g.left + (g.width-hw)/2, Y: g.headY, Font: sans.name, Size: size, Color: grey, Text: head},
			&page.Rule{X: g.left, Y: g.headY + size.Scale(0.6), W: g.width, H: units.Pt(0.3), Color: grey},
		)
	}
	folio := strconv.Itoa(n)
	fs := t.opts.Page.Body.Scale(0.85)
	fw := serif.face.Width(folio, fs)
	pg.Items = append(pg.Items, &page.Text{X: g.left + (g.width-fw)/2, Y: g.footY, Font: serif.name, Size: fs, Color: black, Text: folio})
}
