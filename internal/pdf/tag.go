package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/galley-press/galley/internal/page"
)

// Tagged PDF (ISO 32000-1, 14.7–14.8; PDF/UA-1, ISO 14289-1). While pages
// are drawn, the tagger wraps every item in a marked-content sequence: the
// content of a structure element gets a marked-content identifier (MCID)
// on its page, everything else is an artifact. After fpdf has written the
// file, the structure tree, the parent tree that maps content back to
// elements, and the annotation objects that link elements can reference
// are added by the finishing pass.

// A tagger collects the marked content of a document as it is drawn.
type tagger struct {
	root  *page.Elem
	elems map[*page.Elem]*tagElem
	pages [][]*tagElem // by page index: the element of each MCID
	links []annotRef   // every link annotation, in drawing order
	seq   int          // orders content across the whole document

	// the marked-content sequence open on the current page
	open    bool
	openFor *page.Elem // nil: an artifact

	parents map[*page.Elem]*tagElem // filled by build
}

// A tagElem is what the writer learns about an element while drawing.
type tagElem struct {
	e        *page.Elem
	content  []mcr
	first    int // seq of the first content in the element's subtree; -1 if none
	obj      int // object number, assigned when written
	page     int // page index of its first content, for /Pg; -1 if none
	reached  bool
	children []*page.Elem // Kids, plus orphans adopted by the root
}

// An mcr is a piece of an element's content: a marked-content sequence on
// a page, or a link annotation.
type mcr struct {
	page, mcid int
	annot      int // index into tagger.links, or -1
	seq        int
}

// An annotRef is one link annotation. A page's annotations are recorded
// in the order fpdf writes them, the order they are drawn.
type annotRef struct {
	page     int
	elem     *page.Elem
	contents string // describes the target, for the annotation's /Contents
	obj      int    // object number, assigned when written
}

// newTagger returns a tagger; its root is set when the document is done.
func newTagger() *tagger {
	return &tagger{elems: map[*page.Elem]*tagElem{}}
}

// grow makes room for the marked content of n pages.
func (t *tagger) grow(n int) {
	for len(t.pages) < n {
		t.pages = append(t.pages, nil)
	}
}

func (t *tagger) elem(e *page.Elem) *tagElem {
	te, ok := t.elems[e]
	if !ok {
		te = &tagElem{e: e, first: -1, page: -1}
		t.elems[e] = te
	}
	return te
}

// mark makes sure the content drawn next belongs to e (nil: an artifact),
// closing the open sequence and opening another if needed.
func (w *writer) mark(e *page.Elem, pi int) {
	t := w.tags
	if t == nil || t.open && t.openFor == e {
		return
	}
	w.closeMark()
	t.open, t.openFor = true, e
	if e == nil {
		w.pdf.RawWriteStr("/Artifact BMC")
		return
	}
	if w.replay {
		// The page was marked when first drawn: the same sequences again.
		mcid := w.replayMarks
		w.replayMarks++
		if mcid >= len(t.pages[pi]) || t.pages[pi][mcid].e != e {
			w.replayOff = true
		}
		w.pdf.RawWriteStr("/" + pdfName(e.Type) + " <</MCID " + strconv.Itoa(mcid) + ">> BDC")
		return
	}
	te := t.elem(e)
	mcid := len(t.pages[pi])
	t.pages[pi] = append(t.pages[pi], te)
	te.content = append(te.content, mcr{page: pi, mcid: mcid, annot: -1, seq: t.seq})
	t.seq++
	w.pdf.RawWriteStr("/" + pdfName(e.Type) + " <</MCID " + strconv.Itoa(mcid) + ">> BDC")
}

// closeMark ends the open marked-content sequence, if any.
func (w *writer) closeMark() {
	if t := w.tags; t != nil && t.open {
		w.pdf.RawWriteStr("EMC")
		t.open, t.openFor = false, nil
	}
}

// annot records the next link annotation of page pi as content of e.
func (w *writer) annot(e *page.Elem, contents string, pi int) {
	t := w.tags
	if t == nil {
		return
	}
	if e == nil {
		// Every annotation must be in the structure: a link the layout
		// did not tag gets a Link element of its own.
		e = &page.Elem{Type: "Link"}
	}
	te := t.elem(e)
	te.content = append(te.content, mcr{page: pi, annot: len(t.links), seq: t.seq})
	t.seq++
	t.links = append(t.links, annotRef{page: pi, elem: e, contents: contents})
}

