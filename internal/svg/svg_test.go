package svg

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// describe writes paths compactly: style, then segments in points rounded
// to hundredths, paths separated by " | ".
func describe(ps []*page.Path) string {
	var out []string
	for _, p := range ps {
		var b strings.Builder
		if p.Fill != nil {
			fmt.Fprintf(&b, "fill=%02x%02x%02x ", p.Fill.R, p.Fill.G, p.Fill.B)
		}
		if p.Stroke != nil {
			fmt.Fprintf(&b, "stroke=%02x%02x%02x/%g ", p.Stroke.R, p.Stroke.G, p.Stroke.B, round(p.StrokeWidth))
		}
		if p.EvenOdd {
			b.WriteString("evenodd ")
		}
		for i, s := range p.Segs {
			if i > 0 {
				b.WriteByte(' ')
			}
			pt := func(j int) string { return fmt.Sprintf("%g,%g", round(s.Pts[j].X), round(s.Pts[j].Y)) }
			switch s.Op {
			case page.MoveTo:
				b.WriteString("M" + pt(0))
			case page.LineTo:
				b.WriteString("L" + pt(0))
			case page.CubicTo:
				b.WriteString("C" + pt(0) + " " + pt(1) + " " + pt(2))
			case page.Close:
				b.WriteString("Z")
			}
		}
		out = append(out, b.String())
	}
	return strings.Join(out, " | ")
}

func round(l units.Length) float64 {
	v := float64(int64(l.Points()*100+0.5*sign(l))) / 100
	if v == 0 {
		return 0
	}
	return v
}

func sign(l units.Length) float64 {
	if l < 0 {
		return -1
	}
	return 1
}

func doc(body string) []byte {
	return []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100" viewBox="0 0 100 100">` + body + `</svg>`)
}

var box100 = page.Rect{W: units.Pt(100), H: units.Pt(100)}

