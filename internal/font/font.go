// Package font loads TrueType and OpenType fonts and measures text for the
// PDF layout engine.
//
// The layout engine positions every word itself, and the PDF writer maps
// runes to glyphs through the font's cmap without running any glyph
// substitution. Measuring therefore works on nominal glyphs only: ligatures
// and other GSUB substitutions are never applied, while pair kerning (the
// GPOS 'kern' feature, or the legacy 'kern' table when a font has no GPOS
// kerning) is honoured. The tables are read with go-text/typesetting and
// compiled at Parse time into flat, immutable lookup structures, so that a
// Face needs no locks and measuring a word costs a few dozen nanoseconds per
// rune. Tests check the compiled kerning against go-text's HarfBuzz shaper.
//
// All lengths are units.Length values (scaled points); a font size is the
// length of one em.
package font

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"

	"github.com/galley-press/galley/internal/units"
)

// Rune ranges whose glyph ids are held in dense tables: Basic Latin through
// Cyrillic, and General Punctuation through Arrows (dashes, quotes, №, ellipsis).
const (
	lowEnd     = 0x500
	punctStart = 0x2000
	punctEnd   = 0x2200
)

// A Face is one loaded font file, safe for concurrent use after loading.
type Face struct {
	// Name is the PostScript name from the font's name table (for example
	// "PTSerif-Regular"), or the stem of the file name given to Parse; for
	// a face made by Lazy, the name given to it.
	Name string

	once sync.Once // parses file, for a face made by Lazy
	file []byte

	metrics
}

// metrics is what Parse compiles from a font's tables.
type metrics struct {
	upem                                int64
	ascent, descent, capHeight, xHeight int64 // font units; descent is positive

	numGlyphs int
	low       []uint16 // glyph ids of runes below lowEnd; 0 means missing
	punct     []uint16 // glyph ids of runes in [punctStart, punctEnd)
	cmap      gofont.Cmap
	adv       []int32 // advance widths in font units, indexed by glyph id

	kern kerning
}

// errMalformed reports a panic inside the font parser, converted to an error.
var errMalformed = errors.New("malformed font")

// Parse loads a TrueType or OpenType font from data. The name identifies the
// font in errors and serves as the face name (without directory and
// extension) when the font has no PostScript name. The data is not retained.
func Parse(name string, data []byte) (*Face, error) {
	f, err := parse(name, data, true)
	if err != nil {
		return nil, fmt.Errorf("font: parse %s: %w", name, err)
	}
	return f, nil
}

// Lazy returns a face of data, named name, that is parsed the first time
// it measures anything, once, whichever goroutine asks first. It is for
// fonts known to be sound, such as those built into the program and
// checked by its tests: a Lazy face does not check the glyph outlines it
// does not need (which Parse does), and one whose data does not parse
// panics with Parse's error on first use. data is retained and must not
// change.
func Lazy(name string, data []byte) *Face {
	return &Face{Name: name, file: data}
}

// Prepare parses a Lazy face now, if no goroutine has yet, rather than
// when it first measures text; it does nothing for a face made by Parse.
func (f *Face) Prepare() { f.load() }

// load parses the file of a Lazy face, once; for a face made by Parse it
// does nothing.
func (f *Face) load() {
	f.once.Do(func() {
		if f.file == nil {
			return
		}
		g, err := parse(f.Name, f.file, false)
		if err != nil {
			panic(fmt.Errorf("font: parse %s: %w", f.Name, err))
		}
		f.metrics, f.file = g.metrics, nil
	})
}