// checkStruct reports elements that cannot be written: a cycle, or an
// element without a type.
func checkStruct(root *page.Elem) error {
	if root.Type == "" {
		return errors.New("structure root has no type")
	}
	state := map[*page.Elem]uint8{} // 1: on the path, 2: done
	var visit func(e *page.Elem) error
	visit = func(e *page.Elem) error {
		switch state[e] {
		case 1:
			return fmt.Errorf("structure element %s is its own ancestor", e.Type)
		case 2:
			return fmt.Errorf("structure element %s appears twice in the tree", e.Type)
		}
		state[e] = 1
		for _, k := range e.Kids {
			if k == nil {
				return fmt.Errorf("structure element %s has a nil kid", e.Type)
			}
			if pdfName(k.Type) != k.Type || k.Type == "" {
				return fmt.Errorf("structure element type %q is not a PDF name", k.Type)
			}
			if err := visit(k); err != nil {
				return err
			}
		}
		state[e] = 2
		return nil
	}
	return visit(root)
}

// A structure is the set of objects the finishing pass adds for tagging.
type structure struct {
	first       int            // the number of the first new object
	objs        [][]byte       // new objects, numbered from first on
	pageEdits   map[int]string // page object number: what to insert after "<</Type /Page\n"
	annots      map[int][]int  // page object number: its annotations' object numbers
	annotDicts  map[int]string // annotation object number: keys to add
	catalogKeys string
}

