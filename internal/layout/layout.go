// Package layout typesets the document tree into pages: it measures text
// with the embedded fonts, hyphenates it, breaks paragraphs into lines with
// the Knuth–Plass algorithm and builds pages with widow, orphan and
// keep-with-next control, footnotes at the foot of the page, running heads
// and folios. It produces page.Document values; it knows no PDF.
//
// It is the first half of the PDF side: it never imports the EPUB renderer
// (internal/epub and below) nor the PDF writer.
package layout

import (
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/hyph"
	"github.com/galley-press/galley/internal/linebreak"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/source"
	"github.com/galley-press/galley/internal/svg"
	"github.com/galley-press/galley/internal/units"
)

// Colours of the design.
var (
	black  = page.RGB{R: 0x1a, G: 0x1a, B: 0x1a}
	grey   = page.RGB{R: 0x5f, G: 0x5f, B: 0x5f}
	accent = page.RGB{R: 0x9c, G: 0x2a, B: 0x1a}
)

// An elem is one piece of the vertical list: a line, a space, a figure.
type elem struct {
	h     units.Length // height taken on the page
	items []page.Item  // x from the text block's left, y from the elem's top
	keep  bool         // no page break directly after this elem
	space bool         // discarded at the top and foot of a page
	notes []*doc.Note  // footnotes referenced here
	line  *line        // for text lines: the line, for the report
	para  int          // for text lines: which paragraph (numbered from 1 per typesetter)
	pos   source.Pos   // for text lines: the paragraph's position, for the report
	src   source.Pos   // the block this elem comes from
	word  int          // words of that block set before this elem
	// newPage starts a new page (a recto one in a book) with this elem.
	newPage bool
	recto   bool   // the new page must be a right-hand (odd) one
	chapter int    // index of the chapter, or -1 for the book's own pages
	opening bool   // on the opening page of a chapter: no running head
	figure  bool   // the image of a figure, which may float to the next page
	head    []elem // for table rows: the header rows, repeated atop a new page
	// reset, on a paragraph's first line, sets the paragraph again with a
	// looseness; nil for text the page builder must take as it is.
	// want, if not 0, is the number of lines asked for: a setting with
	// another is given up before its lines are drawn.
	reset *func(looseness, want int) ([]elem, bool)
}

// typesetter holds the state of one layout run, or of one chapter's part
// of it: chapters are set concurrently, each by its own typesetter, and
// their vertical lists joined for pagination.
type typesetter struct {
	opts    Options
	geo     geometry
	lib     *library
	hy      hyphenator
	diags   *diag.List
	fl      *flattener
	params  linebreak.Params
	elems   []elem
	body    textStyle
	notes   map[*doc.Note][]elem
	report  *Report
	used    map[string]bool
	lang    string
	prefix  string // prefixes Dest names, so that chapters' ids never clash
	chapter int    // index of the chapter being set, for running heads
	outline []page.Bookmark
	toc     []tocEntry
	book    bool                  // the document is a book
	paraSeq *atomic.Int64         // numbers paragraphs, shared by all chapters
	hys     map[string]hyphenator // by language, for spans in other languages
	scratch *paragraph            // reused for every paragraph, to spare the collector
	// parent is the structure element that blocks set now belong to.
	parent *page.Elem

	// A chapter's typesetter hands its list on as it goes (see feed.go).
	mu        *sync.Mutex
	out       chan<- chunk
	open      func(*elem) // marks the chapter's first elem
	opened    bool
	sentUsed  map[string]bool
	sentNotes map[*doc.Note]bool
	prevKeep  bool // whether the last elem handed on is kept with the next
}

// tag adds a structure element of type typ to the current one and
// returns it.
func (t *typesetter) tag(typ string) *page.Elem {
	e := &page.Elem{Type: typ}
	t.parent.Kids = append(t.parent.Kids, e)
	return e
}

// within sets what f adds inside the structure element e.
func (t *typesetter) within(e *page.Elem, f func()) {
	saved := t.parent
	t.parent = e
	f()
	t.parent = saved
}

// headingTag returns the structure type of a heading of level n.
func headingTag(n int) string {
	return "H" + strconv.Itoa(max(1, min(n, 6)))
}

// newTypesetter returns a typesetter for d.
func newTypesetter(d *doc.Document, opts Options, lib *library, diags *diag.List) *typesetter {
	t := &typesetter{
		opts: opts, geo: opts.Page.geometry(), lib: lib, diags: diags,
		fl:      &flattener{lib: lib, diags: diags, styles: map[style]*style{}, warned: map[rune]bool{}},
		params:  linebreak.DefaultParams(),
		notes:   map[*doc.Note][]elem{},
		report:  &Report{},
		used:    map[string]bool{},
		lang:    d.Meta.Lang,
		paraSeq: &atomic.Int64{},
	}
	// Knuth–Plass 1981 leaves \emergencystretch to the format; plain TeX has
	// 0. A measure of 34 ems is narrow enough that a last resort of one
	// em-space of extra stretch keeps lines from running overfull.
	t.params.EmergencyStretch = opts.Page.Body
	// \tolerance = 300 rather than plain TeX's 200: with hyphens priced
	// high, the second pass needs a little more room to find hyphen-free
	// lines; spaces still stay under 0.45 em.
	t.params.Tolerance = 300
	if opts.NoMicrotype || d.Meta.NoMicrotype {
		t.opts.NoMicrotype = true
	} else {
		t.params.ExpandStretch, t.params.ExpandShrink = expandLimit, expandLimit
		t.params.ExpandStep, t.params.ExpandJump = expandStep, expandJump
	}
	t.report.Microtype = !t.opts.NoMicrotype
	t.body = textStyle{family: "serif", base: style{size: opts.Page.Body, color: black}}
	return t
}

