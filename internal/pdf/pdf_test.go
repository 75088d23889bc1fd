package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

var (
	a4W, a4H = units.Pt(595.28), units.Pt(841.89)
	a5W, a5H = units.Pt(420.94), units.Pt(595.28)
)

func readFont(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "fonts", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pngBytes returns a w×h PNG: a colour block with a black frame.
func pngBytes(t testing.TB, w, h int, c color.RGBA) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, framed(w, h, c)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func framed(w, h int, c color.RGBA) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if x < 2 || y < 2 || x >= w-2 || y >= h-2 {
				img.Set(x, y, color.RGBA{0, 0, 0, 255})
			} else {
				img.Set(x, y, c)
			}
		}
	}
	return img
}

func text(x, y float64, font string, size float64, s string) *page.Text {
	return &page.Text{X: units.Pt(x), Y: units.Pt(y), Font: font, Size: units.Pt(size), Text: s}
}

// sample builds a three-page document: two A4 pages and an A5 one.
func sample(t testing.TB) *page.Document {
	red := pngBytes(t, 100, 50, color.RGBA{220, 40, 40, 255})
	blue := pngBytes(t, 100, 80, color.RGBA{40, 40, 220, 255}) // same width as red
	var jpg, gf bytes.Buffer
	if err := jpeg.Encode(&jpg, framed(100, 40, color.RGBA{40, 160, 40, 255}), nil); err != nil {
		t.Fatal(err)
	}
	if err := gif.Encode(&gf, framed(100, 30, color.RGBA{200, 160, 0, 255}), nil); err != nil {
		t.Fatal(err)
	}
	hello := text(72, 100, "Serif", 24, "Hello")
	world := text(140, 100, "Serif Italic", 24, "world")
	world.Color = page.RGB{R: 200}
	return &page.Document{
		Info: page.Info{
			Title:    "Galley Test (draft)",
			Author:   "Ada Lovelace",
			Subject:  "Prüfung 𝔸",
			Keywords: "pdf, test",
			Creator:  "Galley",
			Lang:     "en-GB",
			Date:     "2024-01-02T03:04:05Z",
			ID:       "galley-test-book",
		},
		Fonts: []page.Font{
			{Name: "Serif", Data: readFont(t, "PTF55F.ttf")},
			{Name: "Serif Italic", Data: readFont(t, "PTF56F.ttf")},
			{Name: "Unused", Data: []byte("not a font at all")},
		},
		Outline: []page.Bookmark{
			{Title: "Start", Level: 0, Dest: "top"},
			{Title: "Second page", Level: 1, Dest: "second"},
			{Title: "Third", Level: 0, Dest: "third"},
		},
		Pages: []*page.Page{
			{Width: a4W, Height: a4H, Items: []page.Item{
				&page.Dest{Name: "top", Y: 0},
				hello,
				world,
				&page.Rule{X: units.Pt(72), Y: units.Pt(110), W: units.Pt(451.28), H: units.Pt(1), Color: page.RGB{R: 128, G: 128, B: 128}},
				&page.Image{X: units.Pt(72), Y: units.Pt(130), W: units.Pt(200), H: units.Pt(100), Format: "png", Data: red, Key: "red.png"},
				&page.Image{X: units.Pt(300), Y: units.Pt(130), W: units.Pt(100), H: units.Pt(80), Format: "png", Data: blue, Key: "blue.png"},
				text(72, 260, "Serif", 12, "Visit"),
				text(105, 260, "Serif", 12, "Galley"),
				&page.Link{X: units.Pt(105), Y: units.Pt(250), W: units.Pt(40), H: units.Pt(14), URL: "https://example.org/über"},
				text(72, 280, "Serif", 12, "See"),
				text(95, 280, "Serif", 12, "page"),
				text(125, 280, "Serif", 12, "two."),
				&page.Link{X: units.Pt(72), Y: units.Pt(270), W: units.Pt(80), H: units.Pt(14), Dest: "second"},
			}},
			{Width: a4W, Height: a4H, Items: []page.Item{
				&page.Dest{Name: "second", Y: units.Pt(300)},
				text(72, 320, "Serif", 18, "Second"),
				text(140, 320, "Serif", 18, "page"),
				&page.Image{X: units.Pt(72), Y: units.Pt(340), W: units.Pt(50), H: units.Pt(25), Format: "png", Data: red, Key: "red.png"},
				&page.Image{X: units.Pt(72), Y: units.Pt(400), W: units.Pt(100), H: units.Pt(40), Format: "jpeg", Data: jpg.Bytes(), Key: "green.jpg"},
				&page.Image{X: units.Pt(200), Y: units.Pt(400), W: units.Pt(100), H: units.Pt(30), Format: "gif", Data: gf.Bytes(), Key: "yellow.gif"},
				&page.Image{X: units.Pt(320), Y: units.Pt(400), W: units.Pt(50), H: units.Pt(25), Format: "png", Data: red, Key: "same-as-red"},
			}},
			{Width: a5W, Height: a5H, Items: []page.Item{
				&page.Dest{Name: "third", Y: units.Pt(100)},
				text(50, 120, "Serif", 14, "Third"),
				text(50, 140, "Serif Italic", 14, "Grüße, „quotes“ — ½ 😀"),
			}},
		},
	}
}

