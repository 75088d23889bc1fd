package pdf

import (
	"errors"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// A Sink takes pages as a layout finishes them and writes them into a
// Stream on a goroutine of its own, so that drawing the PDF goes on beside
// the layout and the pages it has drawn can go. Its methods Start, Page,
// Drawing and Settle are those of a layout's page sink; Close finishes the
// file once the layout is done. The zero value is ready for Start.
type Sink struct {
	s             *Stream
	width, height units.Length // the first page's
	ch            chan sunk
	done          chan struct{}
	err           error // the stream's, read once done is closed
}

// sunk is a page for the stream, faces pages will name, or a request to be
// told when everything before it has been taken.
type sunk struct {
	p     *page.Page
	hold  bool
	faces []string
	ack   chan struct{}
}

// Start starts the file: a tagged one, with the document information, the
// size of the first page, the faces pages may name and those expected
// among the document's fonts (see NewStream).
func (k *Sink) Start(info page.Info, width, height units.Length, faces []page.Font, likely []string) error {
	k.width, k.height = width, height
	s, err := NewStream(info, faces, likely, true)
	if err != nil {
		return err
	}
	k.s = s
	k.ch = make(chan sunk, 64)
	k.done = make(chan struct{})
	go func() {
		defer close(k.done)
		for m := range k.ch {
			switch {
			case m.ack != nil:
				close(m.ack)
			case k.err != nil:
			case m.faces != nil:
				k.err = k.s.Drawing(m.faces, k.width, k.height)
			default:
				k.err = k.s.Page(m.p, m.hold)
			}
		}
	}()
	return nil
}

// Page hands on the next page (see Stream.Page); errors come at Close.
func (k *Sink) Page(p *page.Page, hold bool) error {
	k.ch <- sunk{p: p, hold: hold}
	return nil
}

// Drawing hands on faces pages still to come will name (see
// Stream.Drawing).
func (k *Sink) Drawing(faces []string) error {
	k.ch <- sunk{faces: faces}
	return nil
}

// Settle returns once the pages handed on so far have been taken in.
func (k *Sink) Settle() error {
	if k.ch == nil {
		return nil
	}
	ack := make(chan struct{})
	k.ch <- sunk{ack: ack}
	<-ack
	return nil
}

// stop ends the goroutine and reports the stream's error, if any.
func (k *Sink) stop() error {
	if k.ch == nil {
		return nil
	}
	close(k.ch)
	<-k.done
	k.ch = nil
	return k.err
}

// Close finishes the file with what the layout made besides the pages:
// its outline, structure tree, page labels and fonts.
func (k *Sink) Close(d *page.Document) ([]byte, error) {
	if k.s == nil {
		return nil, errors.New("pdf: document has no pages")
	}
	if err := k.stop(); err != nil {
		return nil, err
	}
	names := make([]string, len(d.Fonts))
	for i, f := range d.Fonts {
		names[i] = f.Name
	}
	return k.s.Close(d.Outline, d.Struct, d.Labels, names)
}

// Abort gives up on the file.
func (k *Sink) Abort() {
	if k.s != nil {
		k.stop()
		k.s.Abort()
	}
}
