package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"runtime"

	"codeberg.org/go-pdf/fpdf"

	"github.com/galley-press/galley/internal/page"
)

// batch is how many pages are drawn into one template: enough to make a
// template's setting up cheap, few enough that their uncompressed contents
// take little memory.
const batch = 16

// Page contents are drawn a batch at a time. fpdf keeps every page's
// contents uncompressed until the file is written, and then writes them
// into one buffer that grows with the whole book. Instead, each batch of
// pages is drawn into a template of the drawing surface (see names.go; the
// last batch, of the document itself): an fpdf page that starts from the
// graphics state the page before ended in, so its operators are byte for
// byte those the document's own pages would have had. Text and images are
// written as fpdf writes them (text.go), so that the surface need hold no
// image and fpdf is shown each face's characters only once, at Close. The batch's contents are compressed on every core
// while the next batch is drawn, and the document's pages get only the
// little that fpdf writes on a new page, which finish replaces.

// A job is a page's contents to compress.
type job struct {
	i    int
	data []byte
}

// A queued page waits in the batch to be drawn.
type queued struct {
	p    *page.Page
	hold bool
}

// A held page is drawn last (see Stream.Page), from the state it began in,
// and must end in the state foreseen when it was first drawn.
type held struct {
	p          *page.Page
	i          int
	start, end state
}

// state is the drawing state at a page boundary: fpdf's, which the next
// page's contents begin by restoring, and the writer's own.
type state struct {
	font            *face // nil before any
	style           string
	size, lineWidth float64
	draw, fill, txt [3]int
	drawState
}

// capture returns the state of c and the writer.
func (w *writer) capture(c *fpdf.Fpdf) state {
	s := state{font: w.byFamily[c.GetFontFamily()], style: c.GetFontStyle(), lineWidth: c.GetLineWidth(), drawState: w.drawState}
	s.size, _ = c.GetFontSize()
	s.draw[0], s.draw[1], s.draw[2] = c.GetDrawColor()
	s.fill[0], s.fill[1], s.fill[2] = c.GetFillColor()
	s.txt[0], s.txt[1], s.txt[2] = c.GetTextColor()
	return s
}

// restore puts d, the drawing surface or the document, in state s, for
// the next template to start from. (What this writes goes into page
// contents that are not kept.)
func (w *writer) restore(d *fpdf.Fpdf, s state) {
	if s.font != nil {
		d.SetFont(s.font.family, s.style, s.size)
	}
	d.SetDrawColor(s.draw[0], s.draw[1], s.draw[2])
	d.SetFillColor(s.fill[0], s.fill[1], s.fill[2])
	d.SetTextColor(s.txt[0], s.txt[1], s.txt[2])
	d.SetLineWidth(s.lineWidth)
}

// add admits the next page and draws the batch once it is full.
func (w *writer) add(p *page.Page, hold bool) error {
	pi := w.pages
	if w.doc == nil {
		if p == nil || p.Width <= 0 || p.Height <= 0 {
			return w.admit(p, pi) // reports what is wrong with it
		}
		if err := w.open(p); err != nil {
			return err
		}
	} else if pi == 0 && p != nil && pageSize(p) != w.firstSize {
		return fmt.Errorf("page 1 has size %v × %v, not the size it was announced with", p.Width, p.Height)
	}
	if err := w.admit(p, pi); err != nil {
		return err
	}
	w.pages++
	w.heights = append(w.heights, p.Height.Points())
	w.streams = append(w.streams, nil)
	w.drawnAs = append(w.drawnAs, drawn{})
	if w.tags != nil {
		w.tags.grow(w.pages)
	}
	w.batch = append(w.batch, queued{p, hold})
	if len(w.batch) == batch {
		return w.drawBatch()
	}
	return nil
}

// startWorkers starts the compressors, one per core.
func (w *writer) startWorkers() {
	n := max(1, runtime.GOMAXPROCS(0))
	w.jobs = make(chan job, 2*batch)
	w.done = make(chan compressed, 2*batch)
	w.zerrs = make([]error, n)
	for k := range n {
		w.workers.Add(1)
		go func() {
			defer w.workers.Done()
			var zbuf bytes.Buffer
			zw, err := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
			for j := range w.jobs {
				if err != nil {
					continue
				}
				zbuf.Reset()
				zw.Reset(&zbuf)
				if _, err = zw.Write(j.data); err == nil {
					err = zw.Close()
				}
				if err == nil {
					w.done <- compressed{j.i, bytes.Clone(zbuf.Bytes())}
				}
			}
			w.zerrs[k] = err
		}()
	}
}

// A compressed page's contents.
type compressed struct {
	i    int
	data []byte
}

// send hands a page's contents to the compressors, taking in what they
// have finished meanwhile.
func (w *writer) send(j job) {
	for {
		select {
		case w.jobs <- j:
			return
		case c := <-w.done:
			w.streams[c.i] = c.data
		}
	}
}

