package pipeline

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/galley-press/galley/internal/layout"
)

// hostileCase is a manuscript made to break the build: it must fail with
// exactly the diagnostics in want, writing nothing, or, if want is empty,
// succeed with outputs that carry no script.
type hostileCase struct {
	name  string
	files map[string]string // file name → content; "->target" makes a symlink
	want  string            // the diagnostics, paths relative to the manuscript
	noPDF bool              // build the EPUB only (the PDF of a 1 MiB word takes ~12 s)
}

func pngHeader(w, h uint32) string {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.String()
}

const front = "---\ntitle: Hostile\nlang: en\n---\n"

func hostileCases(t *testing.T) []hostileCase {
	laughs, err := os.ReadFile("testdata/hostile/billion-laughs.md")
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile("testdata/hostile/script.md")
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile("../../manuscript/images/hero-standin.png")
	if err != nil {
		t.Fatal(err)
	}
	return []hostileCase{
		{name: "deep quotes", files: map[string]string{"a.md": front + strings.Repeat(">", 100000) + " deep\n"},
			want: "a.md:5:65: nesting deeper than 64 levels\n"},
		{name: "deep lists", files: map[string]string{"a.md": front + strings.Repeat("- ", 100000) + "deep\n"},
			want: "a.md:5:129: nesting deeper than 64 levels\n"},
		{name: "deep brackets", files: map[string]string{"a.md": front + "Text.\n\n" + strings.Repeat("[", 100000) + "\n"},
			want: "a.md:7:1: paragraph has more than 10000 \"[\" characters\n"},
		{name: "deep emphasis", files: map[string]string{"a.md": front + strings.Repeat("*a ", 50000) + "x" + strings.Repeat(" a*", 50000) + "\n"},
			want: "a.md:5:191: nesting deeper than 64 levels\n"},
		{name: "huge paragraph", files: map[string]string{"a.md": front + strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 2000) + "\n"}},
		{name: "endless word", files: map[string]string{"a.md": front + "Before.\n\n" + strings.Repeat("w", 1<<20) + "\n\nAfter.\n"}, noPDF: true},
		{name: "truncated png", files: map[string]string{"a.md": front + "\n![Cut](images/cut.png)\n", "images/cut.png": string(good[:20])},
			want: "a.md:6:3: image \"images/cut.png\": not a PNG, JPEG, GIF, WebP or SVG image, or the file is damaged\n"},
		{name: "png truncated after its header", files: map[string]string{"a.md": front + "\n![Cut](images/cut.png)\n", "images/cut.png": string(good[:100])},
			want: "a.md:6:3: image \"images/cut.png\": the file is damaged (invalid format: not enough pixel data)\n"},
		{name: "png cut before its end", files: map[string]string{"a.md": front + "\n![Cut](images/cut.png)\n", "images/cut.png": string(good[:len(good)-20])},
			want: "a.md:6:3: image \"images/cut.png\": the file is damaged (invalid format: unexpected EOF)\n"},
		{name: "huge png header", files: map[string]string{"a.md": front + "\n![Huge](images/huge.png)\n", "images/huge.png": pngHeader(100000, 100000)},
			want: "a.md:6:3: image \"images/huge.png\": 100000×100000 pixels is outside the limit of 60000000 pixels\n"},
		{name: "path escapes", files: map[string]string{
			"a.md":     front + "\n![Up](../secret.png)\n\n![Abs](/etc/passwd)\n\n<img src=\"../../x.png\" alt=\"Html\">\n\n![Link](link.png)\n",
			"link.png": "->" + "/etc/hostname"},
			want: "a.md:6:3: image \"../secret.png\": path leads outside the manuscript folder\n" +
				"a.md:8:3: image \"/etc/passwd\": absolute paths are not allowed: use a path relative to the manuscript folder\n" +
				"a.md:10:1: warning: raw HTML <img> left out: image \"../../x.png\": path leads outside the manuscript folder\n" +
				"a.md:12:3: image \"link.png\": path leads outside the manuscript folder\n"},
		{name: "script-laden html", files: map[string]string{"a.md": string(script)}},
		{name: "malformed yaml", files: map[string]string{"a.md": "---\ntitle: [unclosed\nlang: en\n---\nBody.\n"},
			want: "a.md:2:8: front matter: list \"[\" is never closed (did not find expected ',' or ']')\n"},
		{name: "billion laughs", files: map[string]string{"a.md": string(laughs)},
			want: "a.md:3:4: front matter: anchors and aliases are not supported\n" +
				"a.md:4:4: front matter: anchors and aliases are not supported\n" +
				"a.md:5:4: front matter: anchors and aliases are not supported\n" +
				"a.md:6:4: front matter: anchors and aliases are not supported\n" +
				"a.md:7:4: front matter: anchors and aliases are not supported\n" +
				"a.md:8:4: front matter: anchors and aliases are not supported\n" +
				"a.md:9:4: front matter: anchors and aliases are not supported\n" +
				"a.md:10:4: front matter: anchors and aliases are not supported\n" +
				"a.md:11:4: front matter: anchors and aliases are not supported\n" +
				"a.md:12:11: front matter: anchors and aliases are not supported\n"},
		{name: "unknown language", files: map[string]string{"a.md": "---\ntitle: T\nlang: xx-KZ\n---\nBody.\n"},
			want: "a.md:3:7: unknown language \"xx\"\n"},
	}
}

