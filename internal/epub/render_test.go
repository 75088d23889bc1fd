package epub

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/source"
)

var png1x1 = []byte("\x89PNG\r\n\x1a\n") // enough for the packager, which does not decode images

func para(s string) *doc.Paragraph {
	return &doc.Paragraph{Text: []doc.Inline{&doc.Text{Value: s}}}
}

func testDoc() *doc.Document {
	f := source.NewFile("article.md", []byte("0123456789012345678901234567890123456789"))
	at := func(off int) source.Span { return source.Span{Start: f.Pos(off), Stop: f.Pos(off + 1)} }
	note := &doc.Note{Span: at(30), Label: "n", Number: 1, Blocks: []doc.Block{para("A note.")}}
	return &doc.Document{
		Meta: doc.Meta{Title: "Kitchen", Subtitle: "A dek", Kicker: "Tests", Lang: "en", Slug: "kitchen",
			Identifier: "urn:uuid:12345678-1234-1234-1234-123456789abc",
			Authors:    []doc.Author{{Name: "Ann Author", Bio: []doc.Block{para("Ann writes.")}}},
		},
		Chapters: []*doc.Chapter{{File: f, ID: "article", Notes: []*doc.Note{note}, Blocks: []doc.Block{
			&doc.Paragraph{Span: at(0), Text: []doc.Inline{&doc.Text{Value: "One two three"}, &doc.NoteRef{Note: note}}},
			&doc.Heading{Span: at(10), Level: 2, Attr: doc.Attr{ID: "part-one"}, Text: []doc.Inline{&doc.Text{Value: "Part one"}}},
			&doc.Heading{Span: at(12), Level: 3, Attr: doc.Attr{ID: "part-one-a"}, Text: []doc.Inline{&doc.Text{Value: "Part one A"}}},
			&doc.Heading{Span: at(14), Level: 2, Attr: doc.Attr{ID: "part-two"}, Text: []doc.Inline{&doc.Text{Value: "Part two"}}},
			&doc.Paragraph{Span: at(20), Text: []doc.Inline{&doc.Text{Value: "Four five six seven"}}},
		}}},
	}
}

// unzip returns the files of an EPUB.
func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = string(data)
	}
	return files
}

var metaRE = regexp.MustCompile(`<meta property="([^"]+)">([^<]*)</meta>`)

// props returns the values of each meta property of the package document.
func props(opf string) map[string][]string {
	out := map[string][]string{}
	for _, m := range metaRE.FindAllStringSubmatch(opf, -1) {
		out[m[1]] = append(out[m[1]], m[2])
	}
	return out
}

