// Package manuscript loads a manuscript from disk into a document tree: its
// Markdown files, their front matter and the images they use.
//
// A manuscript is one Markdown file (an article) or a folder. A folder's
// chapters are those its book.yaml lists (with the book's metadata, parts,
// front and back matter), else those of an mdBook SUMMARY.md (with book.toml
// for the metadata), else its Markdown files in name order (01-opening.md,
// 02-…). A folder of several chapters is a book; a chapter whose front
// matter has a title is an article of its own. mdBook's include directives
// are expanded, and a Pandoc title block is read as front matter. Links
// between chapter files are resolved to chapters and headings. Images are
// PNG, JPEG, GIF, WebP or SVG.
//
// Content is strict, navigation is lenient. Every file the manuscript puts
// into the outputs (chapters, included files, images) must lie inside its
// folder: parent directories, absolute paths, symbolic links that lead out
// and URLs are errors. A link, anchor or footnote reference that cannot be
// resolved is a warning, and keeps its text.
//
// With package markdown it is the reader, the first stage of the pipeline:
// it never imports a renderer (the EPUB side, layout, page, pdf).
package manuscript

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/markdown"
	"github.com/galley-press/galley/internal/source"
)

// Limits bound what a manuscript may ask of a build.
const (
	MaxFileSize    = 16 << 20 // bytes of one Markdown file
	MaxImageSize   = 64 << 20 // bytes of one image file
	MaxImagePixels = 60e6     // width × height of one image
	// MaxValueSize bounds a value of the front matter, book.yaml or
	// book.toml (a title, a name, an image path) in bytes; a title that
	// long is already many pages of type. MaxLongValueSize bounds a bio,
	// a description, the rights and an accessibility summary.
	MaxValueSize     = 4000
	MaxLongValueSize = 64 << 10
	// maxSlug bounds the outputs' file name stem, in bytes.
	maxSlug = 100
)

// A Loader reads manuscripts from a file system.
type Loader struct {
	// FS holds the manuscript folder at its root.
	FS fs.FS
	// Display is the folder's name in diagnostics, e.g. "manuscript".
	Display string
	// Dir, if set, is the folder on disk; links are resolved against it to
	// refuse those that lead outside.
	Dir string
}

// Load reads the manuscript at path: a Markdown file or a folder.
func Load(p string) (*doc.Document, *diag.List, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("manuscript: %w", err)
	}
	dir, file := p, ""
	if !st.IsDir() {
		dir, file = filepath.Dir(p), filepath.Base(p)
	}
	l := &Loader{FS: os.DirFS(dir), Display: filepath.ToSlash(filepath.Clean(dir)), Dir: dir}
	if l.Display == "." {
		l.Display = ""
	}
	return l.Load(file)
}