// escape escapes a PDF literal string body as fpdf does.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`, "\r", `\r`).Replace(s)
}

func write(t testing.TB, d *page.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// streams returns the inflated contents of the file's Flate streams.
func streams(b []byte) [][]byte {
	var out [][]byte
	for {
		i := bytes.Index(b, []byte("stream\n"))
		if i < 0 {
			return out
		}
		b = b[i+len("stream\n"):]
		j := bytes.Index(b, []byte("\nendstream"))
		if j < 0 {
			return out
		}
		if r, err := zlib.NewReader(bytes.NewReader(b[:j])); err == nil {
			if data, err := io.ReadAll(r); err == nil {
				out = append(out, data)
			}
		}
		b = b[j+len("\nendstream"):]
	}
}

func TestWrite(t *testing.T) {
	d := sample(t)
	out := write(t, d)
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("output starts with %q", out[:8])
	}
	for i := range 20 { // map order in fpdf would show up here
		if again := write(t, d); !bytes.Equal(out, again) {
			t.Fatalf("write %d differs from the first", i+2)
		}
	}
	id := md5.Sum([]byte("galley-test-book"))
	h := hex.EncodeToString(id[:])
	for _, want := range []string{
		"/Lang (en-GB)",
		"/Title (" + escape(utf16Text("Galley Test (draft)")) + ")",
		"/Author (" + utf16Text("Ada Lovelace") + ")",
		"/Type /Outlines",
		"/URI (https://example.org/%C3%BCber)",
		"/ID [<" + h + "> <" + h + ">]",
		"/CreationDate (D:20240102030405Z)",
		"/ModDate (D:20240102030405Z)",
		// page 2 is object 5; its Dest at 300pt from the top of an A4 page
		"/Dest [5 0 R /XYZ 0 541.89 null]",
		// the third, A5, page is object 7
		"/Dest [7 0 R /XYZ 0 495.28 null]",
		"/Dest [3 0 R /XYZ 0 841.89 null]",
		"/MediaBox [0 0 420.94 595.28]",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %q", want)
		}
	}
	if n := bytes.Count(out, []byte("/Subtype /Image")); n != 4 {
		t.Errorf("%d images embedded, want 4", n)
	}
	subset := regexp.MustCompile(`/BaseFont /[A-Z]{6}\+PTSerif-(Regular|Italic)\n`)
	if n := len(subset.FindAll(out, -1)); n != 4 {
		t.Errorf("%d subset /BaseFont names, want 4 (two per font)", n)
	}
	if bytes.Contains(out, []byte("/utf8")) {
		t.Error("an fpdf font name was left behind")
	}

	var content []byte
	for _, s := range streams(out) {
		if bytes.Contains(s, []byte(" Tj")) {
			content = append(content, s...)
		}
	}
	if len(content) == 0 {
		t.Fatal("no content streams found")
	}
	// Baseline placement: Y=100 on A4 is 741.89 from the bottom.
	if !bytes.Contains(content, []byte("BT 72.00 741.89 Td")) {
		t.Error("Hello is not placed at its baseline (72, 741.89)")
	}
	if bytes.Contains(content, []byte(" Tw")) || bytes.Contains(content, []byte(" Tc")) {
		t.Error("content sets word or character spacing")
	}

	if testing.Verbose() {
		if err := os.WriteFile(filepath.Join(t.TempDir(), "sample.pdf"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if dir := os.Getenv("GALLEY_PDF_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "sample.pdf"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkWithTools(t, out)
}

// checkWithTools runs poppler and qpdf over the file, each as a subtest
// that is skipped, saying so, where the tool is not installed.
func checkWithTools(t *testing.T, out []byte) {
	file := filepath.Join(t.TempDir(), "test.pdf")
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, name string, args ...string) string {
		t.Helper()
		needTool(t, name)
		cmd := exec.Command(name, args...)
		cmd.Env = append(os.Environ(), "TZ=UTC", "LC_ALL=C.UTF-8")
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, b)
		}
		return string(b)
	}
	t.Run("pdftotext", func(t *testing.T) {
		words := strings.Fields(run(t, "pdftotext", "-q", file, "-"))
		want := []string{"Hello", "world", "Visit", "Galley", "See", "page", "two.", "Second", "page", "Third", "Grüße,"}
		if len(words) < len(want) || strings.Join(words[:len(want)], " ") != strings.Join(want, " ") {
			t.Errorf("pdftotext gives %q, want it to start with %q", words, want)
		}
	})
	t.Run("pdffonts", func(t *testing.T) {
		s := run(t, "pdffonts", file)
		lines := strings.Split(strings.TrimSpace(s), "\n")
		if len(lines) != 4 {
			t.Fatalf("pdffonts lists %d lines, want 2 fonts:\n%s", len(lines), s)
		}
		for _, l := range lines[2:] {
			f := strings.Fields(l)
			if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || !regexp.MustCompile(`^[A-Z]{6}\+`).MatchString(f[0]) {
				t.Errorf("font not embedded as a subset: %s", l)
			}
		}
	})
	t.Run("pdfinfo", func(t *testing.T) {
		s := run(t, "pdfinfo", file)
		for _, want := range []string{
			"Title:           Galley Test (draft)",
			"Subject:         Prüfung 𝔸",
			"Author:          Ada Lovelace",
			"CreationDate:    Tue Jan  2 03:04:05 2024 UTC",
			"Pages:           3",
		} {
			if !strings.Contains(s, want) {
				t.Errorf("pdfinfo lacks %q:\n%s", want, s)
			}
		}
	})
	// qpdf --check exits non-zero on a damaged file, which run reports.
	t.Run("qpdf", func(t *testing.T) { run(t, "qpdf", "--check", file) })
}