// parse reads the font in data. With outlines false, it leaves out the
// glyph outlines and names where they cannot change the result (metricsOnly):
// faster, but a damaged outline then goes unnoticed.
func parse(name string, data []byte, outlines bool) (f *Face, err error) {
	// go-text/typesetting sanitizes the tables it reads, but a malformed file
	// must never bring the whole program down: convert any panic to an error.
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("%w: %v", errMalformed, r)
		}
	}()

	if err := checkDirectory(data); err != nil {
		return nil, err
	}
	var file ot.Resource = bytes.NewReader(data)
	if !outlines {
		file = metricsOnly(data)
	}
	ld, err := ot.NewLoader(file)
	if err != nil {
		return nil, err
	}
	ft, err := gofont.NewFont(ld)
	if err != nil {
		return nil, err
	}
	upem := int64(ft.Upem())
	if upem <= 0 {
		return nil, errors.New("invalid unitsPerEm")
	}
	raw, err := ld.RawTable(ot.MustNewTag("maxp"))
	if err != nil {
		return nil, err
	}
	maxp, _, err := tables.ParseMaxp(raw)
	if err != nil {
		return nil, err
	}
	face := gofont.NewFace(ft)

	f = &Face{
		Name: faceName(ld, name),
		metrics: metrics{
			upem:      upem,
			numGlyphs: int(maxp.NumGlyphs),
			cmap:      ft.Cmap,
		},
	}

	ext, _ := face.FontHExtents()
	f.ascent = roundUnits(ext.Ascender)
	f.descent = -roundUnits(ext.Descender)
	f.capHeight = roundUnits(face.LineMetric(gofont.CapHeight))
	f.xHeight = roundUnits(face.LineMetric(gofont.XHeight))

	f.adv = make([]int32, f.numGlyphs)
	for g := range f.adv {
		f.adv[g] = int32(roundUnits(face.HorizontalAdvance(gofont.GID(g))))
	}
	f.low = make([]uint16, lowEnd)
	for r := range f.low {
		f.low[r] = f.lookup(rune(r))
	}
	f.punct = make([]uint16, punctEnd-punctStart)
	for i := range f.punct {
		f.punct[i] = f.lookup(rune(punctStart + i))
	}

	gpos, _ := ld.RawTable(ot.MustNewTag("GPOS"))
	f.kern = compileKerning(ft, gpos, f.numGlyphs)
	return f, nil
}

// maxTableSize bounds the uncompressed size of one WOFF table.
const maxTableSize = 1 << 26

// checkDirectory verifies that every table of an sfnt or WOFF file lies
// within data. go-text allocates each table's buffer from the length in the
// directory before reading it, so a corrupt length could ask for gigabytes.
// Other formats are left to go-text to reject.
func checkDirectory(data []byte) error {
	if len(data) < 12 {
		return errors.New("file too short")
	}
	size := uint64(len(data))
	switch string(data[:4]) {
	case "\x00\x01\x00\x00", "true", "OTTO", "typ1":
		n := int(binary.BigEndian.Uint16(data[4:]))
		if uint64(12+16*n) > size {
			return errors.New("table directory past end of file")
		}
		for i := range n {
			rec := data[12+16*i:]
			off, length := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
			if off+length > size {
				return fmt.Errorf("table %q past end of file", rec[:4])
			}
		}
	case "wOFF":
		const header, entry = 44, 20
		if size < header {
			return errors.New("file too short")
		}
		n := int(binary.BigEndian.Uint16(data[12:]))
		if uint64(header+entry*n) > size {
			return errors.New("table directory past end of file")
		}
		for i := range n {
			rec := data[header+entry*i:]
			off, comp := uint64(binary.BigEndian.Uint32(rec[4:])), uint64(binary.BigEndian.Uint32(rec[8:]))
			if off+comp > size {
				return fmt.Errorf("table %q past end of file", rec[:4])
			}
			if orig := binary.BigEndian.Uint32(rec[12:]); orig > maxTableSize {
				return fmt.Errorf("table %q too large", rec[:4])
			}
		}
	}
	return nil
}

