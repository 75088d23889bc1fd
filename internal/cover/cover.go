// Package cover designs Galley's typographic cover: the title, dek, kicker
// and authors of a manuscript set on a coloured page, for a book that has no
// cover image of its own.
//
// Design returns a Layout, a resolution-independent description of the page
// (text lines and colour blocks positioned in fractions of the page's width
// and height), so that one design serves both outputs: SVG draws it as the
// EPUB's cover image, and the PDF writer can draw the same Layout as an
// optional first page with its own page items. Text is measured with the PT
// fonts the PDF embeds, so lines wrap where they will fit in either output.
package cover

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/galley-press/galley/fonts"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/font"
	"github.com/galley-press/galley/internal/units"
)

// A Color is an opaque sRGB colour.
type Color struct{ R, G, B uint8 }

// Hex returns c as "#rrggbb".
func (c Color) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// The cover's palette, shared with the EPUB stylesheet (the kicker's red).
var (
	Paper = Color{0xf5, 0xf0, 0xe6}
	Red   = Color{0x9c, 0x2a, 0x1a}
	Ink   = Color{0x1e, 0x1e, 0x1e}
	Grey  = Color{0x4a, 0x4a, 0x4a}
	White = Color{0xff, 0xff, 0xff}
)

// A Face is one of the PT faces a cover uses.
type Face uint8

// The faces.
const (
	SerifRegular Face = iota
	SerifItalic
	SerifBold
	SansRegular
	SansBold
)

// faceInfo is each face's name in package fonts, and its weight and style
// as CSS names them, for the SVG.
var faceInfo = [...]struct{ name, weight, style string }{
	SerifRegular: {"PTSerif-Regular", "normal", "normal"},
	SerifItalic:  {"PTSerif-Italic", "normal", "italic"},
	SerifBold:    {"PTSerif-Bold", "bold", "normal"},
	SansRegular:  {"PTSans-Regular", "normal", "normal"},
	SansBold:     {"PTSans-Bold", "bold", "normal"},
}

// Name returns the face's PostScript-style name, as package fonts and the
// PDF layout name it ("PTSerif-Bold").
func (f Face) Name() string { return faceInfo[f].name }

// Serif reports whether the face is PT Serif (else PT Sans).
func (f Face) Serif() bool { return fonts.Faces[fonts.Named(f.Name())].Family == "serif" }

// A Block is a filled rectangle. X and W are fractions of the page width,
// Y and H of the page height; Y is measured from the top.
type Block struct {
	X, Y, W, H float64
	Color      Color
}

// A Line is one line of text, set left-aligned from X on the baseline at Y
// (X a fraction of the page width, Y of the page height, from the top).
// Size is the font size and Width the line's measured width, both as
// fractions of the page width; Tracking is extra space after every
// character but the last, in ems. Part says what the line belongs to:
// "kicker", "title", "dek" or "author".
type Line struct {
	Text     string
	X, Y     float64
	Size     float64
	Width    float64
	Tracking float64
	Face     Face
	Color    Color
	Part     string
}

// A Layout is a designed cover page. Aspect is the page's height divided
// by its width; Background fills the page before the Blocks and then the
// Lines are drawn, in order. Alt is a text alternative for the whole cover.
type Layout struct {
	Aspect     float64
	Background Color
	Blocks     []Block
	Lines      []Line
	Alt        string
}

// Options shape a cover.
type Options struct {
	// Aspect is the page's height divided by its width: 1.6 for an ebook
	// store's cover (1600 × 2560 pixels), √2 for an A4 page. Zero means 1.6.
	Aspect float64
	// By is the word before the authors' names ("By"), or "" for none.
	By string
}

// The design's grid, in fractions of the page width.
const (
	margin  = 0.1
	measure = 1 - 2*margin
)

