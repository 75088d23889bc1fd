package epub

import (
	"bytes"
	"cmp"
	"fmt"
	"image/gif"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/galley-press/galley/internal/cover"
	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/epub/pack"
	"github.com/galley-press/galley/internal/epub/xhtml"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/source"
)

// Options are the EPUB's inputs beyond the document.
type Options struct {
	// Date is the build date, stamped as dcterms:modified and into the
	// container's file times. It is never read from the clock here.
	Date time.Time
	// PageBreaks are where the print edition's pages begin, from the PDF
	// layout, in page order. With them the EPUB gets page break markers,
	// a page list and the print edition as its dc:source.
	PageBreaks []PageBreak
	// PrintEdition names the print edition the page breaks come from, for
	// dc:source. Empty means the PDF built beside the EPUB: its file name,
	// "<slug>.pdf". A caller that builds several page sizes should say
	// which one, e.g. "<slug>.pdf (A4)", or give its ISBN as "urn:isbn:…".
	PrintEdition string
	// Generator names the program that made the book and its version,
	// e.g. "Galley v0.3.0", for the package's generator metadata.
	Generator string
	// Diags, if not nil, receives a warning for every reason a requested
	// accessibility conformance claim was left out, and one for each text
	// that held characters XML does not allow.
	Diags *diag.List
}

// Where the generated files go inside the EPUB/ folder.
const (
	coverPagePath  = "cover.xhtml"
	coverImagePath = "cover.svg"
	stylesheetPath = "css/galley.css"
)

// conformsTo is the accessibility conformance claim Galley can make.
const conformsTo = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

// A PageBreak is where a page of the print edition begins: the label it
// carries in the page list and the place in the text, as plain data.
type PageBreak = xhtml.PageBreak

