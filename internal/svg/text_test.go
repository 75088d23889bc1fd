package svg

import (
	"fmt"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// testFonts names a face after its family and weight and measures every
// character as half the size wide.
func testFonts(family string, bold, italic bool) (string, func(string, units.Length) units.Length) {
	name := family
	if bold {
		name += "-bold"
	}
	if italic {
		name += "-italic"
	}
	return name, func(s string, size units.Length) units.Length {
		return size.Scale(0.5 * float64(len([]rune(s))))
	}
}

func TestDrawText(t *testing.T) {
	// The view box is 100 units onto a box of 200 points: everything
	// doubles.
	wrap := func(s string) string {
		return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">` + s + `</svg>`
	}
	box := page.Rect{W: units.Pt(200), H: units.Pt(200)}
	for _, c := range []struct {
		name, svg string
		want      string
	}{
		{"plain", `<text x="10" y="20">ptr</text>`, `"ptr" serif 32pt at 20,40 000000`},
		{"graphviz, sized for Times", `<text text-anchor="start" x="26.5" y="9.8" font-family="Times,serif" font-size="14.00" fill="#000000">len</text>`, `"len" serif 24.64pt at 53,19.6 000000`},
		{"families", `<text x="0" y="10" font-family="'Courier New', monospace">a</text><text x="0" y="20" font-family="Helvetica, sans-serif">b</text><text x="0" y="30" style="font-family: serif">c</text>`,
			`"a" mono 32pt at 0,20 000000 | "b" sans 32pt at 0,40 000000 | "c" serif 32pt at 0,60 000000`},
		{"weight and style", `<text x="0" y="10" font-weight="700" font-style="italic">x</text><text x="0" y="20" style="font-weight:bold">y</text>`,
			`"x" serif-bold-italic 32pt at 0,20 000000 | "y" serif-bold 32pt at 0,40 000000`},
		{"anchors", `<text x="50" y="10" font-size="10" text-anchor="middle">abcd</text><text x="50" y="20" font-size="10" text-anchor="end">ab</text>`,
			`"abcd" serif 20pt at 80,20 000000 | "ab" serif 20pt at 80,40 000000`},
		{"inherited from a group, fill", `<g font-size="5" fill="#9c2a1a" font-family="sans-serif"><text x="1" y="2">q</text></g>`, `"q" sans 10pt at 2,4 9c2a1a`},
		{"tspans follow on", `<text x="0" y="10" font-size="10">ab<tspan font-weight="bold">cd</tspan><tspan x="0" dy="12">ef</tspan></text>`,
			`"ab" serif 20pt at 0,20 000000 | "cd" serif-bold 20pt at 20,20 000000 | "ef" serif 20pt at 0,44 000000`},
		{"white space collapses", "<text x=\"0\" y=\"10\" font-size=\"10\">\n  a \n  b  </text>", `"a b " serif 20pt at 0,20 000000`},
		{"no fill, not drawn", `<text x="0" y="10" fill="none">x</text><text x="0" y="10" visibility="hidden">y</text>`, ``},
		{"transformed", `<g transform="translate(10 10) scale(2)"><text x="1" y="1" font-size="4">t</text></g>`, `"t" serif 16pt at 24,24 000000`},
	} {
		t.Run(c.name, func(t *testing.T) {
			items, warns, err := Draw([]byte(wrap(c.svg)), box, testFonts)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) > 0 {
				t.Errorf("warnings: %q", warns)
			}
			var got []string
			for _, it := range items {
				if tx, ok := it.(*page.Text); ok {
					got = append(got, fmt.Sprintf("%q %s %gpt at %g,%g %02x%02x%02x", tx.Text, tx.Font, round(tx.Size), round(tx.X), round(tx.Y), tx.Color.R, tx.Color.G, tx.Color.B))
				}
			}
			if g := strings.Join(got, " | "); g != c.want {
				t.Errorf("got  %s\nwant %s", g, c.want)
			}
		})
	}
}

func TestDrawTextWarnsRotation(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text transform="rotate(90)" x="1" y="1">r</text></svg>`
	items, warns, err := Draw([]byte(svg), page.Rect{W: units.Pt(10), H: units.Pt(10)}, testFonts)
	if err != nil || len(items) != 1 {
		t.Fatalf("items %d, err %v", len(items), err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "drawn upright") {
		t.Errorf("warnings %q", warns)
	}
}
