package pack

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/galley-press/galley/internal/golden"
)

// build writes b and returns the container bytes.
func build(t testing.TB, b *Book) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// unzip opens the container and returns its entries in order with their
// contents.
func unzip(t testing.TB, data []byte) (*zip.Reader, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("zip.NewReader: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		files[f.Name] = body
	}
	return zr, files
}

func TestEntryOrder(t *testing.T) {
	b := sampleBook(t)
	zr, files := unzip(t, build(t, b))
	want := []string{
		"mimetype",
		"META-INF/container.xml",
		"EPUB/package.opf",
		"EPUB/nav.xhtml",
		"EPUB/toc.ncx",
		"EPUB/text/cover.xhtml",
		"EPUB/text/ch1.xhtml",
		"EPUB/text/ch2.xhtml",
		"EPUB/text/notes.xhtml",
		"EPUB/css/style.css",
		"EPUB/images/cover.png",
	}
	var got []string
	for _, f := range zr.File {
		got = append(got, f.Name)
		wantMethod := zip.Deflate
		if f.Name == "mimetype" {
			wantMethod = zip.Store
		}
		if f.Method != wantMethod {
			t.Errorf("%s: method %d, want %d", f.Name, f.Method, wantMethod)
		}
		if len(f.Extra) != 0 {
			t.Errorf("%s: %d bytes of extra field", f.Name, len(f.Extra))
		}
		if f.Flags != 0 {
			t.Errorf("%s: flags %#x, want 0", f.Name, f.Flags)
		}
		if f.Mode() != 0o644 {
			t.Errorf("%s: mode %v, want -rw-r--r--", f.Name, f.Mode())
		}
		// DOS times have two-second resolution and no zone.
		if want := time.Date(2024, 3, 9, 17, 45, 30, 0, time.UTC); !f.Modified.Equal(want) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, want)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, d := range b.Documents {
		if !bytes.Equal(files["EPUB/"+d.Path], d.Content) {
			t.Errorf("%s: content changed in the container", d.Path)
		}
	}
	for _, r := range b.Resources {
		if !bytes.Equal(files["EPUB/"+r.Path], r.Content) {
			t.Errorf("%s: content changed in the container", r.Path)
		}
	}
}

// TestMimetypeHeader reads the first local file header byte by byte, as
// reading systems that sniff the container do.
func TestMimetypeHeader(t *testing.T) {
	data := build(t, minimalBook())
	const mime = "application/epub+zip"
	if len(data) < 38+len(mime) {
		t.Fatalf("container only %d bytes", len(data))
	}
	le := binary.LittleEndian
	if sig := le.Uint32(data[0:]); sig != 0x04034b50 {
		t.Fatalf("local header signature %#x", sig)
	}
	checks := []struct {
		what      string
		got, want uint16
	}{
		{"version needed", le.Uint16(data[4:]), 10},
		{"flags", le.Uint16(data[6:]), 0},
		{"method", le.Uint16(data[8:]), 0},
		{"name length", le.Uint16(data[26:]), 8},
		{"extra length", le.Uint16(data[28:]), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("mimetype %s = %d, want %d", c.what, c.got, c.want)
		}
	}
	if le.Uint32(data[18:]) != uint32(len(mime)) || le.Uint32(data[22:]) != uint32(len(mime)) {
		t.Errorf("mimetype sizes %d/%d, want %d", le.Uint32(data[18:]), le.Uint32(data[22:]), len(mime))
	}
	if got := string(data[30:38]); got != "mimetype" {
		t.Errorf("first name %q", got)
	}
	if got := string(data[38 : 38+len(mime)]); got != mime {
		t.Errorf("mimetype content %q", got)
	}
}

func TestGolden(t *testing.T) {
	_, files := unzip(t, build(t, sampleBook(t)))
	for _, name := range []string{"package.opf", "nav.xhtml", "toc.ncx"} {
		t.Run(name, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", name+".golden"), files["EPUB/"+name])
		})
	}
}

func TestXMLWellFormed(t *testing.T) {
	for name, b := range map[string]*Book{"sample": sampleBook(t), "minimal": minimalBook(), "rtl": rtlBook()} {
		zr, files := unzip(t, build(t, b))
		for _, f := range zr.File {
			switch filepath.Ext(f.Name) {
			case ".xml", ".opf", ".xhtml", ".ncx":
			default:
				continue
			}
			d := xml.NewDecoder(bytes.NewReader(files[f.Name]))
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Errorf("%s: %s: %v", name, f.Name, err)
					break
				}
			}
		}
	}
}

