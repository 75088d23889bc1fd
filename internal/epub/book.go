package epub

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/epub/pack"
	"github.com/galley-press/galley/internal/epub/xhtml"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/source"
)

// A chapterDoc is how a chapter is written into the EPUB.
type chapterDoc struct {
	ch     *doc.Chapter
	path   string // inside EPUB/: "text/<chapter ID>.xhtml"
	lang   string // the chapter's language, else the book's
	labels *locale.Words
	title  string // for <title> and the table of contents
	// article is the metadata of the chapter's feature header, or nil.
	article *doc.Meta
	// heading is a book chapter's title, written as its h1 unless the
	// chapter opens with it (xhtml.Options.Heading); or "".
	heading string
	part    string // the title of the part the chapter opens, or ""
}

// planChapters decides how each chapter of d is written. In a book, an
// article chapter (one with front matter of its own) gets its own feature
// header, hero and bios, and any other chapter its title as its h1. A
// manuscript of several files that is not a book reads as one article,
// whose header opens the first file.
func planChapters(d *doc.Document) []chapterDoc {
	out := make([]chapterDoc, len(d.Chapters))
	for i, ch := range d.Chapters {
		c := chapterDoc{ch: ch, path: "text/" + ch.ID + ".xhtml", lang: ch.Lang, title: ch.DisplayTitle()}
		if c.lang == "" {
			c.lang = d.Meta.Lang
		}
		c.labels = locale.For(c.lang)
		switch {
		case d.Book && ch.Meta != nil:
			c.article = ch.Meta
			c.part = ch.Part
		case d.Book:
			c.heading = c.title
			c.part = ch.Part
		case i == 0:
			c.article = &d.Meta
			c.title = d.Meta.Title
		}
		out[i] = c
	}
	return out
}

// bookDocs are the documents Galley writes for a book beside its
// chapters: their paths (never a chapter's), and what the back matter
// holds.
type bookDocs struct {
	titlePage, contributorsPath, creditsPath string
	contributors                             []xhtml.Contributor
	credits                                  []xhtml.Credit
}

// planBookDocs names the title page, contributors and credits documents
// of a book and gathers, as the PDF does, the authors of its articles
// that have a bio (each once) and the credit of every picture with where
// it appears.
func planBookDocs(d *doc.Document, chapters []chapterDoc) bookDocs {
	taken := map[string]bool{}
	for _, c := range chapters {
		taken[c.path] = true
	}
	name := func(stem string) string {
		p := "text/" + stem + ".xhtml"
		for n := 2; taken[p]; n++ {
			p = fmt.Sprintf("text/%s-%d.xhtml", stem, n)
		}
		taken[p] = true
		return p
	}
	b := bookDocs{titlePage: name("title-page")}
	seen := map[string]bool{}
	for _, c := range chapters {
		if c.ch.Meta == nil {
			continue
		}
		for _, a := range c.ch.Meta.Authors {
			if !seen[a.Name] && len(a.Bio) > 0 {
				seen[a.Name] = true
				b.contributors = append(b.contributors, xhtml.Contributor{Name: a.Name, Bio: a.Bio, Lang: c.lang})
			}
		}
	}
	// Links from the credits document, which sits beside the chapters.
	rel := func(p string) string { return strings.TrimPrefix(p, "text/") }
	add := func(f *doc.Figure, where, file, lang string) {
		if f == nil || f.Credit == nil {
			return
		}
		href := rel(file)
		if f.Attr.ID != "" {
			href += "#" + f.Attr.ID
		}
		b.credits = append(b.credits, xhtml.Credit{Where: where, Href: href, Text: f.Credit, Lang: lang})
	}
	add(d.Meta.Hero, d.Meta.Title, b.titlePage, "")
	for _, c := range chapters {
		if c.ch.Meta != nil {
			add(c.ch.Meta.Hero, c.title, c.path, c.lang)
		}
		doc.Inspect(c.ch.Blocks, func(n doc.Node) bool {
			if f, ok := n.(*doc.Figure); ok {
				add(f, c.title, c.path, c.lang)
			}
			return true
		})
	}
	if len(b.contributors) > 0 {
		b.contributorsPath = name("contributors")
	}
	if len(b.credits) > 0 {
		b.creditsPath = name("credits")
	}
	return b
}

// titlePage writes a book's title page.
func titlePage(m *doc.Meta, p string, labels *locale.Words, imageHref func(string) string, replaced func(source.Pos, rune)) (pack.Document, error) {
	var buf bytes.Buffer
	err := xhtml.WriteTitlePage(&buf, m, xhtml.Options{Lang: m.Lang, Title: m.Title, Stylesheet: "../" + stylesheetPath, ImageHref: imageHref, Labels: labels, Replaced: replaced})
	if err != nil {
		return pack.Document{}, fmt.Errorf("epub: title page: %w", err)
	}
	return pack.Document{Path: p, Title: m.Title, Content: buf.Bytes()}, nil
}

