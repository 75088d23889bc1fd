package xhtml

import (
	"io"
	"strconv"
	"strings"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/locale"
)

// The documents of a book that Galley writes itself, beside its chapters:
// a title page, and for a collection of articles the contributors with
// their bios and the credits of every picture, as in the PDF.

// A Contributor is an author listed in a book's contributors document.
type Contributor struct {
	Name string
	Bio  []doc.Block
	// Lang is the bio's language (its chapter's), or "" for the
	// document's.
	Lang string
}

// A Credit is one line of a book's image credits: whose a picture is, and
// where in the book it appears.
type Credit struct {
	Where string // the title of the chapter that holds the picture
	Href  string // a link to the picture, or to its chapter
	Text  []doc.Inline
	// Lang is the language of the chapter, or "" for the document's.
	Lang string
}

// newPage returns a writer for a document that is not a chapter.
func newPage(opts Options) *writer {
	x := &writer{opts: opts}
	if x.opts.ImageHref == nil {
		x.opts.ImageHref = func(s string) string { return s }
	}
	if x.opts.Labels == nil {
		x.opts.Labels = locale.For(opts.Lang)
	}
	return x
}

func (x *writer) finish(w io.Writer) error {
	x.raw("</body>\n</html>\n")
	if x.err != nil {
		return x.err
	}
	_, err := io.WriteString(w, x.b.String())
	return err
}

// langAttrs writes lang and xml:lang for an element whose language is
// lang, unless that is the document's.
func (x *writer) langAttrs(lang string) {
	if lang == "" || strings.EqualFold(lang, x.opts.Lang) {
		return
	}
	x.attr("lang", lang)
	x.attr("xml:lang", lang)
}

// WriteTitlePage writes a book's title page: its title, subtitle,
// authors and publisher, the hero image if the book has one, and the
// rights and date of the edition.
func WriteTitlePage(w io.Writer, m *doc.Meta, opts Options) error {
	x := newPage(opts)
	x.head("title-page")
	x.raw(`<section class="titlepage" epub:type="titlepage" aria-labelledby="book-title">` + "\n")
	x.element(`<h1 id="book-title" class="book-title">`, m.Title)
	if m.Subtitle != "" {
		x.element(`<p class="book-subtitle" role="doc-subtitle">`, m.Subtitle)
	}
	if len(m.Authors) > 0 {
		x.raw(`<p class="book-authors">`)
		x.authors(m.Authors)
		x.raw("</p>\n")
	}
	if m.Hero != nil {
		x.figure(m.Hero, "hero")
	}
	if m.Publisher != "" {
		x.element(`<p class="publisher">`, m.Publisher)
	}
	if m.Rights != "" || m.Date != "" {
		x.raw(`<div class="imprint">` + "\n")
		date := ""
		if m.Date != "" {
			date = opts.Labels.Edition + ": " + m.Date
		}
		for _, s := range []string{m.Rights, date} {
			if s != "" {
				x.element("<p>", s)
			}
		}
		x.raw("</div>\n")
	}
	x.raw("</section>\n")
	return x.finish(w)
}

// authors writes the names of as: "A", "A & B", "A, B & C".
func (x *writer) authors(as []doc.Author) {
	for i, a := range as {
		if i > 0 {
			sep := ", "
			if i == len(as)-1 {
				sep = " & "
			}
			x.text(sep)
		}
		x.raw(`<span class="author">`)
		x.text(a.Name)
		x.raw("</span>")
	}
}

// WriteContributors writes a book's contributors: each author's name as a
// heading and their bio under it, in the bio's language.
func WriteContributors(w io.Writer, cs []Contributor, opts Options) error {
	x := newPage(opts)
	x.head("")
	x.raw(`<section class="contributors" epub:type="contributors" aria-labelledby="contributors-heading">` + "\n")
	x.element(`<h1 id="contributors-heading">`, opts.Labels.Contributors)
	for i, c := range cs {
		id := "contributor-" + strconv.Itoa(i+1)
		x.raw(`<section class="contributor"`)
		x.langAttrs(c.Lang)
		x.raw(` aria-labelledby="` + id + `">` + "\n")
		x.element(`<h2 id="`+id+`">`, c.Name)
		// Headings in a bio go under the name.
		x.shift = HeadingShift(c.Bio, true) + 1
		x.blocks(c.Bio)
		x.raw("</section>\n")
	}
	x.raw("</section>\n")
	return x.finish(w)
}

// WriteCredits writes a book's image credits: for each picture, the
// chapter it appears in, linked to it, and its credit.
func WriteCredits(w io.Writer, cs []Credit, opts Options) error {
	x := newPage(opts)
	x.head("")
	x.raw(`<section class="credits" epub:type="credits" role="doc-credits" aria-labelledby="credits-heading">` + "\n")
	x.element(`<h1 id="credits-heading">`, opts.Labels.ImageCredits)
	for _, c := range cs {
		x.raw(`<p class="credit-entry" role="doc-credit"`)
		x.langAttrs(c.Lang)
		x.raw("><a")
		x.attr("href", c.Href)
		x.raw("><em>")
		x.text(c.Where)
		x.raw("</em></a>: ")
		x.inlines(c.Text)
		x.raw("</p>\n")
	}
	x.raw("</section>\n")
	return x.finish(w)
}
