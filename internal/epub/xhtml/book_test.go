package xhtml

import (
	"bytes"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/golden"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/markdown"
	"github.com/galley-press/galley/internal/source"
)

// The book of the goldens: a title page, a part that opens with an English
// article, a Russian article in it, a plain chapter, contributors and
// credits.

func inl(s string) []doc.Inline { return []doc.Inline{&doc.Text{Value: s}} }

func bookChapter(t *testing.T, id, lang, src string) *doc.Chapter {
	t.Helper()
	f := source.NewFile(id+".md", []byte(src))
	var d diag.List
	blocks, notes := markdown.Parse(markdown.Input{File: f, Lang: lang}, &d)
	ch := &doc.Chapter{File: f, ID: id, Blocks: blocks, Notes: notes}
	if lang != "en" {
		ch.Lang = lang
	}
	// Resolve the links between the chapters as the loader does.
	doc.Inspect(ch.Blocks, func(n doc.Node) bool {
		if l, ok := n.(*doc.Link); ok && !strings.Contains(l.URL, ":") {
			file, frag, _ := strings.Cut(l.URL, "#")
			l.Chapter, l.Fragment = strings.TrimSuffix(file, ".md"), frag
			if file == "" {
				l.Chapter = id
			}
		}
		return true
	})
	return ch
}

func bookMeta() *doc.Meta {
	return &doc.Meta{
		Title: "Letters and Type", Subtitle: "Two articles and a chapter", Lang: "en",
		Authors:   []doc.Author{{Name: "The Editors"}, {Name: "Ann Author"}, {Name: "Иван Петров"}},
		Publisher: "Galley Press", Rights: "Free to copy.", Date: "2025-06",
	}
}

func englishArticle(t *testing.T) (*doc.Chapter, *doc.Meta) {
	ch := bookChapter(t, "letters", "en", "Kazakh has \"forty-two\" letters.[^n]\n\n## Nine letters\n\nSee [the Russian article](typesetting-ru.md#кавычки) and [below](#nine-letters).\n\n[^n]: Counted twice.\n")
	ch.Part = "Part One"
	ch.Meta = &doc.Meta{
		Title: "Forty-Two Letters", Subtitle: "How an alphabet grew.", Kicker: "Alphabets", Lang: "en",
		Authors: []doc.Author{{Name: "Ann Author", Bio: []doc.Block{&doc.Paragraph{Text: inl("Ann writes.")}}}},
		Hero: &doc.Figure{Attr: doc.Attr{ID: "hero"}, Image: &doc.Image{Src: "images/letters.png", Alt: "Tiles", Width: 4, Height: 3},
			Caption: inl("Forty-two tiles."), Credit: inl("Drawing by Galley Press")},
	}
	return ch, ch.Meta
}

func russianArticle(t *testing.T) (*doc.Chapter, *doc.Meta) {
	ch := bookChapter(t, "typesetting-ru", "ru", "Книги набирали \"вручную\".[^n]\n\n## Кавычки\n\nО буквах — в [английской статье](letters.md#nine-letters).\n\n[^n]: Пятьсот лет.\n")
	ch.Meta = &doc.Meta{
		Title: "Как набирали книги", Subtitle: "Пять веков работы.", Kicker: "Ремесло", Lang: "ru",
		Authors: []doc.Author{{Name: "Иван Петров", Bio: []doc.Block{&doc.Paragraph{Text: inl("Иван пишет.")}}}},
		Hero: &doc.Figure{Attr: doc.Attr{ID: "hero"}, Image: &doc.Image{Src: "images/case.png", Alt: "Наборная касса", Width: 4, Height: 3},
			Credit: inl("Рисунок Galley Press")},
	}
	return ch, ch.Meta
}