// build lays out the structure objects, numbered from first. pageObj gives
// the object number of page i.
func (t *tagger) build(first int, pageObj func(i int) int, labels string) (*structure, error) {
	next := first
	alloc := func() int { n := next; next++; return n }

	// Which elements are in the tree; elements with content that are not
	// (a footnote nothing refers to) are adopted by the root.
	order := []*tagElem{}
	var reach func(e *page.Elem)
	reach = func(e *page.Elem) {
		te := t.elem(e)
		te.reached = true
		te.children = append(te.children[:0], e.Kids...)
		order = append(order, te)
		for _, k := range e.Kids {
			reach(k)
		}
	}
	reach(t.root)
	rootTE := t.elems[t.root]
	var orphans []*tagElem
	inner := map[*page.Elem]bool{}
	for _, te := range t.elems {
		if !te.reached {
			orphans = append(orphans, te)
			for _, k := range te.e.Kids {
				inner[k] = true
			}
		}
	}
	// Map order must not reach the output: sort orphans by their content.
	slices.SortFunc(orphans, func(a, b *tagElem) int { return firstSeq(a) - firstSeq(b) })
	for _, te := range orphans {
		if te.reached || inner[te.e] {
			continue
		}
		rootTE.children = append(rootTE.children, te.e)
		reach(te.e)
	}

	// First content of each subtree, children before parents.
	var firstOf func(te *tagElem) int
	firstOf = func(te *tagElem) int {
		f := firstSeq(te)
		for _, k := range te.children {
			if kf := firstOf(t.elem(k)); kf >= 0 && (f < 0 || kf < f) {
				f = kf
			}
		}
		te.first = f
		return f
	}
	firstOf(rootTE)
	for _, te := range order {
		te.obj = alloc()
		if len(te.content) > 0 {
			te.page = te.content[0].page
		}
	}
	for i := range t.links {
		t.links[i].obj = alloc()
	}
	treeRoot, parentTree := alloc(), alloc()

	s := &structure{first: first, pageEdits: map[int]string{}, annots: map[int][]int{}, annotDicts: map[int]string{}}
	objs := make(map[int][]byte, next-first)

	// Elements.
	type kid struct {
		seq, sub int
		elem     *tagElem // or nil for content
		c        mcr
	}
	for _, te := range order {
		e := te.e
		var kids []kid
		prev := kid{seq: -1}
		for _, k := range te.children {
			kt := t.elem(k)
			kd := kid{seq: kt.first, elem: kt}
			if kt.first < 0 || k.Anchored {
				kd.seq, kd.sub = prev.seq, prev.sub+1
				if k.Anchored {
					// after all of the kid before it
					kd.seq, kd.sub = lastSeq(t, prev.elem, prev.seq), 1+prev.sub
				}
			}
			kids = append(kids, kd)
			prev = kd
		}
		for _, c := range te.content {
			kids = append(kids, kid{seq: c.seq, c: c})
		}
		slices.SortStableFunc(kids, func(a, b kid) int {
			if a.seq != b.seq {
				return a.seq - b.seq
			}
			return a.sub - b.sub
		})
		var b bytes.Buffer
		b.WriteString("<</Type /StructElem /S /" + e.Type)
		parent := treeRoot
		if pe := parentOf(t, order, te); pe != nil {
			parent = pe.obj
		}
		fmt.Fprintf(&b, " /P %d 0 R", parent)
		pg := -1
		if te.page >= 0 {
			pg = pageObj(te.page)
			fmt.Fprintf(&b, " /Pg %d 0 R", pg)
		}
		if e.Type == "Note" {
			// PDF/UA-1 (7.9) wants every note to have an ID of its own.
			fmt.Fprintf(&b, " /ID (note-%d)", te.obj)
		}
		if e.Lang != "" {
			if validLang(e.Lang) {
				b.WriteString(" /Lang (" + e.Lang + ")")
			} else {
				b.WriteString(" /Lang " + hexText(e.Lang))
			}
		}
		if e.Alt != "" || e.Type == "Figure" {
			b.WriteString(" /Alt " + hexText(e.Alt))
		}
		if e.ActualText != "" {
			b.WriteString(" /ActualText " + hexText(e.ActualText))
		}
		if e.Scope != "" {
			b.WriteString(" /A <</O /Table /Scope /" + pdfName(e.Scope) + ">>")
		}
		b.WriteString(" /K [")
		for i, k := range kids {
			if i > 0 {
				b.WriteByte(' ')
			}
			switch {
			case k.elem != nil:
				fmt.Fprintf(&b, "%d 0 R", k.elem.obj)
			case k.c.annot >= 0:
				a := t.links[k.c.annot]
				fmt.Fprintf(&b, "<</Type /OBJR /Obj %d 0 R /Pg %d 0 R>>", a.obj, pageObj(a.page))
			case pageObj(k.c.page) == pg:
				b.WriteString(strconv.Itoa(k.c.mcid))
			default:
				fmt.Fprintf(&b, "<</Type /MCR /Pg %d 0 R /MCID %d>>", pageObj(k.c.page), k.c.mcid)
			}
		}
		b.WriteString("]>>")
		objs[te.obj] = b.Bytes()
	}

	// Parent tree: page i is key i, annotation k is key len(pages)+k.
	var pt bytes.Buffer
	pt.WriteString("<</Nums [")
	linked := make([]bool, len(t.pages)) // pages with link annotations
	for _, a := range t.links {
		if a.page >= 0 && a.page < len(linked) {
			linked[a.page] = true
		}
	}
	for i, els := range t.pages {
		fmt.Fprintf(&pt, "%d [", i)
		for j, te := range els {
			if j > 0 {
				pt.WriteByte(' ')
			}
			fmt.Fprintf(&pt, "%d 0 R", te.obj)
		}
		pt.WriteString("]\n")
		edit := "/StructParents " + strconv.Itoa(i) + "\n"
		if linked[i] {
			edit += "/Tabs /S\n"
		}
		s.pageEdits[pageObj(i)] = edit
	}
	for k, a := range t.links {
		key := len(t.pages) + k
		fmt.Fprintf(&pt, "%d %d 0 R\n", key, t.elem(a.elem).obj)
		po := pageObj(a.page)
		s.annots[po] = append(s.annots[po], a.obj)
		s.annotDicts[a.obj] = " /StructParent " + strconv.Itoa(key)
		if a.contents != "" {
			s.annotDicts[a.obj] += " /Contents " + hexText(a.contents)
		}
	}
	pt.WriteString("]>>")
	objs[parentTree] = pt.Bytes()
	objs[treeRoot] = fmt.Appendf(nil, "<</Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d>>",
		rootTE.obj, parentTree, len(t.pages)+len(t.links))

	for n := first; n < next; n++ {
		if n >= first+len(order) && n < first+len(order)+len(t.links) {
			s.objs = append(s.objs, nil) // written by the finishing pass from fpdf's dictionary
			continue
		}
		s.objs = append(s.objs, objs[n])
	}
	s.catalogKeys = fmt.Sprintf("/StructTreeRoot %d 0 R\n/MarkInfo <</Marked true>>\n/ViewerPreferences <</DisplayDocTitle true>>\n", treeRoot)
	if labels != "" {
		s.catalogKeys += "/PageLabels " + labels + "\n"
	}
	return s, nil
}

