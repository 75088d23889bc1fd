package font

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/galley-press/galley/internal/units"
)

// allFaces lists the PT font files in fonts/.
var allFaces = []string{
	"PTF55F.ttf", "PTF56F.ttf", "PTF75F.ttf", "PTF76F.ttf",
	"PTS55F.ttf", "PTS56F.ttf", "PTS75F.ttf", "PTS76F.ttf",
	"PTM55F.ttf",
}

var (
	faceMu    sync.Mutex
	faceCache = map[string]*Face{}
	dataCache = map[string][]byte{}
)

// loadFace parses a font from fonts/, once per test binary.
func loadFace(t testing.TB, file string) (*Face, []byte) {
	t.Helper()
	faceMu.Lock()
	defer faceMu.Unlock()
	if f, ok := faceCache[file]; ok {
		return f, dataCache[file]
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "fonts", file))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	faceCache[file], dataCache[file] = f, data
	return f, data
}

func TestParseNamesAndMetrics(t *testing.T) {
	tests := []struct {
		file, name string
		mono       bool
	}{
		{"PTF55F.ttf", "PTSerif-Regular", false},
		{"PTF56F.ttf", "PTSerif-Italic", false},
		{"PTF75F.ttf", "PTSerif-Bold", false},
		{"PTF76F.ttf", "PTSerif-BoldItalic", false},
		{"PTS55F.ttf", "PTSans-Regular", false},
		{"PTS56F.ttf", "PTSans-Italic", false},
		{"PTS75F.ttf", "PTSans-Bold", false},
		{"PTS76F.ttf", "PTSans-BoldItalic", false},
		{"PTM55F.ttf", "PTMono-Regular", true},
	}
	em := units.Pt(1000) // metrics in thousandths of an em, as points
	for _, tc := range tests {
		f, _ := loadFace(t, tc.file)
		asc, desc := f.Ascent(em).Points(), f.Descent(em).Points()
		cap, x := f.CapHeight(em).Points(), f.XHeight(em).Points()
		t.Logf("%s %s: upem %d ascent %v descent %v cap %v x %v", tc.file, f.Name, f.UnitsPerEm(), asc, desc, cap, x)
		if f.Name != tc.name {
			t.Errorf("%s: Name = %q, want %q", tc.file, f.Name, tc.name)
		}
		if f.UnitsPerEm() != 1000 {
			t.Errorf("%s: UnitsPerEm = %d, want 1000", tc.file, f.UnitsPerEm())
		}
		checks := []struct {
			what    string
			v, l, h float64
		}{
			{"ascent", asc, 850, 1100},
			{"descent", desc, 200, 320},
			{"cap height", cap, 650, 750},
			{"x-height", x, 450, 550},
		}
		for _, c := range checks {
			if c.v < c.l || c.v > c.h {
				t.Errorf("%s: %s = %v/1000 em, want in [%v, %v]", tc.file, c.what, c.v, c.l, c.h)
			}
		}
		if a := f.Advance(' ', units.Pt(10)); a <= 0 || a > units.Pt(6) {
			t.Errorf("%s: space advance at 10pt = %v", tc.file, a)
		}
		if tc.mono {
			for _, r := range "iWмЖ." {
				if got, want := f.Advance(r, units.Pt(10)), units.Pt(6); got != want {
					t.Errorf("%s: Advance(%q) = %v, want %v", tc.file, r, got, want)
				}
			}
		}
	}
}

func TestMetricsScale(t *testing.T) {
	f, _ := loadFace(t, "PTF55F.ttf")
	// 1018/1000 em at 10pt is 10.18pt.
	if got, want := f.Ascent(units.Pt(10)), units.Pt(10.18); got != want {
		t.Errorf("Ascent(10pt) = %v (%d sp), want %v", got, got, want)
	}
	if got, want := f.Advance('A', units.Pt(10)), units.Pt(6.83); got != want {
		t.Errorf("Advance('A', 10pt) = %v (%d sp), want %v", got, got, want)
	}
	if got := f.Advance('A', 0); got != 0 {
		t.Errorf("Advance at size 0 = %v", got)
	}
}

