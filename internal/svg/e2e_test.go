package svg

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/pdf"
	"github.com/galley-press/galley/internal/units"
)

// TestPDF draws testdata/chart.svg into a PDF and, with poppler installed
// (else it is skipped, saying so), renders the page and checks colours at
// known places. Set
// GALLEY_SVG_PNG to a folder to keep the PDF and the PNG for looking at.
func TestPDF(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "chart.svg"))
	if err != nil {
		t.Fatal(err)
	}
	// The 400×200 image fills a 400×200 pt box at (50, 50) on the page.
	box := page.Rect{X: units.Pt(50), Y: units.Pt(50), W: units.Pt(400), H: units.Pt(200)}
	paths, warns, err := Shapes(data, box)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(warns, []string{"SVG text is not drawn in the PDF"}) {
		t.Errorf("warnings %q", warns)
	}
	items := make([]page.Item, len(paths))
	for i, p := range paths {
		items[i] = p
	}
	d := &page.Document{
		Info:  page.Info{Title: "SVG", Date: "2024-01-01", ID: "svg"},
		Pages: []*page.Page{{Width: units.Pt(500), Height: units.Pt(300), Items: items}},
	}
	var out bytes.Buffer
	if err := pdf.Write(&out, d); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := pdf.Write(&again, d); err != nil || !bytes.Equal(out.Bytes(), again.Bytes()) {
		t.Errorf("output is not reproducible (%v)", err)
	}

	dir := os.Getenv("GALLEY_SVG_PNG")
	if dir == "" {
		dir = t.TempDir()
	}
	file := filepath.Join(dir, "chart.pdf")
	if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("qpdf", func(t *testing.T) {
		needTool(t, "qpdf")
		if b, err := exec.Command("qpdf", "--check", file).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, b)
		}
	})
	needTool(t, "pdftoppm")
	// At 72 dpi a pixel is a point.
	if b, err := exec.Command("pdftoppm", "-png", "-r", "72", "-singlefile", file, filepath.Join(dir, "chart")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	f, err := os.Open(filepath.Join(dir, "chart.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		what    string
		x, y    int // in image units, offset by the box
		r, g, b uint8
	}{
		{"margin outside the box", -20, -20, 255, 255, 255},
		{"background", 150, 20, 0xf4, 0xf4, 0xf4},
		{"first bar", 35, 150, 0xc0, 0x30, 0x30},
		{"second bar", 75, 150, 48, 112, 192},
		{"third bar", 115, 50, 255, 165, 0},
		{"circle", 200, 100, 0, 128, 0},
		{"circle's stroke", 200, 60, 0, 0, 128},
		{"under the large arc, which bulges up", 300, 140, 0xf4, 0xf4, 0xf4},
		{"the path's square corner", 370, 110, 128, 0, 128},
		{"inside the small arc, which bulges down", 360, 170, 128, 0, 128},
		{"the quadratic wave's crest", 290, 20, 0, 128, 128},
	}
	for _, tc := range tests {
		r, g, b := rgbAt(img, 50+tc.x, 50+tc.y)
		if diff(r, tc.r) > 24 || diff(g, tc.g) > 24 || diff(b, tc.b) > 24 {
			t.Errorf("%s at (%d, %d): colour %d,%d,%d, want %d,%d,%d", tc.what, tc.x, tc.y, r, g, b, tc.r, tc.g, tc.b)
		}
	}
}

// needTool skips t, naming the reason, unless the command name is
// installed.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed: %v", name, err)
	}
}

func rgbAt(img image.Image, x, y int) (r, g, b uint8) {
	cr, cg, cb, _ := img.At(img.Bounds().Min.X+x, img.Bounds().Min.Y+y).RGBA()
	return uint8(cr >> 8), uint8(cg >> 8), uint8(cb >> 8)
}

func diff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