func TestAccessibilityMetadata(t *testing.T) {
	withImage := func(d *doc.Document, img *doc.Image) {
		d.Chapters[0].Blocks = append(d.Chapters[0].Blocks, &doc.Figure{Image: img})
	}
	tests := []struct {
		name         string
		edit         func(d *doc.Document)
		breaks       bool
		features     []string
		modes        []string
		sufficient   []string
		claim        bool
		summaryHas   []string
		summaryLacks []string
	}{
		{name: "text only (but the cover)", edit: func(*doc.Document) {},
			features:   []string{"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText", "ARIA", "displayTransformability"},
			modes:      []string{"textual", "visual"},
			sufficient: []string{"textual", "textual,visual"},
			summaryHas: []string{"Footnotes are linked", "The one image has a text alternative."}, summaryLacks: []string{"page numbers"}},
		{name: "images with alt and a decorative one", edit: func(d *doc.Document) {
			withImage(d, &doc.Image{Src: "a.png", Alt: "An A", Data: png1x1, Format: "png"})
			withImage(d, &doc.Image{Src: "rule.png", Decorative: true, Data: png1x1, Format: "png"})
		},
			features:   []string{"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText", "ARIA", "displayTransformability"},
			modes:      []string{"textual", "visual"},
			sufficient: []string{"textual", "textual,visual"},
			summaryHas: []string{"Both images have text alternatives.", "One decorative image is hidden"}},
		{name: "an image without alt", edit: func(d *doc.Document) {
			withImage(d, &doc.Image{Src: "a.png", Data: png1x1, Format: "png"})
		},
			features:   []string{"structuralNavigation", "tableOfContents", "readingOrder", "ARIA", "displayTransformability"},
			modes:      []string{"textual", "visual"},
			sufficient: []string{"textual,visual"},
			summaryHas: []string{"1 of 2 images have no text alternative."}},
		{name: "page list", edit: func(*doc.Document) {}, breaks: true,
			features:   []string{"structuralNavigation", "tableOfContents", "readingOrder", "pageBreakMarkers", "pageNavigation", "printPageNumbers", "alternativeText", "ARIA", "displayTransformability"},
			modes:      []string{"textual", "visual"},
			sufficient: []string{"textual", "textual,visual"},
			summaryHas: []string{"page numbers from the print edition"}},
		{name: "claim asked for and earned", edit: func(d *doc.Document) { d.Meta.ConformsTo, d.Meta.CertifiedBy = true, "Galley Press QA" },
			features:   []string{"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText", "ARIA", "displayTransformability"},
			modes:      []string{"textual", "visual"},
			sufficient: []string{"textual", "textual,visual"},
			claim:      true, summaryHas: []string{"It meets EPUB Accessibility 1.1"}},
		{name: "claim asked for, headings skip a level", edit: func(d *doc.Document) {
			d.Meta.ConformsTo = true
			// As the reader marks "###" under "#", having warned of it.
			h := d.Chapters[0].Blocks[2].(*doc.Heading)
			h.Level, h.SkipsLevel = 4, true
		},
			features:     []string{"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText", "ARIA", "displayTransformability"},
			modes:        []string{"textual", "visual"},
			sufficient:   []string{"textual", "textual,visual"},
			summaryLacks: []string{"It meets"}},
		{name: "claim asked for, table without header", edit: func(d *doc.Document) {
			d.Meta.ConformsTo = true
			d.Chapters[0].Blocks = append(d.Chapters[0].Blocks, &doc.Table{Body: []*doc.Row{{Cells: []*doc.Cell{{Text: []doc.Inline{&doc.Text{Value: "1"}}}}}}})
		},
			features:     []string{"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText", "ARIA", "displayTransformability"},
			modes:        []string{"textual", "visual"},
			sufficient:   []string{"textual", "textual,visual"},
			summaryLacks: []string{"It meets", "Tables have header rows"}},
		{name: "summary from the manuscript", edit: func(d *doc.Document) { d.Meta.AccessibilitySummary = "Hand-written summary." },
			features:   []string{"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText", "ARIA", "displayTransformability"},
			modes:      []string{"textual", "visual"},
			sufficient: []string{"textual", "textual,visual"},
			summaryHas: []string{"Hand-written summary."}, summaryLacks: []string{"table of contents"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := testDoc()
			tc.edit(d)
			var opts Options
			var diags diag.List
			opts.Diags = &diags
			if tc.breaks {
				opts.PageBreaks = []PageBreak{{Label: "1", Pos: d.Chapters[0].Blocks[0].Pos()}, {Label: "2", Pos: d.Chapters[0].Blocks[4].Pos(), Word: 2}}
			}
			b, err := renderAt(d, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), opts)
			if err != nil {
				t.Fatal(err)
			}
			opf := unzip(t, b)["EPUB/package.opf"]
			p := props(opf)
			check := func(prop string, want []string) {
				if !slices.Equal(p[prop], want) {
					t.Errorf("%s = %q, want %q", prop, p[prop], want)
				}
			}
			check("schema:accessibilityFeature", tc.features)
			check("schema:accessMode", tc.modes)
			check("schema:accessModeSufficient", tc.sufficient)
			check("schema:accessibilityHazard", []string{"none"})
			if tc.claim {
				check("dcterms:conformsTo", []string{"EPUB Accessibility 1.1 - WCAG 2.2 Level AA"})
				check("a11y:certifiedBy", []string{"Galley Press QA"})
			} else {
				check("dcterms:conformsTo", nil)
				check("a11y:certifiedBy", nil)
			}
			if d.Meta.ConformsTo && !tc.claim && diags.Len() == 0 {
				t.Error("claim left out without a warning")
			}
			sum := strings.Join(p["schema:accessibilitySummary"], "")
			for _, s := range tc.summaryHas {
				if !strings.Contains(sum, s) {
					t.Errorf("summary lacks %q: %s", s, sum)
				}
			}
			for _, s := range tc.summaryLacks {
				if strings.Contains(sum, s) {
					t.Errorf("summary has %q: %s", s, sum)
				}
			}
		})
	}
}

