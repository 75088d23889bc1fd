package layout

import "github.com/galley-press/galley/internal/units"

// Microtypography: margin kerning (character protrusion) and font
// expansion, after pdfTeX and the LaTeX microtype package.
//
// Margin kerning lets the characters that carry little ink at the edge of
// a line hang partly into the margin, so that the text block's edges look
// straight rather than dented by every full stop and hyphen. The amounts
// are thousandths of the character's own advance width, in the spirit of
// microtype's default set: the lighter the character, the further it
// hangs. Font expansion lets the line breaker widen or narrow a line's
// letters by at most expandLimit thousandths, in steps of expandStep, so
// that word spaces need to stretch and shrink less; word spaces stay the
// main adjustment, as their stretch is larger than the letters'.
const (
	expandLimit = 20 // ±2 %
	expandStep  = 5  // 0.5 %
	expandJump  = 10 // neighbouring lines differ by at most 1 %
)

// protrusion gives, for characters that hang into the margin, how far
// they do at the left and right ends of a line, in thousandths of their
// advance width.
var protrusion = map[rune][2]int16{
	'.': {0, 700}, ',': {0, 500}, ':': {0, 500}, ';': {0, 500},
	'!': {0, 200}, '?': {0, 200}, '…': {0, 200},
	'-': {0, 700}, '‐': {0, 700}, '–': {0, 400}, '—': {0, 250},
	'‘': {700, 700}, '’': {0, 700}, '“': {500, 300}, '”': {300, 500},
	'‚': {400, 400}, '„': {400, 400}, '\'': {500, 500}, '"': {400, 400},
	'«': {400, 300}, '»': {300, 400}, '‹': {400, 300}, '›': {300, 400},
	'(': {100, 0}, ')': {0, 100}, '[': {100, 0}, ']': {0, 100},
	'*': {0, 300}, '/': {0, 100},
	'A': {50, 50}, 'T': {50, 50}, 'V': {50, 50}, 'W': {50, 50}, 'Y': {50, 50},
	'v': {50, 50}, 'w': {50, 50}, 'y': {0, 50},
	'1': {100, 100}, '7': {50, 80},
	'А': {50, 50}, 'Т': {50, 50}, 'У': {50, 50}, 'Г': {0, 50},
}

// hang returns how far r, set in st, hangs into the left and right margins
// at the ends of a line.
func hang(r rune, st *style) (left, right units.Length) {
	p, ok := protrusion[r]
	if !ok || st == nil || st.rise != 0 {
		return 0, 0
	}
	w := st.tf.face.Advance(r, st.size)
	return w * units.Length(p[0]) / 1000, w * units.Length(p[1]) / 1000
}