// needTool skips t, naming the reason, unless the command name is
// installed.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed: %v", name, err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *page.Document)
		want   string
	}{
		{"missing dest", func(d *page.Document) {
			d.Pages[0].Items = append(d.Pages[0].Items, &page.Link{W: 1, H: 1, Dest: "nowhere"})
		}, `unknown destination "nowhere"`},
		{"bookmark to missing dest", func(d *page.Document) {
			d.Outline = append(d.Outline, page.Bookmark{Title: "Lost", Dest: "nowhere"})
		}, `unknown destination "nowhere"`},
		{"unknown font", func(d *page.Document) {
			d.Pages[1].Items = append(d.Pages[1].Items, text(1, 1, "Sans", 10, "x"))
		}, `unknown font "Sans"`},
		{"bad font", func(d *page.Document) {
			d.Fonts[0].Data = []byte("\x00\x01\x00\x00garbage")
		}, `font "Serif"`},
		{"no pages", func(d *page.Document) { d.Pages = nil }, "no pages"},
		{"nil item", func(d *page.Document) { d.Pages[0].Items = append(d.Pages[0].Items, nil) }, "nil item"},
		{"nil text", func(d *page.Document) { d.Pages[0].Items = append(d.Pages[0].Items, (*page.Text)(nil)) }, "nil text"},
		{"bad image", func(d *page.Document) {
			d.Pages[1].Items = append(d.Pages[1].Items, &page.Image{W: 1, H: 1, Format: "png", Data: []byte("nope"), Key: "x"})
		}, `image "x"`},
		{"bad lang", func(d *page.Document) { d.Info.Lang = "en) /Foo (" }, "language"},
		{"bad date", func(d *page.Document) { d.Info.Date = "yesterday" }, "date"},
		{"duplicate dest", func(d *page.Document) {
			d.Pages[1].Items = append(d.Pages[1].Items, &page.Dest{Name: "top"})
		}, `"top" defined twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := sample(t)
			tc.change(d)
			var buf bytes.Buffer
			err := Write(&buf, d)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "pdf: ") {
				t.Errorf("Write: %v, want an error mentioning %q", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes despite failing", buf.Len())
			}
		})
	}
	if err := Write(io.Discard, nil); err == nil {
		t.Error("Write(nil document) succeeded")
	}
}

// TestDamagedFonts feeds truncated and scribbled-over fonts: Write must
// neither panic nor print, whatever it returns.
func TestDamagedFonts(t *testing.T) {
	good := readFont(t, "PTF55F.ttf")
	var damaged [][]byte
	for _, n := range []int{0, 4, 12, 100, 400, 1000, 5000, len(good) / 2, len(good) - 1} {
		damaged = append(damaged, good[:n])
	}
	for i := 0; i < 40; i++ {
		b := bytes.Clone(good)
		for j := 0; j < 8; j++ {
			b[(i*7919+j*104729)%300+(j%2)*(i*15485863%len(good))] ^= byte(0x5A + i + j)
		}
		damaged = append(damaged, b)
	}
	printed := captureStdout(t, func() {
		for _, data := range damaged {
			d := &page.Document{
				Fonts: []page.Font{{Name: "F", Data: data}},
				Pages: []*page.Page{{Width: a4W, Height: a4H, Items: []page.Item{text(72, 72, "F", 12, "Hello, world")}}},
			}
			_ = Write(io.Discard, d)
		}
	})
	if printed != "" {
		t.Errorf("fpdf printed to standard output:\n%s", printed)
	}
}

func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	defer func() {
		os.Stdout = old
	}()
	f()
	os.Stdout = old
	w.Close()
	return <-done
}

// TestOutlineLevels gives levels that skip and start deep; fpdf needs each
// level at most one deeper than the one before.
func TestOutlineLevels(t *testing.T) {
	d := sample(t)
	d.Outline = []page.Bookmark{
		{Title: "Deep start", Level: 2, Dest: "top"},
		{Title: "Jump", Level: 5, Dest: "second"},
		{Title: "Back", Level: 0, Dest: "third"},
		{Title: "Backwards", Level: 1, Dest: "top"},
	}
	out := write(t, d)
	for _, want := range []string{"/Dest [3 0 R /XYZ 0 841.89 null]", "/Dest [5 0 R /XYZ 0 541.89 null]", "/Dest [7 0 R /XYZ 0 495.28 null]"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %q", want)
		}
	}
	t.Run("qpdf", func(t *testing.T) {
		needTool(t, "qpdf")
		file := filepath.Join(t.TempDir(), "outline.pdf")
		if err := os.WriteFile(file, out, 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := exec.Command("qpdf", "--json", "--json-key=outlines", file).CombinedOutput()
		if err != nil {
			t.Fatalf("qpdf: %v\n%s", err, b)
		}
		// Deep start > Jump, then Back > Backwards.
		titles := regexp.MustCompile(`"title": "([^"]*)"`).FindAllStringSubmatch(string(b), -1)
		var got []string
		for _, m := range titles {
			got = append(got, m[1])
		}
		if strings.Join(got, "|") != "Jump|Deep start|Backwards|Back" {
			t.Errorf("outline as qpdf lists it (children first): %q", got)
		}
	})
}

