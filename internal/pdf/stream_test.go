package pdf

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// withContents returns a tagged document of 40 pages (more than a batch)
// whose second page is a table of contents: numbers in another colour
// than its entries, left empty when fill is false.
func withContents(t testing.TB, fill bool) (*page.Document, []*page.Text) {
	d := benchDoc(t, 40)
	toc := &page.Elem{Type: "TOC"}
	d.Struct.Kids = append([]*page.Elem{toc}, d.Struct.Kids...)
	pg := &page.Page{Width: a4W, Height: a4H}
	var numbers []*page.Text
	for i := range 20 {
		e := &page.Elem{Type: "TOCI"}
		toc.Kids = append(toc.Kids, e)
		y := units.Pt(90 + 30*float64(i))
		pg.Items = append(pg.Items, &page.Text{X: units.Pt(72), Y: y, Font: "I", Size: units.Pt(11), Text: "Chapter " + strconv.Itoa(i+1), Elem: e})
		n := &page.Text{X: units.Pt(500), Y: y, Font: "R", Size: units.Pt(11), Color: page.RGB{R: 150}, Elem: e}
		if fill {
			n.Text = strconv.Itoa(3 + 2*i)
		}
		numbers = append(numbers, n)
		pg.Items = append(pg.Items, n, &page.Link{X: units.Pt(72), Y: y - units.Pt(10), W: units.Pt(440), H: units.Pt(12), Dest: "ch" + strconv.Itoa(i), Elem: e})
	}
	d.Pages = append(d.Pages[:1], append([]*page.Page{pg}, d.Pages[1:]...)...)
	for i := range 20 {
		p := d.Pages[2+i]
		p.Items = append(p.Items, &page.Dest{Name: "ch" + strconv.Itoa(i)})
	}
	return d, numbers
}

// TestStreamHeldPage checks that a page held back and filled in before
// Close gives the same file as the finished document written at once, and
// that a held page that changes more than its empty texts is refused.
func TestStreamHeldPage(t *testing.T) {
	want := write(t, func() *page.Document { d, _ := withContents(t, true); return d }())
	stream := func(change func(numbers []*page.Text, toc *page.Page)) ([]byte, error) {
		d, numbers := withContents(t, false)
		s, err := NewStream(d.Info, d.Fonts, true)
		if err != nil {
			return nil, err
		}
		for i, p := range d.Pages {
			if err := s.Page(p, i == 1); err != nil {
				return nil, err
			}
		}
		change(numbers, d.Pages[1])
		return s.Close(d.Outline, d.Struct, d.Labels)
	}
	got, err := stream(func(numbers []*page.Text, _ *page.Page) {
		for i, n := range numbers {
			n.Text = strconv.Itoa(3 + 2*i)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("streamed file with a held page differs from the file written at once (%d and %d bytes)", len(got), len(want))
	}
	for name, change := range map[string]func([]*page.Text, *page.Page){
		"a number left empty": func(numbers []*page.Text, _ *page.Page) {
			for i, n := range numbers[:len(numbers)-1] {
				n.Text = strconv.Itoa(3 + 2*i)
			}
		},
		"a text added": func(numbers []*page.Text, toc *page.Page) {
			toc.Items = append(toc.Items, &page.Text{X: units.Pt(72), Y: units.Pt(800), Font: "I", Size: units.Pt(9), Text: "added"})
		},
	} {
		if _, err := stream(change); err == nil || !strings.Contains(err.Error(), "held page") {
			t.Errorf("%s: err = %v, want a held page refused", name, err)
		}
	}
}