func TestEPUBPageList(t *testing.T) {
	d := testDoc()
	blocks := d.Chapters[0].Blocks
	opts := Options{PageBreaks: []PageBreak{
		{Label: "1", Pos: d.Meta.Pos},               // the top of the article
		{Label: "2", Pos: blocks[1].Pos()},          // before the heading
		{Label: "3", Pos: blocks[4].Pos(), Word: 2}, // before "six"
	}}
	b, err := renderAt(d, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), opts)
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, b)
	opf, nav, text := files["EPUB/package.opf"], files["EPUB/nav.xhtml"], files["EPUB/text/article.xhtml"]
	for _, want := range []string{
		`<dc:source id="source">kitchen.pdf</dc:source>`,
		`<meta refines="#source" property="source-of">pagination</meta>`,
	} {
		if !strings.Contains(opf, want) {
			t.Errorf("package.opf lacks %s", want)
		}
	}
	for _, want := range []string{`<a href="text/article.xhtml#page-1">1</a>`, `<a href="text/article.xhtml#page-3">3</a>`} {
		if !strings.Contains(nav, want) {
			t.Errorf("nav.xhtml lacks %s:\n%s", want, nav)
		}
	}
	if !strings.Contains(files["EPUB/toc.ncx"], "<pageList>") {
		t.Error("toc.ncx has no pageList")
	}
	i1 := strings.Index(text, `id="page-1"`)
	i2 := strings.Index(text, `id="page-2"`)
	i3 := strings.Index(text, `aria-label="3"/>six`)
	if i1 < 0 || i2 < 0 || i3 < 0 || !(i1 < strings.Index(text, "<header") && i2 < i3) {
		t.Errorf("markers misplaced:\n%s", text)
	}
	// Without page breaks: no dc:source, no page list.
	b, _ = renderAt(testDoc(), time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Options{})
	if files := unzip(t, b); strings.Contains(files["EPUB/package.opf"], "dc:source") || strings.Contains(files["EPUB/nav.xhtml"], "page-list") {
		t.Error("page list or dc:source without page breaks")
	}
}

func TestEPUBCover(t *testing.T) {
	date := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name  string
		cover *doc.Image
		image string // the cover image's path in EPUB/
	}{
		{"typographic", nil, "cover.svg"},
		{"given", &doc.Image{Src: "images/front.png", Alt: "A red book", Data: png1x1, Format: "png", Width: 10, Height: 16}, "images/front.png"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := testDoc()
			d.Meta.Cover = tc.cover
			b, err := renderAt(d, date, Options{})
			if err != nil {
				t.Fatal(err)
			}
			files := unzip(t, b)
			opf := files["EPUB/package.opf"]
			id := strings.NewReplacer("/", "-").Replace(tc.image)
			for _, want := range []string{
				`<meta name="cover" content="` + id + `"/>`,
				`href="` + tc.image + `" media-type="image/`,
				`properties="cover-image"`,
			} {
				if !strings.Contains(opf, want) {
					t.Errorf("package.opf lacks %s:\n%s", want, opf)
				}
			}
			// The cover page is first in the spine and a landmark.
			if i, j := strings.Index(opf, `<itemref idref="cover.xhtml"/>`), strings.Index(opf, `<itemref idref="text-article.xhtml"/>`); i < 0 || j < i {
				t.Errorf("cover page is not first in the spine:\n%s", opf)
			}
			if !strings.Contains(files["EPUB/nav.xhtml"], `<a epub:type="cover" href="cover.xhtml">Cover</a>`) {
				t.Error("no cover landmark")
			}
			page := files["EPUB/cover.xhtml"]
			if !strings.Contains(page, `src="`+tc.image+`"`) || !strings.Contains(page, `role="doc-cover"`) {
				t.Errorf("cover page:\n%s", page)
			}
			if tc.cover == nil && !strings.Contains(files["EPUB/cover.svg"], "<text") {
				t.Error("typographic cover has no text")
			}
		})
	}
}