// child returns a typesetter for one chapter, sharing t's settings.
func (t *typesetter) child(ch *doc.Chapter, i int, hy hyphenator) *typesetter {
	c := *t
	c.diags = &diag.List{}
	c.fl = &flattener{lib: t.lib, diags: c.diags, styles: map[style]*style{}, warned: map[rune]bool{}}
	c.elems, c.notes, c.report, c.used = nil, map[*doc.Note][]elem{}, &Report{}, map[string]bool{}
	c.outline, c.toc, c.scratch, c.hys = nil, nil, nil, nil
	c.chapter, c.hy = i, newMemo(hy)
	if ch.Lang != "" {
		c.lang = ch.Lang
	}
	c.fl.book = t.book
	typ := "Sect"
	if ch.Meta != nil || !t.book && i == 0 {
		typ = "Art"
	}
	c.parent = &page.Elem{Type: typ, Lang: ch.Lang}
	return &c
}

// join appends a chapter's results to t.
func (t *typesetter) join(c *typesetter) {
	for n, es := range c.notes {
		t.notes[n] = es
	}
	for f := range c.used {
		t.used[f] = true
	}
	t.diags.Append(c.diags)
	r, cr := t.report, c.report
	r.Entries = append(r.Entries, cr.Entries...)
	for i := range r.Passes {
		r.Passes[i] += cr.Passes[i]
	}
}

// Typeset lays out d. Manuscript problems are added to diags; an error
// means the layout could not be made at all.
func Typeset(d *doc.Document, opts Options, diags *diag.List) (*page.Document, *Report, error) {
	lib, err := loadLibrary()
	if err != nil {
		return nil, nil, err
	}
	if opts.Page.Width == 0 {
		opts.Page = A4
	}
	t := newTypesetter(d, opts, lib, diags)
	root := &page.Elem{Type: "Document"}
	t.parent = root
	hyphenators := map[string]hyphenator{}
	hyFor := func(lang string, at source.Pos) hyphenator {
		if h, ok := hyphenators[lang]; ok {
			return h
		}
		h, err := hyph.New(lang)
		if err != nil {
			diags.Warnf(at, "no hyphenation patterns for language %q; its text is set without hyphenation", lang)
			hyphenators[lang] = nil
			return nil
		}
		hyphenators[lang] = h
		return h
	}
	t.hy = hyFor(d.Meta.Lang, d.Meta.Pos)
	t.book = d.Book
	m := &d.Meta
	if d.Book {
		t.frontMatter(d)
	}
	info := page.Info{
		Title: m.Title, Author: authorNames(m), Subject: firstNonEmpty(m.Description, m.Subtitle),
		Keywords: strings.Join(m.Keywords, ", "), Creator: opts.Creator, Lang: m.Lang,
		Producer: opts.Creator, // "Galley" and its version
		Date:     opts.Date, ID: m.Identifier,
	}
	sink := opts.Sink
	kept := &keeper{}
	if sink == nil {
		sink = kept
	}
	em := &emitter{sink: sink, t: t, info: info, hold: map[*page.Text]bool{}, at: map[string]int{}}
	for _, e := range t.toc {
		em.hold[e.number] = true
	}
	if err := em.begin(endFaces(t, d)); err != nil {
		return nil, nil, err
	}
	var fig *page.Elem
	if opts.Cover {
		// The cover goes in front, unnumbered: folios, the contents and
		// the page starts keep counting from the first page after it.
		fig = &page.Elem{Type: "Figure", Alt: coverAlt(m)}
		cp, err := t.coverPage(m, fig)
		if err != nil {
			return nil, nil, err
		}
		if err := em.add(cp); err != nil {
			return nil, nil, err
		}
	}
	// Set the chapters concurrently, one typesetter each, on every core,
	// each handing its list on to the page builder as it goes.
	kids := make([]*typesetter, len(d.Chapters))
	parents := make([]*page.Elem, len(d.Chapters)) // each chapter's element
	outs := make([]chan chunk, len(d.Chapters))
	for i, ch := range d.Chapters {
		lang := ch.Lang
		if lang == "" {
			lang = d.Meta.Lang
		}
		var at source.Pos
		if ch.File != nil {
			at = ch.File.Pos(0)
		}
		kids[i] = t.child(ch, i, hyFor(lang, at))
		parents[i] = kids[i].parent
		outs[i] = make(chan chunk, 4)
		var open func(*elem)
		if d.Book {
			recto := ch.Meta == nil
			open = func(e *elem) { e.newPage, e.recto, e.opening = true, recto, true }
		}
		kids[i].stream(outs[i], open)
	}
	var wg sync.WaitGroup
	var pmu sync.Mutex
	done := 0
	go func() {
		// Chapters start in order, at most one per core at a time, so the
		// one the page builder waits for is always under way.
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for i, ch := range d.Chapters {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				k := kids[i]
				k.mu.Lock()
				k.setChapter(d, ch)
				k.mu.Unlock()
				close(outs[i])
				if opts.Progress != nil {
					pmu.Lock()
					done++
					opts.Progress(done, len(d.Chapters))
					pmu.Unlock()
				}
			}()
		}
	}()
	// What the chapters report, and their bookmarks, go between the front
	// and back matter's; what pagination reports, after all of them.
	setRep, nFront, nOutline := t.report, len(t.report.Entries), len(t.outline)
	t.report = &Report{Microtype: setRep.Microtype}
	pageDiags := &diag.List{}
	backDiags := &diag.List{}
	t.diags = pageDiags
	into := root // the part the chapters go in, if any
	f := &feed{t: t, ready: t.elems, outs: outs, taken: em.drawing}
	t.elems = nil
	f.tell(f.ready)
	f.start = func(i int) {
		switch {
		case d.Chapters[i].Part != "":
			into = &page.Elem{Type: "Part"}
			root.Kids = append(root.Kids, into)
		case d.Chapters[i].Role == doc.BackMatter:
			into = root // a part ends where the back matter begins
		}
		into.Kids = append(into.Kids, parents[i])
	}
	if len(outs) > 0 {
		f.start(0)
	}
	f.last = func() []elem {
		if !d.Book {
			return nil
		}
		pr := t.report
		t.report, t.diags = setRep, backDiags
		t.backMatter(d)
		t.report, t.diags = pr, pageDiags
		es := t.elems
		t.elems = nil
		return es
	}
	count, err := t.paginate(m, d, f, em.page)
	if err == nil {
		err = em.flush(true)
	}
	if err == nil {
		err = f.err
	}
	if err != nil {
		// Let the chapters finish, so that nothing is left running.
		for f.more() {
			f.ready = nil
		}
		wg.Wait()
		return nil, nil, err
	}
	wg.Wait()
	pr := t.report
	t.report, t.diags = setRep, diags
	front, back := setRep.Entries[:nFront:nFront], setRep.Entries[nFront:]
	setRep.Entries = front
	outline := append([]page.Bookmark{}, t.outline[:nOutline]...)
	for i, k := range kids {
		t.join(k)
		outline = append(outline, k.outline...)
		if d.Chapters[i].Lang == d.Meta.Lang {
			k.parent.Lang = ""
		}
	}
	t.outline = append(outline, t.outline[nOutline:]...)
	setRep.Entries = append(setRep.Entries, back...)
	diags.Append(backDiags)
	diags.Append(pageDiags)
	setRep.Entries = append(setRep.Entries, pr.Entries...)
	for i := range pr.Passes {
		setRep.Passes[i] += pr.Passes[i]
	}
	pr.Entries, pr.Passes = setRep.Entries, setRep.Passes
	t.report = pr
	t.report.fillPageStarts(count)
	if d.Book {
		// The contents' page numbers, now that every page is known.
		if err := sink.Settle(); err != nil {
			return nil, nil, err
		}
		if err := t.fillTOC(em.at); err != nil {
			return nil, nil, err
		}
	}
	fonts := lib.pdfFonts(t.used)
	if fig != nil {
		root.Kids = append([]*page.Elem{fig}, root.Kids...)
	}
	total := count
	if opts.Cover {
		total++
	}
	// Page labels are the printed folios: the pages after the cover count
	// from 1. The EPUB's page list takes the same labels.
	labels := make([]string, 0, total)
	if opts.Cover {
		labels = append(labels, locale.For(m.Lang).Cover)
	}
	body := len(labels) // index of the page numbered 1
	for n := 1; len(labels) < total; n++ {
		labels = append(labels, strconv.Itoa(n))
	}
	for i, ps := range t.report.PageStarts {
		if k := body + ps.Page - 1; k >= 0 && k < len(labels) {
			t.report.PageStarts[i].Label = labels[k]
		}
	}
	pd := &page.Document{
		Pages:   kept.pages,
		Outline: t.outline,
		Info:    info,
		Struct:  root,
		Labels:  labels,
		Fonts:   fonts,
	}
	t.report.Pages = total
	return pd, t.report, nil
}