// TestEscaping checks that markup characters in metadata survive a round
// trip through the package document.
func TestEscaping(t *testing.T) {
	b := minimalBook()
	b.Meta.Title = `A <b>"bold"</b> & 'daring' title`
	b.Meta.Description = "line one\nline two\ttabbed"
	b.Meta.Creators = []Creator{{Name: "O'Brien & <Sons>"}}
	_, files := unzip(t, build(t, b))
	var pkg struct {
		Titles      []string `xml:"metadata>title"`
		Description string   `xml:"metadata>description"`
		Creator     string   `xml:"metadata>creator"`
	}
	if err := xml.Unmarshal(files["EPUB/package.opf"], &pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Titles) != 1 || pkg.Titles[0] != b.Meta.Title {
		t.Errorf("titles %q, want [%q]", pkg.Titles, b.Meta.Title)
	}
	if pkg.Description != b.Meta.Description {
		t.Errorf("description %q, want %q", pkg.Description, b.Meta.Description)
	}
	if pkg.Creator != b.Meta.Creators[0].Name {
		t.Errorf("creator %q, want %q", pkg.Creator, b.Meta.Creators[0].Name)
	}
	var ncx struct {
		Title string `xml:"docTitle>text"`
	}
	if err := xml.Unmarshal(files["EPUB/toc.ncx"], &ncx); err != nil {
		t.Fatal(err)
	}
	if ncx.Title != b.Meta.Title {
		t.Errorf("NCX title %q, want %q", ncx.Title, b.Meta.Title)
	}
}

func TestDeterministic(t *testing.T) {
	first := build(t, sampleBook(t))
	second := build(t, sampleBook(t))
	if !bytes.Equal(first, second) {
		t.Fatal("two writes of the same book differ")
	}
	// The same instant in another zone must give the same bytes.
	b := sampleBook(t)
	b.Meta.Modified = b.Meta.Modified.In(time.FixedZone("UTC+5", 5*3600))
	if !bytes.Equal(first, build(t, b)) {
		t.Fatal("the zone of Modified changed the output")
	}
}

func TestDefaults(t *testing.T) {
	b := minimalBook()
	b.Documents = append(b.Documents,
		Document{Path: "b.xhtml", Title: "Second", Content: xhtmlDocLang("en", "Second", "<p>Two</p>")},
		Document{Path: "c.xhtml", Content: xhtmlDocLang("en", "Untitled", "<p>Three</p>")},
		Document{Path: "d.xhtml", Title: "Aside", NonLinear: true, Content: xhtmlDocLang("en", "Aside", "<p>Four</p>")},
	)
	_, files := unzip(t, build(t, b))
	nav := string(files["EPUB/nav.xhtml"])
	for _, want := range []string{`<a href="article.xhtml">Minimal</a>`, `<a href="b.xhtml">Second</a>`, "<title>Contents</title>", `dir="ltr"`} {
		if !strings.Contains(nav, want) {
			t.Errorf("nav lacks %s", want)
		}
	}
	for _, unwanted := range []string{"c.xhtml", "d.xhtml", "landmarks", "page-list", "stylesheet"} {
		if strings.Contains(nav, unwanted) {
			t.Errorf("nav contains %s", unwanted)
		}
	}
	opf := string(files["EPUB/package.opf"])
	for _, want := range []string{`<itemref idref="d.xhtml" linear="no"/>`, `<meta refines="#title" property="title-type">main</meta>`} {
		if !strings.Contains(opf, want) {
			t.Errorf("package lacks %s", want)
		}
	}
	for _, unwanted := range []string{"prefix=", "subtitle", "conformsTo", `name="cover"`, `idref="nav"`, "dcterms:conformsTo", "dc:date"} {
		if strings.Contains(opf, unwanted) {
			t.Errorf("package contains %s", unwanted)
		}
	}
}

