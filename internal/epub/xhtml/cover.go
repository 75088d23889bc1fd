package xhtml

import (
	"io"
	"strconv"

	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/source"
	"github.com/galley-press/galley/internal/xmltext"
)

// CoverOptions describe a cover page.
type CoverOptions struct {
	Lang       string // the document language; required
	Title      string // the document title, for <title>
	Stylesheet string // href of the stylesheet, or ""
	Image      string // href of the cover image
	// Alt is the image's text alternative: what the cover says or shows.
	Alt           string
	Width, Height int // the image's size in pixels, or 0 if unknown
	Labels        *locale.Words
	// Replaced is as in Options.
	Replaced func(pos source.Pos, r rune)
}

// WriteCover writes the cover page: a document holding the cover image
// alone, scaled by the stylesheet to fit the screen. The image carries the
// cover's epub:type and the matching DPUB-ARIA role, and its text
// alternative starts with the word "Cover" in the document's language.
func WriteCover(w io.Writer, opts CoverOptions) error {
	x := newPage(Options{Lang: opts.Lang, Title: opts.Title, Stylesheet: opts.Stylesheet, Labels: opts.Labels, Replaced: opts.Replaced})
	x.head("cover-page")
	x.raw(`<section class="cover" aria-label="`)
	x.escape(x.opts.Labels.Cover, xmltext.Attr)
	x.raw("\">\n<img epub:type=\"cover\" role=\"doc-cover\"")
	x.attr("src", opts.Image)
	alt := x.opts.Labels.Cover
	if opts.Alt != "" {
		alt += ": " + opts.Alt
	}
	x.attr("alt", alt)
	if opts.Width > 0 && opts.Height > 0 {
		x.attr("width", strconv.Itoa(opts.Width))
		x.attr("height", strconv.Itoa(opts.Height))
	}
	x.raw("/>\n</section>\n</body>\n</html>\n")
	_, err := io.WriteString(w, x.b.String())
	return err
}
