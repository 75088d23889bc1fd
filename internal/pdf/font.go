package pdf

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// A face is one TrueType font as the writer uses it: the fpdf family it is
// registered under, the name it gets in the PDF and the characters drawn
// with it.
type face struct {
	index  int    // position among the faces the stream began with
	family string // fpdf family name, "f0", "f1", ... (see names.go)
	name   string // Document font name, for messages
	psName string // PostScript name for /BaseFont, without subset tag (set once used)
	data   []byte
	used   bool
	inDoc  string               // the family it was added to the document under, or ""
	docID  string               // the name fpdf writes for it in the document
	runes  [0x10000 / 64]uint64 // characters drawn, as a bitset
}

// mark records that r is drawn with f.
func (f *face) mark(r rune) { f.runes[r>>6] |= 1 << (r & 63) }

// bit is f's bit in a set of faces (drawn.faces); faces past the 64th
// share the last.
func (f *face) bit() uint64 { return 1 << min(f.index, 63) }

// subsetName returns the /BaseFont name of the embedded subset: a tag of six
// capital letters, a plus sign and the PostScript name. The tag is derived
// from the font data and the characters used, so it is stable from run to
// run and differs between different subsets of the same face.
func (f *face) subsetName() string {
	h := sha256.New()
	sum := sha256.Sum256(f.data)
	h.Write(sum[:])
	var b [8]byte
	for _, w := range f.runes {
		binary.BigEndian.PutUint64(b[:], w)
		h.Write(b[:])
	}
	d := h.Sum(nil)
	tag := make([]byte, 6, 7+len(f.psName))
	for i := range tag {
		tag[i] = 'A' + d[i]%26
	}
	return string(append(append(tag, '+'), f.psName...))
}

// sfntTables maps table tags to their bytes.
type sfntTables map[string][]byte

// checkFont verifies that data is a TrueType font the fpdf font parser
// handles without complaint, and returns its PostScript name (possibly
// empty). fpdf prints to standard output and carries on when it meets a
// font it cannot use, so everything it would complain about is refused here
// with an error instead.
func checkFont(data []byte) (psName string, err error) {
	if len(data) < 12 {
		return "", errors.New("font data too short")
	}
	switch v := binary.BigEndian.Uint32(data); v {
	case 0x00010000, 0x74727565: // 1.0, 'true'
	case 0x4F54544F: // 'OTTO'
		return "", errors.New("font has CFF outlines; only TrueType outlines are supported")
	case 0x74746366: // 'ttcf'
		return "", errors.New("font collections are not supported")
	default:
		return "", fmt.Errorf("not a TrueType font (version %#08x)", v)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return "", errors.New("font table directory truncated")
	}
	tables := make(sfntTables, n)
	for i := range n {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off := int64(binary.BigEndian.Uint32(rec[8:]))
		size := int64(binary.BigEndian.Uint32(rec[12:]))
		if off+size > int64(len(data)) {
			return "", fmt.Errorf("font table %q lies outside the file", tag)
		}
		tables[tag] = data[off : off+size]
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "cmap", "name", "post", "glyf", "loca"} {
		if _, ok := tables[tag]; !ok {
			return "", fmt.Errorf("font has no %q table", tag)
		}
	}

	head := tables["head"]
	if len(head) < 54 {
		return "", errors.New("font head table truncated")
	}
	if binary.BigEndian.Uint16(head[18:]) == 0 {
		return "", errors.New("font has zero units per em")
	}
	locFormat := binary.BigEndian.Uint16(head[50:])
	if locFormat > 1 {
		return "", fmt.Errorf("font has unknown loca format %d", locFormat)
	}
	if f := binary.BigEndian.Uint16(head[52:]); f != 0 {
		return "", fmt.Errorf("font has unknown glyph data format %d", f)
	}

	hhea := tables["hhea"]
	if len(hhea) < 36 {
		return "", errors.New("font hhea table truncated")
	}
	if f := binary.BigEndian.Uint16(hhea[32:]); f != 0 {
		return "", fmt.Errorf("font has unknown metric data format %d", f)
	}
	nhm := int(binary.BigEndian.Uint16(hhea[34:]))
	if nhm == 0 {
		return "", errors.New("font has no horizontal metrics")
	}
	if len(tables["hmtx"]) < 4*nhm {
		return "", errors.New("font hmtx table truncated")
	}

	maxp := tables["maxp"]
	if len(maxp) < 6 {
		return "", errors.New("font maxp table truncated")
	}
	glyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	if len(tables["loca"]) < (glyphs+1)*(2+2*int(locFormat)) {
		return "", errors.New("font loca table truncated")
	}

	if len(tables["post"]) < 16 {
		return "", errors.New("font post table truncated")
	}

	if os2, ok := tables["OS/2"]; ok {
		if len(os2) < 72 {
			return "", errors.New("font OS/2 table truncated")
		}
		if binary.BigEndian.Uint16(os2) > 1 && len(os2) < 90 {
			return "", errors.New("font OS/2 table truncated")
		}
		fsType := binary.BigEndian.Uint16(os2[8:])
		if fsType&0x000F == 0x0002 {
			return "", errors.New("font licence forbids embedding (OS/2 fsType restricted)")
		}
		if fsType&0x0300 != 0 {
			return "", errors.New("font licence forbids subsetting or outline embedding (OS/2 fsType)")
		}
	}

	if err := checkCmap(tables["cmap"]); err != nil {
		return "", err
	}
	return checkName(tables["name"])
}

