package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image/color"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// objects returns the file's objects that are not streams, by number.
func objects(b []byte) map[int]string {
	re := regexp.MustCompile(`(?sm)^(\d+) 0 obj\n(.*?)\nendobj\n`)
	out := map[int]string{}
	for _, m := range re.FindAllSubmatch(b, -1) {
		if bytes.Contains(m[2], []byte("\nstream\n")) {
			continue
		}
		n, _ := strconv.Atoi(string(m[1]))
		out[n] = string(m[2])
	}
	// Objects packed in object streams.
	objStm := regexp.MustCompile(`(?m)^\d+ 0 obj\n<</Type /ObjStm /N (\d+) /First (\d+) /Filter /FlateDecode /Length (\d+)>>\nstream\n`)
	for _, m := range objStm.FindAllSubmatchIndex(b, -1) {
		num := func(i int) int { v, _ := strconv.Atoi(string(b[m[2*i]:m[2*i+1]])); return v }
		count, first, length := num(1), num(2), num(3)
		r, err := zlib.NewReader(bytes.NewReader(b[m[1] : m[1]+length]))
		if err != nil {
			continue
		}
		data, err := io.ReadAll(r)
		if err != nil {
			continue
		}
		head := strings.Fields(string(data[:first]))
		for k := 0; k < count && 2*k+1 < len(head); k++ {
			n, _ := strconv.Atoi(head[2*k])
			from, _ := strconv.Atoi(head[2*k+1])
			to := len(data) - first
			if 2*k+3 < len(head) {
				to, _ = strconv.Atoi(head[2*k+3])
			}
			out[n] = strings.TrimSpace(string(data[first+from : first+to]))
		}
	}
	return out
}

var (
	refRE  = regexp.MustCompile(`^(\d+) 0 R`)
	kidsRE = regexp.MustCompile(`/K \[(.*)\]>>$`)
)

// tree renders the structure tree of a written file as text: each element
// as its type with its alt text, actual text, language and scope, then its
// kids in brackets: "m" for marked content, "a" for an annotation.
func tree(t *testing.T, b []byte) string {
	t.Helper()
	objs := objects(b)
	var root string
	for _, o := range objs {
		if strings.HasPrefix(o, "<</Type /StructTreeRoot") {
			root = o
		}
	}
	if root == "" {
		t.Fatal("no StructTreeRoot")
	}
	m := regexp.MustCompile(`/K \[(\d+) 0 R\]`).FindStringSubmatch(root)
	if m == nil {
		t.Fatalf("malformed root %q", root)
	}
	var sb strings.Builder
	var walk func(n int)
	walk = func(n int) {
		o := objs[n]
		typ := regexp.MustCompile(`/S /(\w+)`).FindStringSubmatch(o)
		if typ == nil {
			t.Fatalf("object %d is not a structure element: %q", n, o)
		}
		sb.WriteString(typ[1])
		for _, key := range []string{"Alt", "ActualText"} {
			if a := regexp.MustCompile(`/` + key + ` <([0-9A-F]*)>`).FindStringSubmatch(o); a != nil {
				sb.WriteString("{" + key + "=" + decodeHex(t, a[1]) + "}")
			}
		}
		if a := regexp.MustCompile(`/Lang \(([^)]*)\)`).FindStringSubmatch(o); a != nil {
			sb.WriteString("{Lang=" + a[1] + "}")
		}
		if a := regexp.MustCompile(`/Lang <([0-9A-F]*)>`).FindStringSubmatch(o); a != nil {
			sb.WriteString("{Lang=" + decodeHex(t, a[1]) + "}")
		}
		if a := regexp.MustCompile(`/Scope /(\w+)`).FindStringSubmatch(o); a != nil {
			sb.WriteString("{Scope=" + a[1] + "}")
		}
		if regexp.MustCompile(`/ID \(note-\d+\)`).MatchString(o) {
			sb.WriteString("{ID}")
		}
		k := kidsRE.FindStringSubmatch(o)
		if k == nil {
			t.Fatalf("element %d has no kids array: %q", n, o)
		}
		sb.WriteString("[")
		rest := strings.TrimSpace(k[1])
		first := true
		for rest != "" {
			if !first {
				sb.WriteString(" ")
			}
			first = false
			switch {
			case strings.HasPrefix(rest, "<</Type /OBJR"):
				sb.WriteString("a")
				rest = rest[strings.Index(rest, ">>")+2:]
			case strings.HasPrefix(rest, "<</Type /MCR"):
				sb.WriteString("m")
				rest = rest[strings.Index(rest, ">>")+2:]
			case refRE.MatchString(rest):
				r := refRE.FindStringSubmatch(rest)
				kn, _ := strconv.Atoi(r[1])
				walk(kn)
				rest = rest[len(r[0]):]
			default:
				i := strings.IndexByte(rest, ' ')
				if i < 0 {
					i = len(rest)
				}
				if _, err := strconv.Atoi(rest[:i]); err != nil {
					t.Fatalf("element %d: unexpected kid %q", n, rest)
				}
				sb.WriteString("m")
				rest = rest[i:]
			}
			rest = strings.TrimSpace(rest)
		}
		sb.WriteString("]")
	}
	n, _ := strconv.Atoi(m[1])
	walk(n)
	return sb.String()
}

