package pipeline

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// writeTricky writes an article whose words are hard to count alike in
// both files: long tokens and URLs that break anywhere, no-break spaces,
// inline markup inside and across words, inline code, note references and
// long words that hyphenate.
func writeTricky(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("---\ntitle: Counting Words\nauthor: Galley Tests\n---\n\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, "Paragraph %d keeps un*believ*able counts of 10\u00a0km and 5\u00a0%% across **bold words** and "+
			"https://example.org/a/very/long/path/that/breaks/anywhere/%d/index.html, a token "+
			"0123456789abcdef0123456789abcdef0123456789abcdef%d, `inline_code::path` and "+
			"incomprehensibilities of internationalization, characteristically disproportionate.", i, i, i)
		if i%7 == 3 {
			fmt.Fprintf(&b, "[^n%d]", i)
		}
		b.WriteString(" Another sentence follows with ordinary words to fill the line.\n\n")
		if i%7 == 3 {
			fmt.Fprintf(&b, "[^n%d]: A note with some words.\n\n", i)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "article.md"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPageListLandsOnFirstWord checks, page by page, that the EPUB's page
// break marker stands before the first word that begins on that page of the
// PDF, for text made to confuse word counting, the examples and a
// generated book.
func TestPageListLandsOnFirstWord(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skipf("pdftotext (poppler-utils) not installed, needed to read the PDF's pages: %v", err)
	}
	tricky := t.TempDir()
	writeTricky(t, tricky)
	book := t.TempDir()
	writeBook(t, book, 12000)
	for _, tc := range []struct{ name, dir string }{
		{"tricky", tricky}, {"article", bundled}, {"kitchen-sink", "../../examples/kitchen-sink"},
		{"bilingual", "../../examples/bilingual"}, {"generated", book},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := buildTo(t, tc.dir, t.TempDir())
			text := spineText(t, res.Outputs[0].Path)
			checked := 0
			for _, ps := range res.Report.PageStarts {
				if ps.Page == 1 || !ps.Pos.IsValid() || ps.Pos.Offset == 0 || ps.Pos.Offset >= len(ps.Pos.File.Src) {
					// Page 1 opens the book; a title, contents, contributors
					// or credits page has no text of the manuscript, and is
					// marked at the start or end of a file.
					continue
				}
				id := fmt.Sprintf(`id="page-%d"`, ps.Page)
				at := strings.Index(text, id)
				if at < 0 {
					t.Errorf("page %d: no marker in the EPUB", ps.Page)
					continue
				}
				at = strings.LastIndex(text[:at], "<") // the marker's own tag
				before := words(plainXHTML(text[max(0, at-2000):at]))
				after := words(plainXHTML(text[at:min(len(text), at+2000)]))
				pdf := pdfPageWords(t, res.Outputs[1].Path, ps.Page)
				if len(after) < 2 || len(pdf) < 2 {
					continue
				}
				checked++
				if !startsPage(pdf, before, after) {
					t.Errorf("page %d (word %d of its block): the PDF page begins %q, the EPUB marker stands before %q",
						ps.Page, ps.Word, strings.Join(pdf[:min(8, len(pdf))], " "), strings.Join(after[:min(4, len(after))], " "))
				}
			}
			if checked < 2 {
				t.Errorf("only %d pages compared", checked)
			}
		})
	}
}

// startsPage reports whether the words after an EPUB marker are the first
// words begun on a PDF page whose text (running head first, if it has one)
// is pdf. Text is compared without spaces and case (extraction may join
// narrow-spaced letters; kickers are set in capitals). A page may begin
// with the end of a word broken on the page before: then the marker stands
// after that word, before the next.
func startsPage(pdf, before, after []string) bool {
	squash := func(ws []string) string { return strings.ToLower(strings.Join(ws, "")) }
	want := []rune(squash(after))
	want = want[:min(len(want), 16)]
	tail := ""
	if len(before) > 0 {
		tail = strings.ToLower(before[len(before)-1])
	}
	for skip := 0; skip <= 16 && skip < len(pdf); skip++ { // past a running head
		p := squash(pdf[skip:])
		if strings.HasPrefix(p, string(want)) {
			return true
		}
		// The tail of a word begun on the page before.
		if i := strings.Index(p, string(want)); i > 0 && strings.HasSuffix(tail, p[:i]) {
			return true
		}
	}
	return false
}

var (
	spineRef = regexp.MustCompile(`<itemref idref="([^"]+)"`)
	tags     = regexp.MustCompile(`<[^>]*>`)
)

// spineText returns the EPUB's documents in reading order, joined.
func spineText(t *testing.T, path string) string {
	files := unzipFile(t, path)
	opf := files["EPUB/package.opf"]
	var b strings.Builder
	for _, m := range spineRef.FindAllStringSubmatch(opf, -1) {
		item := regexp.MustCompile(`<item [^>]*id="` + regexp.QuoteMeta(m[1]) + `"[^>]*>`).FindString(opf)
		href := regexp.MustCompile(`href="([^"]+)"`).FindStringSubmatch(item)
		if href == nil {
			t.Fatalf("spine item %s has no href", m[1])
		}
		b.WriteString(files["EPUB/"+href[1]])
	}
	return b.String()
}

// plainXHTML returns the text of an XHTML fragment, notes' back links and
// markup left out.
func plainXHTML(s string) string {
	s = regexp.MustCompile(`(?s)<a [^>]*role="doc-noteref"[^>]*>.*?</a>`).ReplaceAllString(s, "")
	s = tags.ReplaceAllString(s, " ")
	r := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'")
	return r.Replace(s)
}

// pdfPageWords returns the words of one page of a PDF, note numbers and
// all, as pdftotext reads them.
func pdfPageWords(t *testing.T, path string, page int) []string {
	p := fmt.Sprint(page)
	b, err := exec.Command("pdftotext", "-layout", "-f", p, "-l", p, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return words(string(b))
}