// Render renders d as an EPUB 3 file.
func Render(d *doc.Document, opts Options) ([]byte, error) {
	m := &d.Meta
	date := opts.Date
	labels := locale.For(m.Lang)
	bad := &replacements{diags: opts.Diags, meta: m.Pos, seen: map[replacement]bool{}}
	book := &pack.Book{
		Meta: pack.Metadata{
			Identifier: m.Identifier, Title: m.Title, Subtitle: m.Subtitle, Language: m.Lang,
			Date: m.Date, Modified: date, Publisher: m.Publisher, Rights: m.Rights,
			Description: m.Description, Subjects: m.Keywords, Generator: opts.Generator,
		},
		Stylesheet: stylesheetPath,
		Replaced:   func(r rune) { bad.report(source.Pos{}, r) },
	}
	for _, a := range m.Authors {
		book.Meta.Creators = append(book.Meta.Creators, pack.Creator{Name: a.Name, FileAs: fileAs(a.Name), Role: "aut"})
	}
	chapters := planChapters(d)
	images, err := collectImages(d, chapters)
	if err != nil {
		return nil, err
	}
	imageHref := func(src string) string { return "../" + images.path(src) }

	// The cover page comes first in the spine.
	coverPage, coverRes, err := coverFiles(m, labels, images.path, bad.report)
	if err != nil {
		return nil, err
	}
	book.Documents = append(book.Documents, coverPage)
	if coverRes != nil {
		book.Resources = append(book.Resources, *coverRes)
		book.CoverImage = coverRes.Path
	} else {
		book.CoverImage = images.path(m.Cover.Src)
	}

	// A book opens with its title page.
	var extra bookDocs
	if d.Book {
		extra = planBookDocs(d, chapters)
		page, err := titlePage(m, extra.titlePage, labels, imageHref, bad.report)
		if err != nil {
			return nil, err
		}
		book.Documents = append(book.Documents, page)
	}

	breaks := splitBreaks(d, opts.PageBreaks)
	// Each chapter's document is checked and compressed on another core
	// as soon as it is written, and its text let go.
	type packing struct {
		doc int // index in book.Documents
		pk  *pack.Packed
		err error
	}
	packed := make([]packing, len(chapters))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, c := range chapters {
		ch := c.ch
		var buf bytes.Buffer
		err := xhtml.WriteChapter(&buf, ch, xhtml.Options{
			Lang: c.lang, Title: c.title, Stylesheet: "../" + stylesheetPath, ImageHref: imageHref,
			Article: c.article, Heading: c.heading, Part: c.part, Labels: c.labels, PageBreaks: breaks[i],
			Replaced: bad.report,
		})
		if err != nil {
			return nil, fmt.Errorf("epub: %w", err)
		}
		content := buf.Bytes()
		book.Documents = append(book.Documents, pack.Document{Path: c.path, Title: c.title})
		packed[i].doc = len(book.Documents) - 1
		// The page list must follow the document order of the markers,
		// which a break without a usable position could upset.
		order := xhtml.MarkerOrder(content)
		ordered := slices.Clone(breaks[i])
		slices.SortStableFunc(ordered, func(a, b xhtml.PageBreak) int {
			return cmp.Compare(order[xhtml.PageBreakID(a.Label)], order[xhtml.PageBreakID(b.Label)])
		})
		for _, pb := range ordered {
			book.PageList = append(book.PageList, pack.PageTarget{Label: pb.Label, Href: c.path + "#" + xhtml.PageBreakID(pb.Label)})
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			packed[i].pk, packed[i].err = pack.Pack(content)
		}()
	}
	wg.Wait()
	for _, p := range packed {
		if p.err != nil {
			return nil, p.err
		}
		book.Documents[p.doc].Packed = p.pk
	}

	// A book closes with its contributors and image credits.
	if d.Book {
		docs, err := backMatter(extra, labels, m.Lang, bad.report)
		if err != nil {
			return nil, err
		}
		book.Documents = append(book.Documents, docs...)
	}
	book.TOC = tableOfContents(d, chapters, extra, labels)
	if len(book.PageList) > 0 {
		book.Meta.Source = opts.PrintEdition
		if strings.TrimSpace(book.Meta.Source) == "" {
			book.Meta.Source = m.Slug + ".pdf"
		}
	}
	book.Landmarks = landmarks(d, chapters, extra, labels)
	book.Labels = pack.Labels{TOC: labels.Contents, Landmarks: labels.Landmarks, PageList: labels.PageList}
	book.Resources = append(book.Resources, pack.Resource{Path: stylesheetPath, MediaType: "text/css", Content: xhtml.Stylesheet})
	for _, img := range images.list {
		book.Resources = append(book.Resources, pack.Resource{Path: img.path, Content: img.data, MediaType: img.mediaType})
	}
	c := survey(d, chapters, images.images(), coverRes != nil, len(book.PageList) > 0)
	book.Meta.Accessibility = accessibility(m, c, opts.Diags)
	var out bytes.Buffer
	if err := pack.Write(&out, book); err != nil {
		return nil, fmt.Errorf("epub: %w", err)
	}
	return out.Bytes(), nil
}

// coverFiles returns the cover page and, for a book without a cover image
// of its own, the typographic cover drawn for it (else nil). imagePath
// says where a manuscript image goes in the book.
func coverFiles(m *doc.Meta, labels *locale.Words, imagePath func(src string) string, replaced func(source.Pos, rune)) (pack.Document, *pack.Resource, error) {
	opts := xhtml.CoverOptions{Lang: m.Lang, Title: m.Title, Stylesheet: stylesheetPath, Labels: labels, Replaced: replaced}
	var res *pack.Resource
	if img := m.Cover; img != nil && img.Data != nil {
		opts.Image = imagePath(img.Src)
		opts.Alt = img.Alt
		if opts.Alt == "" {
			opts.Alt = cover.Alt(m, labels.By)
		}
		opts.Width, opts.Height = img.Width, img.Height
	} else {
		l, err := cover.Design(m, cover.Options{By: labels.By})
		if err != nil {
			return pack.Document{}, nil, fmt.Errorf("epub: %w", err)
		}
		res = &pack.Resource{Path: coverImagePath, MediaType: "image/svg+xml", Content: l.SVG(m.Lang, func(r rune) { replaced(source.Pos{}, r) })}
		opts.Image = coverImagePath
		opts.Alt = l.Alt
		opts.Width, opts.Height = cover.SVGWidth, int(cover.SVGWidth*l.Aspect+0.5)
	}
	var buf bytes.Buffer
	if err := xhtml.WriteCover(&buf, opts); err != nil {
		return pack.Document{}, nil, fmt.Errorf("epub: cover: %w", err)
	}
	return pack.Document{Path: coverPagePath, Title: labels.Cover, Content: buf.Bytes()}, res, nil
}

