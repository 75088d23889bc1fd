package pack

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// sampleBook returns a small but complete book: a cover, two chapters with
// a page list, a non-linear endnote document, a stylesheet and full
// accessibility metadata. The goldens in testdata are made from it.
func sampleBook(t testing.TB) *Book {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 60, 90))
	for y := range 90 {
		for x := range 60 {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: 40, B: uint8(y * 2), A: 255})
		}
	}
	var cover bytes.Buffer
	if err := png.Encode(&cover, img); err != nil {
		t.Fatal(err)
	}
	return &Book{
		Meta: Metadata{
			Identifier: "urn:uuid:0f6b1c3e-5d2a-4c8e-9b7f-2a1d3e4f5a6b",
			Title:      "Sea & Sky",
			Subtitle:   "Notes on <weather>",
			Creators: []Creator{
				{Name: "Ada Lovelace", FileAs: "Lovelace, Ada"},
				{Name: "Charles Babbage", FileAs: "Babbage, Charles", Role: "edt"},
			},
			Language:    "en-GB",
			Date:        "2018-01-15",
			Modified:    time.Date(2024, 3, 9, 17, 45, 31, 0, time.UTC),
			Publisher:   "Galley Press",
			Rights:      "© 2018 Ada Lovelace. CC BY 4.0.",
			Description: "Two short chapters about \"weather\", for testing.",
			Subjects:    []string{"Weather", "Meteorology"},
			Source:      "urn:isbn:9780000000002",
			Accessibility: Accessibility{
				AccessModes:           []string{"textual", "visual"},
				AccessModesSufficient: []string{"textual"},
				Features:              []string{"alternativeText", "structuralNavigation", "tableOfContents", "printPageNumbers", "readingOrder"},
				Hazards:               []string{"none"},
				Summary:               "All images have text alternatives; headings and a page list give structure.",
				ConformsTo:            "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
				CertifiedBy:           "Galley Press",
			},
		},
		Documents: []Document{
			{Path: "text/cover.xhtml", Title: "Cover", Content: xhtmlDoc("Cover", `<section epub:type="cover" aria-label="Cover"><img role="doc-cover" src="../images/cover.png" alt="Sea &amp; Sky, by Ada Lovelace: blue and violet bands of colour."/></section>`)},
			{Path: "text/ch1.xhtml", Title: "The Sea", Content: xhtmlDoc("The Sea", `<section epub:type="chapter" role="doc-chapter" aria-labelledby="ch1"><h1 id="ch1">The Sea</h1><p>The sea is large.<span id="p1" epub:type="pagebreak" role="doc-pagebreak" aria-label="1"/> It is also wet.<a href="notes.xhtml#n1" id="r1" epub:type="noteref" role="doc-noteref">1</a></p><h2 id="tides">Tides</h2><p>Tides come and go.<span id="p2" epub:type="pagebreak" role="doc-pagebreak" aria-label="2"/></p></section>`)},
			{Path: "text/ch2.xhtml", Title: "The Sky", Content: xhtmlDoc("The Sky", `<section epub:type="chapter" role="doc-chapter" aria-labelledby="ch2"><h1 id="ch2"><span id="p3" epub:type="pagebreak" role="doc-pagebreak" aria-label="3"/>The Sky</h1><p>The sky is above.</p></section>`)},
			{Path: "text/notes.xhtml", Title: "Notes", NonLinear: true, Content: xhtmlDoc("Notes", `<section epub:type="endnotes" role="doc-endnotes" aria-labelledby="notes"><h1 id="notes">Notes</h1><ol><li id="n1" epub:type="endnote"><p>Very wet. <a href="ch1.xhtml#r1" role="doc-backlink">Back</a></p></li></ol></section>`)},
		},
		Resources: []Resource{
			{Path: "css/style.css", Content: []byte("body { margin: 0 5%; }\nh1 { font-size: 1.5em; }\n")},
			{Path: "images/cover.png", Content: cover.Bytes()},
		},
		TOC: []NavPoint{
			{Title: "The Sea", Href: "text/ch1.xhtml", Children: []NavPoint{
				{Title: "Tides", Href: "text/ch1.xhtml#tides"},
			}},
			{Title: "The Sky", Href: "text/ch2.xhtml"},
			{Title: "Notes", Href: "text/notes.xhtml"},
		},
		Landmarks: []Landmark{
			{Type: "cover", Title: "Cover", Href: "text/cover.xhtml"},
			{Type: "toc", Title: "Contents", Href: "nav.xhtml#toc"},
			{Type: "bodymatter", Title: "Start of content", Href: "text/ch1.xhtml"},
		},
		PageList: []PageTarget{
			{Label: "1", Href: "text/ch1.xhtml#p1"},
			{Label: "2", Href: "text/ch1.xhtml#p2"},
			{Label: "3", Href: "text/ch2.xhtml#p3"},
		},
		CoverImage: "images/cover.png",
		Stylesheet: "css/style.css",
	}
}

