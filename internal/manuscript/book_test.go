package manuscript

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/galley-press/galley/internal/doc"
)

// loadBook loads an in-memory folder and returns the document and its
// diagnostics as text.
func loadBook(t *testing.T, fsys fstest.MapFS) (*doc.Document, string) {
	t.Helper()
	l := &Loader{FS: fsys, Display: "manuscript"}
	d, diags, err := l.Load("")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var b strings.Builder
	diags.Fprint(&b)
	return d, b.String()
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// outline describes a document's chapters in one line each: ID, title,
// part, role, lang, and whether it has its own metadata.
func outline(d *doc.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "book=%v title=%q lang=%s\n", d.Book, d.Meta.Title, d.Meta.Lang)
	roles := map[doc.Role]string{doc.FrontMatter: "front", doc.BodyMatter: "body", doc.BackMatter: "back"}
	for _, ch := range d.Chapters {
		fmt.Fprintf(&b, "%s %q part=%q %s lang=%q meta=%v\n", ch.ID, ch.Title, ch.Part, roles[ch.Role], ch.Lang, ch.Meta != nil)
	}
	return b.String()
}

func TestBookOrder(t *testing.T) {
	chapter := func(title string) *fstest.MapFile { return file("# " + title + "\n\nText.\n") }
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		want  string
		diags string
	}{
		{"book.yaml with parts, front and back matter",
			fstest.MapFS{
				"book.yaml": file("title: The Book\nlang: en\nauthor: A. Writer\n" +
					"frontmatter: [preface.md]\n" +
					"chapters:\n  - one.md\n  - part: Part Two\n    chapters: [two.md, {file: sub/three.md, title: Third}]\n" +
					"backmatter:\n  - notes.md\n"),
				"preface.md":   chapter("Preface"),
				"one.md":       file("---\ntitle: First Article\nkicker: News\nauthor:\n  - name: B\n    bio: B writes.\n---\n\nText.\n"),
				"two.md":       file("---\nlang: ru\n---\n# Два\n\nТекст.\n"),
				"sub/three.md": file("Text only.\n"),
				"notes.md":     chapter("Notes"),
				"zzz.md":       chapter("Not listed"),
			},
			"book=true title=\"The Book\" lang=en\n" +
				"preface \"Preface\" part=\"\" front lang=\"\" meta=false\n" +
				"one \"First Article\" part=\"\" body lang=\"\" meta=true\n" +
				"two \"Два\" part=\"Part Two\" body lang=\"ru\" meta=false\n" +
				"sub-three \"Third\" part=\"\" body lang=\"\" meta=false\n" +
				"notes \"Notes\" part=\"\" back lang=\"\" meta=false\n",
			""},
		{"SUMMARY.md with book.toml and a src folder",
			fstest.MapFS{
				"book.toml":            file("[book]\ntitle = \"An mdBook\" # comment\nauthors = [\n  \"Ann\",\n  'Bo',\n]\nlanguage = \"kk\"\ndescription = \"\"\"\nLong\ntext.\"\"\"\n\n[output.html]\nadditional-css = [\"a.css\"]\n"),
				"src/SUMMARY.md":       file("# Summary\n\n[Introduction](README.md)\n\n# Getting started\n\n- [Install](install.md)\n  - [On Linux](install/linux.md)\n- [Draft]()\n\n---\n\n# Reference\n\n- [Use](use.md#top)\n\n[Afterword](after%20word.md)\n"),
				"src/README.md":        chapter("Intro"),
				"src/install.md":       chapter("Installing"),
				"src/install/linux.md": chapter("Linux"),
				"src/use.md":           chapter("Using"),
				"src/after word.md":    file("Text without a heading: the title is SUMMARY.md's.\n"),
			},
			"book=true title=\"An mdBook\" lang=kk\n" +
				"readme \"Intro\" part=\"\" front lang=\"\" meta=false\n" +
				"install \"Installing\" part=\"Getting started\" body lang=\"\" meta=false\n" +
				"install-linux \"Linux\" part=\"\" body lang=\"\" meta=false\n" +
				"use \"Using\" part=\"Reference\" body lang=\"\" meta=false\n" +
				"after-word \"Afterword\" part=\"\" back lang=\"\" meta=false\n",
			"manuscript/src/SUMMARY.md:9:4: warning: draft chapter \"Draft\" has no file and was left out\n"},
		{"SUMMARY.md without book.toml: the first chapter's front matter is the book's",
			fstest.MapFS{
				"SUMMARY.md": file("- [One](b.md)\n- [Two](a.md)\n"),
				"a.md":       file("---\ntitle: Article A\n---\nText.\n"),
				"b.md":       file("---\ntitle: Book B\nlang: ru\n---\nText.\n"),
			},
			"book=true title=\"Book B\" lang=ru\n" +
				"b \"Book B\" part=\"\" body lang=\"\" meta=false\n" +
				"a \"Article A\" part=\"\" body lang=\"\" meta=true\n",
			""},
		{"name order leaves out README.md",
			fstest.MapFS{
				"README.md": chapter("About this folder"),
				"02-b.md":   file("---\ntitle: Second\nlang: kk\n---\nМәтін.\n"),
				"01-a.md":   file("---\ntitle: Book\n---\n# Opening\n"),
			},
			"book=true title=\"Book\" lang=en\n" +
				"ch01-01-a \"Book\" part=\"\" body lang=\"\" meta=false\n" +
				"ch02-02-b \"Second\" part=\"\" body lang=\"kk\" meta=true\n",
			""},
		{"duplicate IDs from different folders",
			fstest.MapFS{
				"book.yaml": file("title: T\nchapters: [a/x.md, a-x.md]\n"),
				"a/x.md":    chapter("One"),
				"a-x.md":    chapter("Two"),
			},
			"book=true title=\"T\" lang=en\n" +
				"a-x \"One\" part=\"\" body lang=\"\" meta=false\n" +
				"a-x-2 \"Two\" part=\"\" body lang=\"\" meta=false\n",
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, diags := loadBook(t, tt.fsys)
			if diags != tt.diags {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", diags, tt.diags)
			}
			if got := outline(d); got != tt.want {
				t.Errorf("outline:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestBookTOMLMeta(t *testing.T) {
	d, diags := loadBook(t, fstest.MapFS{
		"book.toml":      file("[book]\ntitle = \"Tab\\tand \\u00e9\"\nauthors = [\"Ann\", \"Bo\"]\ndescription = '''raw\\n'''\n"),
		"src/SUMMARY.md": file("- [A](a.md)\n"),
		"src/a.md":       file("Text.\n"),
	})
	if diags != "" {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	m := d.Meta
	if m.Title != "Tab\tand é" || len(m.Authors) != 2 || m.Authors[1].Name != "Bo" || m.Description != `raw\n` || m.Lang != "en" || d.Book {
		t.Errorf("meta = %+v, book %v", m, d.Book)
	}
}

func TestBookDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"unknown key with suggestion",
			fstest.MapFS{"book.yaml": file("title: T\nchapters: [a.md]\n\nchapter: [b.md]\n"), "a.md": file("x\n")},
			"manuscript/book.yaml:4:1: unknown key \"chapter\" (did you mean \"chapters\"?)\n"},
		{"missing chapter file",
			fstest.MapFS{"book.yaml": file("title: T\nchapters:\n  - a.md\n  - part: P\n    chapters:\n      - b.md\n      - ch9.md\n"), "a.md": file("x\n"), "b.md": file("x\n")},
			"manuscript/book.yaml:7:9: chapter \"ch9.md\": file not found\n"},
		{"paths that lead out, URLs, absolute paths, non-Markdown, duplicates",
			fstest.MapFS{"book.yaml": file("title: T\nchapters:\n- ../up.md\n- https://example.org/a.md\n- /etc/a.md\n- a.txt\n- a.md\n- ./a.md\n"), "a.md": file("x\n"), "a.txt": file("x\n")},
			"manuscript/book.yaml:3:3: chapter \"../up.md\": path leads outside the manuscript folder\n" +
				"manuscript/book.yaml:4:3: chapter \"https://example.org/a.md\": URLs are not fetched: put the file in the manuscript folder\n" +
				"manuscript/book.yaml:5:3: chapter \"/etc/a.md\": absolute paths are not allowed: use a path relative to the manuscript folder\n" +
				"manuscript/book.yaml:6:3: chapter \"a.txt\": not a Markdown file (.md)\n" +
				"manuscript/book.yaml:8:3: chapter \"./a.md\" is listed twice\n"},
		{"no title, no chapters",
			fstest.MapFS{"book.yaml": file("lang: ru\n"), "a.md": file("x\n")},
			"manuscript/book.yaml:1:1: book.yaml lists no chapters: add \"chapters:\", a list of Markdown files\n"},
		{"wrong types",
			fstest.MapFS{"book.yaml": file("title: T\nchapters: a.md\nbackmatter:\n  - [x.md]\n  - {file: a.md, titel: A}\n  - {part: P}\n"), "a.md": file("x\n")},
			"manuscript/book.yaml:2:11: key \"chapters\" must be a list of Markdown files, not a scalar\n" +
				"manuscript/book.yaml:4:5: a chapter must be a file name or a mapping with \"file\" (and \"title\"), not a list\n" +
				"manuscript/book.yaml:5:18: unknown key \"titel\" (did you mean \"title\"?)\n" +
				"manuscript/book.yaml:6:5: chapter entry has no \"file\"\n" +
				"manuscript/book.yaml:6:6: unknown key \"part\"\n"},
		{"yaml syntax error",
			fstest.MapFS{"book.yaml": file("title: T\nchapters: [a.md]\nsubtitle: a: b\n"), "a.md": file("x\n")},
			"manuscript/book.yaml:3:1: mapping values are not allowed in this context\n"},
		{"empty part",
			fstest.MapFS{"book.yaml": file("title: T\nchapters:\n  - a.md\n  - part: Empty\n    chapters: []\n"), "a.md": file("x\n")},
			"manuscript/book.yaml:4:11: warning: part \"Empty\" has no chapters\n"},
		{"SUMMARY.md problems",
			fstest.MapFS{"SUMMARY.md": file("# Summary\n\n- [A](a.md)\n- Not a link\n- [Gone](gone.md)\n- [Up](../x.md)\n"), "a.md": file("---\ntitle: T\n---\nx\n")},
			"manuscript/SUMMARY.md:4:3: warning: entry is not a link to a chapter and was left out\n" +
				"manuscript/SUMMARY.md:5:4: chapter \"gone.md\": file not found\n" +
				"manuscript/SUMMARY.md:6:4: chapter \"../x.md\": path leads outside the manuscript folder\n"},
		{"empty SUMMARY.md",
			fstest.MapFS{"SUMMARY.md": file("# Summary\n"), "a.md": file("x\n")},
			"manuscript/SUMMARY.md:1:1: SUMMARY.md lists no chapters: add links such as \"- [Introduction](intro.md)\"\n"},
		{"book.toml problems",
			fstest.MapFS{"book.toml": file("[book]\nauthors = \"A\"\ntitle = 3\nlanguage = \"not a tag!\"\ndescription = \"open\n"), "SUMMARY.md": file("- [A](a.md)\n"), "a.md": file("x\n")},
			"manuscript/book.toml:3:9: book.toml: key \"title\" must be a string\n" +
				"manuscript/book.toml:4:12: lang \"not a tag!\" is not a language tag such as \"en\", \"en-GB\", \"ru\" or \"kk\"\n" +
				"manuscript/book.toml:5:15: book.toml: string is not closed on its line\n"},
		{"chapter front matter without a title",
			fstest.MapFS{"book.yaml": file("title: T\nchapters: [a.md, b.md]\n"), "a.md": file("---\nauthor: X\n---\nx\n"), "b.md": file("---\nlang: xx-!\n---\nx\n")},
			"manuscript/a.md:1:1: warning: front matter has no title, so the chapter is not set as an article and its kicker, dek, authors and image are left out\n" +
				"manuscript/b.md:2:7: lang \"xx-!\" is not a language tag such as \"en\", \"en-GB\", \"ru\" or \"kk\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := loadBook(t, tt.fsys); got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestLinks(t *testing.T) {
	fsys := fstest.MapFS{
		"book.yaml": file("title: T\nchapters: [ch01.md, part/ch02.md, ch03.md]\n"),
		"ch01.md": file("# Intro\n\nSee [two](part/ch02.md#details), [its start](part/ch02.md), " +
			"[here](#intro), [the web](https://example.org/x.md), [mail](mailto:a@b.c), " +
			"[mdBook style](ch03.html#вступление), [escaped](ch03.md#%D0%B2%D1%81%D1%82%D1%83%D0%BF%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5).[^n]\n\n" +
			"[^n]: A note linking [back](#intro).\n"),
		"part/ch02.md": file("# Two\n\n## Details\n\nBack to [one](../ch01.md#intro).\n"),
		"ch03.md":      file("---\nlang: ru\n---\n# Вступление\n\nТекст.\n"),
	}
	d, diags := loadBook(t, fsys)
	if diags != "" {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	var got []string
	for _, ch := range d.Chapters {
		visit := func(n doc.Node) bool {
			if lk, ok := n.(*doc.Link); ok {
				got = append(got, fmt.Sprintf("%s: %s → %q %q", ch.ID, lk.URL, lk.Chapter, lk.Fragment))
			}
			return true
		}
		doc.Inspect(ch.Blocks, visit)
		for _, n := range ch.Notes {
			doc.Inspect(n.Blocks, visit)
		}
	}
	want := []string{
		`ch01: part/ch02.md#details → "part-ch02" "details"`,
		`ch01: part/ch02.md → "part-ch02" ""`,
		`ch01: #intro → "ch01" "intro"`,
		`ch01: https://example.org/x.md → "" ""`,
		`ch01: mailto:a@b.c → "" ""`,
		`ch01: ch03.html#вступление → "ch03" "вступление"`,
		`ch01: ch03.md#%D0%B2%D1%81%D1%82%D1%83%D0%BF%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5 → "ch03" "вступление"`,
		`ch01: #intro → "ch01" "intro"`,
		`part-ch02: ../ch01.md#intro → "ch01" "intro"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLinkDiagnostics(t *testing.T) {
	tests := []struct {
		name, md, want string
	}{
		{"missing chapter", "# A\n\nSee [it](ch09.md#intro).\n",
			"manuscript/ch02.md:3:6: warning: link to \"ch09.md#intro\": no such chapter; the link is kept as text\n"},
		{"missing anchor", "# A\n\nSee [it](ch03.md#intro).\n",
			"manuscript/ch02.md:3:6: warning: link to \"ch03.md#intro\": chapter \"ch03.md\" has no heading with id \"intro\"; the link is kept as text\n"},
		{"missing local anchor", "# A\n\nSee [it](#b).\n",
			"manuscript/ch02.md:3:6: warning: link to \"#b\": chapter \"ch02.md\" has no heading with id \"b\"; the link is kept as text\n"},
		{"footnote ids are not targets", "# A\n\nSee [it](#fn-1).[^1]\n\n[^1]: Note.\n",
			"manuscript/ch02.md:3:6: warning: link to \"#fn-1\": chapter \"ch02.md\" has no heading with id \"fn-1\"; the link is kept as text\n"},
		{"a file that is not a chapter", "# A\n\nSee [it](images/a.png).\n",
			"manuscript/ch02.md:3:6: warning: link to \"images/a.png\": the file is not a chapter of the manuscript; the link is kept as text\n"},
		{"outside", "# A\n\nSee [it](../x.md).\n",
			"manuscript/ch02.md:3:6: warning: link to \"../x.md\": path leads outside the manuscript folder; the link is kept as text\n"},
		{"external links untouched", "# A\n\n[a](https://x.org/y.md#z) [b](mailto:x@y.z) <https://x.org>\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := loadBook(t, fstest.MapFS{
				"ch02.md":      file("---\ntitle: T\n---\n" + tt.md),
				"ch03.md":      file("# Other\n"),
				"images/a.png": &fstest.MapFile{Data: pngBytes(t, 2, 2)},
			})
			// Positions in ch02.md are after three lines of front matter.
			got = shiftLines(got, "manuscript/ch02.md:", -3)
			if got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// shiftLines adds delta to the line number of diagnostics for file prefix.
func shiftLines(s, prefix string, delta int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		rest, ok := strings.CutPrefix(l, prefix)
		if !ok {
			continue
		}
		var line int
		if _, err := fmt.Sscanf(rest, "%d:", &line); err == nil {
			lines[i] = fmt.Sprintf("%s%d%s", prefix, line+delta, rest[len(fmt.Sprint(line)):])
		}
	}
	return strings.Join(lines, "\n")
}

// webpHeader is a minimal lossless WebP header for a 3×2 image: enough for
// DecodeConfig, not for decoding.
const webpHeader = "RIFF\x12\x00\x00\x00WEBPVP8L\x05\x00\x00\x00\x2f\x02\x40\x00\x00\x00"

// webpLossless returns a whole lossless WebP image of w×h pixels of one
// colour: every prefix code has a single symbol, so a pixel takes no bits.
func webpLossless(w, h int) string {
	var out []byte
	var acc uint64
	n := 0
	put := func(v uint64, bits int) { // least significant bit first
		acc |= v << n
		n += bits
		for n >= 8 {
			out = append(out, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	put(0x2f, 8)
	put(uint64(w-1), 14)
	put(uint64(h-1), 14)
	put(0, 1) // no alpha
	put(0, 3) // version 0
	put(0, 1) // no transform
	put(0, 1) // no colour cache
	put(0, 1) // no meta prefix codes
	// Green, red, blue, alpha and distance: simple codes of one 8-bit symbol.
	for _, sym := range []uint64{0x99, 0xcc, 0x33, 0xff, 0} {
		put(1, 1)   // simple code
		put(0, 1)   // one symbol
		put(1, 1)   // of 8 bits
		put(sym, 8) // the symbol
	}
	if n > 0 {
		put(0, 8-n)
	}
	if len(out)%2 == 1 {
		out = append(out, 0)
	}
	le := func(v int) string { return string([]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}) }
	return "RIFF" + le(4+8+len(out)) + "WEBP" + "VP8L" + le(len(out)) + string(out)
}

func TestImageFormats(t *testing.T) {
	svg := func(attrs, body string) *fstest.MapFile {
		return file(`<?xml version="1.0"?>` + "\n" + `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ` + attrs + ">\n" + body + "\n</svg>\n")
	}
	tests := []struct {
		name   string
		img    *fstest.MapFile
		file   string
		format string
		w, h   int
		want   string
	}{
		{"webp", file(webpLossless(3, 2)), "a.webp", "webp", 3, 2, ""},
		{"webp header only", file(webpHeader), "a.webp", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.webp\": the file is damaged (unexpected EOF)\n"},
		{"svg with width and height", svg(`width="120" height="80px"`, `<rect width="10" height="10" fill="url(#g)"/>`), "a.svg", "svg", 120, 80, ""},
		{"svg with viewBox only", svg(`viewBox="0 0 300,150"`, `<use href="#x"/><image href="data:image/png;base64,AAAA"/>`), "a.svg", "svg", 300, 150, ""},
		{"svg with width in cm and viewBox", svg(`width="2.54cm" viewBox="0 0 10 5"`, ``), "a.svg", "svg", 96, 48, ""},
		{"svg without an .svg name", svg(`width="4" height="4"`, ``), "a.img", "svg", 4, 4, ""},
		{"svg script", svg(`width="4" height="4"`, "<g>\n<script>alert(1)</script></g>"), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": line 4: <script> is not allowed in an SVG image\n"},
		{"svg event handler", svg(`width="4" height="4" onload="x()"`, ``), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": line 2: event handler attribute \"onload\" is not allowed in an SVG image\n"},
		{"svg foreignObject", svg(`width="4" height="4"`, `<foreignObject/>`), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": line 3: <foreignObject> is not allowed in an SVG image\n"},
		{"svg external href", svg(`width="4" height="4"`, `<image xlink:href="http://example.org/x.png"/>`), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": line 3: reference to \"http://example.org/x.png\" is not allowed: an SVG image may refer only to itself (\"#id\") or to embedded data\n"},
		{"svg external url() in style", svg(`width="4" height="4"`, `<style>rect { fill: url('x.svg#p') }</style>`), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": line 3: reference to \"x.svg#p\" is not allowed: an SVG image may refer only to itself (\"#id\") or to embedded data\n"},
		{"svg @import", svg(`width="4" height="4"`, `<style>@import "a.css";</style>`), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": line 3: @import is not allowed in an SVG image's style\n"},
		{"svg entities", file(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">&a;</svg>`), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": line 1: entity declarations are not allowed in an SVG image\n"},
		{"svg without size", svg(`width="50%"`, ``), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": SVG has no width and height or viewBox, so its size is unknown\n"},
		{"svg not well-formed", file(`<svg xmlns="http://www.w3.org/2000/svg"><g></svg>`), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": line 1: SVG is not well-formed XML: element <g> closed by </svg>\n"},
		{"not svg", file(`<html xmlns="http://www.w3.org/1999/xhtml"/>`), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": line 1: the root element is not <svg> in the SVG namespace \"http://www.w3.org/2000/svg\"\n"},
		{"huge svg", svg(`viewBox="0 0 1e9 1"`, ``), "a.svg", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.svg\": SVG size 1000000000×1 is outside 1 to 100000 pixels a side\n"},
		{"damaged webp", file("RIFF\x12\x00\x00\x00WEBPVP8L"), "a.webp", "", 0, 0,
			"manuscript/a.md:5:3: image \"a.webp\": not a PNG, JPEG, GIF, WebP or SVG image, or the file is damaged\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Loader{FS: fstest.MapFS{"a.md": file("---\ntitle: T\n---\n\n![Alt](" + tt.file + ")\n"), tt.file: tt.img}, Display: "manuscript"}
			d, diags, err := l.Load("")
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			diags.Fprint(&b)
			if b.String() != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", b.String(), tt.want)
			}
			if tt.format == "" {
				return
			}
			img := d.Chapters[0].Blocks[0].(*doc.Figure).Image
			if img.Format != tt.format || img.Width != tt.w || img.Height != tt.h || len(img.Data) == 0 {
				t.Errorf("image = %s %d×%d (%d bytes), want %s %d×%d", img.Format, img.Width, img.Height, len(img.Data), tt.format, tt.w, tt.h)
			}
		})
	}
}

