package layout

import (
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/page"
)

// TestInvisibleCharacters checks that format characters are never drawn
// and that a letter with hundreds of combining marks stays on the page.
func TestInvisibleCharacters(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // the text drawn, spaces aside
		warn     string // a warning that must be given, or ""
	}{
		{"bidi controls", "a\u202eb\u202c c\u200ed\u200f \u2066e\u2069", "ab cd e", ""},
		{"zero width", "zero\u200bwidth joi\u200dner wo\u2060rd \ufeffbom", "zerowidth joiner word bom", ""},
		{"soft hyphen", "soft\u00adhyphen", "softhyphen", ""},
		{"mark the font lacks", "a" + strings.Repeat("\u0308", 300) + " b", "a b", "no glyph for the combining mark U+0308"},
		{"too many marks", "e" + strings.Repeat("\u0301", 300) + " f", "e" + strings.Repeat("\u0301", maxMarks) + " f", "more than 30 combining marks"},
		{"marks within the limit", "cafe\u0301", "cafe\u0301", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := article(t)
			d.Chapters[0].Blocks = []doc.Block{&doc.Paragraph{Text: []doc.Inline{&doc.Text{Value: tc.in}}}}
			var dl diag.List
			pd, _, err := Typeset(d, Options{Page: A5}, &dl)
			if err != nil {
				t.Fatal(err)
			}
			var drawn strings.Builder
			for _, p := range pd.Pages {
				for _, it := range p.Items {
					tx, ok := it.(*page.Text)
					if !ok {
						continue
					}
					if tx.X < 0 || tx.X > p.Width {
						t.Errorf("text %q drawn at x=%v, outside the page", tx.Text, tx.X)
					}
					if strings.ContainsAny(tx.Text, "\u202e\u202c\u200e\u200f\u2066\u2069\u200b\u200d\u2060\ufeff\u00ad\u0308") {
						t.Errorf("text %q holds a character that must not be drawn", tx.Text)
					}
					drawn.WriteString(tx.Text)
				}
			}
			got, want := strings.ReplaceAll(drawn.String(), " ", ""), strings.ReplaceAll(tc.want, " ", "")
			if !strings.Contains(got, want) {
				t.Errorf("drawn %q, want it to hold %q", got, want)
			}
			var msgs strings.Builder
			dl.Fprint(&msgs)
			if tc.warn != "" && !strings.Contains(msgs.String(), tc.warn) {
				t.Errorf("diagnostics %q lack %q", msgs.String(), tc.warn)
			}
			if tc.warn == "" && strings.Contains(msgs.String(), "no glyph") {
				t.Errorf("unexpected diagnostics %q", msgs.String())
			}
		})
	}
}