func TestBookGolden(t *testing.T) {
	opts := func(lang, title string) Options {
		return Options{Lang: lang, Title: title, Stylesheet: "../css/galley.css", Labels: locale.For(lang),
			ImageHref: func(s string) string { return "../" + s }}
	}
	tests := []struct {
		name  string
		write func(t *testing.T, w *bytes.Buffer) error
	}{
		{"book-title-page", func(t *testing.T, w *bytes.Buffer) error {
			return WriteTitlePage(w, bookMeta(), opts("en", "Letters and Type"))
		}},
		{"book-article-en", func(t *testing.T, w *bytes.Buffer) error {
			ch, m := englishArticle(t)
			o := opts("en", m.Title)
			o.Article, o.Part = m, ch.Part
			return WriteChapter(w, ch, o)
		}},
		{"book-article-ru", func(t *testing.T, w *bytes.Buffer) error {
			ch, m := russianArticle(t)
			o := opts("ru", m.Title)
			o.Article = m
			return WriteChapter(w, ch, o)
		}},
		{"book-chapter", func(t *testing.T, w *bytes.Buffer) error {
			// A chapter that does not open with its title gets it as h1.
			ch := bookChapter(t, "afterword", "en", "Closing words.\n\n# Afterword\n\nMore.\n")
			o := opts("en", "Closing")
			o.Heading, o.Part = "Closing", "Part Two"
			return WriteChapter(w, ch, o)
		}},
		{"book-contributors", func(t *testing.T, w *bytes.Buffer) error {
			_, en := englishArticle(t)
			_, ru := russianArticle(t)
			return WriteContributors(w, []Contributor{
				{Name: en.Authors[0].Name, Bio: en.Authors[0].Bio},
				{Name: ru.Authors[0].Name, Bio: ru.Authors[0].Bio, Lang: "ru"},
			}, opts("en", "Contributors"))
		}},
		{"book-credits", func(t *testing.T, w *bytes.Buffer) error {
			_, en := englishArticle(t)
			_, ru := russianArticle(t)
			return WriteCredits(w, []Credit{
				{Where: en.Title, Href: "letters.xhtml#hero", Text: en.Hero.Credit},
				{Where: ru.Title, Href: "typesetting-ru.xhtml#hero", Text: ru.Hero.Credit, Lang: "ru"},
			}, opts("en", "Image credits"))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(t, &b); err != nil {
				t.Fatal(err)
			}
			wellFormed(t, b.Bytes())
			golden.Check(t, "testdata/"+tc.name+".xhtml", b.Bytes())
		})
	}
}

// TestBookSemantics checks what the goldens show: each document's language
// and labels, the article header in each chapter, one h1 per document, and
// links between chapters.
func TestBookSemantics(t *testing.T) {
	tests := []struct {
		name, lang string
		chapter    func(t *testing.T) (*doc.Chapter, *doc.Meta)
		want       []string
	}{
		{"en", "en", englishArticle, []string{
			`lang="en" xml:lang="en"`, `<p class="part-title">Part One</p>`, `<p class="kicker">Alphabets</p>`,
			`<h1 class="title">Forty-Two Letters</h1>`, `role="doc-subtitle">How an alphabet grew.</p>`,
			`<p class="byline">By <span class="author">Ann Author</span></p>`,
			`<span class="credit" role="doc-credit">Drawing by Galley Press</span>`,
			`<h2 id="about-author" class="bio-heading">About the author</h2>`, `title="Back to text"`,
			`href="typesetting-ru.xhtml#кавычки"`, `href="#nine-letters"`, "“forty-two”",
		}},
		{"ru", "ru", russianArticle, []string{
			`lang="ru" xml:lang="ru"`, `<h1 class="title">Как набирали книги</h1>`,
			`<p class="byline"><span class="author">Иван Петров</span></p>`,
			`<h2 id="about-author" class="bio-heading">Об авторе</h2>`, `<h2 id="notes-heading" class="notes-heading">Примечания</h2>`,
			`title="Назад к тексту"`, `href="letters.xhtml#nine-letters"`, "«вручную»",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, m := tc.chapter(t)
			var b bytes.Buffer
			if err := WriteChapter(&b, ch, Options{Lang: tc.lang, Title: m.Title, Article: m, Part: ch.Part, Labels: locale.For(tc.lang)}); err != nil {
				t.Fatal(err)
			}
			s := b.String()
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("lacks %s:\n%s", w, s)
				}
			}
			if n := strings.Count(s, "<h1"); n != 1 {
				t.Errorf("%d h1 elements, want 1", n)
			}
		})
	}
}

func TestBookChapterTitle(t *testing.T) {
	tests := []struct {
		name, src, heading string
		want               []string
		h1                 int
	}{
		{"opens with its title", "# Preface\n\nText.\n\n## Method\n", "Preface",
			[]string{`<h1 id="preface">Preface</h1>`, `<h2 id="method">Method</h2>`}, 1},
		{"title written above", "Text.\n\n# Method\n", "Closing",
			[]string{`<h1 class="chapter-title">Closing</h1>`, `<h2 id="method">Method</h2>`}, 1},
		{"no heading", "Text.\n", "Closing", []string{`<h1 class="chapter-title">Closing</h1>`}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch := bookChapter(t, "ch", "en", tc.src)
			var b bytes.Buffer
			if err := WriteChapter(&b, ch, Options{Lang: "en", Title: tc.heading, Heading: tc.heading, Labels: locale.For("en")}); err != nil {
				t.Fatal(err)
			}
			s := b.String()
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("lacks %s:\n%s", w, s)
				}
			}
			if n := strings.Count(s, "<h1"); n != tc.h1 {
				t.Errorf("%d h1 elements, want %d:\n%s", n, tc.h1, s)
			}
		})
	}
}