// Load reads the manuscript: the Markdown file name, or the whole folder if
// name is empty. A folder's chapters are those its book.yaml lists, else
// those of its mdBook SUMMARY.md, else its Markdown files in name order.
func (l *Loader) Load(name string) (*doc.Document, *diag.List, error) {
	ld := &loading{Loader: l, diags: &diag.List{}, hash: sha256.New(), d: &doc.Document{}, metaDir: "."}
	var p *plan
	if name != "" {
		p = &plan{chapters: []planned{{path: name}}}
	} else {
		var err error
		if p, err = ld.plan(); err != nil {
			return nil, nil, err
		}
	}
	d, diags := ld.d, ld.diags
	if p.meta != nil {
		d.Meta = *p.meta
	}
	ld.ids = markdown.NewIDs()
	for i, c := range p.chapters {
		src, err := ld.readText(c.path)
		if err != nil {
			return nil, nil, fmt.Errorf("manuscript: read %s: %w", c.path, err)
		}
		ld.hash.Write(src)
		f := source.NewFile(l.display(c.path), src)
		if !checkText(f, diags) {
			if i == 0 && p.meta == nil {
				ld.broken = true
			}
			continue
		}
		f = ld.expandIncludes(f, c.path)
		fm, body := parseFront(f, diags)
		ch := &doc.Chapter{File: f, ID: c.id, Title: c.title, Part: c.part, Role: c.role}
		if ch.ID == "" {
			ch.ID = chapterID(c.path, i)
		}
		var lang string
		if i == 0 && p.meta == nil {
			d.Meta = l.meta(f, fm, diags)
			lang, ld.metaDir, ld.broken = d.Meta.Lang, path.Dir(c.path), fm.Broken || fm.TitlePos.IsValid()
			if ld.base == nil && fm.URL != "" {
				ld.base, ld.baseDir = baseURL(fm.URL), path.Dir(c.path)
			}
		} else {
			ch.Meta, lang = l.chapterMeta(f, fm, d.Meta.Lang, diags)
		}
		if lang != d.Meta.Lang {
			ch.Lang = lang
		}
		aliases := map[string]string{}
		ch.Blocks, ch.Notes = markdown.Parse(markdown.Input{File: f, Offset: body, Lang: lang, IDs: ld.ids, Aliases: aliases}, diags)
		if ld.mdbook {
			mdBookCode(ch)
		}
		switch {
		case fm.Title != "":
			ch.Title = fm.Title
		case ch.Title == "":
			ch.Title = firstHeading(ch.Blocks)
		case len(ch.Blocks) > 0:
			// A chapter that opens with a heading of its own is not given
			// a second one from the plan's title for it.
			if h, ok := ch.Blocks[0].(*doc.Heading); ok {
				ch.Title = doc.PlainText(h.Text)
			}
		}
		d.Chapters = append(d.Chapters, ch)
		ld.paths = append(ld.paths, c.path)
		ld.aliases = append(ld.aliases, aliases)
	}
	d.Book = len(d.Chapters) > 1
	ld.frontNotes()
	ld.title(name)
	doc.NumberListings(d)
	ld.resolveLinks()
	ld.loadImages()
	if d.Meta.Identifier == "" {
		sum := ld.hash.Sum(nil)
		// A name-based UUID (version 5 layout) from the content's digest.
		sum[6] = sum[6]&0x0f | 0x50
		sum[8] = sum[8]&0x3f | 0x80
		d.Meta.Identifier = fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
	}
	return d, diags, nil
}

// loading is the state of one Load.
type loading struct {
	*Loader
	diags *diag.List
	hash  hash.Hash
	d     *doc.Document
	// paths holds each chapter's slash path in FS, parallel to d.Chapters.
	paths []string
	// metaDir is the folder that d.Meta's image paths are relative to.
	metaDir string
	// broken is set when the book's metadata could not be read, so that
	// its missing title is not reported again.
	broken bool
	// summaryTitle is the title heading of an mdBook SUMMARY.md, or "".
	summaryTitle string
	// mdbook is set for an mdBook book (SUMMARY.md): its Rust code blocks
	// leave out the lines rustdoc hides.
	mdbook bool
	// base is the address the manuscript is published at, or nil; it
	// stands for the folder baseDir.
	base    *url.URL
	baseDir string
	// ids holds the book's heading ids; aliases, parallel to d.Chapters,
	// maps the ids links name in each chapter to those the headings got.
	ids     *markdown.IDs
	aliases []map[string]string
}

// title gives the manuscript a title when its metadata has none: the
// title heading of SUMMARY.md, else the text of the first level-1
// heading (which an article whose first block it is then does not print
// twice), else the name of the file or folder. A warning says which.
// name is the file loaded, or "" for a folder.
func (ld *loading) title(name string) {
	m := &ld.d.Meta
	defer func() {
		if m.Slug == "" {
			m.Slug = slugify(m.Title)
		}
		if m.Slug == "" {
			m.Slug = "manuscript"
		}
	}()
	if m.Title != "" || ld.broken || len(ld.d.Chapters) == 0 {
		return
	}
	at := m.Pos
	if !at.IsValid() && len(ld.d.Chapters) > 0 {
		at = ld.d.Chapters[0].File.Pos(0)
	}
	if ld.summaryTitle != "" {
		m.Title = ld.summaryTitle
		ld.diags.Warnf(at, "no title given: using the title of %s, %q", summaryMD, m.Title)
		return
	}
	for _, ch := range ld.d.Chapters {
		for i, b := range ch.Blocks {
			h, ok := b.(*doc.Heading)
			if !ok || h.Level != 1 {
				continue
			}
			m.Title = doc.PlainText(h.Text)
			if len(m.Title) > MaxValueSize {
				ld.diags.Errorf(h.Pos(), "no title given, and the first heading is %d bytes, more than the limit of %d for a title", len(m.Title), MaxValueSize)
				return
			}
			ld.diags.Warnf(h.Pos(), "no title given: using the first heading, %q", m.Title)
			if !ld.d.Book && i == 0 && ch.Meta == nil {
				// Links to the heading now lead to the start.
				ch.Blocks = ch.Blocks[1:]
				ld.aliases[0][h.Attr.ID] = ""
				if ch.Title == m.Title {
					ch.Title = ""
				}
			}
			return
		}
	}
	switch {
	case name != "":
		m.Title = strings.TrimSuffix(path.Base(name), path.Ext(name))
	case ld.Dir != "":
		if abs, err := filepath.Abs(ld.Dir); err == nil {
			m.Title = filepath.Base(abs)
		}
	default:
		m.Title = path.Base(ld.Display)
	}
	if m.Title == "" || m.Title == "." || m.Title == "/" {
		m.Title = "Manuscript"
	}
	ld.diags.Warnf(at, "no title given and no level-1 heading: using the name %q", m.Title)
}

