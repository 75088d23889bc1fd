package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/layout"
)

// TestFrontMatterFootnotes builds an article whose bio and hero credit
// carry footnotes beside the text's own: every note is in both files,
// numbered in reading order (credit, text, bio), with unique ids.
func TestFrontMatterFootnotes(t *testing.T) {
	img, err := os.ReadFile(filepath.Join(bundled, "images", "hero-standin.png"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	md := "---\ntitle: Notes Everywhere\nimage:\n  src: sun.png\n  alt: A sun.\n" +
		"  credit: \"Drawn by the author[^c]\\n\\n[^c]: Credit note.\"\n" +
		"author:\n  - name: Ann Author\n    bio: |\n      Ann writes books.[^b]\n\n      [^b]: Bio note.\n---\n\n" +
		"Body text with a note.[^a]\n\n[^a]: Body note.\n"
	os.WriteFile(filepath.Join(dir, "article.md"), []byte(md), 0o644)
	os.WriteFile(filepath.Join(dir, "sun.png"), img, 0o644)
	res := buildTo(t, dir, t.TempDir())

	x := unzipFile(t, res.Outputs[0].Path)["EPUB/text/article.xhtml"]
	ids := regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(x, -1)
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id[1]] {
			t.Errorf("id %q used twice in the EPUB", id[1])
		}
		seen[id[1]] = true
	}
	for _, note := range []string{"Credit note.", "Body note.", "Bio note."} {
		if !strings.Contains(x, note) {
			t.Errorf("the EPUB lacks %q", note)
		}
	}
	credit, body, bio := strings.Index(x, "Credit note."), strings.Index(x, "Body note."), strings.Index(x, "Bio note.")
	if !(credit < body && body < bio) {
		t.Errorf("notes out of reading order: credit at %d, body at %d, bio at %d", credit, body, bio)
	}
	pdf := laidText(t, dir)
	for _, note := range []string{"Credit note.", "Body note.", "Bio note."} {
		if !strings.Contains(pdf, squash(note)) {
			t.Errorf("the PDF lacks %q", note)
		}
	}
}

// TestBookMetadataFootnoteRefused checks that a note in book.yaml's bio is
// an error at its place: the contributors page has no notes.
func TestBookMetadataFootnoteRefused(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "book.yaml"), []byte("title: A Book\nauthor:\n  - name: Ann\n    bio: |\n      Ann.[^b]\n\n      [^b]: Note.\nchapters: [a.md, b.md]\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n\nText.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("# B\n\nText.\n"), 0o644)
	res, err := Run(Options{Input: dir, OutDir: t.TempDir(), EPUB: true, PDF: true, Page: layout.A4})
	if err != ErrManuscript {
		t.Fatalf("Run = %v, want ErrManuscript", err)
	}
	var b strings.Builder
	res.Diags.Fprint(&b)
	if !strings.Contains(b.String(), `book.yaml:4:`) || !strings.Contains(b.String(), `footnote "b" in the book's metadata`) {
		t.Errorf("diagnostics:\n%s", b.String())
	}
}

// TestNoteReferencedTwice builds a note with two references: one note in
// each file, its later reference with an id of its own.
func TestNoteReferencedTwice(t *testing.T) {
	dir := t.TempDir()
	md := "---\ntitle: Twice\n---\n\nOne.[^a] Two.[^b]\n\nAgain the first.[^a]\n\n[^a]: First note.\n[^b]: Second note.\n"
	os.WriteFile(filepath.Join(dir, "article.md"), []byte(md), 0o644)
	res := buildTo(t, dir, t.TempDir())
	x := unzipFile(t, res.Outputs[0].Path)["EPUB/text/article.xhtml"]
	for _, id := range []string{`id="fnref1"`, `id="fnref2"`, `id="fnref1-2"`, `id="fn1"`} {
		if strings.Count(x, id) != 1 {
			t.Errorf("the EPUB has %s %d times, want once", id, strings.Count(x, id))
		}
	}
	if n := strings.Count(laidText(t, dir), squash("First note.")); n != 1 {
		t.Errorf("the PDF sets the first note %d times, want once", n)
	}
}
