package cover

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/golden"
)

var bundled = doc.Meta{
	Title:    "Notes From Kazakhstan’s Mission to the UN",
	Subtitle: "Kazakhstan is positioning itself at the heart of global diplomacy.",
	Kicker:   "The Debate",
	Authors:  []doc.Author{{Name: "Anuar Ayazbekov"}},
	Lang:     "en",
}

func TestDesign(t *testing.T) {
	long := bundled
	long.Title = "A Very Long Title About the Incomprehensibilities of Supranational Intergovernmental Organisations and Their Discontents in the Twenty-First Century"
	long.Authors = []doc.Author{{Name: "Ann Author"}, {Name: "Bob Writer"}, {Name: "Cy Third"}}
	short := doc.Meta{Title: "Go", Lang: "en"}
	tests := []struct {
		name   string
		meta   doc.Meta
		aspect float64
		lines  map[string]int // lines per part
	}{
		{"bundled", bundled, 1.6, map[string]int{"kicker": 1, "title": 4, "dek": 2, "author": 1}},
		{"bundled-a4", bundled, 1.41421356, map[string]int{"kicker": 1, "title": 4, "dek": 2, "author": 1}},
		{"long", long, 1.6, map[string]int{"kicker": 1, "title": 5, "dek": 2, "author": 1}},
		{"short", short, 1.6, map[string]int{"title": 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Design(&tc.meta, Options{Aspect: tc.aspect, By: "By"})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, ln := range l.Lines {
				got[ln.Part]++
				if ln.X < 0 || ln.X+ln.Width > 1-margin+1e-9 {
					t.Errorf("line %q runs from %.3f to %.3f, outside the page's margins", ln.Text, ln.X, ln.X+ln.Width)
				}
				if ln.Y <= 0 || ln.Y >= 1 {
					t.Errorf("line %q has baseline %.3f, off the page", ln.Text, ln.Y)
				}
			}
			for part, n := range tc.lines {
				if got[part] != n {
					t.Errorf("%d %s lines, want %d", got[part], part, n)
				}
			}
			for part := range got {
				if _, ok := tc.lines[part]; !ok {
					t.Errorf("unexpected %s lines", part)
				}
			}
			// Lines do not overlap: each baseline is below the previous.
			for i := 1; i < len(l.Lines); i++ {
				if l.Lines[i].Y <= l.Lines[i-1].Y {
					t.Errorf("line %q (y %.3f) is not below %q (y %.3f)", l.Lines[i].Text, l.Lines[i].Y, l.Lines[i-1].Text, l.Lines[i-1].Y)
				}
			}
			svg := l.SVG("en", nil)
			wellFormed(t, svg)
			golden.Check(t, "testdata/"+tc.name+".svg", svg)
		})
	}
}

func TestAlt(t *testing.T) {
	m := bundled
	m.Authors = append(m.Authors, doc.Author{Name: "B. Writer"})
	got := Alt(&m, "By")
	want := "The Debate. Notes From Kazakhstan’s Mission to the UN. Kazakhstan is positioning itself at the heart of global diplomacy. By Anuar Ayazbekov & B. Writer."
	if got != want {
		t.Errorf("Alt = %q, want %q", got, want)
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := Design(&bundled, Options{})
	b, _ := Design(&bundled, Options{})
	if !bytes.Equal(a.SVG("en", nil), b.SVG("en", nil)) {
		t.Error("two designs of the same metadata differ")
	}
}

func TestEscaping(t *testing.T) {
	tests := []struct {
		name     string
		m        doc.Meta
		want     string
		replaced []rune
	}{
		{"special characters", doc.Meta{Title: `Fish & <Chips> "now"`, Kicker: "R&D", Authors: []doc.Author{{Name: "A <b>"}}},
			"Fish &amp; &lt;Chips&gt;", nil},
		{"characters XML does not allow", doc.Meta{Title: "Bad\x01 title", Authors: []doc.Author{{Name: "A\x1fB"}}},
			"Bad\uFFFD title", []rune{0x1, 0x1, 0x1f}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Design(&tt.m, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []rune
			svg := l.SVG("en", func(r rune) { got = append(got, r) })
			wellFormed(t, svg)
			if !strings.Contains(string(svg), tt.want) {
				t.Errorf("SVG lacks %q:\n%s", tt.want, svg)
			}
			// Each text is reported once, with its first such
			// character: the image's title (its text alternative,
			// which names title and author), then a line of text each.
			if !slices.Equal(got, tt.replaced) {
				t.Errorf("replaced %U, want %U", got, tt.replaced)
			}
		})
	}
}

func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, b)
		}
	}
}