// checkCmap requires a Unicode BMP subtable of format 4, the only kind fpdf
// reads.
func checkCmap(cmap []byte) error {
	if len(cmap) < 4 {
		return errors.New("font cmap table truncated")
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	if 4+8*n > len(cmap) {
		return errors.New("font cmap table truncated")
	}
	for i := range n {
		rec := cmap[4+8*i:]
		platform := binary.BigEndian.Uint16(rec)
		encoding := binary.BigEndian.Uint16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if !(platform == 3 && encoding == 1 || platform == 0) {
			continue
		}
		if off < 0 || off+14 > len(cmap) {
			return errors.New("font cmap subtable lies outside the table")
		}
		if binary.BigEndian.Uint16(cmap[off:]) != 4 {
			continue
		}
		length := int(binary.BigEndian.Uint16(cmap[off+2:]))
		segs := int(binary.BigEndian.Uint16(cmap[off+6:])) / 2
		if off+length > len(cmap) || 16+8*segs > length {
			return errors.New("font cmap format 4 subtable truncated")
		}
		return nil
	}
	return errors.New("font has no Unicode cmap of format 4")
}

// checkName checks the name table the way fpdf reads it and returns the
// PostScript name (name ID 6).
func checkName(name []byte) (string, error) {
	if len(name) < 6 {
		return "", errors.New("font name table truncated")
	}
	if f := binary.BigEndian.Uint16(name); f != 0 {
		return "", fmt.Errorf("font name table has format %d; only format 0 is supported", f)
	}
	n := int(binary.BigEndian.Uint16(name[2:]))
	store := int(binary.BigEndian.Uint16(name[4:]))
	if 6+12*n > len(name) {
		return "", errors.New("font name table truncated")
	}
	var win, mac string
	for i := range n {
		rec := name[6+12*i:]
		platform := binary.BigEndian.Uint16(rec)
		encoding := binary.BigEndian.Uint16(rec[2:])
		lang := binary.BigEndian.Uint16(rec[4:])
		id := binary.BigEndian.Uint16(rec[6:])
		size := int(binary.BigEndian.Uint16(rec[8:]))
		off := store + int(binary.BigEndian.Uint16(rec[10:]))
		switch id {
		case 1, 2, 3, 4, 6:
		default:
			continue
		}
		if off+size > len(name) {
			return "", errors.New("font name string lies outside the table")
		}
		s := name[off : off+size]
		switch {
		case platform == 3 && encoding == 1 && lang == 0x409:
			if size%2 != 0 {
				return "", errors.New("font name string has odd length")
			}
			if id == 6 && win == "" {
				u := make([]uint16, size/2)
				for j := range u {
					u[j] = binary.BigEndian.Uint16(s[2*j:])
				}
				win = string(utf16.Decode(u))
			}
		case platform == 1 && encoding == 0 && lang == 0:
			if id == 6 && mac == "" {
				mac = string(s)
			}
		}
	}
	if win != "" {
		return pdfName(win), nil
	}
	return pdfName(mac), nil
}

// pdfName keeps the characters of s that may appear in a PDF name without
// escaping and that PostScript font names use, at most 56 of them.
func pdfName(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(b) < 56; i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F {
			continue
		}
		switch c {
		case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%', '#':
			continue
		}
		b = append(b, c)
	}
	return string(b)
}