// TestImagesBesideTheirChapter checks that image paths are relative to the
// Markdown file that names them, as in mdBook, and that Src becomes the path
// in the manuscript folder; chapter heroes load too.
func TestImagesBesideTheirChapter(t *testing.T) {
	png := &fstest.MapFile{Data: pngBytes(t, 4, 3)}
	d, diags := loadBook(t, fstest.MapFS{
		"book.toml":          file("[book]\ntitle = \"T\"\n"),
		"src/SUMMARY.md":     file("- [A](a.md)\n- [B](part/b.md)\n"),
		"src/a.md":           file("![One](img/one.png)\n"),
		"src/part/b.md":      file("---\ntitle: B\nimage:\n  src: ../img/one.png\n  alt: One again\n---\n![Two](two.png)\n"),
		"src/img/one.png":    png,
		"src/part/two.png":   png,
		"src/part/wrong.png": png,
	})
	if diags != "" {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	var got []string
	for _, ch := range d.Chapters {
		if ch.Meta != nil && ch.Meta.Hero != nil {
			got = append(got, "hero "+ch.Meta.Hero.Image.Src+" "+ch.Meta.Hero.Image.Format)
		}
		doc.Inspect(ch.Blocks, func(n doc.Node) bool {
			if img, ok := n.(*doc.Image); ok {
				got = append(got, img.Src+" "+img.Format)
			}
			return true
		})
	}
	if want := "src/img/one.png png|hero src/img/one.png png|src/part/two.png png"; strings.Join(got, "|") != want {
		t.Errorf("images = %s, want %s", strings.Join(got, "|"), want)
	}
}

// TestOtherLanguages checks that Russian and Kazakh chapters keep their
// letters, get their own quotation marks and heading ids, and dump cleanly.
func TestOtherLanguages(t *testing.T) {
	d, diags := loadBook(t, fstest.MapFS{
		"book.yaml": file("title: Үш тіл\nlang: kk\nchapters: [kk.md, ru.md, en.md]\n"),
		"kk.md":     file("# Қазақ әліпбиі\n\n\"Ғылым\" — өңшең ұлы іс. Әріптер: ә, ғ, қ, ң, ө, ұ, ү, һ, і.\n"),
		"ru.md":     file("---\nlang: ru\n---\n# Русский алфавит\n\n\"Ёлка\" и 'ель' -- см. [раздел](kk.md#қазақ-әліпбиі).\n"),
		"en.md":     file("---\nlang: en\n---\n# English\n\n\"Quoted\" and 'single'.\n"),
	})
	if diags != "" {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	var b strings.Builder
	if err := doc.Fprint(&b, d, false); err != nil {
		t.Fatal(err)
	}
	dump := b.String()
	for _, want := range []string{"«Ғылым» — өңшең ұлы іс. Әріптер: ә, ғ, қ, ң, ө, ұ, ү, һ, і.", "«Ёлка» и „ель“ – см. ", "“Quoted” and ‘single’.", "қазақ-әліпбиі", "русский-алфавит"} {
		if !strings.Contains(dump, want) {
			t.Errorf("dump lacks %q:\n%s", want, dump)
		}
	}
	if got := []string{d.Chapters[0].Lang, d.Chapters[1].Lang, d.Chapters[2].Lang}; got[0] != "" || got[1] != "ru" || got[2] != "en" {
		t.Errorf("chapter langs = %q, want \"\", ru, en", got)
	}
}

// TestRawHTMLImage checks that an image written as raw HTML, as mdBook
// chapters often have them, is loaded like a Markdown one.
func TestRawHTMLImage(t *testing.T) {
	d, diags := loadBook(t, fstest.MapFS{
		"SUMMARY.md":   file("- [A](a.md)\n"),
		"a.md":         file("---\ntitle: T\n---\n\n<img src=\"images/a.png\" alt=\"A red dot\">\n\nText <img src=\"images/a.png\" alt=\"dot\"> inline.\n"),
		"images/a.png": &fstest.MapFile{Data: pngBytes(t, 4, 3)},
	})
	if diags != "" {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	n := 0
	doc.Inspect(d.Chapters[0].Blocks, func(x doc.Node) bool {
		if img, ok := x.(*doc.Image); ok {
			n++
			if img.Format != "png" || img.Width != 4 || len(img.Data) == 0 {
				t.Errorf("image %q not loaded: %s %d×%d", img.Src, img.Format, img.Width, img.Height)
			}
		}
		return true
	})
	if n != 2 {
		t.Errorf("%d images, want 2", n)
	}
}

// FuzzBookFiles feeds arbitrary book.toml, SUMMARY.md, book.yaml and SVG
// text to the loader, which must never panic.
func FuzzBookFiles(f *testing.F) {
	f.Add("[book]\ntitle = \"T\"\nauthors = [\"A\", 'B',]\n", "# S\n\n[P](a.md)\n\n# Part\n\n- [A](a.md)\n  - [B]()\n", "title: T\nchapters: [a.md, {part: P, chapters: [a.md]}]\n", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><style>a{fill:url(#x)}</style></svg>`)
	f.Add("description = \"\"\"\\u00e9\\\n x\"\"\"\n[book]\nsrc = '''\n.'''", "[A](a.html#x)\n- [x](../a.md)", "chapters:\n- file: a.md\n  title: [x]\n", `<svg xmlns="http://www.w3.org/2000/svg" width="1e400"/>`)
	f.Fuzz(func(t *testing.T, toml, summary, yml, svg string) {
		page := "---\ntitle: T\n---\n# A\n\n[x](a.md#a) ![i](i.svg)\n"
		for _, fsys := range []fstest.MapFS{
			{"book.toml": file(toml), "src/SUMMARY.md": file(summary), "SUMMARY.md": file(summary), "src/a.md": file(page), "a.md": file(page), "i.svg": file(svg), "src/i.svg": file(svg)},
			{"book.yaml": file(yml), "a.md": file(page), "i.svg": file(svg)},
		} {
			l := &Loader{FS: fsys, Display: "m"}
			if _, _, err := l.Load(""); err != nil {
				t.Logf("Load: %v", err)
			}
		}
	})
}

func TestTOMLStrings(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"a\"b"`, `a"b`},
		{`'C:\path'`, `C:\path`},
		{"\"\"\"\nline one \\\n    line two\"\"\"", "line one line two"},
		{`"\u0416\U0001F600"`, "Ж😀"},
	}
	for _, tt := range tests {
		s := &tomlScanner{src: tt.in}
		v, err := s.value(0)
		if err != nil || v != tt.want {
			t.Errorf("value(%q) = %q, %v; want %q", tt.in, v, err, tt.want)
		}
	}
	for _, bad := range []string{`"\x"`, `"\u12"`, `"\uD800"`, `"open`, `[1, "a"`, `"""never`} {
		s := &tomlScanner{src: bad}
		if v, err := s.value(0); err == nil {
			t.Errorf("value(%q) = %q, want an error", bad, v)
		}
	}
}

func TestChapterSymlinkOutsideRefused(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "secret.md"), "# Secret\n")
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "link.md")); err != nil {
		t.Skip("no symlinks:", err)
	}
	write(filepath.Join(dir, "a.md"), "# A\n")
	for _, plan := range []struct{ name, text string }{
		{"book.yaml", "title: T\nchapters: [a.md, link.md]\n"},
		{"SUMMARY.md", "- [A](a.md)\n- [Link](link.md)\n"},
	} {
		os.Remove(filepath.Join(dir, "book.yaml"))
		write(filepath.Join(dir, plan.name), plan.text)
		_, diags, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		diags.Fprint(&b)
		if !strings.Contains(b.String(), `chapter "link.md": path leads outside the manuscript folder`) {
			t.Errorf("%s: diagnostics = %q, want the symlink refused", plan.name, b.String())
		}
	}
}