// replacements warns of text that held characters XML does not allow,
// which the EPUB has as U+FFFD: once for each place and character, the
// front matter standing for metadata and labels, whichever files the
// text went into.
type replacements struct {
	diags *diag.List
	meta  source.Pos // the front matter
	seen  map[replacement]bool
}

type replacement struct {
	pos source.Pos
	r   rune
}

func (b *replacements) report(pos source.Pos, r rune) {
	if !pos.IsValid() {
		pos = b.meta
	}
	if b.diags == nil || b.seen[replacement{pos, r}] {
		return
	}
	b.seen[replacement{pos, r}] = true
	what := fmt.Sprintf("character %U", r)
	if r == utf8.RuneError {
		what = "a byte that is not UTF-8"
	}
	b.diags.Warnf(pos, "text holds %s, which XML does not allow; the EPUB has U+FFFD in its place", what)
}

// headingTOC returns the table of contents entries for the headings among
// blocks (the top level of a chapter), nested by level.
func headingTOC(blocks []doc.Block, file string) []pack.NavPoint {
	type open struct {
		level int
		pts   *[]pack.NavPoint
	}
	var root []pack.NavPoint
	stack := []open{{0, &root}}
	for _, b := range blocks {
		h, ok := b.(*doc.Heading)
		if !ok || h.Attr.ID == "" {
			continue
		}
		for len(stack) > 1 && stack[len(stack)-1].level >= h.Level {
			stack = stack[:len(stack)-1]
		}
		top := stack[len(stack)-1].pts
		*top = append(*top, pack.NavPoint{Title: doc.PlainText(h.Text), Href: file + "#" + h.Attr.ID})
		stack = append(stack, open{h.Level, &(*top)[len(*top)-1].Children})
	}
	return root
}

// splitBreaks gives each chapter the page breaks that fall in its file;
// a break in no chapter's file goes to the first chapter.
func splitBreaks(d *doc.Document, breaks []xhtml.PageBreak) [][]xhtml.PageBreak {
	out := make([][]xhtml.PageBreak, len(d.Chapters))
	if len(d.Chapters) == 0 {
		return out
	}
	byFile := map[*source.File]int{}
	for i := len(d.Chapters) - 1; i >= 0; i-- { // the first chapter of a file
		if f := d.Chapters[i].File; f != nil {
			byFile[f] = i
		}
	}
	for _, pb := range breaks {
		i := byFile[pb.Pos.File] // 0 for a position in no chapter's file
		out[i] = append(out[i], pb)
	}
	return out
}

// imagePath is where a manuscript image goes inside the EPUB.
func imagePath(src string) string {
	p := path.Clean(src)
	if !strings.HasPrefix(p, "images/") {
		p = "images/" + p
	}
	return p
}

func hasBio(m *doc.Meta) bool { return bios(m) > 0 }

func bios(m *doc.Meta) int {
	n := 0
	for _, a := range m.Authors {
		if len(a.Bio) > 0 {
			n++
		}
	}
	return n
}

// fileAs returns "Last, First" for a personal name of two or more words.
func fileAs(name string) string {
	f := strings.Fields(name)
	if len(f) < 2 {
		return name
	}
	return f[len(f)-1] + ", " + strings.Join(f[:len(f)-1], " ")
}

// contents is what the accessibility metadata is computed from.
type contents struct {
	images      int // every image, the cover's included
	described   int // images with a text alternative
	decorative  int // images marked decorative (alt="")
	animated    bool
	headings    bool // the documents have headings (an article's title is one)
	notes       bool
	tables      bool // the tables all have header rows
	pageList    bool
	problems    []problem // reasons the content fails Galley's own checks
	generatedCv bool      // the cover is Galley's typographic cover
}