func decodeHex(t *testing.T, h string) string {
	t.Helper()
	var u []rune
	if len(h) >= 4 && h[:4] == "FEFF" {
		h = h[4:]
	}
	for i := 0; i+4 <= len(h); i += 4 {
		v, err := strconv.ParseUint(h[i:i+4], 16, 16)
		if err != nil {
			t.Fatal(err)
		}
		u = append(u, rune(v))
	}
	return string(u)
}

// marks returns the marked-content operators of each page's content, in
// order: "Artifact" for an artifact, else the tag and MCID.
func marks(b []byte) []string {
	var out []string
	re := regexp.MustCompile(`/(\w+) (?:<</MCID (\d+)>> BDC|BMC)`)
	for _, s := range streams(b) {
		if !bytes.Contains(s, []byte(" BDC")) && !bytes.Contains(s, []byte(" BMC")) {
			continue
		}
		var page []string
		for _, m := range re.FindAllSubmatch(s, -1) {
			if len(m[2]) == 0 {
				page = append(page, string(m[1]))
			} else {
				page = append(page, string(m[1])+":"+string(m[2]))
			}
		}
		out = append(out, strings.Join(page, " "))
		if bytes.Count(s, []byte(" BDC"))+bytes.Count(s, []byte(" BMC")) != bytes.Count(s, []byte("EMC")) {
			out = append(out, "unbalanced")
		}
	}
	return out
}