func TestShapes(t *testing.T) {
	tests := []struct {
		name string
		svg  []byte
		box  page.Rect
		want string
		warn string // a warning that must be given, or ""
	}{
		{"rect", doc(`<rect x="10" y="10" width="20" height="20"/>`), box100,
			"fill=000000 M10,10 L30,10 L30,30 L10,30 Z", ""},
		{"rect rx only", doc(`<rect width="20" height="10" rx="50" fill="red"/>`), box100,
			"fill=ff0000 M10,0 L10,0 C15.52,0 20,2.24 20,5 L20,5 C20,7.76 15.52,10 10,10 L10,10 C4.48,10 0,7.76 0,5 L0,5 C0,2.24 4.48,0 10,0 Z",
			""},
		{"empty rect", doc(`<rect width="0" height="20"/>`), box100, "", ""},
		{"view box centred and scaled into an offset box",
			[]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`),
			page.Rect{X: units.Pt(5), Y: units.Pt(5), W: units.Pt(100), H: units.Pt(50)},
			"fill=000000 M30,5 L80,5 L80,55 L30,55 Z", ""},
		{"view box origin", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="-10 -10 20 20"><circle r="10"/></svg>`), box100,
			"fill=000000 M100,50 C100,77.61 77.61,100 50,100 C22.39,100 0,77.61 0,50 C0,22.39 22.39,0 50,0 C77.61,0 100,22.39 100,50 Z", ""},
		{"preserveAspectRatio none",
			[]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" preserveAspectRatio="none"><line x2="10" y2="10" stroke="black"/></svg>`),
			page.Rect{W: units.Pt(100), H: units.Pt(50)},
			"stroke=000000/7.07 M0,0 L100,50", ""},
		{"xMaxYMax slice",
			[]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 20" preserveAspectRatio="xMaxYMax slice"><rect width="10" height="20"/></svg>`),
			page.Rect{W: units.Pt(100), H: units.Pt(100)},
			"fill=000000 M0,-100 L100,-100 L100,100 L0,100 Z", ""},
		{"no view box: size in pixels fills the box",
			[]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="50" height="25"><rect width="50" height="25"/></svg>`),
			page.Rect{W: units.Pt(100), H: units.Pt(50)},
			"fill=000000 M0,0 L100,0 L100,50 L0,50 Z", ""},
		{"transform list on groups", doc(`<g transform="translate(10,20)"><g transform="scale(2) translate(1 1)"><rect width="5" height="5"/></g></g>`), box100,
			"fill=000000 M12,22 L22,22 L22,32 L12,32 Z", ""},
		{"rotate about a centre", doc(`<line x1="5" y1="5" x2="10" y2="5" stroke="red" transform="rotate(90 5 5)"/>`), box100,
			"stroke=ff0000/1 M5,5 L5,10", ""},
		{"matrix and skew", doc(`<line x2="10" y2="10" stroke="red" transform="matrix(1 0 0 1 5 5) skewX(45)"/><line x2="10" stroke="red" transform="skewY(45)"/>`), box100,
			"stroke=ff0000/1 M5,5 L25,15 | stroke=ff0000/1 M0,0 L10,10", ""},
		{"bad transform ignored", doc(`<rect width="1" height="1" transform="spin(3)"/>`), box100,
			"fill=000000 M0,0 L1,0 L1,1 L0,1 Z", "transform"},
		{"relative path, subpath after close", doc(`<path d="m10 10 h10 v10 h-10 z l5 0 m5 5 l1-1"/>`), box100,
			"fill=000000 M10,10 L20,10 L20,20 L10,20 Z M10,10 L15,10 M20,15 L21,14", ""},
		{"implicit lineto after moveto", doc(`<path d="M0,0 10,0 10,10z"/>`), box100,
			"fill=000000 M0,0 L10,0 L10,10 Z", ""},
		{"numbers without separators", doc(`<path d="M1.5.5-1-1L2e1 1E1"/>`), box100,
			"fill=000000 M1.5,0.5 L-1,-1 L20,10", ""},
		{"smooth cubic reflects", doc(`<path d="M0 0 C0 10 10 10 10 0 S20 -10 20 0 s10 10 10 0"/>`), box100,
			"fill=000000 M0,0 C0,10 10,10 10,0 C10,-10 20,-10 20,0 C20,10 30,10 30,0", ""},
		{"smooth cubic without a previous curve", doc(`<path d="M0 0 S10 10 20 0"/>`), box100,
			"fill=000000 M0,0 C0,0 10,10 20,0", ""},
		{"quadratic and smooth quadratic", doc(`<path d="M0 0 Q15 30 30 0 T60 0 t30 0"/>`), box100,
			"fill=000000 M0,0 C10,20 20,20 30,0 C40,-20 50,-20 60,0 C70,20 80,20 90,0", ""},
		{"quarter arc", doc(`<path d="M0 0 A10 10 0 0 1 10 10" fill="none" stroke="black"/>`), box100,
			"stroke=000000/1 M0,0 C5.52,0 10,4.48 10,10", ""},
		{"half arc, other sweep, relative", doc(`<path d="M0 0 a10 10 0 0 0 20 0" fill="none" stroke="black"/>`), box100,
			"stroke=000000/1 M0,0 C0,5.52 4.48,10 10,10 C15.52,10 20,5.52 20,0", ""},
		{"arc radii scaled up, flags packed", doc(`<path d="M0 0A1 1 0 0020 0" fill="none" stroke="black"/>`), box100,
			"stroke=000000/1 M0,0 C0,5.52 4.48,10 10,10 C15.52,10 20,5.52 20,0", ""},
		{"large arc", doc(`<path d="M0 0 A10 10 0 1 1 10 10" fill="none" stroke="black"/>`), box100,
			"stroke=000000/1 M0,0 C0,-5.52 4.48,-10 10,-10 C15.52,-10 20,-5.52 20,0 C20,5.52 15.52,10 10,10", ""},
		{"arc with zero radius is a line", doc(`<path d="M0 0 A0 5 0 0 1 10 10" stroke="black" fill="none"/>`), box100,
			"stroke=000000/1 M0,0 L10,10", ""},
		{"path data error keeps what came before", doc(`<path d="M0 0 L10 0 L10 x"/>`), box100,
			"fill=000000 M0,0 L10,0", "path data"},
		{"ellipse", doc(`<ellipse cx="50" cy="50" rx="20" ry="10" fill="#0f0"/>`), box100,
			"fill=00ff00 M70,50 C70,55.52 61.05,60 50,60 C38.95,60 30,55.52 30,50 C30,44.48 38.95,40 50,40 C61.05,40 70,44.48 70,50 Z", ""},
		{"polyline is not filled, polygon closes", doc(`<polyline points="0,0 10,0 10,10" stroke="navy"/><polygon points="0 0 10 0 10 10" fill="orange"/>`), box100,
			"stroke=000080/1 M0,0 L10,0 L10,10 | fill=ffa500 M0,0 L10,0 L10,10 Z", ""},
		{"odd points", doc(`<polygon points="0 0 10 0 10"/>`), box100,
			"fill=000000 M0,0 L10,0 Z", "points"},
		{"inherited style, style attribute wins", doc(`<g fill="red" style="stroke: blue; stroke-width: 2" transform="scale(2)"><rect width="1" height="1" fill="green" style="fill:#123456"/></g>`), box100,
			"fill=123456 stroke=0000ff/4 M0,0 L2,0 L2,2 L0,2 Z", ""},
		{"display none and visibility", doc(`<g style="display:none"><rect width="1" height="1"/></g><g visibility="hidden"><rect width="2" height="2"/><rect width="3" height="3" visibility="visible"/></g>`), box100,
			"fill=000000 M0,0 L3,0 L3,3 L0,3 Z", ""},
		{"fill none, stroke none", doc(`<rect width="1" height="1" fill="none"/><rect width="2" height="2" fill="none" stroke="black" stroke-width="0"/>`), box100, "", ""},
		{"currentColor", doc(`<g color="rgb(10, 20, 30)"><rect width="1" height="1" fill="currentColor"/></g>`), box100,
			"fill=0a141e M0,0 L1,0 L1,1 L0,1 Z", ""},
		{"even-odd", doc(`<path fill-rule="evenodd" d="M0 0H10V10H0Z"/>`), box100,
			"fill=000000 evenodd M0,0 L10,0 L10,10 L0,10 Z", ""},
		{"zero opacity hides, partial warns", doc(`<rect width="1" height="1" opacity="0"/><rect width="2" height="2" fill-opacity="0" stroke="red"/><rect width="3" height="3" opacity="0.5"/>`), box100,
			"stroke=ff0000/1 M0,0 L2,0 L2,2 L0,2 Z | fill=000000 M0,0 L3,0 L3,3 L0,3 Z", "opacity"},
		{"text is reported", doc(`<text x="1" y="1">Hi</text>`), box100, "", "SVG text is not drawn in the PDF"},
		{"gradient gives its first stop", doc(`<defs><linearGradient id="a"><stop offset="0" stop-color="#00f"/><stop offset="1" stop-color="red"/></linearGradient><linearGradient id="b" xlink:href="#a"/></defs><rect width="1" height="1" fill="url(#b)"/>`), box100,
			"fill=0000ff M0,0 L1,0 L1,1 L0,1 Z", "gradient"},
		{"missing paint server falls back", doc(`<rect width="1" height="1" fill="url(#nope) green"/>`), box100,
			"fill=008000 M0,0 L1,0 L1,1 L0,1 Z", ""},
		{"use with offset", doc(`<defs><rect id="r" width="1" height="1" fill="red"/></defs><use href="#r" x="5" y="5" fill="blue"/><use xlink:href="#r" fill="blue"/>`), box100,
			"fill=ff0000 M5,5 L6,5 L6,6 L5,6 Z | fill=ff0000 M0,0 L1,0 L1,1 L0,1 Z", ""},
		{"use inherits style", doc(`<defs><circle id="c" r="1"/></defs><use href="#c" fill="teal"/>`), box100,
			"fill=008080 M1,0 C1,0.55 0.55,1 0,1 C-0.55,1 -1,0.55 -1,0 C-1,-0.55 -0.55,-1 0,-1 C0.55,-1 1,-0.55 1,0 Z", ""},
		{"use of a symbol with a view box", doc(`<symbol id="s" viewBox="0 0 1 1"><rect width="1" height="1"/></symbol><use href="#s" x="10" width="20" height="20"/>`), box100,
			"fill=000000 M10,0 L30,0 L30,20 L10,20 Z", ""},
		{"use cycle", doc(`<g id="g"><use href="#g"/><rect width="1" height="1"/></g>`), box100,
			"fill=000000 M0,0 L1,0 L1,1 L0,1 Z | fill=000000 M0,0 L1,0 L1,1 L0,1 Z", "refers to itself"},
		{"external use", doc(`<use href="other.svg#x"/>`), box100, "", "same file"},
		{"nested svg", doc(`<svg x="10" y="10" width="20" height="10" viewBox="0 0 2 1"><rect width="2" height="1"/></svg>`), box100,
			"fill=000000 M10,10 L30,10 L30,20 L10,20 Z", ""},
		{"units and percentages", doc(`<rect x="10%" y="1in" width="3pt" height="50%"/>`), box100,
			"fill=000000 M10,96 L14,96 L14,146 L10,146 Z", ""},
		{"foreign elements skipped", []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:i="urn:x" viewBox="0 0 100 100"><i:thing><rect width="1" height="1"/></i:thing><title>t</title></svg>`), box100, "", ""},
		{"unknown element", doc(`<blink/>`), box100, "", "<blink>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps, warns, err := Shapes(tc.svg, tc.box)
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(ps); got != tc.want {
				t.Errorf("paths\n got %s\nwant %s", got, tc.want)
			}
			if tc.warn != "" && !strings.Contains(strings.Join(warns, "\n"), tc.warn) {
				t.Errorf("warnings %q lack %q", warns, tc.warn)
			}
			if tc.warn == "" && len(warns) > 0 {
				t.Errorf("unexpected warnings %q", warns)
			}
			for _, p := range ps {
				if p.Clip != tc.box {
					t.Errorf("clip %+v, want the box %+v", p.Clip, tc.box)
				}
			}
		})
	}
}