// A problem is a failed accessibility check, at a position if known.
type problem struct {
	pos source.Pos
	msg string
}

// survey looks through d, written as chapters, for what its EPUB will
// contain. images are the distinct images of the book (the cover excluded
// when generated is set: the typographic cover is not among them).
func survey(d *doc.Document, chapters []chapterDoc, images []*doc.Image, generated, pageList bool) contents {
	m := &d.Meta
	c := contents{pageList: pageList, generatedCv: generated}
	headless := false
	skipped := 0 // headings the reader found skipping a level, and reported
	if generated {
		// The typographic cover has the cover's words as its alternative.
		c.images++
		c.described++
	}
	for _, img := range images {
		c.images++
		switch {
		case img.Decorative:
			c.decorative++
		case strings.TrimSpace(img.Alt) != "":
			c.described++
		}
		if img.Format == "gif" && animated(img.Data) {
			c.animated = true
		}
	}
	if strings.TrimSpace(m.Lang) == "" {
		c.problems = append(c.problems, problem{m.Pos, "the manuscript has no language"})
	}
	if strings.TrimSpace(m.Title) == "" {
		c.problems = append(c.problems, problem{m.Pos, "the manuscript has no title"})
	}
	if d.Book {
		c.headings = true // the title page's title
	}
	for _, cd := range chapters {
		ch := cd.ch
		// A title Galley writes (an article's header, a book chapter's
		// title) is a heading.
		if cd.article != nil || (cd.heading != "" && !xhtml.OpensWith(ch, cd.heading)) {
			c.headings = true
		}
		check := func(blocks []doc.Block) {
			doc.Inspect(blocks, func(n doc.Node) bool {
				switch n := n.(type) {
				case *doc.Heading:
					c.headings = true
					if n.SkipsLevel {
						skipped++
					}
				case *doc.Table:
					c.tables = true
					if len(n.Head) == 0 {
						headless = true
						c.problems = append(c.problems, problem{n.Pos(), "table has no header row"})
					}
				case *doc.Link:
					if strings.TrimSpace(doc.PlainText(n.Text)) == "" && !hasImage(n.Text) {
						c.problems = append(c.problems, problem{n.Pos(), fmt.Sprintf("link to %q has no text", n.URL)})
					}
				}
				return true
			})
		}
		check(ch.Blocks)
		if len(ch.Notes) > 0 {
			c.notes = true
		}
		for _, n := range ch.Notes {
			check(n.Blocks)
		}
		if cd.article != nil {
			for _, a := range cd.article.Authors {
				check(a.Bio)
			}
		}
	}
	c.tables = c.tables && !headless
	// The reader has reported each image without alt text (an error)
	// and each heading that skips a level where it stands.
	if c.described+c.decorative < c.images {
		c.problems = append(c.problems, problem{m.Pos, "not every image has a text alternative"})
	}
	switch skipped {
	case 0:
	case 1:
		c.problems = append(c.problems, problem{m.Pos, "a heading skips a level"})
	default:
		c.problems = append(c.problems, problem{m.Pos, fmt.Sprintf("%d headings skip a level", skipped)})
	}
	return c
}

func hasImage(in []doc.Inline) bool {
	for _, i := range in {
		if _, ok := i.(*doc.Image); ok {
			return true
		}
	}
	return false
}

// animated reports whether a GIF has more than one frame.
func animated(data []byte) bool {
	g, err := gif.DecodeAll(bytes.NewReader(data))
	return err == nil && len(g.Image) > 1
}

