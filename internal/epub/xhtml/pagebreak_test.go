package xhtml

import (
	"bytes"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/source"
)

const pagesMD = `# Heading one

One *two* three four.

foo*bar* baz

- tight item one
- tight item two

![A sun](images/sun.png)

Last paragraph here.
`

// marker is the markup of the marker for page label.
func marker(label string) string {
	return `<span epub:type="pagebreak" role="doc-pagebreak" id="page-` + label + `" aria-label="` + label + `"/>`
}

func TestPageBreaks(t *testing.T) {
	ch := chapter(t, "pages.md", []byte(pagesMD))
	// The blocks: 0 heading, 1 paragraph, 2 paragraph, 3 list, 4 figure, 5 paragraph.
	blk := func(i int) source.Pos { return ch.Blocks[i].Pos() }
	item := ch.Blocks[3].(*doc.List).Items[1].Blocks[0].Pos()
	other := source.NewFile("other.md", []byte("x"))
	tests := []struct {
		name   string
		breaks []PageBreak
		want   []string // substrings, in this order
	}{
		{"paragraph start", []PageBreak{{"2", blk(1), 0}},
			[]string{"<p>" + marker("2") + "One <em>"}},
		{"mid paragraph", []PageBreak{{"2", blk(1), 3}},
			[]string{"three " + marker("2") + "four."}},
		{"inside emphasis", []PageBreak{{"2", blk(1), 1}},
			[]string{"One <em>" + marker("2") + "two</em>"}},
		{"word across inlines", []PageBreak{{"2", blk(2), 1}},
			[]string{"foo<em>bar</em> " + marker("2") + "baz"}},
		{"two in one paragraph", []PageBreak{{"2", blk(1), 1}, {"3", blk(1), 2}},
			[]string{marker("2") + "two</em> " + marker("3") + "three"}},
		{"past the last word", []PageBreak{{"2", blk(2), 9}},
			[]string{"baz" + marker("2") + "</p>"}},
		{"heading start", []PageBreak{{"1", blk(0), 0}},
			[]string{marker("1") + `<h1 id="heading-one">`}},
		{"heading inside", []PageBreak{{"1", blk(0), 1}},
			[]string{`<h1 id="heading-one">Heading ` + marker("1") + "one</h1>"}},
		{"tight list item", []PageBreak{{"4", item, 2}},
			[]string{"<li>tight item " + marker("4") + "two</li>"}},
		{"figure", []PageBreak{{"5", blk(4), 3}},
			[]string{marker("5") + "<figure>"}},
		{"no block at pos: next block", []PageBreak{{"3", source.Pos{File: ch.File, Offset: blk(1).Offset + 4}, 2}},
			[]string{"four.</p>\n<p>" + marker("3") + "foo"}},
		{"before every block: top", []PageBreak{{"1", source.Pos{File: ch.File, Offset: 0}, 0}},
			[]string{`<section class="chapter">` + "\n" + marker("1") + "<h1"}},
		{"after every block: end", []PageBreak{{"9", source.Pos{File: ch.File, Offset: len(pagesMD)}, 0}},
			[]string{"here.</p>\n" + marker("9") + "</section>"}},
		{"other file: top", []PageBreak{{"1", other.Pos(0), 0}},
			[]string{`<section class="chapter">` + "\n" + marker("1")}},
		{"no position: top", []PageBreak{{"1", source.Pos{}, 0}},
			[]string{`<section class="chapter">` + "\n" + marker("1") + "<h1"}},
		{"roman label", []PageBreak{{"xii", blk(5), 0}},
			[]string{"<p>" + marker("xii") + "Last"}},
		{"in order", []PageBreak{{"1", blk(0), 0}, {"2", blk(1), 2}, {"3", blk(3), 0}, {"4", blk(5), 1}},
			[]string{marker("1"), marker("2") + "three", "<li>" + marker("3") + "tight item one", "Last " + marker("4")}}, // the list starts where its first item does
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := WriteChapter(&b, ch, Options{Lang: "en", Title: "P", Labels: locale.For("en"), PageBreaks: tc.breaks})
			if err != nil {
				t.Fatal(err)
			}
			wellFormed(t, b.Bytes())
			got := b.String()
			rest := got
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output lacks %q (in order):\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			if n := strings.Count(got, `role="doc-pagebreak"`); n != len(tc.breaks) {
				t.Errorf("%d markers, want %d:\n%s", n, len(tc.breaks), got)
			}
		})
	}
}

func TestPageBreakErrors(t *testing.T) {
	ch := chapter(t, "pages.md", []byte(pagesMD))
	p := ch.Blocks[1].Pos()
	for _, breaks := range [][]PageBreak{
		{{"2", p, 0}, {"2", p, 1}}, // the same label twice
		{{" ", p, 0}},              // no label
	} {
		if err := WriteChapter(&bytes.Buffer{}, ch, Options{Lang: "en", PageBreaks: breaks}); err == nil {
			t.Errorf("breaks %v: no error", breaks)
		}
	}
}

func TestPageBreakID(t *testing.T) {
	for label, want := range map[string]string{"7": "page-7", "xii": "page-xii", "A 1/2": "page-A_1_2"} {
		if got := PageBreakID(label); got != want {
			t.Errorf("PageBreakID(%q) = %q, want %q", label, got, want)
		}
	}
}

// TestPageBreaksCountWordsAsLayout checks that no-break and thin spaces join
// words here as they do in the PDF layout (doc.IsWordSpace), so that a
// marker lands before the word the PDF page begins with.
func TestPageBreaksCountWordsAsLayout(t *testing.T) {
	ch := chapter(t, "spaces.md", []byte("One\u00a0two\u2009three four five.\n"))
	var b bytes.Buffer
	err := WriteChapter(&b, ch, Options{Lang: "en", Title: "S", Labels: locale.For("en"), PageBreaks: []PageBreak{{"2", ch.Blocks[0].Pos(), 2}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "four " + marker("2") + "five."; !strings.Contains(b.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, b.String())
	}
}
