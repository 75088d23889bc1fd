package highlight

import (
	"fmt"
	"math"
	"strings"
)

// RGB is a colour with components 0–255.
type RGB struct{ R, G, B uint8 }

// Hex returns the colour as CSS writes it, "#8a1a4b".
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// A Style is how a class is drawn: its colour and weight. Colour is never
// the only difference between classes that matter most: keywords are bold
// and comments italic, so that a page printed in grey still shows them.
type Style struct {
	Color        RGB
	Bold, Italic bool
}

// Background is the tint behind a code block. Every colour of the theme
// has a contrast of at least 4.5:1 (WCAG 2 level AA) against it and
// against white.
var Background = RGB{0xf5, 0xf4, 0xef}

// theme is Galley's one print-minded theme: dark, quiet colours.
var theme = [numClasses]Style{
	Plain:    {Color: RGB{0x1a, 0x1a, 0x1a}},
	Keyword:  {Color: RGB{0x8a, 0x1a, 0x4b}, Bold: true},
	Type:     {Color: RGB{0x17, 0x5e, 0x6e}},
	Function: {Color: RGB{0x1f, 0x4f, 0x99}},
	String:   {Color: RGB{0x2b, 0x6a, 0x1a}},
	Number:   {Color: RGB{0x8f, 0x45, 0x00}},
	Constant: {Color: RGB{0x6b, 0x3d, 0x99}},
	Comment:  {Color: RGB{0x5c, 0x5c, 0x5c}, Italic: true},
	Meta:     {Color: RGB{0x7a, 0x52, 0x00}},
	Prompt:   {Color: RGB{0x9c, 0x2a, 0x1a}, Bold: true},
	Output:   {Color: RGB{0x4d, 0x4d, 0x4d}},
	Deleted:  {Color: RGB{0xa1, 0x1d, 0x1d}},
	Inserted: {Color: RGB{0x2b, 0x6a, 0x1a}},
}

// names are the classes' names in the EPUB's markup and stylesheet.
var names = [numClasses]string{
	Plain: "", Keyword: "kw", Type: "ty", Function: "fn", String: "st",
	Number: "nu", Constant: "cn", Comment: "cm", Meta: "mt", Prompt: "pr",
	Output: "ou", Deleted: "del", Inserted: "ins",
}

// Style returns how c is drawn.
func (c Class) Style() Style {
	if c >= numClasses {
		return theme[Plain]
	}
	return theme[c]
}

// Name returns c's name as a CSS class; "" for Plain.
func (c Class) Name() string {
	if c >= numClasses {
		return ""
	}
	return names[c]
}

// CSS returns the stylesheet rules of the theme: the code block's tint and
// text colour, and one rule for each class's spans inside a pre of class
// "code".
func CSS() string {
	var b strings.Builder
	p := theme[Plain]
	fmt.Fprintf(&b, "pre.code { background-color: %s; color: %s; }\n", Background.Hex(), p.Color.Hex())
	for c := Class(1); c < numClasses; c++ {
		s := theme[c]
		fmt.Fprintf(&b, "pre.code .%s { color: %s;", names[c], s.Color.Hex())
		if s.Bold {
			b.WriteString(" font-weight: bold;")
		}
		if s.Italic {
			b.WriteString(" font-style: italic;")
		}
		b.WriteString(" }\n")
	}
	return b.String()
}

// Contrast returns the WCAG 2 contrast ratio of two colours, from 1 to 21.
func Contrast(a, b RGB) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c RGB) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}
