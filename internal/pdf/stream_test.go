package pdf

import (
	"bytes"
	"regexp"
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
		s, err := NewStream(d.Info, d.Fonts, []string{"R", "I"}, true)
		if err != nil {
			return nil, err
		}
		for i, p := range d.Pages {
			if err := s.Page(p, i == 1); err != nil {
				return nil, err
			}
		}
		change(numbers, d.Pages[1])
		return s.Close(d.Outline, d.Struct, d.Labels, []string{"R", "I"})
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

// TestStreamRenamesFonts checks that pages drawn before a face that comes
// earlier in the order was first used, under font names guessed wrong,
// are set right: the file is the one written at once, whatever faces the
// stream was told to expect, and with faces that no page uses among those
// it began with.
func TestStreamRenamesFonts(t *testing.T) {
	d := benchDoc(t, 40)
	for _, p := range d.Pages[:20] {
		for _, it := range p.Items {
			if tx, ok := it.(*page.Text); ok {
				tx.Font = "I" // the first pages use the second face only
			}
		}
	}
	want := write(t, d)
	extra := page.Font{Name: "Unused", Data: d.Fonts[0].Data}
	for _, tc := range []struct {
		name   string
		faces  []page.Font
		likely []string
	}{
		{"none expected", d.Fonts, nil},
		{"both expected", d.Fonts, []string{"R", "I"}},
		{"an unused face first", append([]page.Font{extra}, d.Fonts...), nil},
		{"an unused face between", []page.Font{d.Fonts[0], extra, d.Fonts[1]}, []string{"I"}},
	} {
		s, err := NewStream(d.Info, tc.faces, tc.likely, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range d.Pages {
			if err := s.Page(p, false); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Close(d.Outline, d.Struct, d.Labels, []string{"R", "I"})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: streamed file (%d bytes) differs from the file written at once (%d bytes)", tc.name, len(got), len(want))
		}
	}
	// A face a text used must be among the document's fonts.
	s, err := NewStream(d.Info, d.Fonts, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Pages {
		if err := s.Page(p, false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Close(d.Outline, d.Struct, d.Labels, []string{"R"}); err == nil || !strings.Contains(err.Error(), `"I"`) {
		t.Errorf("closing without a face the text used: err = %v", err)
	}
}

// TestDrawnNamesAreResources checks that every font and image the page
// contents name is one the file's resources hold: pages are drawn on a
// surface of their own, which must name them as the document does.
func TestDrawnNamesAreResources(t *testing.T) {
	out := write(t, sample(t))
	used := regexp.MustCompile(`/([FI][0-9a-f]{40}) (?:[0-9.]+ Tf|Do)`)
	n := 0
	for _, s := range streams(out) {
		for _, m := range used.FindAllSubmatch(s, -1) {
			n++
			if !bytes.Contains(out, []byte("/"+string(m[1])+" ")) {
				t.Errorf("contents name %s, which no resource dictionary holds", m[1])
			}
		}
	}
	if n < 5 {
		t.Fatalf("found %d font and image names in the contents, want the sample's", n)
	}
}

// TestStreamDrawingAhead checks that faces announced before the pages that
// name them (Stream.Drawing) leave the file as it is written at once, and
// that a first page of another size than announced is refused.
func TestStreamDrawingAhead(t *testing.T) {
	d := sample(t)
	want := write(t, d)
	names := []string{"Serif", "Serif Italic", "Unused"}
	s, err := NewStream(d.Info, d.Fonts, names, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Drawing([]string{"Serif Italic", "Serif"}, a4W, a4H); err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Pages {
		if err := s.Page(p, false); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Close(d.Outline, nil, nil, names)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("file with faces announced ahead (%d bytes) differs from the one written at once (%d bytes)", len(got), len(want))
	}
	s, err = NewStream(d.Info, d.Fonts, names, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Drawing([]string{"Serif"}, a5W, a5H); err != nil {
		t.Fatal(err)
	}
	if err := s.Page(d.Pages[0], false); err == nil || !strings.Contains(err.Error(), "announced") {
		t.Errorf("first page of another size than announced: err = %v", err)
	}
}