// Design lays out the cover of a book with metadata m.
func Design(m *doc.Meta, opts Options) (Layout, error) {
	aspect := opts.Aspect
	if aspect <= 0 {
		aspect = 1.6
	}
	fs, err := faces()
	if err != nil {
		return Layout{}, err
	}
	l := Layout{Aspect: aspect, Background: Paper, Alt: Alt(m, opts.By)}
	// y positions are computed in page widths from the top and turned into
	// fractions of the height at the end.
	h := aspect // the page height, in page widths

	// A red band across the top holds the kicker.
	band := 0.16
	l.Blocks = append(l.Blocks, Block{X: 0, Y: 0, W: 1, H: band / h, Color: Red})
	if k := strings.TrimSpace(m.Kicker); k != "" {
		size, track := 0.04, 0.12
		text := strings.ToUpper(k)
		for size > 0.02 && fs.width(SansBold, text, size, track) > measure {
			size -= 0.002
		}
		lines := wrap(fs, SansBold, text, size, track, measure)
		y := band - 0.05 - float64(len(lines)-1)*size*1.2
		for _, t := range lines {
			l.Lines = append(l.Lines, fs.line(t, margin, y, size, track, SansBold, White, "kicker"))
			y += size * 1.2
		}
	}

	// The title, as large as fits in at most six lines.
	y := band + 0.22
	title := strings.TrimSpace(m.Title)
	size := 0.13
	var lines []string
	for ; size > 0.04; size -= 0.005 {
		lines = wrap(fs, SerifBold, title, size, 0, measure)
		if len(lines) <= 6 && fits(fs, SerifBold, lines, size) {
			break
		}
	}
	titleSize := size
	lead := size * 1.12
	for _, t := range lines {
		l.Lines = append(l.Lines, fs.line(t, margin, y, size, 0, SerifBold, Ink, "title"))
		y += lead
	}
	// A short red rule under the title.
	y += 0.04 - lead + size*0.3
	l.Blocks = append(l.Blocks, Block{X: margin, Y: y / h, W: 0.18, H: 0.012 / h, Color: Red})
	y += 0.012 + 0.09

	// The dek, in italic, below the rule; smaller if it is long.
	if dek := strings.TrimSpace(m.Subtitle); dek != "" {
		size := max(min(0.055, titleSize*0.6), 0.035)
		lines := wrap(fs, SerifItalic, dek, size, 0, measure)
		for size > 0.025 && (y+float64(len(lines))*size*1.3 > h-0.3 || !fits(fs, SerifItalic, lines, size)) {
			size -= 0.0025
			lines = wrap(fs, SerifItalic, dek, size, 0, measure)
		}
		for _, t := range lines {
			l.Lines = append(l.Lines, fs.line(t, margin, y, size, 0, SerifItalic, Grey, "dek"))
			y += size * 1.3
		}
	}

	// The authors at the foot of the page.
	if names := Authors(m.Authors); names != "" {
		text := names
		if opts.By != "" {
			text = opts.By + " " + names
		}
		size := 0.05
		for size > 0.025 && len(wrap(fs, SansBold, text, size, 0, measure)) > 2 {
			size -= 0.0025
		}
		lines := wrap(fs, SansBold, text, size, 0, measure)
		y := h - 0.12 - float64(len(lines)-1)*size*1.25
		for _, t := range lines {
			l.Lines = append(l.Lines, fs.line(t, margin, y, size, 0, SansBold, Ink, "author"))
			y += size * 1.25
		}
	}
	// A thin red rule along the foot.
	l.Blocks = append(l.Blocks, Block{X: 0, Y: (h - 0.025) / h, W: 1, H: 0.025 / h, Color: Red})

	for i := range l.Lines {
		l.Lines[i].Y /= h
	}
	return l, nil
}

// Authors joins the authors' names as the byline does: "A", "A & B",
// "A, B & C".
func Authors(as []doc.Author) string {
	var b strings.Builder
	for i, a := range as {
		if i > 0 {
			if i == len(as)-1 {
				b.WriteString(" & ")
			} else {
				b.WriteString(", ")
			}
		}
		b.WriteString(strings.TrimSpace(a.Name))
	}
	return b.String()
}