// accessibility computes the EPUB Accessibility 1.1 discovery metadata
// from what the book contains, rather than asserting it, and makes the
// conformance claim m asks for only if the content passes Galley's checks
// (reporting to diags, if not nil, why not).
func accessibility(m *doc.Meta, c contents, diags *diag.List) pack.Accessibility {
	a := pack.Accessibility{AccessModes: []string{"textual"}}
	// Features, in the order of the vocabulary's groups: structure and
	// navigation, then adaptation, then presentation.
	if c.headings {
		a.Features = append(a.Features, "structuralNavigation")
	}
	// Every EPUB 3 has a navigation document with a table of contents,
	// and Galley writes one spine that follows the text.
	a.Features = append(a.Features, "tableOfContents", "readingOrder")
	if c.pageList {
		// pageBreakMarkers and pageNavigation are the current terms;
		// printPageNumbers is their deprecated predecessor, still read
		// by systems built on the 2017 vocabulary.
		a.Features = append(a.Features, "pageBreakMarkers", "pageNavigation", "printPageNumbers")
	}
	if c.described > 0 && c.described+c.decorative == c.images {
		a.Features = append(a.Features, "alternativeText")
	}
	// The content uses DPUB-ARIA roles (doc-subtitle, doc-credit,
	// doc-noteref, doc-footnote, doc-cover, doc-toc…) beside epub:type.
	a.Features = append(a.Features, "ARIA", "displayTransformability")

	switch {
	case c.images == 0:
		a.AccessModesSufficient = []string{"textual"}
	case c.described+c.decorative == c.images:
		a.AccessModes = append(a.AccessModes, "visual")
		a.AccessModesSufficient = []string{"textual", "textual,visual"}
	default:
		a.AccessModes = append(a.AccessModes, "visual")
		a.AccessModesSufficient = []string{"textual,visual"}
	}
	if c.animated {
		// An animated GIF may flash or simulate motion; Galley cannot tell.
		a.Hazards = []string{"unknown"}
	} else {
		a.Hazards = []string{"none"}
	}

	claim := m.ConformsTo && len(c.problems) == 0
	if m.ConformsTo && diags != nil {
		for _, p := range c.problems {
			diags.Warnf(p.pos, "no accessibility conformance claim: %s", p.msg)
		}
	}
	if claim {
		a.ConformsTo = conformsTo
		a.CertifiedBy = strings.TrimSpace(m.CertifiedBy)
		if a.CertifiedBy == "" {
			// The claim is the publisher's (or else the authors') own.
			a.CertifiedBy = strings.TrimSpace(m.Publisher)
		}
		if a.CertifiedBy == "" {
			a.CertifiedBy = cover.Authors(m.Authors)
		}
	}
	if s := strings.TrimSpace(m.AccessibilitySummary); s != "" {
		a.Summary = s
	} else {
		a.Summary = summary(c, a, claim)
	}
	return a
}

// summary describes in English what the accessibility metadata says, for
// readers who see the summary rather than the properties.
func summary(c contents, a pack.Accessibility, claim bool) string {
	var s []string
	nav := "This publication has a table of contents"
	if c.headings {
		nav += ", headings in a logical order"
	}
	if c.pageList {
		nav += ", page numbers from the print edition"
	}
	s = append(s, nav+" and a reading order that follows the text.")
	if c.notes {
		s = append(s, "Footnotes are linked to and from the text.")
	}
	switch content := c.images - c.decorative; {
	case c.images == 0:
	case content > 0 && c.described == content && content == 1:
		s = append(s, "The one image has a text alternative.")
	case content > 0 && c.described == content && content == 2:
		s = append(s, "Both images have text alternatives.")
	case content > 0 && c.described == content:
		s = append(s, fmt.Sprintf("All %d images have text alternatives.", content))
	case content > 0:
		s = append(s, fmt.Sprintf("%d of %d images have no text alternative.", content-c.described, content))
	}
	switch c.decorative {
	case 0:
	case 1:
		s = append(s, "One decorative image is hidden from assistive technologies.")
	default:
		s = append(s, fmt.Sprintf("%d decorative images are hidden from assistive technologies.", c.decorative))
	}
	if c.tables {
		s = append(s, "Tables have header rows.")
	}
	s = append(s, "Text can be resized and restyled by the reading system.")
	if a.Hazards[0] == "none" {
		s = append(s, "It has no known hazards.")
	} else {
		s = append(s, "It contains animated images, which have not been checked for flashing.")
	}
	if claim {
		s = append(s, "It meets "+conformsTo+".")
	}
	return strings.Join(s, " ")
}