func TestTagged(t *testing.T) {
	pt := units.Pt
	serif := func(x, y float64, s string, e *page.Elem) *page.Text {
		tx := text(x, y, "Serif", 12, s)
		tx.Elem = e
		return tx
	}
	tests := []struct {
		name  string
		build func() *page.Document
		tree  string
		marks []string
	}{{
		name: "article",
		build: func() *page.Document {
			doc := &page.Elem{Type: "Document"}
			h1 := &page.Elem{Type: "H1"}
			p := &page.Elem{Type: "P"}
			link := &page.Elem{Type: "Link"}
			p.Kids = []*page.Elem{link}
			fig := &page.Elem{Type: "Figure", Alt: "A red block"}
			cap := &page.Elem{Type: "Caption"}
			fig.Kids = []*page.Elem{cap}
			p2 := &page.Elem{Type: "P", Lang: "ru"}
			doc.Kids = []*page.Elem{h1, p, fig, p2}
			img := pngBytes(t, 10, 10, color.RGBA{200, 0, 0, 255})
			return &page.Document{
				Info:   page.Info{Title: "T", Lang: "en", Producer: "Galley 1.0"},
				Fonts:  []page.Font{{Name: "Serif", Data: readFont(t, "PTF55F.ttf")}},
				Struct: doc,
				Labels: []string{"i", "1"},
				Pages: []*page.Page{
					{Width: a4W, Height: a4H, Items: []page.Item{
						serif(72, 80, "Title", h1),
						serif(72, 100, "Read", p),
						serif(110, 100, "this", link),
						&page.Link{X: pt(110), Y: pt(90), W: pt(30), H: pt(12), URL: "https://example.org/", Elem: link},
						serif(150, 100, "now.", p),
						&page.Image{X: pt(72), Y: pt(120), W: pt(50), H: pt(50), Format: "png", Data: img, Key: "r", Elem: fig},
						serif(72, 190, "Caption", cap),
						&page.Rule{X: pt(72), Y: pt(200), W: pt(100), H: pt(1)},
						serif(300, 800, "i", nil), // folio
					}},
					{Width: a4W, Height: a4H, Items: []page.Item{
						serif(300, 40, "Running head", nil),
						serif(72, 80, "continued", p),
						serif(72, 100, "Привет", p2),
						serif(300, 800, "1", nil),
					}},
				},
			}
		},
		tree:  "Document[H1[m] P[m Link[m a] m m] Figure{Alt=A red block}[m Caption[m]] P{Lang=ru}[m]]",
		marks: []string{"H1:0 P:1 Link:2 P:3 Figure:4 Caption:5 Artifact", "Artifact P:0 P:1 Artifact"},
	}, {
		name: "note read after its reference",
		build: func() *page.Document {
			doc := &page.Elem{Type: "Document"}
			p := &page.Elem{Type: "P"}
			ref := &page.Elem{Type: "Reference"}
			note := &page.Elem{Type: "Note", Anchored: true}
			p.Kids = []*page.Elem{ref, note}
			doc.Kids = []*page.Elem{p}
			return &page.Document{
				Info:   page.Info{Title: "T", Lang: "en"},
				Fonts:  []page.Font{{Name: "Serif", Data: readFont(t, "PTF55F.ttf")}},
				Struct: doc,
				Pages: []*page.Page{{Width: a4W, Height: a4H, Items: []page.Item{
					serif(72, 100, "Text", p),
					serif(100, 100, "1", ref),
					serif(110, 100, "goes on.", p),
					serif(72, 700, "1. The note.", note),
				}}},
			}
		},
		tree:  "Document[P[m Reference[m] Note{ID}[m] m]]",
		marks: []string{"P:0 Reference:1 P:2 Note:3"},
	}, {
		name: "table, an untagged link and an element without content",
		build: func() *page.Document {
			doc := &page.Elem{Type: "Document"}
			th := &page.Elem{Type: "TH", Scope: "Column"}
			td := &page.Elem{Type: "TD", Lang: "en) /S /Evil"} // from raw HTML: written as a string
			empty := &page.Elem{Type: "TD"}
			tr1 := &page.Elem{Type: "TR", Kids: []*page.Elem{th}}
			tr2 := &page.Elem{Type: "TR", Kids: []*page.Elem{td, empty}}
			doc.Kids = []*page.Elem{{Type: "Table", Kids: []*page.Elem{tr1, tr2}}}
			return &page.Document{
				Info:   page.Info{Title: "T"},
				Fonts:  []page.Font{{Name: "Serif", Data: readFont(t, "PTF55F.ttf")}},
				Struct: doc,
				Pages: []*page.Page{{Width: a4W, Height: a4H, Items: []page.Item{
					serif(72, 100, "Head", th),
					serif(72, 120, "Cell", td),
					&page.Link{X: pt(72), Y: pt(130), W: pt(30), H: pt(12), URL: "https://example.org/"},
				}}},
			}
		},
		tree:  "Document[Table[TR[TH{Scope=Column}[m]] TR[TD{Lang=en) /S /Evil}[m] TD[]]] Link[a]]",
		marks: []string{"TH:0 TD:1"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := write(t, tc.build())
			if got := tree(t, out); got != tc.tree {
				t.Errorf("structure tree\n got %s\nwant %s", got, tc.tree)
			}
			if got := marks(out); strings.Join(got, "|") != strings.Join(tc.marks, "|") {
				t.Errorf("marked content\n got %q\nwant %q", got, tc.marks)
			}
			if again := write(t, tc.build()); !bytes.Equal(out, again) {
				t.Error("two writes of the same document differ")
			}
			checkTaggedFile(t, out)
		})
	}
}

