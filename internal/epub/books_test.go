package epub

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/manuscript"
)

// TestBilingualEPUB builds examples/bilingual and reads its EPUB: each
// chapter in its own language with its own header, hero and bio, a title
// page, the contributors and credits, and the nav.
func TestBilingualEPUB(t *testing.T) {
	d, diags, err := manuscript.Load("../../examples/bilingual")
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v %v", err, diags)
	}
	b, err := Render(d, Options{Date: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, b)
	tests := []struct {
		file string
		want []string
	}{
		{"text/about.xhtml", []string{`lang="en" xml:lang="en"`, `<title>About this collection</title>`, `<h1 id="about-this-collection">About this collection</h1>`}},
		{"text/letters.xhtml", []string{
			`lang="en" xml:lang="en"`, `<title>Forty-Two Letters</title>`, `<p class="kicker">Alphabets</p>`,
			`<h1 class="title">Forty-Two Letters</h1>`, `<p class="dek" role="doc-subtitle">How a Cyrillic alphabet`,
			`<p class="byline">By <span class="author">The Galley editors</span></p>`,
			`<img src="../images/letters.png" alt="A grid of forty-two pale tiles`,
			`<span class="credit" role="doc-credit">Drawing by Galley Press</span>`,
			`<h2 id="about-author" class="bio-heading">About the author</h2>`, `title="Back to text"`,
			`href="typesetting-ru.xhtml#кавычки-и-переносы"`, `href="alphabets-kk.xhtml"`,
		}},
		{"text/typesetting-ru.xhtml", []string{
			`lang="ru" xml:lang="ru"`, `<title>Как набирали книги</title>`, `<p class="kicker">Ремесло</p>`,
			`<h1 class="title">Как набирали книги</h1>`, `<p class="dek" role="doc-subtitle">От наборной кассы`,
			`<p class="byline"><span class="author">Редакция Galley</span></p>`,
			`<img src="../images/type-case.png"`, `<span class="credit" role="doc-credit">Рисунок Galley Press</span>`,
			`<h2 id="about-author" class="bio-heading">Об авторе</h2>`, `<h2 id="notes-heading" class="notes-heading">Примечания</h2>`,
			`title="Назад к тексту"`, `href="letters.xhtml#nine-letters"`, "«ёлочки»",
		}},
		{"text/alphabets-kk.xhtml", []string{
			`lang="kk" xml:lang="kk"`, `<title>Үш әліпби, бір тіл</title>`, `<p class="kicker">Тарих</p>`,
			`<h1 class="title">Үш әліпби, бір тіл</h1>`, `<p class="dek" role="doc-subtitle">Қазақ жазуы`,
			`<img src="../images/steppe.png"`, `<span class="credit" role="doc-credit">Сурет Galley Press</span>`,
			`<h2 id="about-author" class="bio-heading">Автор туралы</h2>`, `<h2 id="notes-heading" class="notes-heading">Ескертпелер</h2>`,
			`title="Мәтінге оралу"`, `href="letters.xhtml#nine-letters"`, `href="typesetting-ru.xhtml"`,
		}},
		{"text/title-page.xhtml", []string{
			`epub:type="titlepage"`, `<h1 id="book-title" class="book-title">Letters and Type</h1>`,
			`role="doc-subtitle">Three short articles in English, Russian and Kazakh</p>`,
			`<span class="author">The Galley editors</span>`, `<p class="publisher">Galley Press</p>`,
		}},
		{"text/contributors.xhtml", []string{
			`<h1 id="contributors-heading">Contributors</h1>`,
			`<h2 id="contributor-1">The Galley editors</h2>`, `<p>The Galley editors write the sample texts`,
			`lang="ru" xml:lang="ru" aria-labelledby="contributor-2">`, `<h2 id="contributor-2">Редакция Galley</h2>`, `<p>Редакция Galley пишет`,
			`lang="kk" xml:lang="kk" aria-labelledby="contributor-3">`, `<h2 id="contributor-3">Galley редакторлары</h2>`, `<p>Galley редакторлары бағдарламамен`,
		}},
		{"text/credits.xhtml", []string{
			`role="doc-credits"`, `<h1 id="credits-heading">Image credits</h1>`,
			`<a href="letters.xhtml#hero"><em>Forty-Two Letters</em></a>: Drawing by Galley Press`,
			`lang="ru" xml:lang="ru"><a href="typesetting-ru.xhtml#hero"><em>Как набирали книги</em></a>: Рисунок Galley Press`,
			`lang="kk" xml:lang="kk"><a href="alphabets-kk.xhtml#hero"><em>Үш әліпби, бір тіл</em></a>: Сурет Galley Press`,
		}},
		{"package.opf", []string{
			`href="images/letters.png" media-type="image/png"`, `href="images/type-case.png" media-type="image/png"`,
			`href="images/steppe.png" media-type="image/png"`,
			`<meta property="schema:accessMode">visual</meta>`, `<meta property="schema:accessibilityFeature">alternativeText</meta>`,
			`All 4 images have text alternatives.`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			s, ok := files["EPUB/"+tc.file]
			if !ok {
				t.Fatalf("no %s", tc.file)
			}
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("lacks %s:\n%s", w, s)
				}
			}
		})
	}
	// Each image is packaged once.
	if n := strings.Count(files["EPUB/package.opf"], `href="images/`); n != 3 {
		t.Errorf("%d images in the manifest, want 3", n)
	}

	// The spine: cover, title page, the chapters, contributors, credits.
	spine := regexp.MustCompile(`<itemref idref="([^"]+)"`).FindAllStringSubmatch(files["EPUB/package.opf"], -1)
	var order []string
	for _, m := range spine {
		order = append(order, m[1])
	}
	want := "cover.xhtml text-title-page.xhtml text-about.xhtml text-letters.xhtml text-typesetting-ru.xhtml text-alphabets-kk.xhtml text-contributors.xhtml text-credits.xhtml nav"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("spine:\n%s\nwant:\n%s", got, want)
	}

	// The nav: chapters with their headings nested, entries in another
	// language marked, landmarks for each part of the book.
	nav := files["EPUB/nav.xhtml"]
	for _, w := range []string{
		`(?s)<li><a href="text/letters.xhtml">Forty-Two Letters</a>\s*<ol>\s*<li><a href="text/letters.xhtml#nine-letters">Nine letters</a></li>`,
		`(?s)<li><a href="text/typesetting-ru.xhtml" lang="ru" xml:lang="ru">Как набирали книги</a>\s*<ol>\s*<li><a href="text/typesetting-ru.xhtml#машинный-набор" lang="ru" xml:lang="ru">Машинный набор</a>`,
		`<a href="text/typesetting-ru.xhtml#about-author" lang="ru" xml:lang="ru">Об авторе</a>`,
		`<a href="text/alphabets-kk.xhtml#notes-heading" lang="kk" xml:lang="kk">Ескертпелер</a>`,
		`<li><a href="text/contributors.xhtml">Contributors</a></li>`,
		`<li><a href="text/credits.xhtml">Image credits</a></li>`,
		`<a epub:type="titlepage" href="text/title-page.xhtml">`,
		`<a epub:type="frontmatter" href="text/about.xhtml">`,
		`<a epub:type="bodymatter" href="text/letters.xhtml">`,
		`<a epub:type="backmatter" href="text/contributors.xhtml">`,
	} {
		if !regexp.MustCompile(w).MatchString(nav) {
			t.Errorf("nav.xhtml does not match %s:\n%s", w, nav)
		}
	}
	// The NCX follows the nav.
	if ncx := files["EPUB/toc.ncx"]; !regexp.MustCompile(`(?s)<text>Как набирали книги</text>.*<text>Машинный набор</text>.*<text>Contributors</text>`).MatchString(ncx) {
		t.Errorf("toc.ncx:\n%s", ncx)
	}
}

