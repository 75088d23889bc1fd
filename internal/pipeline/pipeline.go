// Package pipeline runs a build: it loads a manuscript (the reader), hands
// its document tree to the two renderers, the EPUB renderer and the layout
// engine with the PDF writer behind it, runs them concurrently, passes the
// EPUB the print edition's page starts as plain data, and writes the outputs
// to the output folder atomically, so that a failed build leaves no
// half-written file and no earlier output is lost.
//
// It is the one package that imports both renderers, and it holds nothing
// that belongs to either of them.
package pipeline

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/epub"
	"github.com/galley-press/galley/internal/layout"
	"github.com/galley-press/galley/internal/manuscript"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/pdf"
)

// Options control a build.
type Options struct {
	Input  string // manuscript folder or Markdown file
	OutDir string
	EPUB   bool
	PDF    bool
	Page   layout.PageSize
	Strict bool // warnings fail the build
	Cover  bool // the PDF opens with the typographic cover
	// NoMicrotype sets the PDF without margin kerning and font expansion.
	NoMicrotype bool
	Version     string // Galley's version, named in both files' metadata
	// Progress, if set, is told what the build is doing: a stage
	// ("layout", "pdf", "done") and, for layout, chapters done of total.
	Progress func(stage string, done, total int)
	// SourceDateEpoch, if set, is the build date in seconds since 1970 (the
	// SOURCE_DATE_EPOCH convention); otherwise the manuscript's date is used.
	SourceDateEpoch string
}

// An Output is one written file.
type Output struct {
	Path string
	Size int
}

// Result is what a build made.
type Result struct {
	Outputs []Output
	Diags   *diag.List
	Report  *layout.Report
	Doc     *doc.Document
	Pages   int
	Words   int
	Images  int
}

// ErrManuscript means the manuscript has errors; they are in Result.Diags.
var ErrManuscript = errors.New("manuscript has errors")

// Run builds the outputs asked for in opts.
func Run(opts Options) (*Result, error) {
	d, diags, err := manuscript.Load(opts.Input)
	if err != nil {
		return nil, err
	}
	res := &Result{Diags: diags, Doc: d}
	if opts.Strict {
		diags.Strict()
	}
	if diags.HasErrors() {
		return res, ErrManuscript
	}
	date, err := buildDate(d.Meta.Date, opts.SourceDateEpoch)
	if err != nil {
		return res, err
	}
	res.Words, res.Images = count(d)

	progress := opts.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	var files []*file
	var epubOut, pdfOut *file
	if opts.EPUB {
		epubOut = &file{name: d.Meta.Slug + ".epub"}
		files = append(files, epubOut)
	}
	if opts.PDF {
		pdfOut = &file{name: d.Meta.Slug + ".pdf"}
		files = append(files, pdfOut)
	}

	// The PDF is laid out first, and drawn as its pages are finished: the
	// EPUB marks where those pages begin. Then the EPUB is written while
	// the PDF is finished.
	var laid *page.Document
	var layoutDiags diag.List
	sink := &pdf.Sink{}
	if opts.PDF {
		progress("layout", 0, len(d.Chapters))
		var rep *layout.Report
		laid, rep, err = layout.Typeset(d, layout.Options{
			NoMicrotype: opts.NoMicrotype,
			Page:        opts.Page, Date: date.Format(time.RFC3339), Creator: generator(opts.Version), Cover: opts.Cover,
			Progress: func(done, total int) { progress("layout", done, total) },
			Sink:     sink,
		}, &layoutDiags)
		if err != nil {
			sink.Abort()
			return res, err
		}
		res.Report, res.Pages = rep, rep.Pages
	}
	// What is left of a long book, writing the EPUB and finishing the
	// PDF, holds much for a short while; collecting sooner keeps the peak
	// down at a small cost, where the layout, which allocates far more,
	// keeps the default. (A short one is not worth the extra collections.)
	if res.Pages >= 100 {
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	var wg sync.WaitGroup
	var epubErr, pdfErr error
	var epubDiags diag.List
	if opts.EPUB {
		eo := epub.Options{Date: date, Generator: generator(opts.Version), Diags: &epubDiags}
		if laid != nil {
			// Mark where each PDF page begins, so that "p. 3" means the
			// same in both files.
			eo.PrintEdition = fmt.Sprintf("%s.pdf (%s)", d.Meta.Slug, opts.Page.Name)
			for _, ps := range res.Report.PageStarts {
				eo.PageBreaks = append(eo.PageBreaks, epub.PageBreak{Label: ps.Label, Pos: ps.Pos, Word: ps.Word})
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			epubOut.data, epubErr = epub.Render(d, eo)
		}()
	}
	if opts.PDF {
		wg.Add(1)
		go func() {
			defer wg.Done()
			progress("pdf", 0, 1)
			pdfOut.data, pdfErr = sink.Close(laid)
		}()
	}
	wg.Wait()
	progress("done", 1, 1)
	diags.Append(&layoutDiags)
	diags.Append(&epubDiags)
	if epubErr != nil {
		return res, epubErr
	}
	if pdfErr != nil {
		return res, pdfErr
	}
	if opts.Strict {
		diags.Strict()
	}
	if diags.HasErrors() {
		return res, ErrManuscript
	}
	res.Outputs, err = writePair(opts.OutDir, files)
	return res, err
}

// buildDate is the date stamped into the outputs: SOURCE_DATE_EPOCH if set,
// else the manuscript's date, else 2000-01-01. Never the clock, so that the
// same manuscript gives the same bytes.
func buildDate(date, epoch string) (time.Time, error) {
	if epoch != "" {
		n, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("pipeline: SOURCE_DATE_EPOCH %q is not a number of seconds", epoch)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, date); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), nil
}

// count returns the words of running text (by doc.Words, the rule the page
// list follows) and the images of d.
func count(d *doc.Document) (words, images int) {
	for _, ch := range d.Chapters {
		words += doc.Words(ch.Blocks)
		doc.Inspect(ch.Blocks, func(n doc.Node) bool {
			if _, ok := n.(*doc.Image); ok {
				images++
			}
			return true
		})
		if ch.Meta != nil && ch.Meta.Hero != nil {
			images++
		}
	}
	if d.Meta.Hero != nil {
		images++
	}
	return words, images
}

// generator names Galley and its version, for the files' metadata.
func generator(version string) string {
	if version == "" {
		version = "dev"
	}
	return "Galley " + version
}
