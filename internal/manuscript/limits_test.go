package manuscript

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/source"
)

// loadText loads a manuscript of one file, a.md, and returns its
// diagnostics as text.
func loadText(t *testing.T, md string, extra fstest.MapFS) string {
	t.Helper()
	fsys := fstest.MapFS{"a.md": {Data: []byte(md)}}
	for k, v := range extra {
		fsys[k] = v
	}
	l := &Loader{FS: fsys, Display: "manuscript"}
	_, diags, err := l.Load("")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var b strings.Builder
	diags.Fprint(&b)
	return b.String()
}

// pngHeader returns the start of a PNG file whose header claims w×h pixels.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// TestLimitDiagnostics checks the exact text and position of the loader's
// diagnostics about languages and hostile input.
func TestLimitDiagnostics(t *testing.T) {
	laughs, err := os.ReadFile("testdata/front/billion-laughs.md")
	if err != nil {
		t.Fatal(err)
	}
	good := pngBytes(t, 2, 2)
	big := noisyPNG(t, 64, 64)
	flipped := bytes.Clone(big)
	flipped[len(flipped)/2] ^= 0xff
	jpg, gf := encoded(t, "jpeg"), encoded(t, "gif")
	tests := []struct {
		name, md, want string
	}{
		{"known languages", "---\ntitle: T\nlang: kk-Cyrl-KZ\n---\nx\n", ""},
		{"three-letter language", "---\ntitle: T\nlang: haw\n---\nx\n", ""},
		{"unknown language", "---\ntitle: T\nlang: xx\n---\nx\n",
			"manuscript/a.md:3:7: unknown language \"xx\"\n"},
		{"unknown language with region", "---\ntitle: T\nlang:  \"qz-KZ\"\n---\nx\n",
			"manuscript/a.md:3:8: unknown language \"qz\"\n"},
		{"malformed tag is not also unknown", "---\ntitle: T\nlang: e\n---\nx\n",
			"manuscript/a.md:3:7: lang \"e\" is not a language tag such as \"en\", \"en-GB\", \"ru\" or \"kk\"\n"},
		{"heading jump in a chapter", "---\ntitle: T\n---\n# One\n\n### Three\n",
			"manuscript/a.md:6:1: warning: heading level jumps from 1 to 3\n"},
		{"raw html script", "---\ntitle: T\n---\nText <script>x()</script>.\n",
			"manuscript/a.md:4:6: warning: raw HTML <script> was left out\n"},
		{"raw html image path checked", "---\ntitle: T\n---\n<img src=\"../up.png\" alt=\"Up\">\n",
			"manuscript/a.md:4:1: warning: raw HTML <img> left out: image \"../up.png\": path leads outside the manuscript folder\n"},
		{"raw html image alt checked", "---\ntitle: T\n---\nSee <img src=\"images/ok.png\"> here.\n",
			"manuscript/a.md:4:5: warning: raw HTML <img> left out: image \"images/ok.png\" has no alt text\n"},
		{"raw html decorative image", "---\ntitle: T\n---\nSee <img src=\"images/ok.png\" alt=\"\"> here.\n", ""},
		{"billion laughs", string(laughs),
			"manuscript/a.md:3:4: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:4:4: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:5:4: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:6:4: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:7:4: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:8:4: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:9:4: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:10:4: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:11:4: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:12:11: front matter: anchors and aliases are not supported\n"},
		{"huge image header", "---\ntitle: T\n---\n![Huge](images/huge.png)\n",
			"manuscript/a.md:4:3: image \"images/huge.png\": 100000×100000 pixels is outside the limit of 60000000 pixels\n"},
		{"truncated image", "---\ntitle: T\n---\n![Cut](images/cut.png)\n",
			"manuscript/a.md:4:3: image \"images/cut.png\": not a PNG, JPEG, GIF, WebP or SVG image, or the file is damaged\n"},
		{"png cut after its header", "---\ntitle: T\n---\n![Cut](images/cut-data.png)\n",
			"manuscript/a.md:4:3: image \"images/cut-data.png\": the file is damaged (invalid format: not enough pixel data)\n"},
		{"png with a damaged byte", "---\ntitle: T\n---\n![Bad](images/flipped.png)\n",
			"manuscript/a.md:4:3: image \"images/flipped.png\": the file is damaged (invalid format: zlib: invalid checksum)\n"},
		{"jpeg cut short", "---\ntitle: T\n---\n![Cut](images/cut.jpg)\n",
			"manuscript/a.md:4:3: image \"images/cut.jpg\": the file is damaged (invalid JPEG format: short Huffman data)\n"},
		{"gif cut short", "---\ntitle: T\n---\n![Cut](images/cut.gif)\n",
			"manuscript/a.md:4:3: image \"images/cut.gif\": the file is damaged (not enough image data)\n"},
		{"one damaged file used twice is reported at each use", "---\ntitle: T\n---\n![A](images/cut-data.png)\n\n![B](images/cut-data.png)\n",
			"manuscript/a.md:4:3: image \"images/cut-data.png\": the file is damaged (invalid format: not enough pixel data)\n" +
				"manuscript/a.md:6:3: image \"images/cut-data.png\": the file is damaged (invalid format: not enough pixel data)\n"},
	}
	extra := fstest.MapFS{
		"images/ok.png":   {Data: good},
		"images/huge.png": {Data: pngHeader(100000, 100000)},
		"images/cut.png":  {Data: good[:20]},
		// A PNG of more than one chunk of pixel data, cut inside them; and
		// one with a byte of its pixel data changed.
		"images/cut-data.png": {Data: big[:len(big)/2]},
		"images/flipped.png":  {Data: flipped},
		"images/cut.jpg":      {Data: jpg[:len(jpg)/2]},
		"images/cut.gif":      {Data: gf[:len(gf)-10]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan string, 1)
			go func() { done <- loadText(t, tc.md, extra) }()
			select {
			case got := <-done:
				if got != tc.want {
					t.Errorf("Load(%.40q) diagnostics:\n%s\nwant:\n%s", tc.md, got, tc.want)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("Load did not finish in 60 s")
			}
		})
	}
}