func TestHasRune(t *testing.T) {
	const (
		latin    = "ABCXYZabcxyz0123456789.,;:!?()«»—–‘’“”„…€§©éèçñößøåæœłšžčďěřůąęśźżğış"
		cyrillic = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяЇїЄєЎўҐґ№"
		kazakh   = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
	)
	for _, file := range allFaces {
		f, _ := loadFace(t, file)
		for _, r := range latin + cyrillic + kazakh {
			if !f.HasRune(r) {
				t.Errorf("%s: HasRune(%q U+%04X) = false", f.Name, r, r)
			}
		}
		for _, r := range []rune{'漢', 0x1F600, 0x10FFFF, -1, 0x110000, '\n'} {
			if f.HasRune(r) {
				t.Errorf("%s: HasRune(U+%04X) = true", f.Name, r)
			}
			if a := f.Advance(r, units.Pt(10)); a != 0 {
				t.Errorf("%s: Advance(U+%04X) = %v, want 0", f.Name, r, a)
			}
		}
	}
}

func TestKern(t *testing.T) {
	size := units.Pt(10)
	tests := []struct {
		file string
		a, b rune
		neg  bool // negative; else zero
	}{
		{"PTF55F.ttf", 'A', 'V', true},
		{"PTF55F.ttf", 'V', 'A', true},
		{"PTF55F.ttf", 'T', 'o', true},
		{"PTF55F.ttf", 'L', 'T', true},
		{"PTF55F.ttf", 'Г', 'а', true},
		{"PTF55F.ttf", 'Т', 'о', true},
		{"PTF55F.ttf", 'n', 'n', false},
		{"PTF55F.ttf", 'A', '漢', false},
		{"PTF75F.ttf", 'A', 'V', true},
		{"PTS55F.ttf", 'A', 'V', true},
		{"PTS55F.ttf", 'T', 'o', true},
		{"PTS55F.ttf", 'T', 'y', true},
		{"PTS55F.ttf", 'Г', 'а', true},
		{"PTM55F.ttf", 'A', 'V', false},
		{"PTM55F.ttf", 'T', 'o', false},
	}
	for _, tc := range tests {
		f, _ := loadFace(t, tc.file)
		k := f.Kern(tc.a, tc.b, size)
		t.Logf("%s: Kern(%q, %q) = %v", f.Name, tc.a, tc.b, k)
		if tc.neg && k >= 0 || !tc.neg && k != 0 {
			t.Errorf("%s: Kern(%q, %q) = %v, want negative: %v", f.Name, tc.a, tc.b, k, tc.neg)
		}
	}
	// PT Serif does not kern "Ty" (checked against HarfBuzz in
	// TestKerningMatchesShaper); make the surprise visible here.
	f, _ := loadFace(t, "PTF55F.ttf")
	if k := f.Kern('T', 'y', size); k != 0 {
		t.Logf("PT Serif now kerns Ty: %v", k)
	}
}

func TestWidth(t *testing.T) {
	words := []string{"", "a", "AVATAR", "Typography", "To", "LT", "«Гарнитура»", "Қазақстан", "ӘҒҚҢӨҰҮҺІ", "fi ffl", "a\u00adb", "漢字A", "AV漢VA", "x\xffy"}
	for _, file := range allFaces {
		f, _ := loadFace(t, file)
		for _, size := range []units.Length{units.Length(f.UnitsPerEm()), units.Pt(10), units.Pt(9.5)} {
			for _, w := range words {
				rs := []rune(w)
				var sum units.Length
				terms := 0
				for i, r := range rs {
					sum += f.Advance(r, size)
					terms++
					if i > 0 {
						if k := f.Kern(rs[i-1], r, size); k != 0 {
							sum += k
							terms++
						}
					}
				}
				got := f.Width(w, size)
				// At one scaled point per font unit the sum is exact; else each
				// rounded term may be off by half a scaled point.
				tol := units.Length(terms / 2)
				if size == units.Length(f.UnitsPerEm()) {
					tol = 0
				}
				if d := got - sum; d < -tol || d > tol {
					t.Errorf("%s: Width(%q, %d) = %d, sum of advances and kerns %d", f.Name, w, size, got, sum)
				}
			}
		}
	}
	f, _ := loadFace(t, "PTF55F.ttf")
	size := units.Pt(10)
	avatar, plain := f.Width("AVATAR", size), units.Length(0)
	for _, r := range "AVATAR" {
		plain += f.Advance(r, size)
	}
	t.Logf("PT Serif AVATAR at 10pt: kerned %v, unkerned %v", avatar, plain)
	if avatar >= plain-units.Pt(1) {
		t.Errorf("Width(AVATAR) = %v, not much below the unkerned %v", avatar, plain)
	}
}