// backMatter writes a book's contributors and image credits documents,
// those it has.
func backMatter(b bookDocs, labels *locale.Words, lang string, replaced func(source.Pos, rune)) ([]pack.Document, error) {
	var docs []pack.Document
	opts := xhtml.Options{Lang: lang, Stylesheet: "../" + stylesheetPath, Labels: labels, Replaced: replaced}
	if b.contributorsPath != "" {
		var buf bytes.Buffer
		opts.Title = labels.Contributors
		if err := xhtml.WriteContributors(&buf, b.contributors, opts); err != nil {
			return nil, fmt.Errorf("epub: contributors: %w", err)
		}
		docs = append(docs, pack.Document{Path: b.contributorsPath, Title: opts.Title, Content: buf.Bytes()})
	}
	if b.creditsPath != "" {
		var buf bytes.Buffer
		opts.Title = labels.ImageCredits
		if err := xhtml.WriteCredits(&buf, b.credits, opts); err != nil {
			return nil, fmt.Errorf("epub: credits: %w", err)
		}
		docs = append(docs, pack.Document{Path: b.creditsPath, Title: opts.Title, Content: buf.Bytes()})
	}
	return docs, nil
}

// tableOfContents returns the book's table of contents: each chapter with
// its headings (and its bios and notes) under it; in a book, the chapters
// of each part under the part's title, and the contributors and credits
// at the end.
func tableOfContents(d *doc.Document, chapters []chapterDoc, b bookDocs, labels *locale.Words) []pack.NavPoint {
	var toc []pack.NavPoint
	part := -1 // index in toc of the open part, or -1
	for _, c := range chapters {
		np := chapterEntry(c, d.Meta.Lang)
		switch {
		case c.part != "":
			toc = append(toc, pack.NavPoint{Title: c.part, Href: c.path, Lang: np.Lang, Children: []pack.NavPoint{np}})
			part = len(toc) - 1
		case part >= 0 && c.ch.Role == doc.BodyMatter:
			toc[part].Children = append(toc[part].Children, np)
		default:
			// Front and back matter stand outside the parts.
			part = -1
			toc = append(toc, np)
		}
	}
	if b.contributorsPath != "" {
		toc = append(toc, pack.NavPoint{Title: labels.Contributors, Href: b.contributorsPath})
	}
	if b.creditsPath != "" {
		toc = append(toc, pack.NavPoint{Title: labels.ImageCredits, Href: b.creditsPath})
	}
	return toc
}

// chapterEntry is a chapter's entry in the table of contents, marked with
// the chapter's language when it is not the book's.
func chapterEntry(c chapterDoc, bookLang string) pack.NavPoint {
	blocks := c.ch.Blocks
	if c.heading != "" && xhtml.OpensWith(c.ch, c.heading) {
		// The opening heading is the chapter's title: its entry.
		blocks = blocks[1:]
	}
	np := pack.NavPoint{Title: c.title, Href: c.path, Children: headingTOC(blocks, c.path)}
	if c.article != nil && hasBio(c.article) {
		label := c.labels.AboutAuthor
		if bios(c.article) > 1 {
			label = c.labels.AboutAuthors
		}
		np.Children = append(np.Children, pack.NavPoint{Title: label, Href: c.path + "#about-author"})
	}
	if len(c.ch.Notes) > 0 {
		np.Children = append(np.Children, pack.NavPoint{Title: c.labels.Notes, Href: c.path + "#notes-heading"})
	}
	if !strings.EqualFold(c.lang, bookLang) {
		setLang(&np, c.lang)
	}
	return np
}

func setLang(np *pack.NavPoint, lang string) {
	np.Lang = lang
	for i := range np.Children {
		setLang(&np.Children[i], lang)
	}
}

// landmarks returns the landmarks: the cover, the title page, the table
// of contents, and where the front, body and back matter begin.
func landmarks(d *doc.Document, chapters []chapterDoc, b bookDocs, labels *locale.Words) []pack.Landmark {
	ls := []pack.Landmark{{Type: "cover", Title: labels.Cover, Href: coverPagePath}}
	if b.titlePage != "" {
		ls = append(ls, pack.Landmark{Type: "titlepage", Title: labels.TitlePage, Href: b.titlePage})
	}
	ls = append(ls, pack.Landmark{Type: "toc", Title: labels.Contents, Href: pack.NavPath + "#toc"})
	first := func(r doc.Role) string {
		for _, c := range chapters {
			if c.ch.Role == r {
				return c.path
			}
		}
		return ""
	}
	if !d.Book {
		if len(chapters) > 0 {
			ls = append(ls, pack.Landmark{Type: "bodymatter", Title: labels.StartOfContent, Href: chapters[0].path})
		}
		return ls
	}
	if p := first(doc.FrontMatter); p != "" {
		ls = append(ls, pack.Landmark{Type: "frontmatter", Title: labels.FrontMatter, Href: p})
	}
	body := first(doc.BodyMatter)
	if body == "" && len(chapters) > 0 {
		body = chapters[0].path
	}
	if body != "" {
		ls = append(ls, pack.Landmark{Type: "bodymatter", Title: labels.StartOfContent, Href: body})
	}
	back := first(doc.BackMatter)
	for _, p := range []string{b.contributorsPath, b.creditsPath} {
		if back == "" {
			back = p
		}
	}
	if back != "" {
		ls = append(ls, pack.Landmark{Type: "backmatter", Title: labels.BackMatter, Href: back})
	}
	return ls
}