func TestUnknownLanguage(t *testing.T) {
	tests := []struct{ tag, want string }{
		{"en", ""}, {"EN-gb", ""}, {"kk", ""}, {"ru-RU", ""}, {"zh-Hant-TW", ""},
		{"yue", ""}, {"xx", "xx"}, {"QQ-US", "qq"}, {"iw", ""},
	}
	for _, tc := range tests {
		if got := unknownLanguage(tc.tag); got != tc.want {
			t.Errorf("unknownLanguage(%q) = %q, want %q", tc.tag, got, tc.want)
		}
	}
	if n := len(iso6391); n < 180 {
		t.Errorf("iso6391 has %d codes, want the ~184 of ISO 639-1", n)
	}
}

// FuzzFrontMatter checks that no front matter makes the reader panic and
// that every diagnostic lies inside the file.
func FuzzFrontMatter(f *testing.F) {
	files, _ := filepath.Glob("testdata/front/*")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"---\ntitle: T\n---\n", "---\ntitle: [a\n---\n", "---\n- a\n---\n", "---\n\n---\n",
		"---\r\ntitle: T\r\n...\r\n", "---\nauthor: {name: 1}\nimage: x\n---\n",
		"---\ntitle: &a x\nsubtitle: *a\n---\n", "---\nlang: zz\ndate: 99\n---\n",
		"---\ntitle: \"\\u00e9\\t\"\nkeywords: 1, 2\n---\n", "---\n\t- x\n---\n",
		"---\ncover: {src: c.png, alt: \"\", caption: x}\naccessibility: {conformsTo: yes, summary: [1], x: 2}\n---\n",
		"---\naccessibility:\n  conformsTo: !!bool maybe\n  certifiedBy: {a: b}\ncover: [x]\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file := source.NewFile("f.md", src)
		var d diag.List
		_, body := parseFront(file, &d)
		if body < 0 || body > len(src) {
			t.Fatalf("body offset %d outside the file of %d bytes", body, len(src))
		}
		for _, x := range d.Items() {
			if !x.Pos.IsValid() {
				t.Fatalf("diagnostic without a position: %s", x.String())
			}
			if x.Pos.Offset < 0 || x.Pos.Offset > len(src) {
				t.Fatalf("diagnostic %q at offset %d outside the file of %d bytes", x.String(), x.Pos.Offset, len(src))
			}
			if x.Msg == "" || strings.HasSuffix(x.Msg, ".") {
				t.Fatalf("diagnostic %q is empty or ends with a period", x.Msg)
			}
		}
	})
}

// noisyPNG returns a w×h PNG of pseudo-random pixels, which do not compress:
// its pixel data is most of the file.
func noisyPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	x := uint32(1)
	for i := range img.Pix {
		x = x*1664525 + 1013904223
		img.Pix[i] = byte(x >> 24)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// encoded returns a small image in format "jpeg" or "gif".
func encoded(t *testing.T, format string) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, 32, 32), palette.Plan9)
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "gif":
		err = gif.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