func TestColors(t *testing.T) {
	tests := []struct {
		in   string
		want page.RGB
		ok   bool
	}{
		{"#abc", page.RGB{R: 0xaa, G: 0xbb, B: 0xcc}, true},
		{"#AbCd", page.RGB{R: 0xaa, G: 0xbb, B: 0xcc}, true},
		{"#102030", page.RGB{R: 0x10, G: 0x20, B: 0x30}, true},
		{"#10203040", page.RGB{R: 0x10, G: 0x20, B: 0x30}, true},
		{"rgb(1, 2, 3)", page.RGB{R: 1, G: 2, B: 3}, true},
		{"rgb(100%,50%,0%)", page.RGB{R: 255, G: 128}, true},
		{"rgba(300, -5, 3.6, 0.5)", page.RGB{R: 255, B: 4}, true},
		{"rgb(1 2 3 / 50%)", page.RGB{R: 1, G: 2, B: 3}, true},
		{" Grey ", page.RGB{R: 128, G: 128, B: 128}, true},
		{"gray", page.RGB{R: 128, G: 128, B: 128}, true},
		{"orange", page.RGB{R: 255, G: 165}, true},
		{"fuchsia", page.RGB{R: 255, B: 255}, true},
		{"#12", page.RGB{}, false},
		{"#ggg", page.RGB{}, false},
		{"rgb(1,2)", page.RGB{}, false},
		{"rgb(1,2,3", page.RGB{}, false},
		{"rgb(NaN,2,3)", page.RGB{}, false},
		{"hsl(0, 100%, 50%)", page.RGB{}, false},
		{"blurple", page.RGB{}, false},
	}
	for _, tc := range tests {
		got, ok := parseColor(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseColor(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestErrors(t *testing.T) {
	many := strings.Repeat(`<g/>`, MaxElements)
	deep := strings.Repeat(`<g>`, MaxDepth+1) + strings.Repeat(`</g>`, MaxDepth+1)
	// Each level uses the one below twice: 2^20 rectangles once expanded.
	var bomb strings.Builder
	bomb.WriteString(`<defs><rect id="l0" width="1" height="1"/>`)
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&bomb, `<g id="l%d"><use href="#l%d"/><use href="#l%d"/></g>`, i, i-1, i-1)
	}
	bomb.WriteString(`</defs><use href="#l20"/>`)
	long := `<path d="M0 0` + strings.Repeat(" L1 1", MaxSegments) + `"/>`
	tests := []struct {
		name string
		svg  string
		want string
		too  bool
	}{
		{"not xml", `<svg`, "svg: parse", false},
		{"empty", ``, "no root", false},
		{"not svg", `<html/>`, "root element is <html>", false},
		{"too many elements", string(doc(many)), "elements", true},
		{"too deep", string(doc(deep)), "nested", true},
		{"use bomb", string(doc(bomb.String())), "elements drawn", true},
		{"too many segments", string(doc(long)), "segments", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Shapes([]byte(tc.svg), box100)
			if err == nil || !strings.HasPrefix(err.Error(), "svg: ") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
			if errors.Is(err, ErrTooComplex) != tc.too {
				t.Errorf("errors.Is(err, ErrTooComplex) = %v", !tc.too)
			}
		})
	}
}

func FuzzShapes(f *testing.F) {
	f.Add(doc(`<rect x="1" y="1" width="5" height="5" rx="1"/><circle r="3" fill="red"/>`))
	f.Add(doc(`<path d="M0 0 C1 2 3 4 5 6 S7 8 9 0 Q1 1 2 2 T3 3 A4 5 30 1 0 9 9 H1 V1 h1 v1 z m1 1 l2 2 a1 1 0 100-5"/>`))
	f.Add(doc(`<g transform="rotate(30 5 5) skewX(10) matrix(1 0 0 1 2 2)" style="fill:#abc;stroke:rgb(1%,2%,3%);stroke-width:2"><polyline points="0 0 1 1 2 0"/></g>`))
	f.Add(doc(`<defs><linearGradient id="g"><stop stop-color="red"/></linearGradient><rect id="r" width="1" height="1"/></defs><use href="#r" fill="url(#g)"/><text>x</text>`))
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e308 1e-308" preserveAspectRatio="xMinYMax slice"><rect width="1e308" height="1e308"/></svg>`))
	f.Add(doc(`<g font-family="Times,serif" font-size="2em"><text x="1 2" y="3" text-anchor="middle">a<tspan dy="-1" font-weight="900">b</tspan> c</text></g>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _, err := Draw(data, box100, testFonts)
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatal(err)
			}
			return
		}
		var ps []*page.Path
		for _, it := range items {
			switch it := it.(type) {
			case *page.Path:
				ps = append(ps, it)
			case *page.Text:
				if strings.TrimSpace(it.Text) == "" || it.Size <= 0 || it.X != it.X || it.Y != it.Y {
					t.Fatalf("bad text %+v", it)
				}
			default:
				t.Fatalf("item %T", it)
			}
		}
		for _, p := range ps {
			if len(p.Segs) == 0 || p.Segs[0].Op != page.MoveTo {
				t.Fatalf("path does not start with a move: %+v", p)
			}
			if p.Fill == nil && p.Stroke == nil {
				t.Fatal("path neither filled nor stroked")
			}
		}
	})
}