func TestPieces(t *testing.T) {
	tests := []struct {
		file, s string
		n       int // number of pieces; 0 to skip the check
	}{
		{"PTF55F.ttf", "", 0},
		{"PTF55F.ttf", "minimum", 1},
		{"PTF55F.ttf", "AVATAR", 5},
		{"PTF55F.ttf", "To be", 2},
		{"PTF55F.ttf", "«Гарнитура»", 0},
		{"PTF55F.ttf", "AV漢VA", 0},
		{"PTS75F.ttf", "LTAVYA", 0},
		{"PTM55F.ttf", "AVATAR To", 1},
	}
	for _, tc := range tests {
		f, _ := loadFace(t, tc.file)
		for _, size := range []units.Length{units.Length(f.UnitsPerEm()), units.Pt(11)} {
			pieces, width := f.Pieces(tc.s, size)
			if tc.s == "" {
				if pieces != nil || width != 0 {
					t.Errorf("Pieces(\"\") = %v, %v", pieces, width)
				}
				continue
			}
			if w := f.Width(tc.s, size); width != w {
				t.Errorf("%s: Pieces(%q) width %v, Width %v", f.Name, tc.s, width, w)
			}
			if tc.n != 0 && len(pieces) != tc.n {
				t.Errorf("%s: Pieces(%q) = %v, want %d pieces", f.Name, tc.s, pieces, tc.n)
			}
			var joined strings.Builder
			for i, p := range pieces {
				joined.WriteString(p.Text)
				if p.Text == "" {
					t.Errorf("%s: Pieces(%q) has an empty piece: %v", f.Name, tc.s, pieces)
				}
				if i == 0 && p.X != 0 {
					t.Errorf("%s: Pieces(%q) starts at %v", f.Name, tc.s, p.X)
				}
				if i > 0 {
					prev := pieces[i-1]
					if p.X <= prev.X {
						t.Errorf("%s: Pieces(%q) = %v, X not ascending", f.Name, tc.s, pieces)
					}
					// The piece starts where the previous one ends, plus the kern.
					last, _ := lastRune(prev.Text)
					first := []rune(p.Text)[0]
					want := prev.X + f.Width(prev.Text, size) + f.Kern(last, first, size)
					if d := p.X - want; d < -1 || d > 1 {
						t.Errorf("%s: Pieces(%q): piece %q at %v, want %v", f.Name, tc.s, p.Text, p.X, want)
					}
					if f.Kern(last, first, size) == 0 && size == units.Length(f.UnitsPerEm()) {
						t.Errorf("%s: Pieces(%q) split %q|%q without kerning", f.Name, tc.s, prev.Text, p.Text)
					}
				}
			}
			if joined.String() != tc.s {
				t.Errorf("%s: pieces of %q join to %q", f.Name, tc.s, joined.String())
			}
		}
	}
}

func lastRune(s string) (rune, bool) {
	rs := []rune(s)
	if len(rs) == 0 {
		return 0, false
	}
	return rs[len(rs)-1], true
}

