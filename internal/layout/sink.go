package layout

import (
	"fmt"
	"maps"

	"github.com/galley-press/galley/fonts"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// A Sink takes the pages as they are finished, so that a book's pages need
// not all be kept: Options.Sink. Without one, Typeset returns them all in
// the Document.
type Sink interface {
	// Start is called once, before anything else, with the document's
	// information, the size of its first page, every face its pages may
	// name, in a fixed order, and those expected among the document's
	// fonts: the faces used so far. The document's fonts, known once every
	// page is made, are the Document's that Typeset returns.
	Start(info page.Info, width, height units.Length, faces []page.Font, likely []string) error
	// Drawing names faces that pages still to come will certainly name,
	// as soon as that is known (their lines are set), so that the sink
	// can make them ready early.
	Drawing(faces []string) error
	// Page takes the next page. A held page is changed once more before
	// Typeset returns: its empty texts (the page numbers of a table of
	// contents) are filled in; nothing else of it changes.
	Page(p *page.Page, hold bool) error
	// Settle returns once the sink is done with the pages given so far,
	// before the held ones are changed.
	Settle() error
}

// keeper is the Sink that keeps every page, for Typeset to return.
type keeper struct{ pages []*page.Page }

func (k *keeper) Start(page.Info, units.Length, units.Length, []page.Font, []string) error {
	return nil
}
func (k *keeper) Drawing([]string) error { return nil }
func (k *keeper) Page(p *page.Page, _ bool) error {
	k.pages = append(k.pages, p)
	return nil
}
func (k *keeper) Settle() error { return nil }

// An emitter hands finished pages to a Sink.
type emitter struct {
	sink  Sink
	t     *typesetter
	info  page.Info
	told  map[string]bool // faces the sink was told pages will name
	queue []waiting
	// hold marks the texts filled in at the end: the contents' numbers.
	hold map[*page.Text]bool
	// at gives the number of the page each destination is on, counting
	// from the first page after the cover.
	at map[string]int
	n  int // pages after the cover so far
}

type waiting struct {
	p    *page.Page
	hold bool
}

// page takes a page of the book proper (not the cover).
func (em *emitter) page(p *page.Page) error {
	em.n++
	for _, it := range p.Items {
		if d, ok := it.(*page.Dest); ok {
			if _, seen := em.at[d.Name]; !seen {
				em.at[d.Name] = em.n
			}
		}
	}
	return em.add(p)
}

// add gives out p.
func (em *emitter) add(p *page.Page) error {
	hold := false
	if len(em.hold) > 0 {
		for _, it := range p.Items {
			if tx, ok := it.(*page.Text); ok && em.hold[tx] {
				hold = true
				break
			}
		}
	}
	em.queue = append(em.queue, waiting{p, hold})
	return em.flush(false)
}

// flush gives the waiting pages to the sink, starting it first.
func (em *emitter) flush(end bool) error {
	for _, w := range em.queue {
		if err := em.sink.Page(w.p, w.hold); err != nil {
			return err
		}
	}
	clear(em.queue)
	em.queue = em.queue[:0]
	return nil
}

// begin starts the sink, before the first page, expecting the faces used
// so far and those in end.
func (em *emitter) begin(end []string) error {
	loaded, err := fonts.Load()
	if err != nil {
		return fmt.Errorf("layout: %w", err)
	}
	faces := make([]page.Font, len(loaded))
	for i, f := range loaded {
		faces[i] = page.Font{Name: f.Name, Data: f.Data}
	}
	used := maps.Clone(em.t.used)
	for _, name := range end {
		used[name] = true
	}
	var likely []string
	for _, f := range em.t.lib.pdfFonts(used) {
		likely = append(likely, f.Name)
	}
	ps := em.t.opts.Page
	em.told = map[string]bool{}
	return em.sink.Start(em.info, ps.Width, ps.Height, faces, likely)
}

// drawing tells the sink the faces the texts of es name, those not told
// before: lines handed on are placed on pages sooner or later.
func (em *emitter) drawing(es []elem) error {
	var names []string
	for _, e := range es {
		for _, it := range e.items {
			if tx, ok := it.(*page.Text); ok && !em.told[tx.Font] {
				em.told[tx.Font] = true
				names = append(names, tx.Font)
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	return em.sink.Drawing(names)
}

// endFaces returns the faces that what closes d will use: an article's
// bios, a book's contributors and credits. They are set last, and a face
// first used there would make the PDF writer rename the fonts of every page
// before (see pdf.Stream); setting them once ahead, on a typesetter of
// their own whose results are dropped, tells their faces early.
func endFaces(t *typesetter, d *doc.Document) []string {
	probe := t.child(&doc.Chapter{}, -1, t.hy)
	probe.parent = &page.Elem{Type: "Sect"}
	if d.Book {
		probe.backMatter(d)
	} else {
		probe.bios(&d.Meta, "about-author")
	}
	var names []string
	for name := range probe.used {
		names = append(names, name)
	}
	return names
}
