package pdf

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// bmpText returns s with invalid UTF-8 and characters outside the Basic
// Multilingual Plane replaced by U+FFFD. fpdf addresses glyphs by 16-bit
// character codes and mangles anything else, or panics on broken UTF-8.
// When s is drawn (f is not nil), format characters such as bidi controls
// and zero-width spaces are left out: they are invisible, and drawn they
// would be missing-glyph boxes. The characters drawn are recorded with f.
func bmpText(s string, f *face) string {
	if f != nil {
		s = strings.Map(func(r rune) rune {
			if r >= 0xAD && unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, s)
	}
	clean := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if f != nil {
				f.mark(rune(c))
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r > 0xFFFF {
			clean = false
			r = utf8.RuneError
		}
		if f != nil {
			f.mark(r)
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // invalid bytes come out as RuneError
		if r > 0xFFFF {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// utf16Text encodes s as a PDF text string body: UTF-16BE with a byte order
// mark, surrogate pairs for characters beyond the BMP. The empty string
// stays empty.
func utf16Text(s string) string {
	if s == "" {
		return ""
	}
	u := utf16.Encode([]rune(strings.ToValidUTF8(s, "\uFFFD")))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xFE, 0xFF
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return string(b)
}

// uriText makes u safe for a PDF URI action, which holds 7-bit ASCII:
// bytes outside printable ASCII are percent-encoded.
func uriText(u string) string {
	const hex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c > ' ' && c < 0x7F {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(u)+16), u[:i]...)
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	if b == nil {
		return u
	}
	return string(b)
}

// validLang reports whether lang looks like a BCP 47 language tag: letters,
// digits and hyphens. fpdf writes the tag into the catalog unescaped.
func validLang(lang string) bool {
	if lang == "" || len(lang) > 64 {
		return false
	}
	for i := 0; i < len(lang); i++ {
		c := lang[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// text draws s, already cleaned by bmpText, at x, y (from the page's top
// left) in the current font. It writes the operators fpdf's Text writes,
// byte for byte, without fpdf's formatting machinery, which on a long book
// costs more than everything else the writer does. (The characters drawn
// are shown to fpdf for its subsets at Close: see showRunes.)
func (w *writer) text(x, y float64, s string) {
	c := w.pdf
	b := w.tbuf[:0]
	// Text of another colour than fills is set in its own graphics state.
	tr, tg, tb := c.GetTextColor()
	fr, fg, fb := c.GetFillColor()
	coloured := tr != fr || tg != fg || tb != fb
	if coloured {
		b = append(b, "q "...)
		b = appendColor(b, tr, tg, tb)
		b = append(b, ' ')
	}
	b = append(b, "BT "...)
	b = strconv.AppendFloat(b, x, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, w.height-y, 'f', 2, 64)
	b = append(b, " Td ("...)
	for _, r := range s { // UTF-16BE, each byte escaped as in a literal string
		for _, ch := range [2]byte{byte(r >> 8), byte(r)} {
			switch ch {
			case '\\', '(', ')':
				b = append(b, '\\', ch)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, ch)
			}
		}
	}
	b = append(b, ") Tj ET"...)
	if coloured {
		b = append(b, " Q"...)
	}
	c.RawWriteStr(string(b))
	w.tbuf = b
}

// appendColor appends the operator that sets the fill colour r, g, b (0 to
// 255), written as fpdf writes it: a grey level when the three are equal.
func appendColor(b []byte, r, g, bl int) []byte {
	if r == g && g == bl {
		b = strconv.AppendFloat(b, float64(r)/255, 'f', 3, 64)
		return append(b, " g"...)
	}
	b = strconv.AppendFloat(b, float64(r)/255, 'f', 3, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, float64(g)/255, 'f', 3, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, float64(bl)/255, 'f', 3, 64)
	return append(b, " rg"...)
}

// image draws the image fpdf knows by id at x, y (from the page's top left)
// in a box of w × h points, with the operators fpdf's ImageOptions writes,
// byte for byte. The image is decoded once, by the document; the surface
// pages are drawn on never holds it.
func (w *writer) image(id string, x, y, wd, ht float64) {
	b := append(w.tbuf[:0], "q "...)
	b = strconv.AppendFloat(b, wd, 'f', 5, 64)
	b = append(b, " 0 0 "...)
	b = strconv.AppendFloat(b, ht, 'f', 5, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, x, 'f', 5, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, w.height-(y+ht), 'f', 5, 64)
	b = append(b, " cm /I"...)
	b = append(b, id...)
	b = append(b, " Do Q"...)
	w.pdf.RawWriteStr(string(b))
	w.tbuf = b
}

// imageID returns the name fpdf draws the image it holds as name by.
func imageID(pdf *fpdf.Fpdf, name string) (string, error) {
	return drawnName(pdf, func(t *fpdf.Tpl) {
		t.ImageOptions(name, 0, 0, 1, 1, false, fpdf.ImageOptions{AllowNegativePosition: true}, 0, "")
	}, " cm /I", " Do Q")
}