func TestRightToLeft(t *testing.T) {
	_, files := unzip(t, build(t, rtlBook()))
	opf, nav, ncx := string(files["EPUB/package.opf"]), string(files["EPUB/nav.xhtml"]), string(files["EPUB/toc.ncx"])
	for _, want := range []string{`xml:lang="ar" dir="rtl"`, `<spine toc="ncx" page-progression-direction="rtl">`} {
		if !strings.Contains(opf, want) {
			t.Errorf("package lacks %s", want)
		}
	}
	if !strings.Contains(nav, `<li><span>الجزء</span>`) {
		t.Errorf("nav lacks the unlinked entry:\n%s", nav)
	}
	// The unlinked entry borrows its first child's target and play order.
	if strings.Count(ncx, `<content src="text/part-1.xhtml#a"/>`) != 2 || strings.Count(ncx, `playOrder="1"`) != 2 {
		t.Errorf("NCX entry without href:\n%s", ncx)
	}
}

func TestDetectedProperties(t *testing.T) {
	b := inlineBook()
	b.Documents[0].Properties = []string{"svg"} // declared and detected: once
	_, files := unzip(t, build(t, b))
	want := `<item id="article.xhtml" href="article.xhtml" media-type="application/xhtml+xml" properties="svg mathml"/>`
	if opf := string(files["EPUB/package.opf"]); !strings.Contains(opf, want) {
		t.Errorf("package lacks %s:\n%s", want, opf)
	}
}

