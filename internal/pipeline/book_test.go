package pipeline

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/layout"
)

// bookChapters is the size of the generated mdBook-style book.
const bookChapters = 100

// writeMDBook writes an mdBook-style book into dir: book.toml, src/SUMMARY.md
// with a prefix chapter, two parts of nested chapters and a suffix chapter,
// and bookChapters chapter files with figures, code blocks, footnotes and
// links to one another.
func writeMDBook(t *testing.T, dir string) {
	t.Helper()
	write := func(name, s string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		img := image.NewRGBA(image.Rect(0, 0, 240, 120))
		for y := range 120 {
			for x := range 240 {
				img.Set(x, y, color.RGBA{uint8(40 + 50*i), uint8(x), uint8(y * 2), 255})
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		write(fmt.Sprintf("src/images/plate-%d.png", i), b.String())
	}
	write("book.toml", "[book]\ntitle = \"A Hundred Chapters\"\nauthors = [\"Galley Test Suite\"]\nlanguage = \"en\"\n"+
		"description = \"A generated book that exercises chapters, parts, figures, code and links.\"\nsrc = \"src\"\n\n"+
		"[output.html]\ngit-repository-url = \"https://example.org/book\"\n")
	name := func(i int) string {
		if i%10 == 0 {
			return fmt.Sprintf("part-%d/chapter-%03d.md", i/50, i)
		}
		return fmt.Sprintf("chapter-%03d.md", i)
	}
	var sum strings.Builder
	sum.WriteString("# Summary\n\n[Preface](preface.md)\n\n")
	for i := 1; i <= bookChapters-2; i++ {
		if i == 1 || i == 50 {
			fmt.Fprintf(&sum, "\n# Part %d\n\n", i/50+1)
		}
		indent := ""
		if i%10 != 1 && i%10 != 0 {
			indent = "  "
		}
		fmt.Fprintf(&sum, "%s- [Chapter %d](%s)\n", indent, i, name(i))
	}
	sum.WriteString("- [Draft chapter]()\n\n[Afterword](afterword.md)\n")
	write("src/SUMMARY.md", sum.String())
	write("src/preface.md", "# Preface\n\nThis book is made by a test. Its [first chapter](chapter-001.md#the-method) explains the method; the [afterword](afterword.md) ends it.\n")
	write("src/afterword.md", "# Afterword\n\nBack to the [preface](preface.md) or to [chapter 50](part-1/chapter-050.md#notes-on-chapter-50).\n")
	for i := 1; i <= bookChapters-2; i++ {
		up := ""
		if strings.Contains(name(i), "/") {
			up = "../"
		}
		next, prev := i%(bookChapters-2)+1, (i+bookChapters-4)%(bookChapters-2)+1
		rel := func(j int) string { return up + name(j) }
		var b strings.Builder
		fmt.Fprintf(&b, "# Chapter %d\n\n", i)
		fmt.Fprintf(&b, "Chapter %d continues from [chapter %d](%s#notes-on-chapter-%d) and leads to [chapter %d](%s). "+
			"Printers set type by hand for four centuries before the machines came; each line was justified with spaces "+
			"of different widths, and a good compositor would rather rewrite a line than leave a river of white through the page.[^n%d]\n\n",
			i, prev, rel(prev), prev, next, rel(next), i)
		if i == 1 {
			b.WriteString("## The method\n\nEvery chapter is generated from the same pattern.\n\n")
		}
		fmt.Fprintf(&b, "![Plate %d, a gradient of colours](%simages/plate-%d.png)\nCaption: Plate %d.\nCredit: Galley Test Suite\n\n", i, up, i%4, i)
		fmt.Fprintf(&b, "```go\n// chapter %d\nfunc chapter%d() int { return %d }\n```\n\n", i, i, i)
		fmt.Fprintf(&b, "## Notes on chapter %d\n\nSee also [these notes](#notes-on-chapter-%d), the [web](https://example.org/%d) and [mail](mailto:editor@example.org).\n\n", i, i, i)
		fmt.Fprintf(&b, "[^n%d]: Footnote of chapter %d.\n", i, i)
		write("src/"+name(i), b.String())
	}
}

func TestHundredChapterMDBook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100-chapter book")
	}
	dir, out := t.TempDir(), t.TempDir()
	writeMDBook(t, dir)
	res, err := Run(Options{Input: dir, OutDir: out, EPUB: true, PDF: true, Page: layout.A4})
	var diags strings.Builder
	if res != nil && res.Diags != nil {
		res.Diags.Fprint(&diags)
	}
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, diags.String())
	}
	// The draft chapter is the one expected diagnostic.
	if want := "src/SUMMARY.md:109:4: warning: draft chapter \"Draft chapter\" has no file and was left out\n"; !strings.HasSuffix(diags.String(), want) || strings.Count(diags.String(), "\n") != 1 {
		t.Errorf("diagnostics:\n%s\nwant only:\n…%s", diags.String(), want)
	}
	d := res.Doc
	if !d.Book || len(d.Chapters) != bookChapters {
		t.Fatalf("book %v with %d chapters, want %d", d.Book, len(d.Chapters), bookChapters)
	}
	if d.Chapters[0].Role != doc.FrontMatter || d.Chapters[bookChapters-1].Role != doc.BackMatter || d.Chapters[1].Part != "Part 1" || d.Chapters[50].Part != "Part 2" {
		t.Errorf("roles and parts: %v %v %q %q", d.Chapters[0].Role, d.Chapters[bookChapters-1].Role, d.Chapters[1].Part, d.Chapters[50].Part)
	}

	// Every link inside the book resolved in the tree.
	internal := 0
	for _, ch := range d.Chapters {
		visit := func(n doc.Node) bool {
			if lk, ok := n.(*doc.Link); ok && !strings.Contains(lk.URL, ":") {
				internal++
				if lk.Chapter == "" {
					t.Errorf("%s: link %q not resolved", ch.ID, lk.URL)
				}
			}
			return true
		}
		doc.Inspect(ch.Blocks, visit)
	}
	if internal < 3*(bookChapters-2) {
		t.Errorf("%d internal links, want at least %d", internal, 3*(bookChapters-2))
	}

	pdfPath := filepath.Join(out, "a-hundred-chapters.pdf")
	if st, err := os.Stat(pdfPath); err != nil || st.Size() == 0 {
		t.Fatalf("PDF: %v", err)
	}
	if res.Pages < bookChapters {
		t.Errorf("%d pages for %d chapters", res.Pages, bookChapters)
	}

	// The EPUB has one document per chapter, and every link in them
	// points at a document and an id that exist.
	epubPath := filepath.Join(out, "a-hundred-chapters.epub")
	docs := map[string][]byte{}
	for name, text := range unzipFile(t, epubPath) {
		if strings.HasSuffix(name, ".xhtml") {
			docs[name] = []byte(text)
		}
	}
	chapterDocs := 0
	for _, ch := range d.Chapters {
		for name := range docs {
			if path.Base(name) == ch.ID+".xhtml" {
				chapterDocs++
			}
		}
	}
	if chapterDocs != bookChapters {
		t.Errorf("EPUB has %d chapter documents, want %d", chapterDocs, bookChapters)
	}
	ids := map[string]map[string]bool{}
	hrefs := map[string][]string{}
	for name, b := range docs {
		ids[name], hrefs[name] = xhtmlIDsAndHrefs(t, name, b)
	}
	crossChapter := 0
	for name, hs := range hrefs {
		for _, h := range hs {
			if strings.Contains(h, ":") {
				continue // external
			}
			file, frag, _ := strings.Cut(h, "#")
			target := name
			if file != "" {
				target = path.Join(path.Dir(name), file)
				if target != name {
					crossChapter++
				}
			}
			tids, ok := ids[target]
			if !ok {
				t.Errorf("%s: link %q: no document %s", name, h, target)
				continue
			}
			if frag != "" && !tids[frag] {
				t.Errorf("%s: link %q: %s has no id %q", name, h, target, frag)
			}
		}
	}
	if crossChapter < 2*(bookChapters-2) {
		t.Errorf("%d cross-chapter links in the EPUB, want at least %d", crossChapter, 2*(bookChapters-2))
	}

	t.Run("check.sh", func(t *testing.T) {
		if os.Getenv("GALLEY_VALIDATE") != "1" {
			t.Skip("the validators are slow: set GALLEY_VALIDATE=1 to run scripts/check.sh on the outputs")
		}
		cmd := exec.Command("../../scripts/check.sh", epubPath, pdfPath)
		outb, err := cmd.CombinedOutput()
		t.Logf("check.sh:\n%s", outb)
		if err != nil {
			t.Errorf("check.sh: %v", err)
		}
	})
}