func TestMissing(t *testing.T) {
	f, _ := loadFace(t, "PTF55F.ttf")
	tests := []struct {
		s    string
		want []rune
	}{
		{"", nil},
		{"Hello, мир! Қазақ тілі", nil},
		{"漢字 and 漢 again 字😀", []rune{'漢', '字', '😀'}},
		{"tab\there\n", []rune{'\t', '\n'}},
	}
	for _, tc := range tests {
		if got := f.Missing(tc.s); !slices.Equal(got, tc.want) {
			t.Errorf("Missing(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	_, font := loadFace(t, "PTF55F.ttf")
	corrupt := slices.Clone(font)
	for i := 12; i < 12+16*20 && i < len(corrupt); i += 16 {
		corrupt[i+8], corrupt[i+9] = 0xFF, 0xFF // table offsets far out of range
	}
	// A glyf table shorter than loca says makes go-text/typesetting v0.3.5
	// panic; Parse must turn that into an error.
	shortGlyf := slices.Clone(font)
	for i := 0; i < int(binary.BigEndian.Uint16(font[4:])); i++ {
		if rec := shortGlyf[12+16*i:]; string(rec[:4]) == "glyf" {
			binary.BigEndian.PutUint32(rec[12:], 10)
		}
	}
	if _, err := Parse("short glyf", shortGlyf); !errors.Is(err, errMalformed) {
		t.Errorf("Parse(short glyf) = %v, want a recovered panic", err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"short glyf", shortGlyf},
		{"nil", nil},
		{"empty", []byte{}},
		{"text", []byte("this is not a font at all, just some text")},
		{"header only", font[:12]},
		{"truncated", font[:len(font)/3]},
		{"otto", append([]byte("OTTO"), make([]byte, 100)...)},
		{"corrupt directory", corrupt},
	}
	for _, tc := range tests {
		f, err := Parse(tc.name+".ttf", tc.data)
		if err == nil {
			t.Errorf("Parse(%s) = %v, want an error", tc.name, f.Name)
			continue
		}
		if f != nil {
			t.Errorf("Parse(%s) returned a face with the error", tc.name)
		}
		if prefix := "font: parse " + tc.name + ".ttf: "; !strings.HasPrefix(err.Error(), prefix) {
			t.Errorf("Parse(%s) error %q lacks prefix %q", tc.name, err, prefix)
		}
		if errors.Unwrap(err) == nil {
			t.Errorf("Parse(%s) error %q does not wrap", tc.name, err)
		}
	}
}

func TestNameFallback(t *testing.T) {
	if got := faceName(nil, "/some/dir/MyFont.otf"); got != "MyFont" {
		t.Errorf("faceName = %q", got)
	}
}

func TestFamily(t *testing.T) {
	reg, _ := loadFace(t, "PTF55F.ttf")
	bold, _ := loadFace(t, "PTF75F.ttf")
	fam := &Family{Regular: reg, Bold: bold}
	tests := []struct {
		s    Style
		want *Face
	}{
		{Regular, reg}, {Italic, reg}, {Bold, bold}, {BoldItalic, reg}, {Style(9), reg},
	}
	for _, tc := range tests {
		if got := fam.Face(tc.s); got != tc.want {
			t.Errorf("Face(%v) = %v, want %v", tc.s, got.Name, tc.want.Name)
		}
	}
	if (*Family)(nil).Face(Bold) != nil {
		t.Error("nil family returned a face")
	}
	if BoldItalic.String() != "BoldItalic" || Style(7).String() != "Style(7)" {
		t.Errorf("Style strings: %v %v", BoldItalic, Style(7))
	}
}

func TestConcurrentUse(t *testing.T) {
	f, _ := loadFace(t, "PTF55F.ttf")
	want := f.Width(sampleText, units.Pt(10))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if got := f.Width(sampleText, units.Pt(10)); got != want {
					t.Errorf("concurrent Width = %v, want %v", got, want)
					return
				}
				f.Pieces("AVATAR Қазақ", units.Pt(10))
			}
		}()
	}
	wg.Wait()
}

// sampleText is a paragraph of English and Russian for benchmarks.
const sampleText = `The layout engine places every word itself, so Typography, kerning and
the widths of "AVATAR", Wolf, Tower and LTAVY all matter. Victor's yacht
sailed past the lighthouse at Yarmouth; the waves were very high that evening.
Однажды в студёную зимнюю пору я из лесу вышел; был сильный мороз. Гляжу,
поднимается медленно в гору лошадка, везущая хворосту воз. Қазақ тілі —
мемлекеттік тіл.`