func TestIDs(t *testing.T) {
	p := &packager{ids: map[string]bool{"title": true, "nav": true}}
	for _, c := range []struct{ path, want string }{
		{"text/intro.xhtml", "text-intro.xhtml"},
		{"01.xhtml", "id-01.xhtml"},
		{"nav", "nav-2"},
		{"title", "title-2"},
		{"text-intro.xhtml", "text-intro.xhtml-2"},
		{"été/ça.xhtml", "_t_-_a.xhtml"},
		{"_x.png", "_x.png"},
	} {
		if got := p.newID(c.path); got != c.want {
			t.Errorf("newID(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestErrors(t *testing.T) {
	doc := func(path string) Document {
		return Document{Path: path, Title: "T", Content: xhtmlDocLang("en", "T", `<p id="here">x</p>`)}
	}
	cases := []struct {
		name   string
		edit   func(b *Book)
		want   error
		substr string
	}{
		{"nil book", nil, ErrMissing, "nil book"},
		{"no identifier", func(b *Book) { b.Meta.Identifier = " " }, ErrMissing, "identifier"},
		{"bad uuid", func(b *Book) { b.Meta.Identifier = "urn:uuid:1234" }, ErrInvalid, "UUID"},
		{"no title", func(b *Book) { b.Meta.Title = "" }, ErrMissing, "title"},
		{"no language", func(b *Book) { b.Meta.Language = "" }, ErrMissing, "language"},
		{"bad language", func(b *Book) { b.Meta.Language = "english language" }, ErrInvalid, "BCP 47"},
		{"bad direction", func(b *Book) { b.Meta.Direction = "up" }, ErrInvalid, "direction"},
		{"bad date", func(b *Book) { b.Meta.Date = "15/01/2018" }, ErrInvalid, "date"},
		{"no modified", func(b *Book) { b.Meta.Modified = time.Time{} }, ErrMissing, "modified"},
		{"bad role", func(b *Book) { b.Meta.Creators = []Creator{{Name: "X", Role: "author"}} }, ErrInvalid, "relator"},
		{"nameless creator", func(b *Book) { b.Meta.Creators = []Creator{{}} }, ErrMissing, "creator 1"},
		{"no documents", func(b *Book) { b.Documents = nil }, ErrMissing, "no content documents"},
		{"dot-dot path", func(b *Book) { b.Documents[0].Path = "../evil.xhtml" }, ErrBadPath, `".."`},
		{"inner dot-dot", func(b *Book) { b.Documents[0].Path = "text/../../evil.xhtml" }, ErrBadPath, `".."`},
		{"absolute path", func(b *Book) { b.Documents[0].Path = "/etc/passwd" }, ErrBadPath, "absolute"},
		{"backslash", func(b *Book) { b.Documents[0].Path = `text\a.xhtml` }, ErrBadPath, "backslash"},
		{"space", func(b *Book) { b.Documents[0].Path = "my file.xhtml" }, ErrBadPath, "not allowed"},
		{"trailing dot", func(b *Book) { b.Documents[0].Path = "text./a.xhtml" }, ErrBadPath, "ends with"},
		{"duplicate path", func(b *Book) { b.Documents = append(b.Documents, doc("article.xhtml")) }, ErrDuplicatePath, "used twice"},
		{"case clash", func(b *Book) { b.Documents = append(b.Documents, doc("Article.xhtml")) }, ErrDuplicatePath, "clashes"},
		{"reserved name", func(b *Book) { b.Documents = append(b.Documents, doc("nav.xhtml")) }, ErrDuplicatePath, "nav.xhtml"},
		{"file as folder", func(b *Book) {
			b.Resources = append(b.Resources, Resource{Path: "article.xhtml/x.css", Content: []byte{}})
		}, ErrDuplicatePath, "which is a file"},
		{"unknown media type", func(b *Book) { b.Resources = []Resource{{Path: "data.bin"}} }, ErrMediaType, "data.bin"},
		{"bad property", func(b *Book) { b.Documents[0].Properties = []string{"nav"} }, ErrInvalid, `"nav"`},
		{"cover not image", func(b *Book) {
			b.Resources = []Resource{{Path: "s.css", Content: []byte{}}}
			b.CoverImage = "s.css"
		}, ErrInvalid, "cover-image"},
		{"two covers", func(b *Book) {
			b.Resources = []Resource{{Path: "a.png", Properties: []string{"cover-image"}}, {Path: "b.png"}}
			b.CoverImage = "b.png"
		}, ErrInvalid, "second cover-image"},
		{"missing cover", func(b *Book) { b.CoverImage = "cover.jpg" }, ErrBadHref, "cover image"},
		{"missing stylesheet", func(b *Book) { b.Stylesheet = "style.css" }, ErrBadHref, "stylesheet"},
		{"stylesheet not css", func(b *Book) {
			b.Resources = []Resource{{Path: "a.png"}}
			b.Stylesheet = "a.png"
		}, ErrInvalid, "text/css"},
		{"not XML", func(b *Book) { b.Documents[0].Content = []byte("<html><p>unclosed</html>") }, ErrBadContent, "article.xhtml"},
		{"not XHTML", func(b *Book) { b.Documents[0].Content = []byte("<html><body/></html>") }, ErrBadContent, "namespace"},
		{"named entity", func(b *Book) {
			b.Documents[0].Content = xhtmlDocLang("en", "T", "<p>a&nbsp;b</p>")
		}, ErrBadContent, "entity"},
		{"href to nowhere", func(b *Book) { b.TOC = []NavPoint{{Title: "X", Href: "missing.xhtml"}} }, ErrBadHref, "missing.xhtml"},
		{"href to resource", func(b *Book) {
			b.Resources = []Resource{{Path: "a.css"}}
			b.TOC = []NavPoint{{Title: "X", Href: "a.css"}}
		}, ErrBadHref, "a.css"},
		{"missing fragment", func(b *Book) { b.TOC = []NavPoint{{Title: "X", Href: "article.xhtml#nope"}} }, ErrBadHref, `"nope"`},
		{"empty fragment", func(b *Book) { b.TOC = []NavPoint{{Title: "X", Href: "article.xhtml#"}} }, ErrBadHref, "article.xhtml#"},
		{"nested bad href", func(b *Book) {
			b.TOC = []NavPoint{{Title: "X", Href: "article.xhtml", Children: []NavPoint{{Title: "Y", Href: "y.xhtml"}}}}
		}, ErrBadHref, "toc entry 1 entry 1"},
		{"untitled entry", func(b *Book) { b.TOC = []NavPoint{{Href: "article.xhtml"}} }, ErrMissing, "title"},
		{"empty leaf", func(b *Book) { b.TOC = []NavPoint{{Title: "X"}} }, ErrMissing, "href"},
		{"toc links nav", func(b *Book) { b.TOC = []NavPoint{{Title: "X", Href: "nav.xhtml"}} }, ErrBadHref, "nav.xhtml"},
		{"no toc", func(b *Book) { b.Documents[0].Title = "" }, ErrMissing, "table of contents"},
		{"landmark href", func(b *Book) { b.Landmarks = []Landmark{{Type: "bodymatter", Title: "S", Href: "x.xhtml"}} }, ErrBadHref, "landmark 1"},
		{"landmark type", func(b *Book) { b.Landmarks = []Landmark{{Title: "S", Href: "article.xhtml"}} }, ErrMissing, "type"},
		{"landmark twice", func(b *Book) {
			l := Landmark{Type: "bodymatter", Title: "S", Href: "article.xhtml"}
			b.Landmarks = []Landmark{l, l}
		}, ErrInvalid, "another landmark"},
		{"page href", func(b *Book) { b.PageList = []PageTarget{{Label: "1", Href: "article.xhtml#p1"}} }, ErrBadHref, "page target 1"},
		{"page label", func(b *Book) { b.PageList = []PageTarget{{Href: "article.xhtml"}} }, ErrMissing, "label"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b *Book
			if c.edit != nil {
				b = minimalBook()
				c.edit(b)
			}
			var buf bytes.Buffer
			err := Write(&buf, b)
			if err == nil {
				t.Fatal("Write succeeded")
			}
			if !errors.Is(err, c.want) {
				t.Errorf("error %q does not wrap %q", err, c.want)
			}
			if !strings.Contains(err.Error(), c.substr) {
				t.Errorf("error %q does not mention %q", err, c.substr)
			}
			if !strings.HasPrefix(err.Error(), "epub: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

// TestAllErrors checks that one Write reports every problem, not the first.
func TestAllErrors(t *testing.T) {
	b := minimalBook()
	b.Meta.Identifier, b.Meta.Language = "", ""
	b.Documents[0].Path = "../x.xhtml"
	err := Write(io.Discard, b)
	for _, want := range []error{ErrMissing, ErrBadPath} {
		if !errors.Is(err, want) {
			t.Errorf("error %q does not wrap %q", err, want)
		}
	}
	if n := strings.Count(err.Error(), "\n") + 1; n < 3 {
		t.Errorf("got %d errors, want at least 3:\n%v", n, err)
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	err := Write(&failWriter{n: 100}, minimalBook())
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.HasPrefix(err.Error(), "epub: write ") {
		t.Fatalf("got %v, want a wrapped write error", err)
	}
}

func TestCheckPath(t *testing.T) {
	for _, ok := range []string{"a.xhtml", "text/ch-1.xhtml", "images/über.png", "a/b/c/d.css", "x_y~z.png"} {
		if err := checkPath(ok); err != nil {
			t.Errorf("checkPath(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", ".", "a/./b", "a//b", "a/", "C:/x", "a?.png", "a#b", "50%.png", "x\x00y", "a\u200e\ufeff", "\ue000.png", string([]byte{0xff})} {
		if err := checkPath(bad); err == nil {
			t.Errorf("checkPath(%q) = nil, want an error", bad)
		}
	}
}

func TestLanguageTags(t *testing.T) {
	for _, ok := range []string{"en", "en-GB", "zh-Hant-TW", "sr-Latn", "de-DE-1996", "x-klingon", "kk"} {
		if !isLanguageTag(ok) {
			t.Errorf("isLanguageTag(%q) = false", ok)
		}
	}
	for _, bad := range []string{"e", "englishlanguage", "en_GB", "en-", "en--GB", "1en"} {
		if isLanguageTag(bad) {
			t.Errorf("isLanguageTag(%q) = true", bad)
		}
	}
	for tag, rtl := range map[string]bool{"ar": true, "he-IL": true, "fa": true, "en": false, "az-Arab": true, "ku-Latn": false, "ru": false} {
		if rightToLeft(tag) != rtl {
			t.Errorf("rightToLeft(%q) = %v", tag, !rtl)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	book := sampleBook(b)
	for b.Loop() {
		if err := Write(io.Discard, book); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPacked checks that documents packed as they are made give the same
// container as documents given whole, and that a malformed one is reported
// as it is when given whole.
func TestPacked(t *testing.T) {
	whole := build(t, partBook())
	b := partBook()
	for i := range b.Documents {
		pk, err := Pack(b.Documents[i].Content)
		if err != nil {
			t.Fatal(err)
		}
		b.Documents[i].Content, b.Documents[i].Packed = nil, pk
	}
	if got := build(t, b); !bytes.Equal(got, whole) {
		t.Errorf("container of packed documents (%d bytes) differs from the one of whole documents (%d bytes)", len(got), len(whole))
	}
	bad := []byte("<html><p>unclosed</html>")
	pk, err := Pack(bad)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []Document{{Path: "text/bad.xhtml", Title: "Bad", Content: bad}, {Path: "text/bad.xhtml", Title: "Bad", Packed: pk}} {
		b := partBook()
		b.Documents = append(b.Documents, d)
		err := Write(io.Discard, b)
		if !errors.Is(err, ErrBadContent) || !strings.Contains(err.Error(), "text/bad.xhtml") {
			t.Errorf("malformed document (packed: %v): err = %v, want ErrBadContent naming it", d.Packed != nil, err)
		}
	}
}
