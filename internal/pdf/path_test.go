package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

func pt(x, y float64) page.Point { return page.Point{X: units.Pt(x), Y: units.Pt(y)} }

// pathDoc is one page with a red filled triangle, a blue stroked Bézier
// curve, an even-odd ring filled and stroked, and a green square clipped to
// its left half.
func pathDoc() *page.Document {
	red, blue, green, black := page.RGB{R: 220, G: 30, B: 30}, page.RGB{B: 200}, page.RGB{G: 160}, page.RGB{}
	square := func(x, y, s float64) []page.Seg {
		return []page.Seg{
			{Op: page.MoveTo, Pts: [3]page.Point{pt(x, y)}},
			{Op: page.LineTo, Pts: [3]page.Point{pt(x+s, y)}},
			{Op: page.LineTo, Pts: [3]page.Point{pt(x+s, y+s)}},
			{Op: page.LineTo, Pts: [3]page.Point{pt(x, y+s)}},
			{Op: page.Close},
		}
	}
	return &page.Document{
		Info: page.Info{Title: "Paths", Date: "2024-01-02T03:04:05Z", ID: "paths"},
		Pages: []*page.Page{{Width: units.Pt(300), Height: units.Pt(200), Items: []page.Item{
			&page.Path{Fill: &red, Segs: []page.Seg{
				{Op: page.MoveTo, Pts: [3]page.Point{pt(20, 180)}},
				{Op: page.LineTo, Pts: [3]page.Point{pt(100, 180)}},
				{Op: page.LineTo, Pts: [3]page.Point{pt(60, 100)}},
				{Op: page.Close},
			}},
			&page.Path{Stroke: &blue, StrokeWidth: units.Pt(4), Segs: []page.Seg{
				{Op: page.MoveTo, Pts: [3]page.Point{pt(120, 180)}},
				{Op: page.CubicTo, Pts: [3]page.Point{pt(140, 20), pt(260, 20), pt(280, 180)}},
			}},
			&page.Path{Fill: &green, Stroke: &black, StrokeWidth: units.Pt(1), EvenOdd: true,
				Segs: append(square(20, 20, 60), square(35, 35, 30)...)},
			&page.Path{Fill: &green, Clip: page.Rect{X: units.Pt(200), Y: units.Pt(20), W: units.Pt(20), H: units.Pt(40)},
				Segs: square(200, 20, 40)},
			&page.Rule{X: units.Pt(100), Y: units.Pt(20), W: units.Pt(20), H: units.Pt(20), Color: green},
		}}},
	}
}

func TestPath(t *testing.T) {
	out := write(t, pathDoc())
	if !bytes.Equal(out, write(t, pathDoc())) {
		t.Error("output is not reproducible")
	}
	var content string
	for _, s := range streams(out) {
		if bytes.Contains(s, []byte(" m\n")) {
			content = string(s)
		}
	}
	for _, want := range []string{
		"20.00 20.00 m\n100.00 20.00 l\n60.00 100.00 l\nh\nf\n",                                     // triangle, y flipped
		"4.00 w\n120.00 20.00 m\n140.00000 180.00000 260.00000 180.00000 280.00000 20.00000 c\nS\n", // curve
		"h\nB*\n",                               // even-odd ring, filled and stroked
		"q 200.00 180.00 20.00 -40.00 re W n\n", // clip
		"Q\n0.000 0.627 0.000 rg\n",             // the fill colour is set again after the clip
	} {
		if !strings.Contains(content, want) {
			t.Errorf("content stream lacks %q:\n%s", want, content)
		}
	}

	t.Run("qpdf", func(t *testing.T) {
		needTool(t, "qpdf")
		file := filepath.Join(t.TempDir(), "paths.pdf")
		if err := os.WriteFile(file, out, 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.Command("qpdf", "--check", file).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, b)
		}
	})
	if dir := os.Getenv("GALLEY_PATH_PNG"); dir != "" {
		// For looking at: GALLEY_PATH_PNG=/tmp go test -run TestPath
		file := filepath.Join(dir, "paths.pdf")
		if err := os.WriteFile(file, out, 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.Command("pdftoppm", "-png", "-r", "80", file, filepath.Join(dir, "paths")).CombinedOutput(); err != nil {
			t.Errorf("pdftoppm: %v\n%s", err, b)
		}
	}
}

func TestPathErrors(t *testing.T) {
	black := page.RGB{}
	tests := []struct {
		name string
		p    *page.Path
		want string
	}{
		{"nil", nil, "nil path"},
		{"no move", &page.Path{Fill: &black, Segs: []page.Seg{{Op: page.LineTo}}}, "does not start with a move"},
		{"bad op", &page.Path{Fill: &black, Segs: []page.Seg{{Op: page.MoveTo}, {Op: 9}}}, "unknown operation"},
		{"negative width", &page.Path{Stroke: &black, StrokeWidth: -1, Segs: []page.Seg{{Op: page.MoveTo}}}, "stroke width"},
		{"negative clip", &page.Path{Clip: page.Rect{W: -1}}, "clip size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := pathDoc()
			d.Pages[0].Items = append(d.Pages[0].Items, tc.p)
			var buf bytes.Buffer
			err := Write(&buf, d)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Write: %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}