// mdBookCode leaves out of a chapter's Rust code the lines rustdoc hides,
// and reads a code block's language as mdBook does: "rust,ignore" is Rust.
func mdBookCode(ch *doc.Chapter) {
	visit := func(n doc.Node) bool {
		if cb, ok := n.(*doc.CodeBlock); ok {
			if isRust(cb.Lang) {
				cb.Text = hideRustLines(cb.Text)
			}
			cb.Lang, _, _ = strings.Cut(cb.Lang, ",")
		}
		return true
	}
	doc.Inspect(ch.Blocks, visit)
	for _, n := range ch.Notes {
		doc.Inspect(n.Blocks, visit)
	}
}

// readText reads the Markdown or plan file p, a path in l.FS, refusing one
// that leads outside the folder or is too large to be a manuscript's.
func (l *Loader) readText(p string) ([]byte, error) {
	rp, err := l.resolve(p)
	if err != nil {
		return nil, err
	}
	f, err := l.FS.Open(rp)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One byte more than the limit lets checkText report the size.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	return normalizeText(data), err
}

// firstHeading returns the text of the first heading in blocks, or "".
func firstHeading(blocks []doc.Block) string {
	for _, b := range blocks {
		if h, ok := b.(*doc.Heading); ok {
			return doc.PlainText(h.Text)
		}
	}
	return ""
}

func (l *Loader) display(name string) string {
	if l.Display == "" {
		return name
	}
	return l.Display + "/" + name
}

func chapterID(name string, i int) string {
	stem := strings.TrimSuffix(name, path.Ext(name))
	id := slugify(stem)
	if id == "" || !unicode.IsLetter([]rune(id)[0]) {
		id = fmt.Sprintf("ch%02d-%s", i+1, id)
	}
	return strings.TrimSuffix(id, "-")
}

// checkText reports invalid UTF-8, NUL bytes and oversized files. It
// returns false if the file cannot be read as Markdown.
func checkText(f *source.File, diags *diag.List) bool {
	if len(f.Src) > MaxFileSize {
		diags.Errorf(f.Pos(0), "file is %d bytes, more than the limit of %d", len(f.Src), MaxFileSize)
		return false
	}
	ok := true
	for off := 0; off < len(f.Src); {
		r, n := utf8.DecodeRune(f.Src[off:])
		switch {
		case r == utf8.RuneError && n == 1:
			diags.Errorf(f.Pos(off), "invalid UTF-8 byte 0x%02x", f.Src[off])
			ok = false
		case r == 0:
			diags.Errorf(f.Pos(off), "NUL byte in text")
			ok = false
		}
		if !ok {
			return false
		}
		off += n
	}
	return true
}

var (
	langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
	dateRE  = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
)

// meta turns the manuscript's front matter into its metadata.
func (l *Loader) meta(f *source.File, fm *Front, diags *diag.List) doc.Meta {
	return l.frontMeta(f, fm, "en", diags)
}

