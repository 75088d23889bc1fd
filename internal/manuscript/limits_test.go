package manuscript

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
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
			"manuscript/a.md:4:1: image \"../up.png\": path leads outside the manuscript folder\n"},
		{"raw html image alt checked", "---\ntitle: T\n---\nSee <img src=\"images/ok.png\"> here.\n",
			"manuscript/a.md:4:5: image \"images/ok.png\" has no alt text\n"},
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
	}
	extra := fstest.MapFS{
		"images/ok.png":   {Data: good},
		"images/huge.png": {Data: pngHeader(100000, 100000)},
		"images/cut.png":  {Data: good[:20]},
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