// xhtmlIDsAndHrefs returns the ids and the link targets of an XHTML
// document.
func xhtmlIDsAndHrefs(t *testing.T, name string, b []byte) (map[string]bool, []string) {
	t.Helper()
	ids := map[string]bool{}
	var hrefs []string
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "id":
					ids[a.Value] = true
				case a.Name.Local == "href" && se.Name.Local == "a":
					hrefs = append(hrefs, a.Value)
				}
			}
		}
	}
	return ids, hrefs
}

// TestBilingualExample builds examples/bilingual: three articles in English,
// Russian and Kazakh with their own front matter, linked to each other.
func TestBilingualExample(t *testing.T) {
	out := t.TempDir()
	res, err := Run(Options{Input: "../../examples/bilingual", OutDir: out, EPUB: true, PDF: true, Page: layout.A4})
	var diags strings.Builder
	if res != nil && res.Diags != nil {
		res.Diags.Fprint(&diags)
	}
	if err != nil || diags.Len() > 0 {
		t.Fatalf("Run: %v\n%s", err, diags.String())
	}
	d := res.Doc
	var got []string
	for _, ch := range d.Chapters {
		s := fmt.Sprintf("%s lang=%q article=%v", ch.ID, ch.Lang, ch.Meta != nil)
		if ch.Meta != nil {
			s += fmt.Sprintf(" hero=%v bio=%v", ch.Meta.Hero != nil && ch.Meta.Hero.Image.Data != nil && ch.Meta.Hero.Credit != nil,
				len(ch.Meta.Authors) == 1 && ch.Meta.Authors[0].Bio != nil)
		}
		got = append(got, s)
	}
	want := []string{
		`about lang="" article=false`,
		`letters lang="" article=true hero=true bio=true`,
		`typesetting-ru lang="ru" article=true hero=true bio=true`,
		`alphabets-kk lang="kk" article=true hero=true bio=true`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("chapters:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	links := 0
	for _, ch := range d.Chapters {
		doc.Inspect(ch.Blocks, func(n doc.Node) bool {
			if lk, ok := n.(*doc.Link); ok && lk.Chapter != "" && lk.Chapter != ch.ID {
				links++
			}
			return true
		})
	}
	if links < 5 {
		t.Errorf("%d cross-chapter links, want 5", links)
	}
}
