package font

import (
	"bytes"
	"sort"
	"testing"

	"github.com/go-text/typesetting/di"
	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"github.com/galley-press/galley/internal/units"
)

// oracle measures text with go-text's HarfBuzz shaper, ligatures and
// contextual alternates off, in font units.
type oracle struct {
	face   *gofont.Face
	shaper shaping.HarfbuzzShaper
	upem   int
}

func newOracle(t testing.TB, data []byte) *oracle {
	t.Helper()
	face, err := gofont.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return &oracle{face: face, upem: int(face.Upem())}
}

var noLigatures = []shaping.FontFeature{
	{Tag: ot.MustNewTag("liga"), Value: 0},
	{Tag: ot.MustNewTag("clig"), Value: 0},
	{Tag: ot.MustNewTag("dlig"), Value: 0},
	{Tag: ot.MustNewTag("calt"), Value: 0},
}

var oracleScripts = [numScripts]language.Script{language.Latin, language.Cyrillic, language.Greek, language.Common}

// positions shapes text and returns the drawn x position of every glyph and
// the total advance, in font units. ok is false if shaping did not map every
// rune to its nominal glyph (a substitution happened).
func (o *oracle) positions(text []rune) (xs []int, total int, ok bool) {
	out := o.shaper.ShapeNoExtents(shaping.Input{
		Text:         text,
		RunEnd:       len(text),
		Direction:    di.DirectionLTR,
		Face:         o.face,
		Size:         fixed.I(o.upem),
		Script:       oracleScripts[scriptOfString(string(text))],
		FontFeatures: noLigatures,
	})
	if len(out.Glyphs) != len(text) {
		return nil, 0, false
	}
	var pen fixed.Int26_6
	for i, g := range out.Glyphs {
		nominal, _ := o.face.NominalGlyph(text[i])
		if g.GlyphID != nominal || g.TextIndex() != i {
			return nil, 0, false
		}
		xs = append(xs, (pen + g.XOffset).Round())
		pen += g.Advance
	}
	return xs, pen.Round(), true
}

// kerningRunes is the repertoire checked against the shaper: printable ASCII,
// Latin-1 and Latin Extended-A, Cyrillic, and common punctuation.
func kerningRunes(f *Face) []rune {
	var rs []rune
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			if f.HasRune(r) && r != 0xAD {
				rs = append(rs, r)
			}
		}
	}
	add(0x20, 0x7E)
	add(0xA0, 0x17F)
	add(0x400, 0x4FF)
	add(0x2010, 0x203A)
	add(0x2116, 0x2116)
	return rs
}

// TestKerningMatchesShaper shapes every ordered pair of the repertoire with
// HarfBuzz and compares the glyph positions with the compiled kerning.
func TestKerningMatchesShaper(t *testing.T) {
	files := allFaces
	if testing.Short() {
		files = files[:1]
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			f, data := loadFace(t, file)
			o := newOracle(t, data)
			rs := kerningRunes(f)
			size := units.Length(f.UnitsPerEm()) // one scaled point per font unit
			var kerned, skipped, mismatches int
			// The string a b₁ a b₂ … holds the pairs (a, bᵢ) and (bᵢ, a); taking
			// bᵢ ≥ a covers every ordered pair once.
			for i, a := range rs {
				text := make([]rune, 0, 2*(len(rs)-i)+1)
				for _, b := range rs[i:] {
					text = append(text, a, b)
				}
				text = append(text, a)
				xs, total, ok := o.positions(text)
				if !ok {
					// Fall back to pairs, skipping those the shaper substitutes.
					for _, b := range rs[i:] {
						for _, p := range [][]rune{{a, b}, {b, a}} {
							pxs, _, ok := o.positions(p)
							if !ok {
								skipped++
								continue
							}
							want := pxs[1] - int(f.Advance(p[0], size))
							if got := int(f.Kern(p[0], p[1], size)); got != want {
								mismatches++
								if mismatches <= 10 {
									t.Errorf("Kern(%q, %q) = %d, shaper %d", p[0], p[1], got, want)
								}
							}
						}
					}
					continue
				}
				s := string(text)
				pieces, width := f.Pieces(s, size)
				if int(width) != total || int(f.Width(s, size)) != total {
					t.Errorf("width of %q…: Pieces %d, Width %d, shaper %d", s[:8], width, f.Width(s, size), total)
				}
				// Glyph positions from Kern and Advance.
				x := 0
				for j, r := range text {
					if j > 0 {
						k := int(f.Kern(text[j-1], r, size))
						if k != 0 {
							kerned++
						}
						x += k
					}
					if x != xs[j] {
						mismatches++
						if mismatches <= 10 {
							t.Errorf("pair %q %q: glyph at %d, shaper %d", text[max(j-1, 0)], r, x, xs[j])
						}
						x = xs[j]
					}
					x += int(f.Advance(r, size))
				}
				// Piece positions.
				j := 0
				for _, p := range pieces {
					if int(p.X) != xs[j] {
						t.Errorf("piece %q at %d, shaper %d", p.Text, p.X, xs[j])
					}
					j += len([]rune(p.Text))
				}
			}
			t.Logf("%s: %d runes, %d kerned pairs, %d pairs skipped (substituted by the shaper)", f.Name, len(rs), kerned, skipped)
			if mismatches > 0 {
				t.Errorf("%d mismatches", mismatches)
			}
			if skipped > len(rs) {
				t.Errorf("too many pairs skipped: %d", skipped)
			}
		})
	}
}

// rebuildFont returns the font in data with only the tables keep accepts.
func rebuildFont(t testing.TB, data []byte, keep func(tag string) bool) []byte {
	t.Helper()
	ld, err := ot.NewLoader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var tabs []ot.Table
	for _, tag := range ld.Tables() {
		if !keep(tag.String()) {
			continue
		}
		raw, err := ld.RawTable(tag)
		if err != nil {
			t.Fatal(err)
		}
		tabs = append(tabs, ot.Table{Tag: tag, Content: raw})
	}
	sort.Slice(tabs, func(i, j int) bool { return tabs[i].Tag < tabs[j].Tag })
	return ot.WriteTTF(tabs)
}

// TestLegacyKernTable strips GPOS from PT Serif, so that its legacy 'kern'
// table is used, and compares with the shaper on the stripped font.
func TestLegacyKernTable(t *testing.T) {
	_, data := loadFace(t, "PTF55F.ttf")
	stripped := rebuildFont(t, data, func(tag string) bool { return tag != "GPOS" })
	f, err := Parse("stripped", stripped)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.kern.byScript[0]) == 0 || f.kern.byScript[0][0].subs[0].kind != kindPairs {
		t.Fatalf("legacy kern table not compiled: %+v", f.kern.byScript)
	}
	o := newOracle(t, stripped)
	size := units.Length(f.UnitsPerEm())
	kerned := 0
	for _, a := range kerningRunes(f) {
		for _, b := range []rune("AVTLYoaey.,АВТГОау") {
			xs, total, ok := o.positions([]rune{a, b})
			if !ok {
				continue
			}
			want := xs[1] - int(f.Advance(a, size))
			if got := int(f.Kern(a, b, size)); got != want {
				t.Errorf("Kern(%q, %q) = %d, shaper %d", a, b, got, want)
			}
			if got := int(f.Width(string([]rune{a, b}), size)); got != total {
				t.Errorf("Width(%q) = %d, shaper %d", string([]rune{a, b}), got, total)
			}
			if want != 0 {
				kerned++
			}
		}
	}
	if kerned == 0 {
		t.Error("no kerned pairs in the legacy table")
	}
}