// TestEPUBParts checks that a part's chapters nest under it in the nav and
// that the back matter stands outside it.
func TestEPUBParts(t *testing.T) {
	d := &doc.Document{Book: true, Meta: doc.Meta{Title: "Parts", Lang: "en", Slug: "parts", Identifier: "urn:uuid:12345678-1234-1234-1234-123456789abc"}}
	for i, c := range []struct {
		id, part string
		role     doc.Role
	}{
		{"preface", "", doc.FrontMatter}, {"one", "Part 1", doc.BodyMatter}, {"two", "", doc.BodyMatter},
		{"three", "Part 2", doc.BodyMatter}, {"afterword", "", doc.BackMatter},
	} {
		title := strings.ToUpper(c.id[:1]) + c.id[1:]
		h := &doc.Heading{Level: 1, Attr: doc.Attr{ID: c.id}, Text: []doc.Inline{&doc.Text{Value: title}}}
		d.Chapters = append(d.Chapters, &doc.Chapter{ID: c.id, Title: title, Part: c.part, Role: c.role,
			Blocks: []doc.Block{h, para("Text " + string(rune('a'+i)) + ".")}})
	}
	b, err := Render(d, Options{Date: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, b)
	nav := files["EPUB/nav.xhtml"]
	toc := nav[strings.Index(nav, "<ol>"):strings.Index(nav, "</nav>")]
	want := regexp.MustCompile(`(?s)^<ol>\s*<li><a href="text/preface.xhtml">Preface</a></li>\s*` +
		`<li><a href="text/one.xhtml">Part 1</a>\s*<ol>\s*<li><a href="text/one.xhtml">One</a></li>\s*<li><a href="text/two.xhtml">Two</a></li>\s*</ol>\s*</li>\s*` +
		`<li><a href="text/three.xhtml">Part 2</a>\s*<ol>\s*<li><a href="text/three.xhtml">Three</a></li>\s*</ol>\s*</li>\s*` +
		`<li><a href="text/afterword.xhtml">Afterword</a></li>\s*</ol>`)
	if !want.MatchString(toc) {
		t.Errorf("toc:\n%s", toc)
	}
	if one := files["EPUB/text/one.xhtml"]; !strings.Contains(one, `<p class="part-title">Part 1</p>`+"\n"+`<h1 id="one">One</h1>`) {
		t.Errorf("one.xhtml:\n%s", one)
	}
	for _, w := range []string{`epub:type="frontmatter" href="text/preface.xhtml"`, `epub:type="bodymatter" href="text/one.xhtml"`, `epub:type="backmatter" href="text/afterword.xhtml"`} {
		if !strings.Contains(nav, w) {
			t.Errorf("landmarks lack %s", w)
		}
	}
	if _, ok := files["EPUB/text/contributors.xhtml"]; ok {
		t.Error("contributors document for a book without bios")
	}
}

// TestEPUBImageFormats checks the media types of the images: SVG as
// image/svg+xml, and WebP converted to PNG (not a core media type of
// EPUB 3 for EPUBCheck 4).
func TestEPUBImageFormats(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(0, 0, color.NRGBA{R: 10, G: 20, B: 30, A: 255})
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, img); err != nil {
		t.Fatal(err)
	}
	webpData := webpOneColour(3, 2, 0x33, 0x66, 0xcc)
	svgData := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`)
	tests := []struct {
		name, src, format string
		data              []byte
		path, mediaType   string
	}{
		{"png", "images/a.png", "png", pngData.Bytes(), "images/a.png", "image/png"},
		{"svg", "images/b.svg", "svg", svgData, "images/b.svg", "image/svg+xml"},
		{"webp", "images/c.webp", "webp", webpData, "images/c.webp.png", "image/png"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := testDoc()
			d.Chapters[0].Blocks = append(d.Chapters[0].Blocks, &doc.Figure{Image: &doc.Image{Src: tc.src, Alt: "A picture", Format: tc.format, Data: tc.data, Width: 1, Height: 1}})
			b, err := Render(d, Options{Date: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			files := unzip(t, b)
			if want := `href="` + tc.path + `" media-type="` + tc.mediaType + `"`; !strings.Contains(files["EPUB/package.opf"], want) {
				t.Errorf("package.opf lacks %s", want)
			}
			if want := `src="../` + tc.path + `"`; !strings.Contains(files["EPUB/text/article.xhtml"], want) {
				t.Errorf("article lacks %s", want)
			}
			data := files["EPUB/"+tc.path]
			if tc.format == "webp" {
				if _, err := png.Decode(strings.NewReader(data)); err != nil {
					t.Errorf("converted WebP is not a PNG: %v", err)
				}
				again, _ := Render(d, Options{Date: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)})
				if !bytes.Equal(b, again) {
					t.Error("conversion is not deterministic")
				}
			} else if data != string(tc.data) {
				t.Error("image bytes changed")
			}
		})
	}
}

// webpOneColour returns a lossless WebP image of w×h pixels of one opaque
// colour: each of its prefix codes has a single symbol, so that a pixel
// takes no bits at all.
func webpOneColour(w, h int, r, g, b byte) []byte {
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
	put(0x2f, 8) // signature
	put(uint64(w-1), 14)
	put(uint64(h-1), 14)
	put(0, 1) // no alpha
	put(0, 3) // version 0
	put(0, 1) // no transform
	put(0, 1) // no colour cache
	put(0, 1) // no meta prefix codes
	// Green, red, blue, alpha and distance: simple codes of one symbol.
	for _, sym := range []byte{g, r, b, 0xff, 0} {
		put(1, 1) // simple code
		put(0, 1) // one symbol
		put(1, 1) // of 8 bits
		put(uint64(sym), 8)
	}
	if n > 0 {
		put(0, 8-n)
	}
	if len(out)%2 == 1 {
		out = append(out, 0)
	}
	le := func(v int) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }
	var f []byte
	f = append(f, "RIFF"...)
	f = append(f, le(4+8+len(out))...)
	f = append(f, "WEBPVP8L"...)
	f = append(f, le(len(out))...)
	return append(f, out...)
}
