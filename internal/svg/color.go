package svg

import (
	"math"
	"strconv"
	"strings"

	"github.com/galley-press/galley/internal/page"
)

// named holds the CSS colour keywords SVG drawings commonly use: the basic
// sixteen, their grey and other frequent extended ones.
var named = map[string][3]uint8{
	"black": {0, 0, 0}, "silver": {192, 192, 192}, "gray": {128, 128, 128}, "grey": {128, 128, 128},
	"white": {255, 255, 255}, "maroon": {128, 0, 0}, "red": {255, 0, 0}, "purple": {128, 0, 128},
	"fuchsia": {255, 0, 255}, "magenta": {255, 0, 255}, "green": {0, 128, 0}, "lime": {0, 255, 0},
	"olive": {128, 128, 0}, "yellow": {255, 255, 0}, "navy": {0, 0, 128}, "blue": {0, 0, 255},
	"teal": {0, 128, 128}, "aqua": {0, 255, 255}, "cyan": {0, 255, 255}, "orange": {255, 165, 0},
	"darkgray": {169, 169, 169}, "darkgrey": {169, 169, 169}, "lightgray": {211, 211, 211},
	"lightgrey": {211, 211, 211}, "dimgray": {105, 105, 105}, "dimgrey": {105, 105, 105},
	"gainsboro": {220, 220, 220}, "whitesmoke": {245, 245, 245},
	"slategray": {112, 128, 144}, "slategrey": {112, 128, 144},
	"lightslategray": {119, 136, 153}, "lightslategrey": {119, 136, 153},
	"darkslategray": {47, 79, 79}, "darkslategrey": {47, 79, 79},
	"darkred": {139, 0, 0}, "crimson": {220, 20, 60}, "firebrick": {178, 34, 34},
	"tomato": {255, 99, 71}, "coral": {255, 127, 80}, "salmon": {250, 128, 114},
	"pink": {255, 192, 203}, "hotpink": {255, 105, 180}, "darkorange": {255, 140, 0},
	"gold": {255, 215, 0}, "khaki": {240, 230, 140}, "brown": {165, 42, 42}, "chocolate": {210, 105, 30},
	"tan": {210, 180, 140}, "beige": {245, 245, 220}, "ivory": {255, 255, 240},
	"darkgreen": {0, 100, 0}, "forestgreen": {34, 139, 34}, "seagreen": {46, 139, 87},
	"limegreen": {50, 205, 50}, "lightgreen": {144, 238, 144}, "yellowgreen": {154, 205, 50},
	"darkblue": {0, 0, 139}, "mediumblue": {0, 0, 205}, "royalblue": {65, 105, 225},
	"steelblue": {70, 130, 180}, "dodgerblue": {30, 144, 255}, "skyblue": {135, 206, 235},
	"lightblue": {173, 216, 230}, "cornflowerblue": {100, 149, 237}, "darkcyan": {0, 139, 139},
	"turquoise": {64, 224, 208}, "indigo": {75, 0, 130}, "violet": {238, 130, 238},
	"orchid": {218, 112, 214}, "plum": {221, 160, 221}, "lavender": {230, 230, 250},
}

// parseColor reads a colour: #rgb, #rgba, #rrggbb, #rrggbbaa, rgb() or
// rgba() with numbers or percentages, or a keyword. Alpha is ignored.
func parseColor(s string) (page.RGB, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if c, ok := named[s]; ok {
		return page.RGB{R: c[0], G: c[1], B: c[2]}, true
	}
	if hex, ok := strings.CutPrefix(s, "#"); ok {
		v, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			return page.RGB{}, false
		}
		switch len(hex) {
		case 4:
			v >>= 4
			fallthrough
		case 3:
			r, g, b := uint8(v>>8&15), uint8(v>>4&15), uint8(v&15)
			return page.RGB{R: r * 17, G: g * 17, B: b * 17}, true
		case 8:
			v >>= 8
			fallthrough
		case 6:
			return page.RGB{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v)}, true
		}
		return page.RGB{}, false
	}
	args, ok := strings.CutPrefix(s, "rgba(")
	if !ok {
		args, ok = strings.CutPrefix(s, "rgb(")
	}
	args, closed := strings.CutSuffix(args, ")")
	if !ok || !closed {
		return page.RGB{}, false
	}
	args, _, _ = strings.Cut(args, "/") // alpha in the space-separated form
	fields := strings.FieldsFunc(args, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
	if len(fields) != 3 && len(fields) != 4 {
		return page.RGB{}, false
	}
	var c [3]uint8
	for i := range c {
		f := fields[i]
		pct := strings.HasSuffix(f, "%")
		v, ok := (&scanner{s: strings.TrimSuffix(f, "%")}).whole()
		if !ok {
			return page.RGB{}, false
		}
		if pct {
			v = v * 255 / 100
		}
		c[i] = uint8(math.Round(max(0, min(255, v))))
	}
	return page.RGB{R: c[0], G: c[1], B: c[2]}, true
}

// whole reads a number that must be the whole of the scanner's text.
func (sc *scanner) whole() (float64, bool) {
	v, ok := sc.number()
	if !ok || !sc.done() {
		return 0, false
	}
	return v, true
}