func TestNoDateIsFixed(t *testing.T) {
	d := sample(t)
	d.Info.Date = ""
	d.Info.ID = ""
	out := write(t, d)
	if !bytes.Contains(out, []byte("/CreationDate (D:19700101000000Z)")) {
		t.Error("an empty date does not give the fixed date")
	}
	if !bytes.Equal(out, write(t, d)) {
		t.Error("output without date and ID is not reproducible")
	}
	if !bytes.Contains(out, []byte("/ID [<")) {
		t.Error("no file ID without Info.ID")
	}
}

// benchDoc returns pages pages of lines lines of 10 words each.
func benchDoc(b testing.TB, pages int) *page.Document {
	words := strings.Fields("the quick brown fox jumps over a lazy dog while Galley sets type with care and precision")
	d := &page.Document{
		Info:  page.Info{Title: "Benchmark", Date: "2024-01-01T00:00:00Z", ID: "bench"},
		Fonts: []page.Font{{Name: "R", Data: readFont(b, "PTF55F.ttf")}, {Name: "I", Data: readFont(b, "PTF56F.ttf")}},
		// Tagged as Galley's documents are: a paragraph every five lines,
		// the folio an artifact.
		Struct: &page.Elem{Type: "Document"},
	}
	var para *page.Elem
	for p := range pages {
		pg := &page.Page{Width: a4W, Height: a4H}
		for line := range 30 {
			if line%5 == 0 {
				para = &page.Elem{Type: "P"}
				d.Struct.Kids = append(d.Struct.Kids, para)
			}
			for w := range 10 {
				font := "R"
				if (p+line+w)%17 == 0 {
					font = "I"
				}
				pg.Items = append(pg.Items, &page.Text{
					X: units.Pt(72 + 45*float64(w)), Y: units.Pt(90 + 22*float64(line)),
					Font: font, Size: units.Pt(10.5), Text: words[(p*31+line*7+w)%len(words)],
					Elem: para, SpaceAfter: true,
				})
			}
		}
		pg.Items = append(pg.Items, &page.Text{X: units.Pt(290), Y: units.Pt(800), Font: "R", Size: units.Pt(10), Text: strconv.Itoa(p + 1)})
		d.Pages = append(d.Pages, pg)
	}
	return d
}

