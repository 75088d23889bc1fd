package pdf

import (
	"fmt"

	"github.com/galley-press/galley/internal/page"
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

// NewStream starts a file with the document information and the fonts its
// texts may use: every face a Text item names, in a fixed order (the order
// decides the fonts' names in the file). A tagged file gets its structure
// tree at Close.
func NewStream(info page.Info, fonts []page.Font, tagged bool) (*Stream, error) {
	s := &Stream{w: &writer{}}
	if err := s.w.begin(info, fonts, tagged); err != nil {
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

// Close draws the held pages, adds the outline, the structure tree (for a
// tagged file, rooted at root) and the page labels, and returns the file.
func (s *Stream) Close(outline []page.Bookmark, root *page.Elem, labels []string) ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out []byte
	s.err = s.guard(func() error {
		var err error
		out, err = s.w.close(outline, root, labels)
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