// metricsOnly returns data for go-text's loader to read, without the
// glyph outlines and names (the glyf, loca and post tables) where they
// cannot change what Parse takes from the font: go-text parses every
// outline and glyph name up front, which is most of the cost of loading a
// face, while Parse needs no names, and outlines only for the cap and x
// heights of a font whose OS/2 table (older than version 2) does not give
// them, or for the advances of a variable font. Other fonts are read as
// they are, and so is any file that is not a plain sfnt. The tables are
// left out by rewriting a copy of the table directory alone; the tables
// themselves are read in place.
func metricsOnly(data []byte) ot.Resource {
	whole := bytes.NewReader(data)
	if len(data) < 12 {
		return whole
	}
	switch string(data[:4]) {
	case "\x00\x01\x00\x00", "true":
	default:
		return whole
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	end := 12 + 16*n
	if end > len(data) {
		return whole
	}
	// The first record of a tag is the one go-text's loader keeps.
	var os2 []byte
	seen := map[string]bool{}
	for i := range n {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		if seen[tag] {
			continue
		}
		seen[tag] = true
		if tag == "OS/2" {
			off, length := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
			if off+length <= uint64(len(data)) {
				os2 = data[off : off+length]
			}
		}
	}
	if seen["fvar"] || !seen["glyf"] {
		return whole
	}
	// go-text takes the cap and x heights from the OS/2 table only when it
	// parses as version 2 or later with those fields present.
	if t, _, err := tables.ParseOs2(os2); err != nil || t.Version < 2 || len(t.HigherVersionData) < 12 {
		return whole
	}
	dir := make([]byte, end)
	copy(dir, data[:12])
	kept := 0
	for i := range n {
		rec := data[12+16*i : 12+16*i+16]
		if tag := string(rec[:4]); tag == "glyf" || tag == "loca" || tag == "post" {
			continue
		}
		copy(dir[12+16*kept:], rec)
		kept++
	}
	binary.BigEndian.PutUint16(dir[4:], uint16(kept))
	return &overlay{top: dir, rest: data}
}

// overlay reads as rest with its first len(top) bytes replaced by top.
type overlay struct {
	top, rest []byte
	off       int64
}

func (o *overlay) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("font: negative offset")
	}
	if off >= int64(len(o.rest)) {
		return 0, io.EOF
	}
	n := copy(p, o.rest[off:])
	if off < int64(len(o.top)) {
		copy(p, o.top[off:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (o *overlay) Read(p []byte) (int, error) {
	n, err := o.ReadAt(p, o.off)
	o.off += int64(n)
	return n, err
}

func (o *overlay) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += o.off
	case io.SeekEnd:
		offset += int64(len(o.rest))
	default:
		return 0, errors.New("font: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("font: negative offset")
	}
	o.off = offset
	return offset, nil
}

// faceName returns the PostScript name of the font, or the stem of file.
func faceName(ld *ot.Loader, file string) string {
	const postScriptName = tables.NameID(6)
	if ld == nil {
		// no font tables
	} else if raw, err := ld.RawTable(ot.MustNewTag("name")); err == nil {
		if names, _, err := tables.ParseName(raw); err == nil {
			if n := strings.TrimSpace(names.Name(postScriptName)); n != "" && utf8.ValidString(n) {
				return n
			}
		}
	}
	base := filepath.Base(file)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// roundUnits rounds a metric in font units to an integer, mapping NaN and
// infinities (possible only for broken fonts) to 0.
func roundUnits(v float32) int64 {
	x := math.Round(float64(v))
	if math.IsNaN(x) || math.Abs(x) > 1<<30 {
		return 0
	}
	return int64(x)
}

// lookup asks the cmap for the glyph of r; 0 means no glyph.
func (f *Face) lookup(r rune) uint16 {
	g, ok := f.cmap.Lookup(r)
	if !ok || g == 0 || int(g) >= f.numGlyphs {
		return 0
	}
	return uint16(g)
}

// glyph returns the glyph id of r, or 0 if the face has none.
func (f *Face) glyph(r rune) uint16 {
	if uint32(r) < lowEnd {
		return f.low[r]
	}
	if r >= punctStart && r < punctEnd {
		return f.punct[r-punctStart]
	}
	if r < 0 || r > utf8.MaxRune {
		return 0
	}
	return f.lookup(r)
}

// scale converts v font units to a length at size, rounding half away from zero.
func (f *Face) scale(v int64, size units.Length) units.Length {
	p := v * int64(size)
	if p >= 0 {
		return units.Length((p + f.upem/2) / f.upem)
	}
	return units.Length(-((-p + f.upem/2) / f.upem))
}

// UnitsPerEm returns the number of font design units in one em.
func (f *Face) UnitsPerEm() int { f.load(); return int(f.upem) }

// Ascent returns the ascender at size: the OS/2 typographic ascender when the
// font asks for typographic metrics, else the hhea ascender.
func (f *Face) Ascent(size units.Length) units.Length {
	f.load()
	return f.scale(f.ascent, size)
}

// Descent returns the descender at size as a positive length, from the same
// table as Ascent.
func (f *Face) Descent(size units.Length) units.Length {
	f.load()
	return f.scale(f.descent, size)
}

// CapHeight returns the height of capital letters at size.
func (f *Face) CapHeight(size units.Length) units.Length {
	f.load()
	return f.scale(f.capHeight, size)
}

// XHeight returns the height of lowercase x at size.
func (f *Face) XHeight(size units.Length) units.Length {
	f.load()
	return f.scale(f.xHeight, size)
}

// HasRune reports whether the face has a glyph for r.
func (f *Face) HasRune(r rune) bool {
	f.load()
	return f.glyph(r) != 0
}

// Advance returns the advance of r at size, without kerning (0 for missing glyphs).
func (f *Face) Advance(r rune, size units.Length) units.Length {
	f.load()
	g := f.glyph(r)
	if g == 0 {
		return 0
	}
	return f.scale(int64(f.adv[g]), size)
}

// Kern returns the kerning adjustment between a and b at size (usually negative).
// It is 0 when either rune has no glyph.
func (f *Face) Kern(a, b rune, size units.Length) units.Length {
	f.load()
	ga, gb := f.glyph(a), f.glyph(b)
	if ga == 0 || gb == 0 {
		return 0
	}
	sc := scriptOther
	if !f.kern.uniform {
		if sc = scriptOf(a); sc == scriptOther {
			sc = scriptOf(b)
		}
	}
	return f.scale(int64(f.kern.pair(sc, ga, gb)), size)
}

// Width returns the kerned width of s at size. Missing glyphs have no width
// and break kerning. The sum is taken in font units and scaled once, so it
// may differ from adding up Advance and Kern by rounding.
func (f *Face) Width(s string, size units.Length) units.Length {
	f.load()
	lookups := f.kern.lookupsFor(s)
	var total int64
	var prev uint16
	for _, r := range s {
		g := f.glyph(r)
		if g == 0 {
			prev = 0
			continue
		}
		total += int64(f.adv[g])
		if prev != 0 && f.kern.first(prev) {
			total += int64(kernPair(lookups, prev, g))
		}
		prev = g
	}
	return f.scale(total, size)
}

// A Piece is a substring of a run to be drawn at X (relative to the run start).
type Piece struct {
	Text string
	X    units.Length
}

// Pieces splits s into pieces wherever kerning moves a glyph away from its
// unkerned position (so a PDF writer that draws each piece at its X
// reproduces the kerned layout); a string without kerning is one piece. Also
// returns the total kerned width, equal to Width(s, size). An empty string
// has no pieces.
func (f *Face) Pieces(s string, size units.Length) ([]Piece, units.Length) {
	f.load()
	if s == "" {
		return nil, 0
	}
	lookups := f.kern.lookupsFor(s)
	var (
		pieces []Piece
		total  int64 // pen position in font units
		start  int   // byte offset of the current piece
		startX int64
		prev   uint16
	)
	for i, r := range s {
		g := f.glyph(r)
		if g == 0 {
			prev = 0
			continue
		}
		if prev != 0 && f.kern.first(prev) {
			if k := kernPair(lookups, prev, g); k != 0 {
				pieces = append(pieces, Piece{Text: s[start:i], X: f.scale(startX, size)})
				total += int64(k)
				start, startX = i, total
			}
		}
		total += int64(f.adv[g])
		prev = g
	}
	pieces = append(pieces, Piece{Text: s[start:], X: f.scale(startX, size)})
	return pieces, f.scale(total, size)
}

// Missing returns the runes of s the face has no glyph for, in order of first appearance, without duplicates.
func (f *Face) Missing(s string) []rune {
	f.load()
	var missing []rune
outer:
	for _, r := range s {
		if f.glyph(r) != 0 {
			continue
		}
		for _, m := range missing {
			if m == r {
				continue outer
			}
		}
		missing = append(missing, r)
	}
	return missing
}