// xhtmlDoc wraps body markup in a minimal XHTML content document.
func xhtmlDoc(title, body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en-GB" lang="en-GB">
<head>
<title>` + title + `</title>
<link rel="stylesheet" type="text/css" href="../css/style.css"/>
</head>
<body>
` + body + `
</body>
</html>
`)
}

// minimalBook returns the smallest book Write accepts: one document, the
// required metadata and nothing else.
func minimalBook() *Book {
	return &Book{
		Meta: Metadata{
			Identifier: "urn:uuid:8d2f4c1a-3b5e-4f70-9a1c-0e2d4b6f8a9c",
			Title:      "Minimal",
			Language:   "en",
			Modified:   time.Date(2020, 2, 29, 12, 0, 0, 0, time.UTC),
			// Without these Ace reports violations, though EPUBCheck
			// does not mind.
			Accessibility: Accessibility{
				AccessModes:           []string{"textual"},
				AccessModesSufficient: []string{"textual"},
				Features:              []string{"structuralNavigation", "tableOfContents"},
				Hazards:               []string{"none"},
				Summary:               "Text only, with headings.",
			},
		},
		Documents: []Document{
			{Path: "article.xhtml", Title: "Minimal", Content: xhtmlDocLang("en", "Minimal", `<h1>Minimal</h1><p>Hello.</p>`)},
		},
	}
}

// rtlBook returns a right-to-left book whose table of contents has an
// entry without a link of its own.
func rtlBook() *Book {
	return &Book{
		Meta: Metadata{
			Identifier: "isbn-free-identifier-42",
			Title:      "كتاب",
			Creators:   []Creator{{Name: "مؤلف", Role: "aut"}},
			Language:   "ar",
			Modified:   time.Date(2021, 7, 1, 8, 30, 0, 0, time.UTC),
			Accessibility: Accessibility{
				AccessModes:           []string{"textual"},
				AccessModesSufficient: []string{"textual"},
				Features:              []string{"structuralNavigation", "tableOfContents"},
				Hazards:               []string{"none"},
				Summary:               "نص فقط.",
			},
		},
		Documents: []Document{
			{Path: "text/part-1.xhtml", Content: xhtmlDocLang("ar", "أ", `<section><h1 id="a">أ</h1><p>نص.</p></section>`)},
			{Path: "text/part-2.xhtml", Content: xhtmlDocLang("ar", "ب", `<section><h1 id="b">ب</h1><p>نص.</p></section>`)},
		},
		TOC: []NavPoint{{Title: "الجزء", Children: []NavPoint{
			{Title: "أ", Href: "text/part-1.xhtml#a"},
			{Title: "ب", Href: "text/part-2.xhtml#b"},
		}}},
		Labels: Labels{TOC: "المحتويات"},
	}
}

// inlineBook returns a book whose document embeds SVG and MathML, for
// which Write must declare the manifest properties itself.
func inlineBook() *Book {
	b := minimalBook()
	b.Meta.Title = "Inline"
	b.Documents[0].Content = xhtmlDocLang("en", "Inline", `<h1>Inline</h1>
<p><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10" role="img" aria-label="A square"><rect width="10" height="10"/></svg></p>
<p><math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x squared"><msup><mi>x</mi><mn>2</mn></msup></math></p>`)
	return b
}

// xhtmlDocLang is xhtmlDoc for another language, without a stylesheet.
func xhtmlDocLang(lang, title, body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="` + lang + `" lang="` + lang + `">
<head>
<title>` + title + `</title>
</head>
<body>
` + body + `
</body>
</html>
`)
}

// TestSampleEPUB writes the sample books into the folder named by the
// environment variable EPUB_SAMPLE_DIR, for checking with EPUBCheck and
// Ace outside Go. Without the variable it only builds them.
func TestSampleEPUB(t *testing.T) {
	books := map[string]*Book{
		"sample.epub":  sampleBook(t),
		"minimal.epub": minimalBook(),
		"rtl.epub":     rtlBook(),
		"inline.epub":  inlineBook(),
		"book.epub":    partBook(),
	}
	dir := os.Getenv("EPUB_SAMPLE_DIR")
	for _, name := range slices.Sorted(maps.Keys(books)) {
		var buf bytes.Buffer
		if err := Write(&buf, books[name]); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if dir == "" {
			continue
		}
		out := filepath.Join(dir, name)
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", out, buf.Len())
	}
}
