package layout

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/hyph"
	"github.com/galley-press/galley/internal/linebreak"
	"github.com/galley-press/galley/internal/manuscript"
	"github.com/galley-press/galley/internal/page"
)

// article loads the bundled manuscript.
func article(t testing.TB) *doc.Document {
	t.Helper()
	d, diags, err := manuscript.Load("../../manuscript")
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v %v", err, diags.Err())
	}
	return d
}

// book builds a book of about n words from the article's paragraphs, in
// chapters of twenty paragraphs, each opening with a heading.
func book(t testing.TB, n int) *doc.Document {
	a := article(t)
	paras := a.Chapters[0].Blocks
	d := &doc.Document{Meta: a.Meta, Book: true}
	d.Meta.Hero = nil
	var ch *doc.Chapter
	words := 0
	for i := 0; words < n; i++ {
		if i%20 == 0 {
			ch = &doc.Chapter{ID: fmt.Sprintf("ch%d", i/20+1)}
			d.Chapters = append(d.Chapters, ch)
			ch.Blocks = append(ch.Blocks, &doc.Heading{Level: 1, Attr: doc.Attr{ID: "start"}, Text: []doc.Inline{&doc.Text{Value: fmt.Sprintf("Chapter %d", i/20+1)}}})
		}
		p := paras[i%len(paras)]
		ch.Blocks = append(ch.Blocks, p)
		words += len(strings.Fields(doc.PlainText(p.(*doc.Paragraph).Text)))
	}
	return d
}

func TestArticleQuality(t *testing.T) {
	var dl diag.List
	pd, rep, err := Typeset(article(t), Options{Page: A4}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	if len(pd.Pages) < 2 {
		t.Fatalf("%d pages, want at least 2", len(pd.Pages))
	}
	for _, e := range rep.Entries {
		if strings.Contains(e.What, "overfull") || strings.Contains(e.What, "in a row") || strings.Contains(e.What, "kept block") || strings.Contains(e.What, "ends with a hyphen") {
			t.Errorf("%s: %s", e.Pos, e.What)
		}
	}
	if pct := 100 * float64(rep.Hyphenated) / float64(rep.Lines); pct > 6 {
		t.Errorf("%.1f%% of lines end in a hyphen, want at most 6%%", pct)
	}
	if p95, max := rep.SpacePercentile(95), rep.SpacePercentile(100); p95 > 0.40 || max > 0.50 {
		t.Errorf("interword spaces: 95th percentile %.3f em, widest %.3f em; want at most 0.40 and 0.50", p95, max)
	}
	// Running head and folio from page 2 only.
	if hasText(pd.Pages[0], "1") {
		t.Error("page 1 has a folio")
	}
	if !hasText(pd.Pages[1], "2") {
		t.Error("page 2 has no folio")
	}
}

func hasText(p *page.Page, s string) bool {
	for _, it := range p.Items {
		if tx, ok := it.(*page.Text); ok && tx.Text == s {
			return true
		}
	}
	return false
}

func TestPageSizes(t *testing.T) {
	d := article(t)
	for _, ps := range PageSizes {
		var dl diag.List
		pd, rep, err := Typeset(d, Options{Page: ps}, &dl)
		if err != nil {
			t.Fatal(err)
		}
		if pd.Pages[0].Width != ps.Width {
			t.Errorf("%s: page width %v, want %v", ps.Name, pd.Pages[0].Width, ps.Width)
		}
		for _, e := range rep.Entries {
			if strings.Contains(e.What, "overfull") {
				t.Errorf("%s: %s: %s", ps.Name, e.Pos, e.What)
			}
		}
		// Nothing is drawn outside the page.
		for n, p := range pd.Pages {
			for _, it := range p.Items {
				if tx, ok := it.(*page.Text); ok && (tx.X < 0 || tx.Y < 0 || tx.X > ps.Width || tx.Y > ps.Height) {
					t.Errorf("%s page %d: text %q at %v,%v is off the page", ps.Name, n+1, tx.Text, tx.X, tx.Y)
				}
			}
		}
	}
	if _, err := LookupPageSize("b5"); err == nil {
		t.Error("LookupPageSize(b5) succeeded")
	}
}

func TestWidowsAndOrphans(t *testing.T) {
	d := book(t, 6000)
	var dl diag.List
	pd, rep, err := Typeset(d, Options{Page: A5}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Entries {
		if strings.Contains(e.What, "kept block") || strings.Contains(e.What, "ends with a hyphen") {
			t.Errorf("%s: %s", e.Pos, e.What)
		}
	}
	if len(pd.Pages) < 10 {
		t.Errorf("%d pages for 6000 words on A5", len(pd.Pages))
	}
}

// BenchmarkTypeset70k lays out a book of 70,000 words (issue target: under
// 0.3 s on two cores).
func BenchmarkTypeset70k(b *testing.B) {
	d := book(b, 70000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var dl diag.List
		pd, _, err := Typeset(d, Options{Page: A4}, &dl)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(pd.Pages)), "pages")
	}
}