// setChapter sets one chapter: its opening, its blocks, its bios and the
// lines of its notes.
func (t *typesetter) setChapter(d *doc.Document, ch *doc.Chapter) {
	switch {
	case !d.Book && t.chapter > 0:
		// A manuscript of several files that is not a book reads as one
		// article: its later files continue the first.
	case !d.Book:
		t.featureHeader(&d.Meta, "title")
		t.outline = append(t.outline, page.Bookmark{Title: d.Meta.Title, Dest: "title"})
	case ch.Meta != nil:
		t.prefix = ch.ID + "/"
		t.fl.prefix = t.prefix
		t.featureHeader(ch.Meta, t.prefix+"title")
		t.outline = append(t.outline, page.Bookmark{Title: ch.Meta.Title, Dest: t.prefix + "title"})
	default:
		t.prefix = ch.ID + "/"
		t.fl.prefix = t.prefix
	}
	blocks := ch.Blocks
	if d.Book && ch.Meta == nil {
		blocks = t.chapterOpening(ch)
	}
	t.outline = append(t.outline, t.blocks(blocks, 0, t.geo.width, true)...)
	switch {
	case !d.Book && t.chapter == len(d.Chapters)-1:
		if bm := t.bios(&d.Meta, "about-author"); bm != nil {
			t.outline = append(t.outline, *bm)
		}
	case ch.Meta != nil:
		if bm := t.bios(ch.Meta, t.prefix+"about-author"); bm != nil {
			bm.Level = 1
			t.outline = append(t.outline, *bm)
		}
	}
	for _, n := range ch.Notes {
		t.noteElems(n)
	}
	t.handOn(true)
}

