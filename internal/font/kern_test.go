package font

import (
	"testing"

	"github.com/galley-press/galley/internal/units"
)

func TestScriptOf(t *testing.T) {
	tests := []struct {
		r    rune
		want script
	}{
		{'a', scriptLatin}, {'Z', scriptLatin}, {'é', scriptLatin}, {'ş', scriptLatin}, {'ẞ', scriptLatin},
		{'я', scriptCyrillic}, {'Қ', scriptCyrillic}, {'ә', scriptCyrillic}, {'Ԥ', scriptCyrillic},
		{'λ', scriptGreek}, {'Ω', scriptGreek},
		{'1', scriptOther}, {' ', scriptOther}, {'«', scriptOther}, {'—', scriptOther}, {'×', scriptOther}, {'漢', scriptOther},
	}
	for _, tc := range tests {
		if got := scriptOf(tc.r); got != tc.want {
			t.Errorf("scriptOf(%q) = %d, want %d", tc.r, got, tc.want)
		}
	}
	for s, want := range map[string]script{"": scriptOther, "«Да»": scriptCyrillic, "1984 AD": scriptLatin, "—": scriptOther} {
		if got := scriptOfString(s); got != want {
			t.Errorf("scriptOfString(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestScriptSpecificKerning gives a copy of PT Serif kerning that differs
// between Latin and Cyrillic, as some fonts have, and checks that words are
// kerned by their script.
func TestScriptSpecificKerning(t *testing.T) {
	orig, _ := loadFace(t, "PTF55F.ttf")
	f := &Face{Name: orig.Name, metrics: orig.metrics}
	pair := func(a, b rune, v int32) *kernLookup {
		sub := kernSub{kind: kindPairs, first: make([]uint32, f.numGlyphs)}
		sub.first[f.glyph(a)] = 1
		sub.rows = []pairRow{{seconds: []uint16{f.glyph(b)}, values: []int32{v}}}
		return &kernLookup{subs: []kernSub{sub}}
	}
	latin, cyrillic := pair('o', '.', -100), pair('o', '.', -200)
	f.kern = kerning{firsts: make([]bool, f.numGlyphs)}
	f.kern.firsts[f.glyph('o')] = true
	f.kern.byScript[scriptLatin] = []*kernLookup{latin}
	f.kern.byScript[scriptCyrillic] = []*kernLookup{cyrillic}
	size := units.Length(f.UnitsPerEm())
	plain := func(s string) units.Length {
		var w units.Length
		for _, r := range s {
			w += f.Advance(r, size)
		}
		return w
	}
	tests := []struct {
		s    string
		kern units.Length
	}{
		{"go.", -100}, {"«go.»", -100}, {"оo.", -200}, {"но", 0}, {"o.", -100}, {"1o.", -100}, {"7.", 0},
	}
	for _, tc := range tests {
		if got, want := f.Width(tc.s, size), plain(tc.s)+tc.kern; got != want {
			t.Errorf("Width(%q) = %d, want %d", tc.s, got, want)
		}
		if _, w := f.Pieces(tc.s, size); w != f.Width(tc.s, size) {
			t.Errorf("Pieces(%q) width %d, Width %d", tc.s, w, f.Width(tc.s, size))
		}
	}
	// A word in Cyrillic uses the Cyrillic lookups even for a Latin pair.
	if got, want := f.Width("дo.", size), plain("дo.")-200; got != want {
		t.Errorf("Width(%q) = %d, want %d", "дo.", got, want)
	}
	if got := f.Kern('o', '.', size); got != -100 {
		t.Errorf("Kern(o, .) = %d, want -100", got)
	}
	if got := f.Kern('o', 'x', size); got != 0 {
		t.Errorf("Kern(o, x) = %d, want 0", got)
	}
}