// Alt returns the cover's text alternative: what it says, in reading
// order, e.g. "Cover: The Debate. Notes From… Kazakhstan is… By Anuar
// Ayazbekov." The word "Cover" is left to the caller's language through
// the element that shows the image; Alt gives only the text on the page.
func Alt(m *doc.Meta, by string) string {
	var parts []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		if r := []rune(s); !unicode.IsPunct(r[len(r)-1]) {
			s += "."
		}
		parts = append(parts, s)
	}
	add(m.Kicker)
	add(m.Title)
	add(m.Subtitle)
	if names := Authors(m.Authors); names != "" {
		if by != "" {
			names = by + " " + names
		}
		add(names)
	}
	return strings.Join(parts, " ")
}

// fits reports whether every line fits the measure (a single word may be
// wider than the measure, which wrap cannot help).
func fits(fs *faceSet, f Face, lines []string, size float64) bool {
	for _, t := range lines {
		if fs.width(f, t, size, 0) > measure+1e-9 {
			return false
		}
	}
	return true
}

// wrap breaks text into lines of at most width (in page widths), choosing
// among all breaks the one whose lines are most even: the sum of the
// squared slack of every line but the last, whose slack counts only if the
// line is very short. Titles then break as a designer would break them,
// not greedily. A word wider than width gets a line of its own.
func wrap(fs *faceSet, f Face, text string, size, track, width float64) []string {
	words := strings.Fields(text)
	n := len(words)
	if n == 0 {
		return nil
	}
	lineWidth := func(i, j int) float64 { return fs.width(f, strings.Join(words[i:j], " "), size, track) }
	// cost[i] is the least cost of setting words[i:]; next[i] where the
	// first line of that setting ends.
	cost := make([]float64, n+1)
	next := make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		cost[i] = math.Inf(1)
		for j := i + 1; j <= n; j++ {
			w := lineWidth(i, j)
			if w > width && j > i+1 {
				break
			}
			slack := (width - w) / width
			c := slack * slack
			if j == n {
				c = 0
				if w < width*0.25 && i > 0 {
					c = 0.5 // a lone short last line looks stranded
				}
			}
			// Every extra line costs something, so that short titles
			// stay on as few lines as fit.
			c += 0.05
			if c+cost[j] < cost[i] {
				cost[i], next[i] = c+cost[j], j
			}
		}
	}
	var lines []string
	for i := 0; i < n; i = next[i] {
		lines = append(lines, strings.Join(words[i:next[i]], " "))
	}
	return lines
}

// A faceSet holds the loaded faces.
type faceSet struct{ faces [len(faceInfo)]*font.Face }

// faces returns the cover's faces, from package fonts.
func faces() (*faceSet, error) {
	loaded, err := fonts.Load()
	if err != nil {
		return nil, fmt.Errorf("cover: %w", err)
	}
	fs := &faceSet{}
	for i, info := range faceInfo {
		j := fonts.Named(info.name)
		if j < 0 {
			return nil, fmt.Errorf("cover: no face %q", info.name)
		}
		fs.faces[i] = loaded[j].Font
	}
	return fs, nil
}

// ref is the size at which text is measured; widths scale linearly.
var ref = units.Pt(1000)

// width returns the width of s set in f at size (both in page widths),
// with track ems after every character but the last.
func (fs *faceSet) width(f Face, s string, size, track float64) float64 {
	w := float64(fs.faces[f].Width(s, ref)) / float64(ref) * size
	if n := len([]rune(s)); n > 1 {
		w += float64(n-1) * track * size
	}
	return w
}

func (fs *faceSet) line(text string, x, y, size, track float64, f Face, c Color, part string) Line {
	return Line{Text: text, X: x, Y: y, Size: size, Width: fs.width(f, text, size, track), Tracking: track, Face: f, Color: c, Part: part}
}