func TestEPUBTOCOrder(t *testing.T) {
	b, err := renderAt(testDoc(), time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Options{})
	if err != nil {
		t.Fatal(err)
	}
	nav := unzip(t, b)["EPUB/nav.xhtml"]
	toc := nav[strings.Index(nav, `<nav epub:type="toc"`):strings.Index(nav, "</nav>")]
	order := []string{"#part-one\"", "#part-one-a\"", "#part-two\"", "#about-author\"", "#notes-heading\""}
	last := -1
	for _, h := range order {
		i := strings.Index(toc, h)
		if i <= last {
			t.Fatalf("toc entry %s out of spine order:\n%s", h, toc)
		}
		last = i
	}
	// h3 nests under its h2.
	if !regexp.MustCompile(`(?s)#part-one">Part one</a>\s*<ol>\s*<li><a href="text/article.xhtml#part-one-a"`).MatchString(toc) {
		t.Errorf("h3 not nested under its h2:\n%s", toc)
	}
	if strings.Contains(toc, "cover.xhtml") {
		t.Error("the cover is in the table of contents")
	}
}

// TestEPUBPageListOrder checks that the page list follows the markers'
// order in the text even when a break has no usable position (and so
// lands at the top of the article).
func TestEPUBPageListOrder(t *testing.T) {
	d := testDoc()
	blocks := d.Chapters[0].Blocks
	opts := Options{PageBreaks: []PageBreak{
		{Label: "1", Pos: blocks[1].Pos()},
		{Label: "2", Pos: blocks[4].Pos()},
		{Label: "3"}, // no position
	}}
	b, err := renderAt(d, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), opts)
	if err != nil {
		t.Fatal(err)
	}
	nav := unzip(t, b)["EPUB/nav.xhtml"]
	i3, i1, i2 := strings.Index(nav, "#page-3"), strings.Index(nav, "#page-1"), strings.Index(nav, "#page-2")
	if !(i3 < i1 && i1 < i2) {
		t.Errorf("page list not in document order:\n%s", nav)
	}
}

// renderAt renders d with opts, dated date.
func renderAt(d *doc.Document, date time.Time, opts Options) ([]byte, error) {
	opts.Date = date
	return Render(d, opts)
}

// TestForbiddenCharacters checks that characters XML does not allow
// become U+FFFD in every file, with one warning for each place and
// character however many files the text goes into.
func TestForbiddenCharacters(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(d *doc.Document)
		warns []string
	}{
		{"none", func(*doc.Document) {}, nil},
		{"in the title", func(d *doc.Document) { d.Meta.Title = "Kit\x01chen" },
			[]string{"front.md:1:1: warning: text holds character U+0001, which XML does not allow; the EPUB has U+FFFD in its place"}},
		{"in a paragraph and an author's name", func(d *doc.Document) {
			d.Chapters[0].Blocks[4].(*doc.Paragraph).Text[0].(*doc.Text).Value = "Four\x0b five"
			d.Meta.Authors[0].Name = "Ann\uFFFE"
		}, []string{
			"article.md:1:21: warning: text holds character U+000B, which XML does not allow; the EPUB has U+FFFD in its place",
			"front.md:1:1: warning: text holds character U+FFFE, which XML does not allow; the EPUB has U+FFFD in its place",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDoc()
			d.Meta.Pos = source.NewFile("front.md", []byte("---\n")).Pos(0)
			tt.edit(d)
			var diags diag.List
			b, err := Render(d, Options{Date: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Diags: &diags})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range diags.Items() {
				got = append(got, d.String())
			}
			if !slices.Equal(got, tt.warns) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.warns, "\n"))
			}
			for name, data := range unzip(t, b) {
				if i := strings.IndexFunc(data, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE }); i >= 0 {
					t.Errorf("%s holds %q at byte %d", name, data[i:i+1], i)
				}
			}
		})
	}
}

func TestDropDoctype(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"` + "\n" + ` "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">` + "\n<svg/>", `<?xml version="1.0"?>` + "\n\n<svg/>"},
		{`<!DOCTYPE svg PUBLIC "a>b" "c"><svg/>`, `<svg/>`},
		{`<!DOCTYPE svg [<!ENTITY e "x">]><svg>&e;</svg>`, `<!DOCTYPE svg [<!ENTITY e "x">]><svg>&e;</svg>`},
		{`<svg/>`, `<svg/>`},
		{`<!DOCTYPE svg`, `<!DOCTYPE svg`},
	} {
		if got := string(dropDoctype([]byte(c.in))); got != c.want {
			t.Errorf("dropDoctype(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
