package hyph

import "unicode"

// Rune classes used by Hyphenate.
const (
	cLetter = 1 << iota
	cUpper
	cLower
	cMark
	cNumber
)

// fastRunes is the end of the range whose classes and lowercase forms are
// tabulated: Basic Latin through Cyrillic, which covers our languages. The
// unicode package's range tables are comparatively slow for non-ASCII runes.
const fastRunes = 0x500

var (
	fastClass [fastRunes]uint8
	fastLower [fastRunes]uint16
)

func init() {
	for r := rune(0); r < fastRunes; r++ {
		fastClass[r] = slowClass(r)
		if l := unicode.ToLower(r); l < 1<<16 {
			fastLower[r] = uint16(l)
		} else {
			fastLower[r] = uint16(r)
		}
	}
}

func slowClass(r rune) uint8 {
	var c uint8
	if unicode.IsLetter(r) {
		c |= cLetter
		if unicode.IsUpper(r) {
			c |= cUpper
		} else if unicode.IsLower(r) {
			c |= cLower
		}
	}
	if unicode.IsMark(r) {
		c |= cMark
	}
	if unicode.IsNumber(r) {
		c |= cNumber
	}
	return c
}

// class returns the classes of r.
func class(r rune) uint8 {
	if r >= 0 && r < fastRunes {
		return fastClass[r]
	}
	return slowClass(r)
}

// toLower returns unicode.ToLower(r).
func toLower(r rune) rune {
	if r >= 0 && r < fastRunes {
		return rune(fastLower[r])
	}
	return unicode.ToLower(r)
}