func BenchmarkWrite(b *testing.B) {
	d := benchDoc(b, 1000)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, d); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes")
}

// TestHorizontalScaling checks that expanded text is drawn with the
// matching Tz, set only when it changes and again on each new page.
func TestHorizontalScaling(t *testing.T) {
	d := sample(t)
	wide := text(72, 100, "Serif", 11, "wider")
	wide.Expand = 20
	narrow := text(72, 120, "Serif", 11, "narrower")
	narrow.Expand = -15
	plain := text(72, 140, "Serif", 11, "plain")
	same := text(72, 160, "Serif", 11, "narrower")
	same.Expand = -15
	again := text(72, 180, "Serif", 11, "narrower still")
	again.Expand = -15
	d.Pages[0].Items = append(d.Pages[0].Items, wide, narrow, plain, same, again)
	next := text(72, 100, "Serif", 11, "next page")
	next.Expand = -15 // as the text before, but on a new page
	d.Pages[1].Items = append(d.Pages[1].Items, next)
	out := write(t, d)
	all := string(out)
	for _, s := range streams(out) {
		all += string(s)
	}
	for _, c := range []struct {
		op   string
		want int
	}{{"102 Tz", 1}, {"98.5 Tz", 3}, {"100 Tz", 1}} {
		if n := strings.Count(all, c.op); n != c.want {
			t.Errorf("%q %d times, want %d", c.op, n, c.want)
		}
	}
}
