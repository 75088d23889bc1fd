package font

import (
	"bytes"
	"encoding/binary"
	"sort"
	"strings"
	"testing"

	ot "github.com/go-text/typesetting/font/opentype"

	"github.com/galley-press/galley/internal/units"
)

// metricTables are the tables Parse reads; seeds without outlines keep the
// fuzzer's inputs small.
const metricTables = "cmap head hhea hmtx maxp name OS/2 GDEF GPOS"

// FuzzParse feeds mutated font files to Parse and measures text with
// whatever it accepts. Nothing may panic. (Parse itself recovers from panics
// inside go-text/typesetting, which does panic on some truncated files; the
// measuring methods are not guarded and must be safe on their own.)
func FuzzParse(f *testing.F) {
	_, serif := loadFace(f, "PTF55F.ttf")
	_, mono := loadFace(f, "PTM55F.ttf")
	small := rebuildFont(f, serif, func(tag string) bool { return strings.Contains(metricTables, tag) })
	f.Add(small)
	f.Add(withKernTable(f, small))
	f.Add(rebuildFont(f, mono, func(tag string) bool { return strings.Contains(metricTables, tag) }))
	f.Add(small[:len(small)/2])
	f.Add(serif[:4096]) // a truncated real font
	f.Add([]byte("OTTO\x00\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		face, err := Parse("fuzz.ttf", data)
		if err != nil {
			if face != nil {
				t.Fatal("face returned with an error")
			}
			return
		}
		size := units.Pt(10)
		const s = "AVATAR Typography «Қазақ» — №1 漢\xff"
		w := face.Width(s, size)
		pieces, pw := face.Pieces(s, size)
		if pw != w {
			t.Fatalf("Pieces width %v, Width %v", pw, w)
		}
		var joined strings.Builder
		for _, p := range pieces {
			joined.WriteString(p.Text)
		}
		if joined.String() != s {
			t.Fatalf("pieces join to %q", joined.String())
		}
		face.Missing(s)
		face.Kern('A', 'V', size)
		face.Advance('A', size)
		face.HasRune(0x10FFFF)
		face.Ascent(size)
		face.Descent(size)
		face.CapHeight(size)
		face.XHeight(size)
	})
}

// withKernTable replaces the GPOS table of a PT Serif font by a small legacy
// 'kern' table.
func withKernTable(t testing.TB, data []byte) []byte {
	t.Helper()
	face, err := Parse("base", data)
	if err != nil {
		t.Fatal(err)
	}
	pairs := []struct {
		a, b rune
		v    int16
	}{{'A', 'V', -80}, {'T', 'o', -60}, {'V', 'A', -80}, {'Т', 'о', -50}}
	sort.Slice(pairs, func(i, j int) bool {
		gi, gj := face.glyph(pairs[i].a), face.glyph(pairs[j].a)
		return gi < gj || gi == gj && face.glyph(pairs[i].b) < face.glyph(pairs[j].b)
	})
	n := len(pairs)
	kern := binary.BigEndian.AppendUint16(nil, 0)              // version
	kern = binary.BigEndian.AppendUint16(kern, 1)              // subtables
	kern = binary.BigEndian.AppendUint16(kern, 0)              // subtable version
	kern = binary.BigEndian.AppendUint16(kern, uint16(14+6*n)) // length
	kern = binary.BigEndian.AppendUint16(kern, 0x0001)         // horizontal, format 0
	kern = binary.BigEndian.AppendUint16(kern, uint16(n))      // pairs
	kern = append(kern, 0, 24, 0, 2, 0, 0)                     // search hints for 4 pairs
	for _, p := range pairs {
		kern = binary.BigEndian.AppendUint16(kern, face.glyph(p.a))
		kern = binary.BigEndian.AppendUint16(kern, face.glyph(p.b))
		kern = binary.BigEndian.AppendUint16(kern, uint16(p.v))
	}
	ld, err := ot.NewLoader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tabs := []ot.Table{{Tag: ot.MustNewTag("kern"), Content: kern}}
	for _, tag := range ld.Tables() {
		if tag == ot.MustNewTag("GPOS") {
			continue
		}
		raw, _ := ld.RawTable(tag)
		tabs = append(tabs, ot.Table{Tag: tag, Content: raw})
	}
	sort.Slice(tabs, func(i, j int) bool { return tabs[i].Tag < tabs[j].Tag })
	return ot.WriteTTF(tabs)
}

func TestSmallSeedsParse(t *testing.T) {
	_, serif := loadFace(t, "PTF55F.ttf")
	small := rebuildFont(t, serif, func(tag string) bool { return strings.Contains(metricTables, tag) })
	f, err := Parse("small", small)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := loadFace(t, "PTF55F.ttf")
	t.Logf("seed font: %d bytes", len(small))
	if f.Width("AVATAR Қазақ", units.Pt(10)) != full.Width("AVATAR Қазақ", units.Pt(10)) || f.Name != full.Name {
		t.Error("font without outlines measures differently")
	}
	legacy, err := Parse("legacy", withKernTable(t, small))
	if err != nil {
		t.Fatal(err)
	}
	size := units.Length(1000)
	for _, tc := range []struct {
		a, b rune
		want units.Length
	}{{'A', 'V', -80}, {'T', 'o', -60}, {'V', 'A', -80}, {'Т', 'о', -50}, {'A', 'A', 0}, {'o', 'T', 0}} {
		if got := legacy.Kern(tc.a, tc.b, size); got != tc.want {
			t.Errorf("legacy Kern(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	o := newOracle(t, withKernTable(t, small))
	if _, total, _ := o.positions([]rune("AVATAR Тор")); total != int(legacy.Width("AVATAR Тор", size)) {
		t.Errorf("legacy Width %d, shaper %d", legacy.Width("AVATAR Тор", size), total)
	}
}