func TestPageStarts(t *testing.T) {
	d := article(t)
	var dl diag.List
	pd, rep, err := Typeset(d, Options{Page: A4}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.PageStarts) != len(pd.Pages) {
		t.Fatalf("%d page starts for %d pages", len(rep.PageStarts), len(pd.Pages))
	}
	// Page 2 starts inside a paragraph: the words before it, plus the first
	// word on page 2, must match the PDF's first line of page 2.
	ps := rep.PageStarts[1]
	var para *doc.Paragraph
	for _, b := range d.Chapters[0].Blocks {
		if b.Pos() == ps.Pos {
			para, _ = b.(*doc.Paragraph)
		}
	}
	if para == nil {
		t.Fatalf("page 2 start %v names no paragraph", ps.Pos)
	}
	// Words are counted as the layout counts them: a no-break space joins two.
	words := strings.FieldsFunc(doc.PlainText(para.Text), doc.IsWordSpace)
	first := ""
	for _, it := range pd.Pages[1].Items {
		if tx, ok := it.(*page.Text); ok && tx.Size == A4.Body {
			first = tx.Text
			break
		}
	}
	if ps.Word >= len(words) || !strings.HasPrefix(words[ps.Word], first) {
		t.Errorf("page 2 starts at word %d of %v (%q); PDF's first text there is %q", ps.Word, ps.Pos, words[min(ps.Word, len(words)-1)], first)
	}
}

// threeChapters makes a book of three chapters from the article: two plain
// chapters under headings and one article with its own front matter.
func threeChapters(t testing.TB) *doc.Document {
	a := article(t)
	paras := a.Chapters[0].Blocks
	d := &doc.Document{Meta: a.Meta, Book: true}
	d.Meta.Hero = nil
	d.Meta.Publisher = "Galley Press"
	d.Meta.Rights = "© 2018 the authors"
	for i := 0; i < 3; i++ {
		ch := &doc.Chapter{ID: fmt.Sprintf("ch%d", i+1)}
		ch.Blocks = append(ch.Blocks, &doc.Heading{Level: 1, Attr: doc.Attr{ID: "start"}, Text: []doc.Inline{&doc.Text{Value: fmt.Sprintf("Chapter %d", i+1)}}})
		ch.Blocks = append(ch.Blocks, paras[i*3:i*3+3]...)
		if i == 2 {
			m := a.Meta
			ch.Meta = &m
			ch.Blocks = ch.Blocks[1:]
		}
		d.Chapters = append(d.Chapters, ch)
	}
	return d
}

