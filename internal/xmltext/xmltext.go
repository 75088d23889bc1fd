// Package xmltext is Galley's one policy for writing text into XML: which
// characters are escaped, and what becomes of the characters XML 1.0 does
// not allow.
//
// XML 1.0 allows tab, line feed, carriage return, U+0020–U+D7FF,
// U+E000–U+FFFD and U+10000–U+10FFFF. Every other character (the C0
// controls, surrogates, U+FFFE and U+FFFF), and every byte that is not
// UTF-8, is written as U+FFFD REPLACEMENT CHARACTER and counted, so that
// the caller can warn: a forbidden character is never written, and never
// dropped in silence.
//
// The package imports nothing of Galley's: it serves the EPUB's documents,
// its package and navigation files and the cover's SVG alike.
package xmltext

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Allowed reports whether XML 1.0 allows r in a document.
func Allowed(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false
	}
	return r <= utf8.MaxRune
}

// A Mode says where text goes, and so which characters are escaped.
type Mode uint8

// The modes.
const (
	// Text is element content: "&", "<" and ">" are escaped.
	Text Mode = iota
	// Attr is a double-quoted attribute value: as Text, and '"' and line
	// feed too, so that the value survives attribute normalization.
	Attr
	// Quoted is text or a double-quoted attribute value in the style of
	// encoding/xml: as Text, and both quotes, tab, line feed and carriage
	// return as character references, so that a value with line breaks
	// stays on its line.
	Quoted
)

// Write writes s to w, escaped for m, with every character XML 1.0 does
// not allow, and every byte that is not UTF-8, written as U+FFFD. It
// returns how many it replaced, and the first error from w.
func Write(w io.StringWriter, s string, m Mode) (replaced int, err error) {
	last := 0 // s[last:i] is still to be written as it stands
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == utf8.RuneError && size == 1, !Allowed(r):
			esc = "\uFFFD"
			replaced++
		default:
			esc = escape(r, m)
		}
		if esc != "" {
			if _, err := w.WriteString(s[last:i]); err != nil {
				return replaced, err
			}
			if _, err := w.WriteString(esc); err != nil {
				return replaced, err
			}
			last = i + size
		}
		i += size
	}
	_, err = w.WriteString(s[last:])
	return replaced, err
}

// escape returns what r is written as in mode m, or "" if it stands as
// it is.
func escape(r rune, m Mode) string {
	switch r {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	}
	switch m {
	case Attr:
		switch r {
		case '"':
			return "&quot;"
		case '\n':
			return "&#10;"
		}
	case Quoted:
		switch r {
		case '"':
			return "&#34;"
		case '\'':
			return "&#39;"
		case '\t':
			return "&#x9;"
		case '\n':
			return "&#xA;"
		case '\r':
			return "&#xD;"
		}
	}
	return ""
}

// Escape returns s escaped for m, with the characters XML 1.0 does not
// allow replaced as by Write, and how many it replaced.
func Escape(s string, m Mode) (string, int) {
	if Clean(s, m) {
		return s, 0
	}
	var b strings.Builder
	n, _ := Write(&b, s, m) // a strings.Builder does not fail
	return b.String(), n
}

// Clean reports whether s is written in mode m as it stands: it holds
// nothing to escape and nothing to replace.
func Clean(s string, m Mode) bool {
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") || !Allowed(r) || escape(r, m) != "" {
			return false
		}
	}
	return true
}

// Forbidden returns the first character of s that XML 1.0 does not allow
// (utf8.RuneError for a byte that is not UTF-8), and whether there is one.
func Forbidden(s string) (rune, bool) {
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") || !Allowed(r) {
			return r, true
		}
	}
	return 0, false
}
