// Package manuscript loads a manuscript from disk into a document tree: its
// Markdown files, their front matter and the images they use.
//
// A manuscript is one Markdown file (an article) or a folder. A folder with
// one Markdown file is an article; with several, they are chapters in the
// order of their file names (01-opening.md, 02-…). Every file the
// manuscript names must lie inside its folder: parent directories, absolute
// paths, symbolic links that lead out and URLs are refused.
package manuscript

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // register decoders for DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
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
// name is empty.
func (l *Loader) Load(name string) (*doc.Document, *diag.List, error) {
	var files []string
	if name != "" {
		files = []string{name}
	} else {
		ents, err := fs.ReadDir(l.FS, ".")
		if err != nil {
			return nil, nil, fmt.Errorf("manuscript: read %s: %w", l.Display, err)
		}
		for _, e := range ents {
			if !e.IsDir() && strings.HasSuffix(strings.ToLower(e.Name()), ".md") && !strings.EqualFold(e.Name(), "README.md") {
				files = append(files, e.Name())
			}
		}
		sort.Strings(files)
		if len(files) == 0 {
			return nil, nil, fmt.Errorf("manuscript: %s holds no Markdown file", l.Display)
		}
	}
	diags := &diag.List{}
	d := &doc.Document{Book: len(files) > 1}
	hash := sha256.New()
	for i, name := range files {
		src, err := fs.ReadFile(l.FS, name)
		if err != nil {
			return nil, nil, fmt.Errorf("manuscript: read %s: %w", name, err)
		}
		hash.Write(src)
		f := source.NewFile(l.display(name), src)
		if !checkText(f, diags) {
			continue
		}
		fm, body := parseFront(f, diags)
		if i == 0 {
			d.Meta = l.meta(f, fm, diags)
		}
		blocks, notes := markdown.Parse(markdown.Input{File: f, Offset: body, Lang: d.Meta.Lang}, diags)
		d.Chapters = append(d.Chapters, &doc.Chapter{File: f, ID: chapterID(name, i), Blocks: blocks, Notes: notes})
	}
	l.loadImages(d, diags, hash)
	if d.Meta.Identifier == "" {
		sum := hash.Sum(nil)
		// A name-based UUID (version 5 layout) from the content's digest.
		sum[6] = sum[6]&0x0f | 0x50
		sum[8] = sum[8]&0x3f | 0x80
		d.Meta.Identifier = fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
	}
	return d, diags, nil
}

func (l *Loader) display(name string) string {
	if l.Display == "" {
		return name
	}
	return l.Display + "/" + name
}

func chapterID(name string, i int) string {
	stem := strings.TrimSuffix(path.Base(name), path.Ext(name))
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

func (l *Loader) meta(f *source.File, fm *Front, diags *diag.List) doc.Meta {
	m := doc.Meta{
		Title: fm.Title, Subtitle: fm.Subtitle, Kicker: fm.Kicker, Lang: fm.Lang,
		Date: fm.Date, Identifier: fm.Identifier, Publisher: fm.Publisher, Rights: fm.Rights,
		Description: fm.Description, Keywords: fm.Keywords, Slug: fm.Slug, Pos: fm.Pos,
	}
	if m.Title == "" && !fm.Broken {
		diags.Errorf(f.Pos(0), "manuscript has no title: add \"title:\" to the front matter")
	}
	if m.Lang == "" {
		m.Lang = "en"
	} else if !langTag.MatchString(m.Lang) {
		diags.Errorf(fm.LangPos, "lang %q is not a language tag such as \"en\", \"en-GB\", \"ru\" or \"kk\"", m.Lang)
		m.Lang = "en"
	}
	if m.Date != "" && !dateRE.MatchString(m.Date) {
		diags.Errorf(fm.DatePos, "date %q is not of the form YYYY, YYYY-MM or YYYY-MM-DD", m.Date)
		m.Date = ""
	}
	if m.Slug == "" {
		m.Slug = slugify(m.Title)
	}
	if m.Slug == "" {
		m.Slug = "manuscript"
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
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c == '\'' || c == '’':
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		default:
			dash = true
		}
	}
	return b.String()
}

// loadImages reads every image the document uses, checking paths, formats,
// sizes and alt text.
func (l *Loader) loadImages(d *doc.Document, diags *diag.List, hash io.Writer) {
	seen := map[string]*doc.Image{}
	load := func(img *doc.Image) {
		if img.Alt == "" && !img.Decorative {
			diags.Errorf(img.Pos(), "image %q has no alt text", img.Src)
		}
		if prev, ok := seen[img.Src]; ok {
			img.Data, img.Format, img.Width, img.Height = prev.Data, prev.Format, prev.Width, prev.Height
			return
		}
		if err := l.readImage(img); err != nil {
			diags.Errorf(img.Pos(), "image %q: %v", img.Src, err)
			return
		}
		hash.Write(img.Data)
		seen[img.Src] = img
	}
	if d.Meta.Hero != nil {
		load(d.Meta.Hero.Image)
	}
	for _, ch := range d.Chapters {
		visit := func(n doc.Node) bool {
			switch n := n.(type) {
			case *doc.Figure:
				load(n.Image)
				return false
			case *doc.Image:
				load(n)
			}
			return true
		}
		doc.Inspect(ch.Blocks, visit)
		for _, n := range ch.Notes {
			doc.Inspect(n.Blocks, visit)
		}
	}
}

var errOutside = errors.New("path leads outside the manuscript folder")

// resolve checks that src names a file inside the manuscript folder and
// returns its slash path in l.FS.
func (l *Loader) resolve(src string) (string, error) {
	switch {
	case strings.Contains(src, "://") || strings.HasPrefix(src, "//") || strings.HasPrefix(strings.ToLower(src), "data:"):
		return "", errors.New("URLs are not fetched: put the file in the manuscript folder")
	case strings.HasPrefix(src, "/") || filepath.IsAbs(src) || strings.Contains(src, "\\"):
		return "", errors.New("absolute paths are not allowed: use a path relative to the manuscript folder")
	}
	p := path.Clean(src)
	if !fs.ValidPath(p) || p == "." {
		return "", errOutside
	}
	if l.Dir != "" {
		real, err := filepath.EvalSymlinks(filepath.Join(l.Dir, filepath.FromSlash(p)))
		if err != nil {
			return "", errors.New("file not found")
		}
		root, err := filepath.EvalSymlinks(l.Dir)
		if err != nil {
			return "", err
		}
		rel, err := filepath.Rel(root, real)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", errOutside
		}
	}
	return p, nil
}

func (l *Loader) readImage(img *doc.Image) error {
	p, err := l.resolve(img.Src)
	if err != nil {
		return err
	}
	f, err := l.FS.Open(p)
	if err != nil {
		return errors.New("file not found")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxImageSize+1))
	if err != nil {
		return fmt.Errorf("cannot read: %v", err)
	}
	if len(data) > MaxImageSize {
		return fmt.Errorf("file is larger than the limit of %d bytes", MaxImageSize)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return errors.New("not a PNG, JPEG or GIF image, or the file is damaged")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || float64(cfg.Width)*float64(cfg.Height) > MaxImagePixels {
		return fmt.Errorf("%d×%d pixels is outside the limit of %d pixels", cfg.Width, cfg.Height, int(MaxImagePixels))
	}
	img.Data, img.Format, img.Width, img.Height = data, format, cfg.Width, cfg.Height
	return nil
}
