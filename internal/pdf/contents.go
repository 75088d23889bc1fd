package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"runtime"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"github.com/galley-press/galley/internal/page"
)

// batch is how many pages are drawn into one template: enough to make a
// template's setting up cheap, few enough that their uncompressed contents
// take little memory.
const batch = 16

// drawPages draws the contents of every page and returns each page's
// content stream compressed, by page index; it adds the pages themselves,
// with their link annotations, to the document.
//
// fpdf keeps every page's contents uncompressed until the file is written,
// and then writes them into one buffer that grows with the whole book.
// Instead, each batch of pages is drawn into a template of the document:
// a drawing surface that shares its fonts (so the glyphs used are counted
// for the subsets) and images, and starts from the document's graphics
// state, so its operators are byte for byte those the document's own
// pages would have had. The batch's contents are compressed on every core
// while the next batch is drawn, and the document's pages get only the
// little that fpdf writes on a new page, which finish replaces.
func (w *writer) drawPages() (streams [][]byte, err error) {
	pages := w.d.Pages
	streams = make([][]byte, len(pages))
	type job struct {
		i    int
		data []byte
	}
	jobs := make(chan job, 2*batch)
	workers := max(1, runtime.GOMAXPROCS(0))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var zbuf bytes.Buffer
			zw, err := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
			for j := range jobs {
				if err != nil {
					continue
				}
				zbuf.Reset()
				zw.Reset(&zbuf)
				if _, err = zw.Write(j.data); err == nil {
					err = zw.Close()
				}
				if err == nil {
					streams[j.i] = bytes.Clone(zbuf.Bytes())
				}
			}
			errs[k] = err
		}()
	}
	defer func() {
		close(jobs)
		wg.Wait()
		for _, e := range errs {
			if e != nil && err == nil {
				streams, err = nil, fmt.Errorf("compressing page contents: %w", e)
			}
		}
	}()

	w.annots = make(map[int][]func())
	for a := 0; a < len(pages); a += batch {
		b := min(a+batch, len(pages))
		var c *fpdf.Fpdf
		var drawErr error
		tpl := w.doc.CreateTemplateCustom(fpdf.PointType{}, pageSize(pages[a]), func(t *fpdf.Tpl) {
			c = &t.Fpdf
			w.pdf = c
			// A template does not take over whether text needs its own
			// colour (fpdf works that out when a colour is set).
			c.SetTextColor(c.GetTextColor())
			for i := a; i < b; i++ {
				if i > a {
					c.AddPageFormat("P", pageSize(pages[i]))
				}
				w.font = nil // a new content stream: select the font again
				w.expand = 0 // and start with no horizontal scaling
				w.drawItems(pages[i].Items, i)
				if err := c.Error(); err != nil {
					drawErr = fmt.Errorf("page %d: %w", i+1, err)
					return
				}
			}
		})
		w.pdf = nil
		if drawErr != nil {
			return nil, drawErr
		}
		if c == nil || tpl.NumPages() != b-a {
			return nil, fmt.Errorf("pages %d to %d: not drawn", a+1, b)
		}
		for k, t := range tpl.FromPages() {
			jobs <- job{a + k, t.Bytes()}
		}
		for i := a; i < b; i++ {
			w.doc.AddPageFormat("P", pageSize(pages[i]))
			for _, add := range w.annots[i] {
				add()
			}
			delete(w.annots, i)
		}
		// The document takes the graphics state the batch ended in, which
		// the next batch's template starts from.
		if fam := c.GetFontFamily(); fam != "" {
			pt, _ := c.GetFontSize()
			w.doc.SetFont(fam, c.GetFontStyle(), pt)
		}
		w.doc.SetDrawColor(c.GetDrawColor())
		w.doc.SetFillColor(c.GetFillColor())
		w.doc.SetTextColor(c.GetTextColor())
		w.doc.SetLineWidth(c.GetLineWidth())
		if err := w.doc.Error(); err != nil {
			return nil, fmt.Errorf("pages %d to %d: %w", a+1, b, err)
		}
	}
	return streams, nil
}

func pageSize(p *page.Page) fpdf.SizeType {
	return fpdf.SizeType{Wd: p.Width.Points(), Ht: p.Height.Points()}
}
