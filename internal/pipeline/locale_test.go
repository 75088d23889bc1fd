package pipeline

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/layout"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/manuscript"
	"github.com/galley-press/galley/internal/page"
)

// TestBookLabelsInItsLanguage builds a Russian and a Kazakh book with every
// generated part (title page, contents, notes, bios, contributors, image
// credits, page list, front and back matter) and checks that the EPUB's
// navigation and documents and the PDF's apparatus print no English label.
func TestBookLabelsInItsLanguage(t *testing.T) {
	img, err := os.ReadFile(filepath.Join(bundled, "images", "hero-standin.png"))
	if err != nil {
		t.Fatal(err)
	}
	en := locale.For("en")
	english := []string{en.Contents, en.Landmarks, en.PageList, en.StartOfContent, en.TitlePage,
		en.Contributors, en.ImageCredits, en.Edition, en.AboutAuthor, en.Notes, en.BackToText,
		en.Cover, en.FrontMatter, en.BackMatter}
	for _, lang := range []string{"ru", "kk"} {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"book.yaml": "title: Книга\nauthor:\n  - name: Автор\n    bio: Пишет книги.\nlang: " + lang +
					"\ndate: \"2024\"\nfrontmatter: [preface.md]\nchapters: [one.md, two.md]\nbackmatter: [after.md]\n",
				"preface.md": "# Предисловие\n\nТекст предисловия.\n",
				"one.md": "---\ntitle: Первая\nauthor:\n  - name: Автор\n    bio: Пишет статьи.\nimage:\n  src: sun.png\n  alt: Солнце.\n" +
					"  credit: Рисунок автора\n---\n\nТекст первой главы.[^a]\n\n[^a]: Примечание.\n",
				"two.md":   "# Вторая\n\nТекст второй главы.\n",
				"after.md": "# Послесловие\n\nТекст послесловия.\n",
			}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "sun.png"), img, 0o644); err != nil {
				t.Fatal(err)
			}
			res := buildTo(t, dir, t.TempDir())
			epubFiles := unzipFile(t, res.Outputs[0].Path)
			words := locale.For(lang)
			nav := epubFiles["EPUB/nav.xhtml"]
			for _, w := range []string{words.Contents, words.Landmarks, words.PageList, words.StartOfContent, words.TitlePage, words.FrontMatter, words.BackMatter} {
				if !strings.Contains(nav, w) {
					t.Errorf("nav.xhtml lacks %q", w)
				}
			}
			for name, text := range epubFiles {
				if !strings.HasSuffix(name, ".xhtml") {
					continue
				}
				for _, w := range english {
					if strings.Contains(text, ">"+w+"<") || strings.Contains(text, `"`+w+`"`) {
						t.Errorf("%s prints the English label %q", name, w)
					}
				}
			}

			text := laidText(t, dir)
			for _, w := range []string{words.Contents, words.Contributors, words.ImageCredits, words.Edition, words.AboutAuthor} {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("the PDF lacks %q", w)
				}
			}
			for _, w := range english {
				if strings.Contains(text, squash(w)) {
					t.Errorf("the PDF prints the English label %q", w)
				}
			}
		})
	}
}

// unzipFile returns the text of every file in the EPUB at path.
func unzipFile(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = string(b)
	}
	return files
}

// laidText lays out the manuscript in dir and returns the text of its
// pages, squashed (see squash): the text is drawn in kerned pieces, and
// some labels in capitals.
func laidText(t *testing.T, dir string) string {
	t.Helper()
	d, diags, err := manuscript.Load(dir)
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v", err)
	}
	var dl diag.List
	laid, _, err := layout.Typeset(d, layout.Options{Page: layout.A4}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, p := range laid.Pages {
		for _, it := range p.Items {
			if tx, ok := it.(*page.Text); ok {
				text.WriteString(squash(tx.Text))
			}
		}
	}
	return text.String()
}

// squash lowercases s and drops its spaces.
func squash(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }
