package pdf

import (
	"fmt"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// A Stream writes a PDF a page at a time, for a caller that finishes pages
// one after another and should not have to keep them all: a page handed to
// Page is drawn, its contents compressed, and only small records of it kept
// (its destinations, links and marked content), so that memory stays
// bounded by a few pages. The file is the same, byte for byte, as Bytes
// makes of a document with the same pages.
type Stream struct {
	w   *writer
	err error
}

// NewStream starts a file with the document information and the faces its
// texts may use, in a fixed order. The fonts of the file are those of them
// that Close is given, named by their place in that list; likely names the
// faces expected among them (pages are drawn with font names guessed from
// the faces used so far and these, and set right at Close where the guess
// was wrong). A tagged file gets its structure tree at Close.
func NewStream(info page.Info, faces []page.Font, likely []string, tagged bool) (*Stream, error) {
	s := &Stream{w: &writer{}}
	if err := s.w.begin(info, faces, likely, tagged); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return s, nil
}

// Page adds the next page. A held page is one the caller will still change
// (a table of contents whose page numbers are known only at the end): its
// empty texts are to be filled in before Close, which draws it then. It
// must not gain or lose anything else: every other page is drawn as if it
// already had its texts, and Close fails if drawing it for good then
// leaves the drawing state otherwise than that foresaw.
func (s *Stream) Page(p *page.Page, hold bool) error {
	if s.err != nil {
		return s.err
	}
	s.err = s.guard(func() error { return s.w.add(p, hold) })
	return s.err
}

// Drawing tells the stream that pages still to come will name the faces
// called names, so that their fonts are made ready while those pages are
// being laid out; width and height are the size the first page will have.
func (s *Stream) Drawing(names []string, width, height units.Length) error {
	if s.err != nil {
		return s.err
	}
	s.err = s.guard(func() error { return s.w.drawing(names, width, height) })
	return s.err
}

// Close draws the held pages, adds the fonts (the faces named in fonts,
// which must hold every face a text used, in the order the stream began
// with), the outline, the structure tree (for a tagged file, rooted at
// root) and the page labels, and returns the file.
func (s *Stream) Close(outline []page.Bookmark, root *page.Elem, labels []string, fonts []string) ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out []byte
	s.err = s.guard(func() error {
		var err error
		out, err = s.w.close(outline, root, labels, fonts)
		return err
	})
	if s.err != nil {
		s.Abort()
		return nil, s.err
	}
	s.err = fmt.Errorf("pdf: stream closed")
	return out, nil
}

// Abort stops the stream's workers, for a caller that gives up on the file.
func (s *Stream) Abort() {
	_ = s.w.stopWorkers()
}

// guard runs f, turning an error or a panic of fpdf's into an error of
// this package's.
func (s *Stream) guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.Abort()
			if e, ok := r.(error); ok {
				err = fmt.Errorf("pdf: internal error: %w", e)
			} else {
				err = fmt.Errorf("pdf: internal error: %v", r)
			}
		}
	}()
	if err := f(); err != nil {
		s.Abort()
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}