var (
	scriptTag = regexp.MustCompile(`(?i)<script`)
	onAttr    = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	jsURL     = regexp.MustCompile(`(?i)(href|src)\s*=\s*["'][^"']*script:`)
)

func TestHostileManuscripts(t *testing.T) {
	for _, tc := range hostileCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if target, ok := strings.CutPrefix(content, "->"); ok {
					if err := os.Symlink(target, p); err != nil {
						t.Skip("no symlinks:", err)
					}
					continue
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := t.TempDir()
			type result struct {
				res *Result
				err error
			}
			done := make(chan result, 1)
			go func() {
				res, err := Run(Options{Input: dir, OutDir: out, EPUB: true, PDF: !tc.noPDF, Page: layout.A4})
				done <- result{res, err}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(60 * time.Second):
				t.Fatal("build did not finish in 60 s")
			}
			var errs strings.Builder
			if r.res != nil && r.res.Diags != nil {
				for _, d := range r.res.Diags.Items() {
					if tc.want != "" || r.err != nil {
						errs.WriteString(strings.TrimPrefix(d.String(), filepath.ToSlash(dir)+"/") + "\n")
					}
				}
			}
			if tc.want != "" {
				if r.err != ErrManuscript {
					t.Fatalf("Run = %v, want ErrManuscript", r.err)
				}
				if got := errs.String(); got != tc.want {
					t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tc.want)
				}
				if ents, _ := os.ReadDir(out); len(ents) != 0 {
					t.Errorf("failed build left %d entries in the output folder", len(ents))
				}
				return
			}
			if r.err != nil {
				t.Fatalf("Run = %v\n%s", r.err, errs.String())
			}
			checkNoScript(t, r.res)
		})
	}
}

// checkNoScript fails if any XHTML document of the built EPUB holds a script
// element, an event handler attribute or a javascript: URL.
func checkNoScript(t *testing.T, res *Result) {
	t.Helper()
	for _, o := range res.Outputs {
		if filepath.Ext(o.Path) != ".epub" {
			continue
		}
		for name, text := range unzipFile(t, o.Path) {
			if !strings.HasSuffix(name, ".xhtml") {
				continue
			}
			for _, re := range []*regexp.Regexp{scriptTag, onAttr, jsURL} {
				if m := re.FindString(text); m != "" {
					t.Errorf("%s holds %q", name, m)
				}
			}
		}
	}
}