func BenchmarkWidth(b *testing.B) {
	for _, file := range []string{"PTF55F.ttf", "PTM55F.ttf"} {
		f, _ := loadFace(b, file)
		words := strings.Fields(sampleText)
		size := units.Pt(10)
		b.Run(f.Name, func(b *testing.B) {
			var total units.Length
			for b.Loop() {
				for _, w := range words {
					total += f.Width(w, size)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
			if total == 0 {
				b.Fatal("no width")
			}
		})
	}
}

func BenchmarkWidthWord(b *testing.B) {
	f, _ := loadFace(b, "PTF55F.ttf")
	for _, w := range []string{"Typography", "мемлекеттік"} {
		b.Run(w, func(b *testing.B) {
			for b.Loop() {
				f.Width(w, units.Pt(10))
			}
		})
	}
}

func BenchmarkPieces(b *testing.B) {
	f, _ := loadFace(b, "PTF55F.ttf")
	words := strings.Fields(sampleText)
	size := units.Pt(10)
	for b.Loop() {
		for _, w := range words {
			f.Pieces(w, size)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}

// BenchmarkParse parses faces as Parse does, and as a Lazy face does
// (without the outlines and glyph names it has no use for).
func BenchmarkParse(b *testing.B) {
	for _, file := range []string{"PTF55F.ttf", "PTS55F.ttf", "PTM55F.ttf"} {
		_, data := loadFace(b, file)
		for _, mode := range []struct {
			name     string
			outlines bool
		}{{"Parse", true}, {"Lazy", false}} {
			b.Run(file+"/"+mode.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := parse(file, data, mode.outlines); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestLazy checks that a Lazy face measures as the parsed face does, and
// that one whose data does not parse panics with Parse's error on first use.
func TestLazy(t *testing.T) {
	parsed, data := loadFace(t, "PTF56F.ttf")
	lazy := Lazy("PTSerif-Italic", data)
	if lazy.Name != "PTSerif-Italic" {
		t.Errorf("Name = %q before parsing", lazy.Name)
	}
	size := units.Pt(11)
	for _, s := range []string{"", "Wave", "AVAST", "«Да»"} {
		gp, gw := lazy.Pieces(s, size)
		wp, ww := parsed.Pieces(s, size)
		if !slices.Equal(gp, wp) || gw != ww {
			t.Errorf("Pieces(%q) = %v %v, want %v %v", s, gp, gw, wp, ww)
		}
	}
	if lazy.UnitsPerEm() != parsed.UnitsPerEm() || lazy.XHeight(size) != parsed.XHeight(size) || lazy.CapHeight(size) != parsed.CapHeight(size) {
		t.Error("a Lazy face's metrics differ from the parsed face's")
	}

	broken := Lazy("broken", []byte("not a font at all"))
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok || !strings.HasPrefix(err.Error(), "font: parse broken: ") {
			t.Errorf("a broken Lazy face panicked with %v, want Parse's error", r)
		}
	}()
	broken.HasRune('a')
	t.Error("a broken Lazy face measured without panicking")
}

// TestWithoutOutlines checks that leaving out the outlines changes nothing
// Parse takes from each of the PT faces, and that a font whose OS/2 table
// is older than version 2 keeps them.
func TestWithoutOutlines(t *testing.T) {
	for _, file := range append(allFaces, "PTM75F.ttf") {
		full, data := loadFace(t, file)
		if _, ok := metricsOnly(data).(*overlay); !ok {
			t.Errorf("%s: the outlines were not left out", file)
		}
		fast, err := parse(file, data, false)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if fast.Name != full.Name || !reflect.DeepEqual(fast.metrics, full.metrics) {
			t.Errorf("%s: parsed without outlines differs from Parse", file)
		}
	}
	_, data := loadFace(t, "PTF55F.ttf")
	old := slices.Clone(data)
	n := int(binary.BigEndian.Uint16(old[4:]))
	for i := range n {
		rec := old[12+16*i:]
		if string(rec[:4]) == "OS/2" {
			binary.BigEndian.PutUint16(old[binary.BigEndian.Uint32(rec[8:]):], 1)
		}
	}
	if _, ok := metricsOnly(old).(*bytes.Reader); !ok {
		t.Error("a font with an OS/2 table of version 1 lost its outlines")
	}
}

func TestOverlay(t *testing.T) {
	o := &overlay{top: []byte("AB"), rest: []byte("abcdef")}
	got, err := io.ReadAll(o)
	if err != nil || string(got) != "ABcdef" {
		t.Errorf("ReadAll = %q, %v", got, err)
	}
	p := make([]byte, 3)
	if n, err := o.ReadAt(p, 1); n != 3 || err != nil || string(p) != "Bcd" {
		t.Errorf("ReadAt(1) = %d %v %q", n, err, p)
	}
	if n, err := o.ReadAt(p, 4); n != 2 || err != io.EOF || string(p[:n]) != "ef" {
		t.Errorf("ReadAt(4) = %d %v %q", n, err, p[:n])
	}
	if pos, err := o.Seek(-1, io.SeekEnd); pos != 5 || err != nil {
		t.Errorf("Seek(-1, end) = %d, %v", pos, err)
	}
	if _, err := o.Seek(-9, io.SeekCurrent); err == nil {
		t.Error("Seek before the start succeeded")
	}
}
