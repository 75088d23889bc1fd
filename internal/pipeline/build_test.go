package pipeline

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/layout"
)

// bundled is the manuscript shipped with the repository.
const bundled = "../../manuscript"

func buildTo(t *testing.T, input, out string) *Result {
	t.Helper()
	res, err := Run(Options{Input: input, OutDir: out, EPUB: true, PDF: true, Page: layout.A4})
	if err != nil {
		var b strings.Builder
		if res != nil {
			res.Diags.Fprint(&b)
		}
		t.Fatalf("Run: %v\n%s", err, b.String())
	}
	return res
}

// needTool skips t, naming the reason, unless the command name is
// installed.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed: %v", name, err)
	}
}

// words splits text into words, folding the typographic variants that
// text extraction may give back differently.
func words(s string) []string {
	s = strings.NewReplacer("\u00a0", " ", "\u00ad", "").Replace(s)
	return strings.Fields(s)
}

// xhtmlText returns the character data of an XHTML document's body.
func xhtmlText(t *testing.T, b []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var sb strings.Builder
	inBody := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("xhtml: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "body" {
				inBody = true
			}
			if tok.Name.Local == "p" || tok.Name.Local == "h1" {
				sb.WriteString(" ")
			}
		case xml.CharData:
			if inBody {
				sb.Write(tok)
			}
		}
	}
	return sb.String()
}

// expected returns the manuscript's words in reading order: kicker, title,
// dek, byline, credit, body, bio.
func expected(t *testing.T, res *Result) []string {
	m := res.Doc.Meta
	src, err := os.ReadFile(filepath.Join(bundled, "article.md"))
	if err != nil {
		t.Fatal(err)
	}
	body := string(src[strings.Index(string(src[4:]), "\n---\n")+9:])
	var bio []string
	for _, a := range m.Authors {
		bio = append(bio, a.Name)
	}
	all := strings.Join([]string{m.Kicker, m.Title, m.Subtitle, strings.Join(bio, " "), "UN Photo/Cia Pak", body}, " ")
	return words(all)
}

// inOrder reports the first word of want missing from got in order.
func inOrder(want, got []string) (string, bool) {
	i := 0
	for _, w := range want {
		for i < len(got) && got[i] != w {
			i++
		}
		if i == len(got) {
			return w, false
		}
		i++
	}
	return "", true
}

func TestBundledManuscript(t *testing.T) {
	out := t.TempDir()
	res := buildTo(t, bundled, out)
	if len(res.Outputs) != 2 {
		t.Fatalf("outputs = %v, want an EPUB and a PDF", res.Outputs)
	}
	epubPath, pdfPath := res.Outputs[0].Path, res.Outputs[1].Path
	if filepath.Base(epubPath) != "notes-from-kazakhstans-mission-to-the-un.epub" {
		t.Errorf("EPUB name = %s", epubPath)
	}

	// The EPUB holds every word, in order.
	zr, err := zip.OpenReader(epubPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var text string
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "EPUB/text/") {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			text += xhtmlText(t, b)
		}
	}
	want := expected(t, res)
	if w, ok := inOrder(want, words(text)); !ok {
		t.Errorf("EPUB text lacks %q (in reading order)", w)
	}
	bioWords := words("Anuar Ayazbekov, Ph.D., is Director of the Institute of Diplomacy of the Academy of Public Administration under the President of the Republic of Kazakhstan.")
	if w, ok := inOrder(bioWords, words(text)); !ok {
		t.Errorf("EPUB bio lacks %q", w)
	}

	// The PDF too, with poppler's pdftotext.
	t.Run("pdftotext", func(t *testing.T) {
		needTool(t, "pdftotext")
		b, err := exec.Command("pdftotext", "-enc", "UTF-8", pdfPath, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		// Join words hyphenated at line ends, as a reader would.
		pt := regexp.MustCompile(`(\p{L})-\n(\p{L})`).ReplaceAllString(string(b), "$1$2")
		got := words(pt)
		upper := append([]string{}, want...)
		upper[0] = strings.ToUpper(upper[0]) // the kicker is set in capitals
		upper[1] = strings.ToUpper(upper[1])
		if w, ok := inOrder(upper[2:], got); !ok {
			t.Errorf("PDF text lacks %q (in reading order)", w)
		}
		if w, ok := inOrder(bioWords, got); !ok {
			t.Errorf("PDF bio lacks %q", w)
		}
	})

	// The text read from the structure tree, as a screen reader reads it,
	// holds every word in order and no running head, if poppler's pdfinfo
	// is installed.
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		b, err := exec.Command("pdfinfo", pdfPath).Output()
		if err != nil || !bytes.Contains(b, []byte("Tagged:          yes")) {
			t.Errorf("pdfinfo does not say the PDF is tagged (%v):\n%s", err, b)
		}
		b, err = exec.Command("pdfinfo", "-struct-text", pdfPath).Output()
		if err != nil {
			t.Fatal(err)
		}
		var tree strings.Builder
		for _, m := range regexp.MustCompile(`(?m)^ *"(.*)"$`).FindAllStringSubmatch(string(b), -1) {
			tree.WriteString(m[1]) // an element's strings join as drawn
		}
		got := words(tree.String())
		upper := append([]string{}, want...)
		upper[0] = strings.ToUpper(upper[0])
		upper[1] = strings.ToUpper(upper[1])
		if w, ok := inOrder(upper, got); !ok {
			t.Errorf("structure tree text lacks %q (in reading order)", w)
		}
		if w, ok := inOrder(bioWords, got); !ok {
			t.Errorf("structure tree text lacks the bio's %q", w)
		}
		if strings.Contains(tree.String(), "·") {
			t.Errorf("the running head is in the structure tree:\n%s", b)
		}
		for _, want := range []string{"\n    H1 (block)\n", "\n    Figure\n", "\n    P (block)\n"} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("structure tree lacks %q", strings.TrimSpace(want))
			}
		}
	} else {
		t.Log("pdfinfo not installed; PDF tags not checked")
	}

	// Same input, same bytes.
	out2 := t.TempDir()
	res2 := buildTo(t, bundled, out2)
	for i := range res.Outputs {
		a, _ := os.ReadFile(res.Outputs[i].Path)
		b, _ := os.ReadFile(res2.Outputs[i].Path)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds", filepath.Base(res.Outputs[i].Path))
		}
	}
}

