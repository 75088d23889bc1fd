package font

import "strconv"

// A Style selects one face of a family.
type Style uint8

// The four styles of a family.
const (
	Regular Style = iota
	Italic
	Bold
	BoldItalic
)

// String returns the style's name, as "BoldItalic".
func (s Style) String() string {
	switch s {
	case Regular:
		return "Regular"
	case Italic:
		return "Italic"
	case Bold:
		return "Bold"
	case BoldItalic:
		return "BoldItalic"
	}
	return "Style(" + strconv.Itoa(int(s)) + ")"
}

// A Family is four faces of one typeface.
type Family struct {
	Regular, Italic, Bold, BoldItalic *Face
}

// Face returns the face of style s, falling back to Regular if the family
// has no such face (or s is not one of the four styles).
func (fam *Family) Face(s Style) *Face {
	if fam == nil {
		return nil
	}
	var f *Face
	switch s {
	case Italic:
		f = fam.Italic
	case Bold:
		f = fam.Bold
	case BoldItalic:
		f = fam.BoldItalic
	}
	if f == nil {
		f = fam.Regular
	}
	return f
}
