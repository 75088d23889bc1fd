package pack

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/galley-press/galley/internal/golden"
)

// partBook returns a book of two article chapters in two languages in a
// part, after a title page and before the contributors: its table of
// contents nests the chapters under the part and marks the language of
// the Russian entries.
func partBook() *Book {
	doc := func(lang, title, body string) []byte {
		return xhtmlDocLang(lang, title, body)
	}
	return &Book{
		Meta: Metadata{
			Identifier: "urn:uuid:4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
			Title:      "Letters and Type",
			Creators:   []Creator{{Name: "The Galley editors"}},
			Language:   "en",
			Modified:   time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
			Accessibility: Accessibility{
				AccessModes:           []string{"textual"},
				AccessModesSufficient: []string{"textual"},
				Features:              []string{"structuralNavigation", "tableOfContents"},
				Hazards:               []string{"none"},
				Summary:               "Text only, with headings.",
			},
		},
		Documents: []Document{
			{Path: "text/title-page.xhtml", Title: "Letters and Type", Content: doc("en", "Letters and Type", `<section><h1>Letters and Type</h1></section>`)},
			{Path: "text/letters.xhtml", Title: "Forty-Two Letters", Content: doc("en", "Forty-Two Letters",
				`<article><p>Part One</p><header><h1>Forty-Two Letters</h1></header><h2 id="nine-letters">Nine letters</h2><p>Text.</p><aside aria-labelledby="about-author"><h2 id="about-author">About the author</h2><p>Bio.</p></aside></article>`)},
			{Path: "text/typesetting-ru.xhtml", Title: "Как набирали книги", Content: doc("ru", "Как набирали книги",
				`<article><header><h1>Как набирали книги</h1></header><h2 id="кавычки">Кавычки</h2><p>Текст.</p><aside aria-labelledby="about-author"><h2 id="about-author">Об авторе</h2><p>Био.</p></aside></article>`)},
			{Path: "text/contributors.xhtml", Title: "Contributors", Content: doc("en", "Contributors", `<section><h1>Contributors</h1></section>`)},
		},
		TOC: []NavPoint{
			{Title: "Part One", Href: "text/letters.xhtml", Children: []NavPoint{
				{Title: "Forty-Two Letters", Href: "text/letters.xhtml", Children: []NavPoint{
					{Title: "Nine letters", Href: "text/letters.xhtml#nine-letters"},
					{Title: "About the author", Href: "text/letters.xhtml#about-author"},
				}},
				{Title: "Как набирали книги", Href: "text/typesetting-ru.xhtml", Lang: "ru", Children: []NavPoint{
					{Title: "Кавычки", Href: "text/typesetting-ru.xhtml#кавычки", Lang: "ru"},
					{Title: "Об авторе", Href: "text/typesetting-ru.xhtml#about-author", Lang: "ru"},
				}},
			}},
			{Title: "Contributors", Href: "text/contributors.xhtml"},
		},
		Landmarks: []Landmark{
			{Type: "titlepage", Title: "Title page", Href: "text/title-page.xhtml"},
			{Type: "toc", Title: "Contents", Href: "nav.xhtml#toc"},
			{Type: "bodymatter", Title: "Start of content", Href: "text/letters.xhtml"},
			{Type: "backmatter", Title: "Back matter", Href: "text/contributors.xhtml"},
		},
	}
}

func TestBookGolden(t *testing.T) {
	_, files := unzip(t, build(t, partBook()))
	for _, name := range []string{"nav.xhtml", "toc.ncx"} {
		t.Run(name, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", "book-"+name+".golden"), files["EPUB/"+name])
		})
	}
}

func TestNavPointLanguage(t *testing.T) {
	tests := []struct {
		name, lang string
		want       string // in nav.xhtml, or the error
	}{
		{"other language", "ru", `<a href="text/b.xhtml" lang="ru" xml:lang="ru">B</a>`},
		{"book's language", "en", `<a href="text/b.xhtml">B</a>`},
		{"none", "", `<a href="text/b.xhtml">B</a>`},
		{"not a tag", "r u", `language "r u": not a BCP 47 tag`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := minimalBook()
			b.Documents = append(b.Documents, Document{Path: "text/b.xhtml", Content: xhtmlDocLang("ru", "B", `<p>B</p>`)})
			b.TOC = []NavPoint{{Title: "Minimal", Href: "article.xhtml"}, {Title: "B", Href: "text/b.xhtml", Lang: tc.lang}}
			var buf bytes.Buffer
			err := Write(&buf, b)
			if err != nil {
				if !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("Write: %v, want %s", err, tc.want)
				}
				return
			}
			_, files := unzip(t, buf.Bytes())
			if nav := string(files["EPUB/nav.xhtml"]); !strings.Contains(nav, tc.want) {
				t.Errorf("nav.xhtml lacks %s:\n%s", tc.want, nav)
			}
		})
	}
}