// frontMeta turns front matter (of a Markdown file, book.yaml or book.toml)
// into metadata; lang is the language when fm names none.
func (l *Loader) frontMeta(f *source.File, fm *Front, lang string, diags *diag.List) doc.Meta {
	if len(fm.Title) > MaxValueSize {
		diags.Errorf(fm.TitlePos, "title is %d bytes, more than the limit of %d", len(fm.Title), MaxValueSize)
		fm.Title = ""
	}
	for i, a := range fm.Authors {
		if len(a.Name) > MaxValueSize {
			diags.Errorf(fm.Pos, "author name is %d bytes, more than the limit of %d", len(a.Name), MaxValueSize)
			fm.Authors[i].Name = a.Name[:0]
		}
	}
	m := doc.Meta{
		Title: fm.Title, Subtitle: fm.Subtitle, Kicker: fm.Kicker, Lang: fm.Lang,
		Date: fm.Date, Identifier: fm.Identifier, Publisher: fm.Publisher, Rights: fm.Rights,
		Description: fm.Description, Keywords: fm.Keywords, Slug: fm.Slug, Pos: fm.Pos,
		AccessibilitySummary: fm.AccessibilitySummary, ConformsTo: fm.ConformsTo, CertifiedBy: fm.CertifiedBy,
		NoMicrotype: fm.NoMicrotype,
	}
	if im := fm.Cover; im != nil {
		sp := source.Span{Start: im.Pos, Stop: im.Pos}
		m.Cover = &doc.Image{Span: sp, Src: im.Src, Alt: im.Alt, Decorative: im.AltGiven && im.Alt == ""}
	}
	if m.Lang == "" {
		m.Lang = lang
	} else if !langTag.MatchString(m.Lang) {
		diags.Errorf(fm.LangPos, "lang %q is not a language tag such as \"en\", \"en-GB\", \"ru\" or \"kk\"", m.Lang)
		m.Lang = lang
	}
	if m.Date != "" && !dateRE.MatchString(m.Date) {
		diags.Errorf(fm.DatePos, "date %q is not of the form YYYY, YYYY-MM or YYYY-MM-DD", m.Date)
		m.Date = ""
	}
	if m.Slug == "" {
		m.Slug = slugify(m.Title)
	}
	for _, a := range fm.Authors {
		au := doc.Author{Name: a.Name}
		if a.Bio != "" {
			au.Bio, _ = markdown.Parse(markdown.Input{File: f, Text: []byte(a.Bio), At: a.BioPos, Lang: m.Lang}, diags)
		}
		m.Authors = append(m.Authors, au)
	}
	if im := fm.Image; im != nil {
		fig := &doc.Figure{Span: source.Span{Start: im.Pos, Stop: im.Pos}, Attr: doc.Attr{ID: "hero"}}
		fig.Image = &doc.Image{Span: fig.Span, Src: im.Src, Alt: im.Alt, Decorative: im.AltGiven && im.Alt == ""}
		if im.Caption != "" {
			fig.Caption = inlines(f, im.Caption, im.CaptionPos, m.Lang, diags)
		}
		if im.Credit != "" {
			fig.Credit = inlines(f, im.Credit, im.CreditPos, m.Lang, diags)
		}
		m.Hero = fig
	}
	return m
}

// inlines reads a one-line Markdown value from front matter.
func inlines(f *source.File, s string, at source.Pos, lang string, diags *diag.List) []doc.Inline {
	blocks, _ := markdown.Parse(markdown.Input{File: f, Text: []byte(s), At: at, Lang: lang}, diags)
	var out []doc.Inline
	for _, b := range blocks {
		if p, ok := b.(*doc.Paragraph); ok {
			if len(out) > 0 {
				out = append(out, &doc.SoftBreak{Span: p.Span})
			}
			out = append(out, p.Text...)
		}
	}
	return out
}

// slugify makes a file-name stem: lowercase letters and digits joined by
// hyphens; apostrophes vanish ("Kazakhstan’s" → "kazakhstans").
func slugify(s string) string {
	if len(s) > MaxValueSize {
		s = s[:MaxValueSize]
	}
	slug := markdown.Slug(apostrophes.Replace(s))
	if len(slug) > maxSlug {
		// Cut at a hyphen, else at a character boundary.
		cut := strings.LastIndexByte(slug[:maxSlug+1], '-')
		if cut <= 0 {
			cut = maxSlug
			for cut > 0 && !utf8.RuneStart(slug[cut]) {
				cut--
			}
		}
		slug = slug[:cut]
	}
	return slug
}

var apostrophes = strings.NewReplacer("'", "", "’", "")