// checkTaggedFile checks the document-level keys of a tagged file and that
// the parent tree maps every MCID of every page back to an element.
func checkTaggedFile(t *testing.T, out []byte) {
	t.Helper()
	s := string(out)
	for _, want := range []string{
		"%PDF-1.7", "/MarkInfo <</Marked true>>", "/ViewerPreferences <</DisplayDocTitle true>>",
		"/StructTreeRoot ", "/StructParents 0\n", "/Metadata ", "<pdfuaid:part>1</pdfuaid:part>",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("file lacks %q", want)
		}
	}
	objs := objects(out)
	for n, o := range objs {
		if strings.HasPrefix(o, "<</Type /Page\n") && strings.Contains(o, "/Annots") {
			if !strings.Contains(o, "/Tabs /S") {
				t.Errorf("page %d has annotations but no /Tabs /S", n)
			}
			if regexp.MustCompile(`/Annots \[<<`).MatchString(o) {
				t.Errorf("page %d has inline annotations", n)
			}
		}
		if strings.HasPrefix(o, "<</Type /Annot") && !strings.Contains(o, "/StructParent ") {
			t.Errorf("annotation %d has no /StructParent", n)
		}
	}
	// The parent tree maps each page's MCIDs to the elements whose kids
	// name them, and each annotation to its element.
	pages := map[int]int{} // page object number by index
	for n, o := range objs {
		if m := regexp.MustCompile(`^<</Type /Page\n/StructParents (\d+)\n`).FindStringSubmatch(o); m != nil {
			i, _ := strconv.Atoi(m[1])
			pages[i] = n
		}
	}
	var nums string
	for _, o := range objs {
		if strings.HasPrefix(o, "<</Nums [") {
			nums = o
		}
	}
	checked := 0
	for _, m := range regexp.MustCompile(`(\d+) \[([^\]]*)\]`).FindAllStringSubmatch(nums, -1) {
		i, _ := strconv.Atoi(m[1])
		pg, ok := pages[i]
		if !ok {
			t.Errorf("parent tree key %d is no page's", i)
			continue
		}
		for mcid, ref := range regexp.MustCompile(`(\d+) 0 R`).FindAllStringSubmatch(m[2], -1) {
			n, _ := strconv.Atoi(ref[1])
			e := objs[n]
			k := kidsRE.FindStringSubmatch(e)
			if k == nil {
				t.Errorf("page %d MCID %d: object %d is not an element", i, mcid, n)
				continue
			}
			onPage := regexp.MustCompile(fmt.Sprintf(`/Pg %d 0 R`, pg)).MatchString(e[:strings.Index(e, "/K [")])
			bare := regexp.MustCompile(fmt.Sprintf(`(^|[ \[])%d( |$)`, mcid)).MatchString(regexp.MustCompile(`<<[^>]*>>|\d+ 0 R`).ReplaceAllString(k[1], "x"))
			mcr := strings.Contains(k[1], fmt.Sprintf("<</Type /MCR /Pg %d 0 R /MCID %d>>", pg, mcid))
			if !(onPage && bare) && !mcr {
				t.Errorf("page %d MCID %d: element %d does not name it: %s", i, mcid, n, e)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("the parent tree maps no marked content")
	}

	// With poppler and qpdf at hand: the file is sound and tagged.
	file := filepath.Join(t.TempDir(), "tagged.pdf")
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][]string{{"qpdf", "--check", file}, {"pdfinfo", file}} {
		if _, err := exec.LookPath(c[0]); err != nil {
			continue
		}
		b, err := exec.Command(c[0], c[1:]...).CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v\n%s", c[0], err, b)
		}
		if c[0] == "pdfinfo" && !strings.Contains(string(b), "Tagged:          yes") {
			t.Errorf("pdfinfo does not say the file is tagged:\n%s", b)
		}
	}
}

func TestPageLabels(t *testing.T) {
	tests := []struct {
		labels []string
		pages  int
		want   string
	}{
		{nil, 3, ""},
		{[]string{"1", "2", "3"}, 3, "<</Nums [0 <</S /D>>]>>"},
		{[]string{"Cover", "1", "2"}, 3, "<</Nums [0 <</P <FEFF0043006F007600650072>>> 1 <</S /D>>]>>"},
		{[]string{"i", "ii", "iii", "1", "2"}, 5, "<</Nums [0 <</S /r>> 3 <</S /D>>]>>"},
		{[]string{"5", "6"}, 4, "<</Nums [0 <</S /D /St 5>> 2 <</S /D /St 3>>]>>"},
	}
	for _, tc := range tests {
		if got := pageLabels(tc.labels, tc.pages); got != tc.want {
			t.Errorf("pageLabels(%q, %d) = %q, want %q", tc.labels, tc.pages, got, tc.want)
		}
	}
}