// stopWorkers waits for the compressors to finish and takes in the rest
// of their work.
func (w *writer) stopWorkers() error {
	if w.jobs == nil {
		return nil
	}
	close(w.jobs)
	go func() {
		w.workers.Wait()
		close(w.done)
	}()
	for c := range w.done {
		if c.i < len(w.streams) {
			w.streams[c.i] = c.data
		}
	}
	w.jobs = nil
	for _, e := range w.zerrs {
		if e != nil {
			return fmt.Errorf("compressing page contents: %w", e)
		}
	}
	return nil
}

// drawBatch draws the pages waiting in the batch into one template, hands
// their contents to the compressors, adds the pages with their link
// annotations to the document and lets the pages go.
func (w *writer) drawBatch() error {
	pages := w.batch
	if len(pages) == 0 {
		return nil
	}
	a := w.pages - len(pages) // index of the batch's first page
	if w.surface == nil {
		if err := w.newSurface(); err != nil {
			return err
		}
	}
	for _, f := range w.order {
		if _, added := w.surface.ids[f]; f.used && !added {
			if err := w.addToSurface(f); err != nil {
				return err
			}
		}
	}
	var c *fpdf.Fpdf
	var drawErr error
	w.byFamily = w.surface.families
	tpl := w.surface.pdf.CreateTemplateCustom(fpdf.PointType{}, pageSize(pages[0].p), func(t *fpdf.Tpl) {
		c = &t.Fpdf
		w.pdf = c
		// A template does not take over whether text needs its own
		// colour (fpdf works that out when a colour is set).
		c.SetTextColor(c.GetTextColor())
		for k, q := range pages {
			i := a + k
			if k > 0 {
				c.AddPageFormat("P", pageSize(q.p))
			}
			w.font = nil // a new content stream: select the font again
			w.expand = 0 // and start with no horizontal scaling
			w.height = q.p.Height.Points()
			w.pageFaces = 0
			if f := w.byFamily[c.GetFontFamily()]; f != nil {
				w.pageFaces = f.bit() // selected again as the page begins
			}
			if q.hold {
				h := &held{p: q.p, i: i, start: w.capture(c)}
				w.provisional = true
				w.drawItems(q.p.Items, i)
				w.provisional = false
				h.end = w.capture(c)
				w.pending = append(w.pending, h)
			} else {
				w.drawItems(q.p.Items, i)
			}
			if err := c.Error(); err != nil {
				drawErr = fmt.Errorf("page %d: %w", i+1, err)
				return
			}
			w.drawnAs[i] = drawn{epoch: w.epoch, faces: w.pageFaces}
		}
	})
	w.pdf = nil
	if drawErr != nil {
		return drawErr
	}
	if c == nil || tpl.NumPages() != len(pages) {
		return fmt.Errorf("pages %d to %d: not drawn", a+1, a+len(pages))
	}
	for k, t := range tpl.FromPages() {
		if !pages[k].hold {
			w.send(job{a + k, t.Bytes()})
		}
	}
	for k, q := range pages {
		w.doc.AddPageFormat("P", pageSize(q.p))
		for _, add := range w.annots[a+k] {
			add()
		}
		delete(w.annots, a+k)
	}
	// The surface takes the state the batch ended in, which the next
	// batch's template starts from.
	w.last = w.capture(c)
	w.restore(w.surface.pdf, w.last)
	if err := w.surface.pdf.Error(); err != nil {
		return fmt.Errorf("pages %d to %d: %w", a+1, a+len(pages), err)
	}
	clear(w.batch)
	w.batch = w.batch[:0]
	return nil
}

// drawHeld draws the held pages for good, each from the state it began in,
// and checks that each ends where the pages after it began.
func (w *writer) drawHeld() error {
	for _, h := range w.pending {
		if h.start.font == nil && w.doc.GetFontFamily() != "" {
			return fmt.Errorf("page %d: held before any font was used", h.i+1)
		}
		w.restore(w.doc, h.start)
		var c *fpdf.Fpdf
		var marks int
		tpl := w.doc.CreateTemplateCustom(fpdf.PointType{}, pageSize(h.p), func(t *fpdf.Tpl) {
			c = &t.Fpdf
			w.pdf = c
			c.SetTextColor(c.GetTextColor())
			w.font, w.expand, w.drawState = nil, 0, h.start.drawState
			w.height = h.p.Height.Points()
			w.replay, w.replayMarks, w.replayOff = true, 0, false
			w.drawItems(h.p.Items, h.i)
			w.replay, marks = false, w.replayMarks
		})
		w.pdf = nil
		if c == nil {
			return fmt.Errorf("page %d: not drawn", h.i+1)
		}
		if err := c.Error(); err != nil {
			return fmt.Errorf("page %d: %w", h.i+1, err)
		}
		if w.capture(c) != h.end || w.replayOff || w.tags != nil && marks != len(w.tags.pages[h.i]) {
			return fmt.Errorf("page %d: a held page changed more than its empty texts", h.i+1)
		}
		w.send(job{h.i, tpl.Bytes()})
		w.drawnAs[h.i] = drawn{} // under the final names
	}
	w.pending = nil
	if err := w.doc.Error(); err != nil {
		return err
	}
	return nil
}

func pageSize(p *page.Page) fpdf.SizeType {
	return fpdf.SizeType{Wd: p.Width.Points(), Ht: p.Height.Points()}
}