// coverAlt describes the typographic cover: its title, subtitle and authors.
func coverAlt(m *doc.Meta) string {
	alt := m.Title
	if m.Subtitle != "" {
		alt += ": " + m.Subtitle
	}
	if a := authorNames(m); a != "" {
		if by := locale.For(m.Lang).By; by != "" {
			alt += ", " + strings.ToLower(by) + " " + a
		} else {
			alt += ", " + a
		}
	}
	return alt
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func authorNames(m *doc.Meta) string {
	var names []string
	for _, a := range m.Authors {
		names = append(names, a.Name)
	}
	return strings.Join(names, ", ")
}

// ts returns a text style of the body's colour in family at size.
func (t *typesetter) ts(family string, size units.Length, bold, italic bool, color page.RGB) textStyle {
	return textStyle{family: family, bold: bold, italic: italic, base: style{size: size, color: color}}
}

// space adds discardable vertical space.
func (t *typesetter) space(h units.Length) {
	keep := t.prevKeep
	if len(t.elems) > 0 {
		keep = t.elems[len(t.elems)-1].keep
	}
	t.elems = append(t.elems, elem{h: h, space: true, keep: keep})
}

// textBlock sets inlines as a paragraph at x within width and appends its
// lines. It returns the number of lines.
type block struct {
	in       []doc.Inline
	st       textStyle
	x, width units.Length
	leading  units.Length
	indent   units.Length
	justify  bool
	hyphen   bool
	align    string     // "left", "right" or "center" for unjustified text
	keep     bool       // keep the last line with what follows
	dest     string     // a Dest name at the first line
	prefix   []frag     // set before the text (list markers, note numbers)
	src      source.Pos // the block the text comes from
	// elem is the structure element the text is set in; nil makes a P
	// in the current element, unless artifact is set.
	elem     *page.Elem
	artifact bool
	inline   *[]*page.Elem // the inline elements the last setting added to elem
	// ragged lets a justified paragraph of a narrow measure (a list item,
	// a quotation, a note) be set ragged right when justifying it would
	// stretch a space past maxSpace.
	ragged bool
}

func (t *typesetter) text(b block) int {
	if b.elem == nil && !b.artifact {
		b.elem = t.tag("P")
	}
	b.inline = new([]*page.Elem)
	es, _ := t.setLines(b, 0, 0, true)
	if len(es) > 1 && b.justify {
		// The page builder may ask for this paragraph one line longer or
		// shorter, to avoid a widow or orphan without a short page.
		reset := func(looseness, want int) ([]elem, bool) {
			if t.mu != nil {
				t.mu.Lock() // the chapter may still be being set
				defer t.mu.Unlock()
			}
			return t.setLines(b, looseness, want, false)
		}
		es[0].reset = &reset
	}
	t.elems = append(t.elems, es...)
	return len(es)
}

// setLines sets b as lines, looseness lines longer or shorter than its
// best setting (Knuth–Plass's \looseness), and returns them. ok is false
// when the requested setting is not feasible within tolerance. The report
// counts only first settings.
func (t *typesetter) setLines(b block, looseness, want int, report bool) (es []elem, ok bool) {
	t.fl.block = b.elem
	frags := t.fl.flatten(b.in, b.st)
	if len(b.prefix) > 0 {
		frags = append(append([]frag{}, b.prefix...), frags...)
	}
	if b.elem != nil {
		// The inline elements of this setting replace the last one's.
		roots := t.fl.roots
		for _, f := range b.prefix {
			if e := f.st.elem; e != nil && (len(roots) == 0 || roots[0] != e) {
				roots = append([]*page.Elem{e}, roots...)
			}
		}
		kids := b.elem.Kids[:0:0]
		for _, k := range b.elem.Kids {
			if !slices.Contains(*b.inline, k) {
				kids = append(kids, k)
			}
		}
		b.elem.Kids = append(kids, roots...)
		*b.inline = roots
	}
	if len(frags) == 0 {
		return nil, false
	}
	var hy hyphenator
	if b.hyphen && b.justify && t.hy != nil {
		hy = t.hy
	}
	if t.scratch == nil {
		t.scratch = &paragraph{hyFor: t.hyphenatorFor, rules: rulesFor(t.lang)}
	}
	id := t.nextPara()
	t.scratch.hang = !t.opts.NoMicrotype && b.justify
	p := build(t.scratch, frags, hy, b.indent, !b.justify)
	params := t.params
	params.Looseness = looseness
	if !t.opts.NoMicrotype {
		params.Tolerance = p.rules.tolerance
	}
	if looseness != 0 {
		// A paragraph a line longer or shorter is worth somewhat looser or
		// tighter spacing than the best setting: up to badness 600, spaces
		// under half an em.
		params.Tolerance = 600
		params.Pretolerance = -1
		if !t.opts.NoMicrotype {
			// With font expansion, three quarters of the language's own
			// tolerance keep the spaces of such a paragraph about as wide
			// as its best setting allows; a setting without hyphens is
			// tried first.
			params.Tolerance = p.rules.tolerance * 3 / 4
			params.Pretolerance = params.Tolerance
		}
		params.EmergencyStretch = 0
	}
	lines, res, err := p.set(b.width, params, b.justify, want)
	if err == errLineCount {
		return nil, false
	}
	if err == nil && b.justify && widestSpace(lines) > maxSpace {
		if looseness != 0 {
			return nil, false // a page is not filled at this price
		}
		if b.ragged {
			// A narrow measure justified only by stretching spaces past
			// maxSpace is set ragged right instead.
			p = build(t.scratch, frags, hy, b.indent, true)
			lines, res, err = p.set(b.width, params, false, 0)
		}
	}
	if err == nil && b.justify {
		p.leaveShort(lines, res)
	}
	if err != nil {
		t.diags.Errorf(p.pos, "cannot set paragraph: %v", err)
		return nil, false
	}
	if report {
		t.report.paragraph(res, lines)
	}
	n := len(lines)
	words := 0
	for i := range lines {
		ln := &lines[i]
		dx := b.x
		switch b.align {
		case "right":
			dx += b.width - ln.width
		case "center":
			dx += (b.width - ln.width) / 2
		}
		base := b.leading.Scale(0.76)
		for _, it := range ln.items {
			move(it, dx, base)
			t.useFont(it)
		}
		t.tagLine(ln, b.elem)
		if i == 0 && b.dest != "" {
			ln.items = append(ln.items, &page.Dest{Name: b.dest, Y: 0})
		}
		e := elem{h: b.leading, items: ln.items, line: ln, para: id, pos: p.pos, notes: ln.noteRefs, src: b.src, word: words}
		words += ln.words // a word broken at a line end counts on its first line
		// Orphans and widows: never break after the first or before the
		// last line of a paragraph; never leave a hyphen at a page's foot.
		switch {
		case i == n-1:
			e.keep = b.keep
		case i == 0 || i == n-2 || ln.hyphenated:
			e.keep = true
		}
		es = append(es, e)
	}
	return es, res.Pass <= 2
}

// tagLine puts the text of a set line that belongs to no inline element
// into e, makes the hyphen the line breaker added an artifact, and
// describes each link by its text on the line.
func (t *typesetter) tagLine(ln *line, e *page.Elem) {
	last := -1
	for i, it := range ln.items {
		if tx, ok := it.(*page.Text); ok {
			if tx.Elem == nil {
				tx.Elem = e
			}
			last = i
		}
	}
	if last < 0 {
		return
	}
	if tx := ln.items[last].(*page.Text); ln.hyphen && strings.HasSuffix(tx.Text, "-") {
		// A word broken across lines is one word to a reader: the hyphen
		// is drawn on its own, outside the text.
		word := strings.TrimSuffix(tx.Text, "-")
		hy := *tx
		hy.Text, hy.Elem = "-", nil
		if word != "" {
			tx.Text = word
			w := t.lib.faces[tx.Font].face.Width(word, tx.Size)
			hy.X += w + w*units.Length(tx.Expand)/1000 // as expanded
			ln.items = slices.Insert(ln.items, last+1, page.Item(&hy))
		} else {
			tx.Elem = nil
		}
	}
	for _, it := range ln.items {
		l, ok := it.(*page.Link)
		if !ok || l.Elem == nil {
			continue
		}
		var b strings.Builder
		for _, it := range ln.items {
			if tx, ok := it.(*page.Text); ok && (tx.Elem == l.Elem || slices.Contains(l.Elem.Kids, tx.Elem)) {
				b.WriteString(tx.Text)
				if tx.SpaceAfter {
					b.WriteByte(' ')
				}
			}
		}
		l.Contents = strings.TrimSpace(b.String())
	}
}

// spaceAfter marks the last text of items as followed by a word space.
func spaceAfter(items []page.Item) {
	if tx := lastText(items); tx != nil {
		tx.SpaceAfter = true
	}
}

// untag makes an item an artifact: a repeated table header.
func untag(it page.Item) {
	switch it := it.(type) {
	case *page.Text:
		it.Elem = nil
	case *page.Image:
		it.Elem = nil
	case *page.Rule:
		it.Elem = nil
	case *page.Link:
		it.Elem = nil
	case *page.Path:
		it.Elem = nil
	}
}

// maxSpace is the widest interword space, in ems, that a justified line
// may have where there is a choice: a narrow measure is set ragged right
// rather than wider, and a paragraph is not set a line longer or shorter
// to fill a page at a wider one.
const maxSpace = 0.6

// widestSpace returns the widest interword space of justified lines, in
// ems.
func widestSpace(lines []line) float32 {
	var w float32
	for _, ln := range lines {
		for _, sp := range ln.spaces {
			w = max(w, sp)
		}
	}
	return w
}

// hyphenatorFor returns the hyphenator for lang, loading it the first time;
// nil if Galley has no patterns for it.
func (t *typesetter) hyphenatorFor(lang string) hyphenator {
	if h, ok := t.hys[lang]; ok {
		return h
	}
	var h hyphenator
	if hy, err := hyph.New(lang); err == nil {
		h = newMemo(hy)
	}
	if t.hys == nil {
		t.hys = map[string]hyphenator{}
	}
	t.hys[lang] = h
	return h
}

// nextPara numbers paragraphs uniquely across the concurrently set chapters.
func (t *typesetter) nextPara() int {
	return int(t.paraSeq.Add(1))
}

func (t *typesetter) useFont(it page.Item) {
	if tx, ok := it.(*page.Text); ok {
		t.used[tx.Font] = true
	}
}

// cloneElem copies e and its items, so that the copy can be placed on a
// page of its own.
func cloneElem(e elem) elem {
	items := make([]page.Item, 0, len(e.items))
	for _, it := range e.items {
		if _, dest := it.(*page.Dest); dest {
			continue // a destination is defined once, by the original
		}
		c := cloneItem(it)
		untag(c) // the original is the content; a copy is an artifact
		items = append(items, c)
	}
	e.items = items
	return e
}

func cloneItem(it page.Item) page.Item {
	switch it := it.(type) {
	case *page.Text:
		c := *it
		return &c
	case *page.Image:
		c := *it
		return &c
	case *page.Rule:
		c := *it
		return &c
	case *page.Link:
		c := *it
		return &c
	case *page.Path:
		c := *it
		c.Segs = append([]page.Seg(nil), it.Segs...)
		return &c
	default:
		panic(fmt.Sprintf("layout: unhandled item %T", it))
	}
}

// move shifts an item by (dx, dy).
func move(it page.Item, dx, dy units.Length) {
	switch it := it.(type) {
	case *page.Text:
		it.X, it.Y = it.X+dx, it.Y+dy
	case *page.Image:
		it.X, it.Y = it.X+dx, it.Y+dy
	case *page.Rule:
		it.X, it.Y = it.X+dx, it.Y+dy
	case *page.Link:
		it.X, it.Y = it.X+dx, it.Y+dy
	case *page.Dest:
		it.Y += dy
	case *page.Path:
		for i := range it.Segs {
			n := 1
			switch it.Segs[i].Op {
			case page.CubicTo:
				n = 3
			case page.Close:
				n = 0
			}
			for k := 0; k < n; k++ {
				it.Segs[i].Pts[k].X += dx
				it.Segs[i].Pts[k].Y += dy
			}
		}
		if it.Clip.W != 0 && it.Clip.H != 0 {
			it.Clip.X, it.Clip.Y = it.Clip.X+dx, it.Clip.Y+dy
		}
	default:
		panic(fmt.Sprintf("layout: unhandled item %T", it))
	}
}

// featureHeader sets the magazine opening: kicker, title, dek, byline and
// the hero image with its credit.
func (t *typesetter) featureHeader(m *doc.Meta, dest string) {
	size := t.opts.Page.Body
	w := t.geo.width
	if m.Kicker != "" {
		kicker := t.tag("P")
		kicker.ActualText = m.Kicker // set in capitals, read as written
		t.text(block{in: plain(strings.ToUpper(m.Kicker)), st: t.ts("sans", size.Scale(0.8), true, false, accent), width: w, leading: size.Scale(1.4), keep: true, elem: kicker})
		t.space(size.Scale(0.5))
	}
	t.text(block{in: plain(m.Title), st: t.ts("serif", size.Scale(2.4), true, false, black), width: w, leading: size.Scale(2.75), keep: true, dest: dest, elem: t.tag("H1")})
	t.space(size.Scale(0.6))
	if m.Subtitle != "" {
		t.text(block{in: plain(m.Subtitle), st: t.ts("serif", size.Scale(1.3), false, true, grey), width: w, leading: size.Scale(1.75), keep: true})
		t.space(size.Scale(0.7))
	}
	if len(m.Authors) > 0 {
		var in []doc.Inline
		by := locale.For(m.Lang).By
		if by != "" {
			in = append(in, &doc.Text{Value: by + " "})
		}
		for i, a := range m.Authors {
			if i > 0 {
				in = append(in, &doc.Text{Value: ", "})
			}
			in = append(in, &doc.Strong{Text: []doc.Inline{&doc.Text{Value: a.Name}}})
		}
		t.text(block{in: in, st: t.ts("sans", size.Scale(0.9), false, false, black), width: w, leading: size.Scale(1.4)})
	}
	t.space(size.Scale(1.2))
	// A hairline under the opening.
	t.elems = append(t.elems, elem{h: size.Scale(1.2), items: []page.Item{&page.Rule{X: 0, Y: 0, W: w, H: units.Pt(0.5), Color: grey}}})
	if m.Hero != nil {
		t.figure(m.Hero, 0, w, true)
	}
}

func plain(s string) []doc.Inline { return []doc.Inline{&doc.Text{Value: s}} }

// figure sets an image scaled to the width (but no taller than 45% of the
// text block), its caption and its credit, kept together.
func (t *typesetter) figure(f *doc.Figure, x, width units.Length, hero bool) {
	img := f.Image
	size := t.opts.Page.Body
	if img.Data == nil || img.Width == 0 {
		return
	}
	w := width
	h := units.Length(float64(w) * float64(img.Height) / float64(img.Width))
	if maxH := t.geo.height.Scale(0.45); h > maxH {
		w = units.Length(float64(w) * float64(maxH) / float64(h))
		h = maxH
	}
	ix := x + (width-w)/2
	format, data := img.Format, img.Data
	if format != "svg" {
		var err error
		if format, data, err = pdfImage(format, data); err != nil {
			t.diags.Errorf(img.Pos(), "image %q: %v", img.Src, err)
			return
		}
	}
	// The figure is a Figure element read as its alt text, its caption
	// and credit inside; a decorative image is an artifact.
	var fig *page.Elem
	if !img.Decorative {
		fig = t.tag("Figure")
		fig.Alt = img.Alt
	}
	var item page.Item = &page.Image{X: ix, Y: 0, W: w, H: h, Format: format, Data: data, Key: img.Src, Elem: fig}
	if format == "svg" {
		item = nil
	}
	items := []page.Item{item}
	fallback := false
	if format == "svg" {
		// SVG is drawn as vectors. One the PDF cannot draw keeps its place
		// as a framed box with its alt text inside, and the author is told.
		fonts := func(family string, bold, italic bool) (string, func(string, units.Length) units.Length) {
			tf := t.lib.get(family, bold, italic)
			return tf.name, tf.face.Width
		}
		drawn, warns, err := svg.Draw(data, page.Rect{X: ix, Y: 0, W: w, H: h}, fonts)
		for _, msg := range warns {
			t.diags.Warnf(img.Pos(), "image %q: %s", img.Src, msg)
		}
		if err != nil {
			t.diags.Warnf(img.Pos(), "SVG image %q is shown in the PDF as a framed box with its alt text: %v", img.Src, err)
			items, fallback = []page.Item{&page.Rule{X: ix, Y: 0, W: w, H: h, Color: page.RGB{R: 0xee, G: 0xee, B: 0xee}, Elem: fig}}, true
		} else {
			items = drawn
			for _, it := range items {
				switch it := it.(type) {
				case *page.Path:
					it.Elem = fig
				case *page.Text:
					it.Elem = fig // the figure reads as its alt text
				}
				t.useFont(it)
			}
		}
	}
	t.elems = append(t.elems, elem{h: h + size.Scale(0.5), keep: f.Caption != nil || f.Credit != nil, src: f.Pos(), items: items, figure: !hero})
	if fallback {
		before := len(t.elems)
		t.text(block{in: plain(img.Alt), st: t.ts("sans", size.Scale(0.8), false, true, grey), x: ix + size, width: w - 2*size, leading: size.Scale(1.2), align: "center", elem: fig, artifact: fig == nil})
		// Lift the alt text into the box.
		var lift units.Length
		for _, e := range t.elems[before:] {
			lift += e.h
		}
		up := h + size.Scale(0.5) - (h-lift)/2
		var below units.Length // the alt text's lines sit one under another
		for i := before; i < len(t.elems); i++ {
			for _, it := range t.elems[i].items {
				move(it, 0, below-up)
			}
			below += t.elems[i].h
			t.elems[i].h = 0
		}
	}
	captions := func() {
		if f.Caption != nil {
			t.text(block{in: f.Caption, st: t.ts("sans", size.Scale(0.82), false, false, black), x: ix, width: w, leading: size.Scale(1.15), keep: f.Credit != nil})
		}
		if f.Credit != nil {
			t.text(block{in: f.Credit, st: t.ts("sans", size.Scale(0.72), false, false, grey), x: ix, width: w, leading: size.Scale(1.05), align: "right"})
		}
	}
	switch {
	case f.Caption == nil && f.Credit == nil:
	case fig != nil:
		cap := &page.Elem{Type: "Caption"}
		fig.Kids = append(fig.Kids, cap)
		t.within(cap, captions)
	default:
		captions()
	}
	t.space(size.Scale(1.3))
}

// blocks sets body blocks at x within width and returns bookmarks for the
// headings.
func (t *typesetter) blocks(bs []doc.Block, x, width units.Length, top bool) []page.Bookmark {
	var marks []page.Bookmark
	size, lead := t.opts.Page.Body, t.opts.Page.Leading
	indentNext := false
	for i, b := range bs {
		if top && i > 0 {
			t.handOn(false)
		}
		switch b := b.(type) {
		case *doc.Paragraph:
			ind := units.Length(0)
			if indentNext {
				ind = size.Scale(1.2)
			}
			t.text(block{in: b.Text, st: t.body, x: x, width: width, leading: lead, indent: ind, justify: true, hyphen: true, ragged: width < t.geo.width, src: b.Pos(),
				keep: i+1 < len(bs) && leadsIn(b, bs[i+1])})
			indentNext = true
			continue
		case *doc.Heading:
			scale := map[int]float64{1: 1.45, 2: 1.25, 3: 1.1}[b.Level]
			if scale == 0 {
				scale = 1
			}
			t.space(lead.Scale(1.2))
			t.text(block{in: b.Text, st: t.ts("sans", size.Scale(scale), true, false, black), x: x, width: width, leading: lead.Scale(scale), keep: true, dest: t.prefix + b.Attr.ID, src: b.Pos(), elem: t.tag(headingTag(b.Level))})
			t.space(lead.Scale(0.4))
			marks = append(marks, page.Bookmark{Title: doc.PlainText(b.Text), Level: min(b.Level, 6), Dest: t.prefix + b.Attr.ID})
		case *doc.Blockquote:
			t.space(lead.Scale(0.5))
			saved := t.body
			t.body = t.ts("serif", size.Scale(0.95), false, false, black)
			t.within(t.tag("BlockQuote"), func() {
				t.blocks(b.Blocks, x+size.Scale(1.5), width-size.Scale(3), false)
			})
			t.body = saved
			t.space(lead.Scale(0.5))
		case *doc.List:
			t.list(b, x, width)
		case *doc.Figure:
			t.space(lead.Scale(0.5))
			t.figure(b, x, width, false)
		case *doc.CodeBlock:
			t.code(b, x, width)
		case *doc.Table:
			t.table(b, x, width)
		case *doc.ThematicBreak:
			t.space(lead.Scale(0.5))
			t.text(block{in: plain("*\u00a0\u00a0\u00a0*\u00a0\u00a0\u00a0*"), st: t.body, x: x, width: width, leading: lead, align: "center", artifact: true})
			t.space(lead.Scale(0.5))
		default:
			t.diags.Errorf(b.Pos(), "layout: unhandled block %T", b)
		}
		indentNext = false
	}
	return marks
}

// leadsIn reports whether p introduces the block after it, so that its
// last line stays with that block: a paragraph ending in a colon before
// code or a table, or a table's caption written as a paragraph above it
// ("Table 3-1: Integer Types in Rust").
func leadsIn(p *doc.Paragraph, next doc.Block) bool {
	switch next.(type) {
	case *doc.CodeBlock:
		return strings.HasSuffix(strings.TrimSpace(doc.PlainText(p.Text)), ":")
	case *doc.Table:
		text := strings.TrimSpace(doc.PlainText(p.Text))
		return strings.HasSuffix(text, ":") || tableCaption.MatchString(text)
	}
	return false
}

// tableCaption matches the start of a table's caption: "Table 3-1:".
var tableCaption = regexp.MustCompile(`^(Table|Таблица|Кесте) [0-9A-Z]+([-.][0-9A-Za-z]+)*[:.]`)

func (t *typesetter) list(l *doc.List, x, width units.Length) {
	size, lead := t.opts.Page.Body, t.opts.Page.Leading
	hang := size.Scale(1.6)
	t.space(lead.Scale(0.3))
	saved := t.parent
	t.parent = t.tag("L")
	defer func() { t.parent = saved }()
	for i, it := range l.Items {
		marker := "•"
		if l.Ordered {
			marker = strconv.Itoa(l.Start+i) + "."
		}
		li := t.tag("LI")
		lbl, body := &page.Elem{Type: "Lbl"}, &page.Elem{Type: "LBody"}
		li.Kids = append(li.Kids, lbl, body)
		t.within(body, func() {
			for j, b := range it.Blocks {
				if p, ok := b.(*doc.Paragraph); ok && j == 0 {
					st := t.fl.style(t.body)
					mw := st.width(marker)
					t.text(block{in: p.Text, st: t.body, x: x + hang, width: width - hang, leading: lead, justify: true, hyphen: true, ragged: true, src: p.Pos()})
					// Hang the marker in the margin of the item's first
					// line, drawn (and read) first.
					first := t.lastParagraphStart()
					if first >= 0 {
						mark := &page.Text{X: x + hang - mw - size.Scale(0.4), Y: lead.Scale(0.76), Font: st.tf.name, Size: st.size, Color: st.color, Text: marker, Elem: lbl, SpaceAfter: true}
						t.elems[first].items = append([]page.Item{mark}, t.elems[first].items...)
					}
					continue
				}
				t.blocks([]doc.Block{b}, x+hang, width-hang, false)
			}
		})
	}
	t.space(lead.Scale(0.3))
}

// lastParagraphStart returns the index of the first line of the last set
// paragraph.
func (t *typesetter) lastParagraphStart() int {
	i := len(t.elems) - 1
	if i < 0 || t.elems[i].para == 0 {
		return -1
	}
	p := t.elems[i].para
	for i > 0 && t.elems[i-1].para == p && p != 0 {
		i--
	}
	return i
}

// table sets a table with equal columns, each cell ragged right.
func (t *typesetter) table(tb *doc.Table, x, width units.Length) {
	size := t.opts.Page.Body.Scale(0.9)
	lead := size.Scale(1.3)
	cols := 0
	for _, rows := range [][]*doc.Row{tb.Head, tb.Body} {
		for _, r := range rows {
			cols = max(cols, len(r.Cells))
		}
	}
	if cols == 0 {
		return
	}
	gap := size
	cw := (width - gap*units.Length(cols-1)) / units.Length(cols)
	t.space(lead.Scale(0.5))
	table := t.tag("Table")
	row := func(r *doc.Row, head bool) {
		start := len(t.elems)
		var cells [][]elem
		maxLines := 0
		tr := &page.Elem{Type: "TR"}
		table.Kids = append(table.Kids, tr)
		for i, c := range r.Cells {
			align := map[doc.Align]string{doc.AlignRight: "right", doc.AlignCenter: "center"}[c.Align]
			before := len(t.elems)
			cell := &page.Elem{Type: "TD"}
			if head {
				cell.Type, cell.Scope = "TH", "Column"
			}
			tr.Kids = append(tr.Kids, cell)
			t.text(block{in: c.Text, st: t.ts("sans", size, head, false, black), x: x + units.Length(i)*(cw+gap), width: cw, leading: lead, align: align, elem: cell})
			cells = append(cells, append([]elem{}, t.elems[before:]...))
			t.elems = t.elems[:before]
			maxLines = max(maxLines, len(cells[i]))
		}
		// Merge the cells' lines side by side.
		for l := 0; l < maxLines; l++ {
			e := elem{h: lead, keep: l < maxLines-1}
			if l == 0 && !head {
				e.src = r.Pos() // a page may begin with this row
			}
			for _, c := range cells {
				if l < len(c) {
					e.items = append(e.items, c[l].items...)
					e.notes = append(e.notes, c[l].notes...)
				}
			}
			t.elems = append(t.elems, e)
		}
		if len(t.elems) > start {
			last := &t.elems[len(t.elems)-1]
			thick := units.Pt(0.4)
			if head {
				thick = units.Pt(0.8)
				last.keep = true
			}
			last.items = append(last.items, &page.Rule{X: x, Y: lead - thick, W: width, H: thick, Color: grey})
		}
	}
	headStart := len(t.elems)
	for _, r := range tb.Head {
		row(r, true)
	}
	// A table that runs onto another page repeats its header there.
	var head []elem
	for _, e := range t.elems[headStart:] {
		head = append(head, cloneElem(e))
	}
	bodyStart := len(t.elems)
	for _, r := range tb.Body {
		row(r, false)
	}
	if len(head) > 0 {
		for i := bodyStart; i < len(t.elems); i++ {
			t.elems[i].head = head
		}
	}
	t.space(lead.Scale(0.5))
}

// bios sets the author bios at the end, set off by a rule and a label.
func (t *typesetter) bios(m *doc.Meta, dest string) *page.Bookmark {
	var with []doc.Author
	for _, a := range m.Authors {
		if len(a.Bio) > 0 {
			with = append(with, a)
		}
	}
	if len(with) == 0 {
		return nil
	}
	size, lead := t.opts.Page.Body, t.opts.Page.Leading
	t.space(lead)
	label := locale.For(m.Lang).About(len(with))
	saved := t.parent
	t.parent = t.tag("Sect")
	defer func() { t.parent = saved }()
	head := t.tag("H2")
	head.ActualText = label // set in capitals, read as written
	t.elems = append(t.elems, elem{h: lead.Scale(0.6), keep: true, items: []page.Item{&page.Rule{X: 0, Y: 0, W: t.geo.width.Scale(0.25), H: units.Pt(0.6), Color: accent}}})
	t.text(block{in: plain(strings.ToUpper(label)), st: t.ts("sans", size.Scale(0.75), true, false, accent), width: t.geo.width, leading: lead, keep: true, dest: dest, elem: head})
	for _, a := range with {
		for _, b := range a.Bio {
			if p, ok := b.(*doc.Paragraph); ok {
				t.text(block{in: p.Text, st: t.ts("sans", size.Scale(0.9), false, true, black), width: t.geo.width, leading: lead.Scale(0.95)})
				continue
			}
			t.blocks([]doc.Block{b}, 0, t.geo.width, false)
		}
	}
	return &page.Bookmark{Title: label, Dest: dest}
}
