package pipeline

import (
	"errors"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/pdf"
	"github.com/galley-press/galley/internal/units"
)

// pdfSink takes the pages from the layout as they are finished and writes
// them into a pdf.Stream on a goroutine of its own, so that drawing the
// PDF goes on beside the layout and the pages it has drawn can go.
type pdfSink struct {
	s             *pdf.Stream
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

func (k *pdfSink) Start(info page.Info, width, height units.Length, faces []page.Font, likely []string) error {
	k.width, k.height = width, height
	s, err := pdf.NewStream(info, faces, likely, true)
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

func (k *pdfSink) Page(p *page.Page, hold bool) error {
	k.ch <- sunk{p: p, hold: hold}
	return nil
}

func (k *pdfSink) Drawing(faces []string) error {
	k.ch <- sunk{faces: faces}
	return nil
}

func (k *pdfSink) Settle() error {
	if k.ch == nil {
		return nil
	}
	ack := make(chan struct{})
	k.ch <- sunk{ack: ack}
	<-ack
	return nil
}

// stop ends the goroutine and reports the stream's error, if any.
func (k *pdfSink) stop() error {
	if k.ch == nil {
		return nil
	}
	close(k.ch)
	<-k.done
	k.ch = nil
	return k.err
}

// close finishes the file once the layout is done.
func (k *pdfSink) close(d *page.Document) ([]byte, error) {
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

// abort gives up on the file.
func (k *pdfSink) abort() {
	if k.s != nil {
		k.stop()
		k.s.Abort()
	}
}