func firstSeq(te *tagElem) int {
	if len(te.content) == 0 {
		return -1
	}
	return te.content[0].seq
}

// lastSeq returns the seq of the last content in te's subtree, or def.
func lastSeq(t *tagger, te *tagElem, def int) int {
	if te == nil {
		return def
	}
	last := def
	if n := len(te.content); n > 0 && te.content[n-1].seq > last {
		last = te.content[n-1].seq
	}
	for _, k := range te.children {
		if l := lastSeq(t, t.elem(k), def); l > last {
			last = l
		}
	}
	return last
}

// parentOf returns the element whose children include te, or nil for the
// root.
func parentOf(t *tagger, order []*tagElem, te *tagElem) *tagElem {
	if t.parents == nil {
		t.parents = map[*page.Elem]*tagElem{}
		for _, p := range order {
			for _, k := range p.children {
				t.parents[k] = p
			}
		}
	}
	return t.parents[te.e]
}

// hexText encodes s as a PDF text string in UTF-16BE, hexadecimal.
func hexText(s string) string {
	u := utf16Text(s)
	if u == "" {
		return "()"
	}
	var b strings.Builder
	b.Grow(2*len(u) + 2)
	b.WriteByte('<')
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(u); i++ {
		b.WriteByte(hex[u[i]>>4])
		b.WriteByte(hex[u[i]&15])
	}
	b.WriteByte('>')
	return b.String()
}

// pageLabels returns the /PageLabels number tree for labels, one per page
// ("" for a page labelled by its number), or "" if there are none.
func pageLabels(labels []string, pages int) string {
	if len(labels) == 0 {
		return ""
	}
	type rng struct {
		start int
		style string // "D", "r", or "" for a prefix only
		st    int
		pfx   string
	}
	var rs []rng
	for i := 0; i < pages; i++ {
		l := ""
		if i < len(labels) {
			l = labels[i]
		}
		if l == "" {
			l = strconv.Itoa(i + 1)
		}
		if n, err := strconv.Atoi(l); err == nil && n > 0 && strconv.Itoa(n) == l {
			if k := len(rs) - 1; k >= 0 && rs[k].style == "D" && rs[k].st+i-rs[k].start == n {
				continue
			}
			rs = append(rs, rng{start: i, style: "D", st: n})
			continue
		}
		if n := romanValue(l); n > 0 {
			if k := len(rs) - 1; k >= 0 && rs[k].style == "r" && rs[k].st+i-rs[k].start == n {
				continue
			}
			rs = append(rs, rng{start: i, style: "r", st: n})
			continue
		}
		rs = append(rs, rng{start: i, pfx: l})
	}
	var b strings.Builder
	b.WriteString("<</Nums [")
	for i, r := range rs {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d <<", r.start)
		switch {
		case r.style != "":
			fmt.Fprintf(&b, "/S /%s", r.style)
			if r.st != 1 {
				fmt.Fprintf(&b, " /St %d", r.st)
			}
		default:
			b.WriteString("/P " + hexText(r.pfx))
		}
		b.WriteString(">>")
	}
	b.WriteString("]>>")
	return b.String()
}

// romanValue returns the value of a lower-case roman numeral as PDF viewers
// write them, or 0.
func romanValue(s string) int {
	if s == "" || len(s) > 15 || strings.Trim(s, "ivxlcdm") != "" {
		return 0
	}
	for n := 1; n < 4000; n++ {
		if roman(n) == s {
			return n
		}
	}
	return 0
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}