func TestFailedBuildKeepsEarlierOutput(t *testing.T) {
	out := t.TempDir()
	earlier := filepath.Join(out, "broken.epub")
	if err := os.WriteFile(earlier, []byte("earlier"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	md := "---\ntitle: Broken\n---\n\n![](missing.png)\n"
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(Options{Input: dir, OutDir: out, EPUB: true, PDF: true, Page: layout.A4})
	if err != ErrManuscript {
		t.Fatalf("Run = %v, want ErrManuscript", err)
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 1 {
		t.Errorf("output folder holds %d entries, want only the earlier file", len(ents))
	}
	if b, _ := os.ReadFile(earlier); string(b) != "earlier" {
		t.Errorf("earlier output changed to %q", b)
	}
}

func TestSourceDateEpoch(t *testing.T) {
	d, err := buildDate("2018", "")
	if err != nil || d.Format("2006-01-02") != "2018-01-01" {
		t.Errorf("buildDate(2018) = %v, %v", d, err)
	}
	d, err = buildDate("2018", "86400")
	if err != nil || d.Format("2006-01-02") != "1970-01-02" {
		t.Errorf("buildDate with SOURCE_DATE_EPOCH = %v, %v", d, err)
	}
	if _, err := buildDate("", "soon"); err == nil {
		t.Error("buildDate accepted a bad SOURCE_DATE_EPOCH")
	}
}

// TestBookPageListCoversEveryPage checks that a book's page list has an
// entry for every PDF page, title and contents pages included.
func TestBookPageListCoversEveryPage(t *testing.T) {
	res := buildTo(t, "../../examples/bilingual", t.TempDir())
	zr, err := zip.OpenReader(res.Outputs[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "EPUB/nav.xhtml" {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		list := string(b)
		if i := strings.Index(list, `epub:type="page-list"`); i >= 0 {
			list = list[i:]
		}
		if n := strings.Count(list, "<li>"); n != res.Pages {
			t.Errorf("page list has %d entries for %d PDF pages", n, res.Pages)
		}
	}
}

// TestPageLabels checks that the PDF's page labels, those a reader's "go to
// page" uses, are the EPUB page list's labels, with the cover before them.
func TestPageLabels(t *testing.T) {
	out := t.TempDir()
	res, err := Run(Options{Input: "../../examples/bilingual", OutDir: out, EPUB: true, PDF: true, Page: layout.A4, Cover: true})
	if err != nil {
		t.Fatal(err)
	}
	epubPath, pdfPath := res.Outputs[0].Path, res.Outputs[1].Path
	pdf, err := os.ReadFile(pdfPath)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/PageLabels <</Nums \[(.*?)\]>>\n`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("PDF has no /PageLabels")
	}
	// Expand the number tree: "i <</S /D /St n>>" or "i <</P <hex>>>".
	type rng struct {
		start, st int
		prefix    string
	}
	var rs []rng
	for _, r := range regexp.MustCompile(`(\d+) <<(?:/S /D(?: /St (\d+))?|/P <FEFF([0-9A-F]*)>)>>`).FindAllSubmatch(m[1], -1) {
		x := rng{st: 1}
		x.start, _ = strconv.Atoi(string(r[1]))
		if len(r[2]) > 0 {
			x.st, _ = strconv.Atoi(string(r[2]))
		}
		if h := string(r[3]); h != "" {
			var u []rune
			for i := 0; i+4 <= len(h); i += 4 {
				v, _ := strconv.ParseUint(h[i:i+4], 16, 16)
				u = append(u, rune(v))
			}
			x.prefix, x.st = string(u), 0
		}
		rs = append(rs, x)
	}
	var labels []string
	for p := 0; p < res.Pages; p++ {
		k := len(rs) - 1
		for k > 0 && rs[k].start > p {
			k--
		}
		if rs[k].st == 0 {
			labels = append(labels, rs[k].prefix)
		} else {
			labels = append(labels, strconv.Itoa(rs[k].st+p-rs[k].start))
		}
	}
	files := unzipFile(t, epubPath)
	nav := files["EPUB/nav.xhtml"]
	if i := strings.Index(nav, `epub:type="page-list"`); i >= 0 {
		nav = nav[i:]
	}
	var list []string
	for _, a := range regexp.MustCompile(`<a [^>]*>([^<]*)</a>`).FindAllStringSubmatch(nav, -1) {
		list = append(list, a[1])
	}
	if len(labels) < 2 || labels[0] != "Cover" { // the cover, in the book's language (en)
		t.Fatalf("PDF labels %q do not start with the cover", labels)
	}
	if strings.Join(labels[1:], " ") != strings.Join(list, " ") {
		t.Errorf("PDF page labels %q, EPUB page list %q", labels[1:], list)
	}
}
