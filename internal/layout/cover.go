package layout

import (
	"unicode/utf8"

	"github.com/galley-press/galley/internal/cover"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// coverPage draws the typographic cover, the same design as the EPUB's,
// as a page of its own.
// The cover is one Figure, read as its alt text; its blocks of colour are
// artifacts.
func (t *typesetter) coverPage(m *doc.Meta, fig *page.Elem) (*page.Page, error) {
	ps := t.opts.Page
	l, err := cover.Design(m, cover.Options{Aspect: float64(ps.Height) / float64(ps.Width), By: locale.For(m.Lang).By})
	if err != nil {
		return nil, err
	}
	W, H := ps.Width, ps.Height
	fx := func(f float64) units.Length { return units.Length(f * float64(W)) }
	fy := func(f float64) units.Length { return units.Length(f * float64(H)) }
	rgb := func(c cover.Color) page.RGB { return page.RGB{R: c.R, G: c.G, B: c.B} }
	pg := &page.Page{Width: W, Height: H}
	pg.Items = append(pg.Items, &page.Rule{W: W, H: H, Color: rgb(l.Background)})
	for _, b := range l.Blocks {
		pg.Items = append(pg.Items, &page.Rule{X: fx(b.X), Y: fy(b.Y), W: fx(b.W), H: fy(b.H), Color: rgb(b.Color)})
	}
	for _, ln := range l.Lines {
		tf := t.lib.faces[ln.Face.Name()]
		if tf == nil {
			continue
		}
		t.used[tf.name] = true
		size := fx(ln.Size)
		x, y := fx(ln.X), fy(ln.Y)
		if ln.Tracking == 0 {
			pg.Items = append(pg.Items, &page.Text{X: x, Y: y, Font: tf.name, Size: size, Color: rgb(ln.Color), Text: ln.Text, Elem: fig})
			continue
		}
		// Letter-spaced lines are drawn a character at a time.
		track := size.Scale(ln.Tracking)
		for s := ln.Text; s != ""; {
			r, n := utf8.DecodeRuneInString(s)
			ch := s[:n]
			pg.Items = append(pg.Items, &page.Text{X: x, Y: y, Font: tf.name, Size: size, Color: rgb(ln.Color), Text: ch, Elem: fig})
			x += tf.face.Advance(r, size) + track
			s = s[n:]
		}
	}
	return pg, nil
}