func TestBook(t *testing.T) {
	d := threeChapters(t)
	var dl diag.List
	pd, _, err := Typeset(d, Options{Page: A5}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	dests := map[string]int{}
	for n, p := range pd.Pages {
		for _, it := range p.Items {
			if ds, ok := it.(*page.Dest); ok {
				if _, dup := dests[ds.Name]; dup {
					t.Errorf("Dest %q defined twice", ds.Name)
				}
				dests[ds.Name] = n + 1
				names = append(names, ds.Name)
			}
		}
	}
	if dests["title"] != 1 || dests["contents"] == 0 {
		t.Errorf("title on page %d, contents on page %d; want 1 and a later page", dests["title"], dests["contents"])
	}
	for _, ch := range []string{"ch1/title", "ch2/title"} {
		if p := dests[ch]; p%2 != 1 {
			t.Errorf("%s opens on page %d, want a right-hand (odd) page", ch, p)
		}
	}
	if dests["ch3/title"] == 0 {
		t.Errorf("the article chapter has no title Dest; dests: %v", names)
	}
	// The contents carry the chapters' page numbers.
	toc := pd.Pages[dests["contents"]-1]
	for _, ch := range []string{"ch1/title", "ch2/title", "ch3/title"} {
		if !hasText(toc, fmt.Sprint(dests[ch])) {
			t.Errorf("contents lack page %d of %s", dests[ch], ch)
		}
	}
	// No running head on a chapter's opening page.
	open := pd.Pages[dests["ch1/title"]-1]
	for _, it := range open.Items {
		if tx, ok := it.(*page.Text); ok && tx.Text == "Chapter 1" && tx.Size < A5.Body {
			t.Error("chapter opening page has a running head")
		}
	}
}

func TestSVGFigures(t *testing.T) {
	chart := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect x="5" y="5" width="10" height="15" fill="#9c2a1a"/><circle cx="30" cy="10" r="5" fill="blue"/><text x="1" y="1">label</text></svg>`
	tests := []struct {
		name, data string
		paths      int
		diag       string
		label      bool // the SVG's text is set
	}{
		{"drawn as vectors, text in Galley's fonts", chart, 2, "", true},
		{"unreadable falls back to a box", "<svg", 0, `SVG image "images/chart.svg" is shown in the PDF as a framed box with its alt text`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := article(t)
			fig := &doc.Figure{Image: &doc.Image{Src: "images/chart.svg", Alt: "A bar chart of votes", Format: "svg", Data: []byte(tc.data), Width: 400, Height: 200}}
			d.Chapters[0].Blocks = append([]doc.Block{fig}, d.Chapters[0].Blocks...)
			var dl diag.List
			pd, _, err := Typeset(d, Options{Page: A4}, &dl)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			dl.Fprint(&b)
			if tc.diag == "" && strings.Contains(b.String(), "chart.svg") || !strings.Contains(b.String(), tc.diag) {
				t.Errorf("diagnostics = %q, want %q", b.String(), tc.diag)
			}
			paths, alt, label := 0, false, false
			for _, p := range pd.Pages {
				for _, it := range p.Items {
					switch it := it.(type) {
					case *page.Path:
						paths++
					case *page.Text:
						alt = alt || strings.Contains(it.Text, "chart")
						label = label || it.Text == "label" && it.Font == "PTSerif-Regular"
					}
				}
			}
			if paths != tc.paths {
				t.Errorf("%d paths on the pages, want %d", paths, tc.paths)
			}
			if tc.paths == 0 && !alt {
				t.Error("the fallback box lacks the alt text")
			}
			if label != tc.label {
				t.Errorf("SVG text set: %v, want %v", label, tc.label)
			}
		})
	}
}

func TestCoverPage(t *testing.T) {
	d := article(t)
	var dl diag.List
	plain, rep0, _ := Typeset(d, Options{Page: A4}, &dl)
	withCover, rep1, err := Typeset(d, Options{Page: A4, Cover: true}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	if len(withCover.Pages) != len(plain.Pages)+1 {
		t.Fatalf("%d pages with cover, %d without", len(withCover.Pages), len(plain.Pages))
	}
	title := false
	for _, it := range withCover.Pages[0].Items {
		if tx, ok := it.(*page.Text); ok && strings.Contains(tx.Text, "Notes") {
			title = true
		}
	}
	if !title {
		t.Error("the cover page lacks the title")
	}
	// Page starts count printed pages, not the cover.
	if rep0.PageStarts[1] != rep1.PageStarts[1] {
		t.Errorf("page starts moved with the cover: %v, %v", rep0.PageStarts[1], rep1.PageStarts[1])
	}
}

func TestTableHeaderRepeats(t *testing.T) {
	d := article(t)
	cell := func(s string) *doc.Cell { return &doc.Cell{Text: []doc.Inline{&doc.Text{Value: s}}} }
	tb := &doc.Table{Head: []*doc.Row{{Cells: []*doc.Cell{cell("Country"), cell("Votes")}}}}
	for i := 0; i < 150; i++ {
		tb.Body = append(tb.Body, &doc.Row{Cells: []*doc.Cell{cell(fmt.Sprintf("Nation %d", i)), cell(fmt.Sprint(i))}})
	}
	d.Chapters[0].Blocks = append([]doc.Block{tb}, d.Chapters[0].Blocks...)
	var dl diag.List
	pd, _, err := Typeset(d, Options{Page: A5}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	heads := 0
	for _, p := range pd.Pages {
		var all strings.Builder
		for _, it := range p.Items {
			if tx, ok := it.(*page.Text); ok {
				all.WriteString(tx.Text)
			}
		}
		if strings.Contains(all.String(), "Country") {
			heads++
		}
	}
	if heads < 3 {
		t.Errorf("the header row is on %d pages; the table spans more", heads)
	}
}

func TestSpanLanguageHyphenation(t *testing.T) {
	word := "государственность"
	in := []doc.Inline{&doc.Text{Value: "English text then "}, &doc.Span{Lang: "ru", Text: []doc.Inline{&doc.Text{Value: word}}}}
	lib, _ := loadLibrary()
	var dl diag.List
	ts := newTypesetter(&doc.Document{Meta: doc.Meta{Lang: "en"}}, Options{Page: A4}, lib, &dl)
	h, _ := hyphFor("en")
	p := &paragraph{hyFor: ts.hyphenatorFor}
	build(p, ts.fl.flatten(in, ts.body), h, 0, false)
	cuts := 0
	for i, it := range p.items {
		if it.Kind == linebreak.Penalty && it.Flagged && strings.Contains(word, p.what[i-1].text) {
			cuts++
		}
	}
	if cuts == 0 {
		t.Errorf("the Russian word in an English paragraph got no hyphenation points")
	}
}

func hyphFor(lang string) (hyphenator, error) { return hyph.New(lang) }

func TestPDFImageConversions(t *testing.T) {
	img := image.NewNRGBA64(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.NRGBA64{R: 0xffff, A: 0xffff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if simplePNG(b.Bytes()) {
		t.Fatal("a 16-bit PNG passed as simple")
	}
	format, data, err := pdfImage("png", b.Bytes())
	if err != nil || format != "png" || !simplePNG(data) {
		t.Errorf("pdfImage(16-bit png) = %s, simple %v, %v", format, simplePNG(data), err)
	}
	if _, _, err := pdfImage("webp", []byte("RIFF....WEBP")); err == nil {
		t.Error("pdfImage accepted a broken WebP")
	}
}

func TestLongRunOfSpaceLosesNothing(t *testing.T) {
	d := article(t)
	var blocks []doc.Block
	for i := 0; i < 400; i++ {
		blocks = append(blocks, &doc.List{}) // nothing but space
	}
	blocks = append(blocks, &doc.Paragraph{Text: []doc.Inline{&doc.Text{Value: "Survivor"}}})
	d.Chapters[0].Blocks = blocks
	var dl diag.List
	pd, _, err := Typeset(d, Options{Page: A5}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, p := range pd.Pages {
		for _, it := range p.Items {
			if tx, ok := it.(*page.Text); ok {
				all.WriteString(tx.Text)
			}
		}
	}
	if !strings.Contains(all.String(), "Survivor") {
		t.Error("the paragraph after a long run of section breaks was lost")
	}
}

func TestLeadsIn(t *testing.T) {
	para := func(s string) *doc.Paragraph { return &doc.Paragraph{Text: []doc.Inline{&doc.Text{Value: s}}} }
	code, table, fig := &doc.CodeBlock{}, &doc.Table{}, &doc.Figure{}
	tests := []struct {
		p    string
		next doc.Block
		want bool
	}{
		{"Run it like this:", code, true},
		{"Run it like this.", code, false},
		{"Table 3-1: Integer Types in Rust", table, true},
		{"Table 3-1: Integer Types in Rust", code, false},
		{"The types are:", table, true},
		{"Tables are useful.", table, false},
		{"Таблица 2. Буквы", table, true},
		{"See below:", fig, false},
	}
	for _, tc := range tests {
		if got := leadsIn(para(tc.p), tc.next); got != tc.want {
			t.Errorf("leadsIn(%q, %T) = %v, want %v", tc.p, tc.next, got, tc.want)
		}
	}
}
