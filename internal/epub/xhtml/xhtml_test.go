package xhtml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/golden"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/markdown"
	"github.com/galley-press/galley/internal/source"
)

func chapter(t testing.TB, name string, src []byte) *doc.Chapter {
	f := source.NewFile(name, src)
	var d diag.List
	blocks, notes := markdown.Parse(markdown.Input{File: f, Lang: "en"}, &d)
	return &doc.Chapter{File: f, ID: "ch", Blocks: blocks, Notes: notes}
}

// wellFormed fails unless b parses as XML from start to end.
func wellFormed(t testing.TB, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name    string
		article bool
	}{
		{"kitchen", false},
		{"kitchen-article", true},
	}
	src, err := os.ReadFile("testdata/kitchen.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch := chapter(t, "kitchen.md", src)
			opts := Options{Lang: "en", Title: "Kitchen", Stylesheet: "../css/galley.css", Labels: locale.For("en"),
				ImageHref: func(s string) string { return "../" + s }}
			if tc.article {
				opts.Article = &doc.Meta{
					Title: "Kitchen", Subtitle: "A dek", Kicker: "Tests", Lang: "en",
					Authors: []doc.Author{{Name: "Ann Author", Bio: []doc.Block{&doc.Paragraph{Text: []doc.Inline{&doc.Text{Value: "Ann writes."}}}}}},
					Hero: &doc.Figure{Attr: doc.Attr{ID: "hero"}, Image: &doc.Image{Src: "images/hero.png", Alt: "Hero", Width: 4, Height: 3},
						Credit: []doc.Inline{&doc.Text{Value: "Photo Agency"}}},
				}
			}
			var b bytes.Buffer
			if err := WriteChapter(&b, ch, opts); err != nil {
				t.Fatal(err)
			}
			wellFormed(t, b.Bytes())
			golden.Check(t, "testdata/"+tc.name+".xhtml", b.Bytes())
		})
	}
}

func TestOneH1(t *testing.T) {
	src, _ := os.ReadFile("testdata/kitchen.md")
	ch := chapter(t, "kitchen.md", src)
	var b bytes.Buffer
	if err := WriteChapter(&b, ch, Options{Lang: "en", Title: "T", Article: &doc.Meta{Title: "T"}}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "<h1"); n != 1 {
		t.Errorf("article has %d h1 elements, want 1", n)
	}
	if strings.Contains(b.String(), "<h3") && !strings.Contains(b.String(), "<h2") {
		t.Error("heading levels skip h2")
	}
}

// TestForbiddenCharacters checks that characters XML does not allow are
// written as U+FFFD, each reported once with the place of the text.
func TestForbiddenCharacters(t *testing.T) {
	tests := []struct {
		name, src, title string
		want             []string // reports, "line:col U+XXXX"
		out              string   // what the document holds
	}{
		{"clean text", "A < b & c > d.\n", "T", nil, "A &lt; b &amp; c &gt; d."},
		{"a control in a paragraph", "Para\x01graph.\n", "T", []string{"1:1 U+0001"}, "Para\uFFFDgraph."},
		{"one per text", "One\x02 two\x03.\n\n# Head\x0b\n", "T", []string{"1:1 U+0002", "3:3 U+000B"}, "Head\uFFFD"},
		{"in a link title", "[x](https://e.x \"t\x1f\")\n", "T", []string{"1:2 U+001F"}, "title=\"t\uFFFD\""},
		{"in the document title", "Text.\n", "Ti\x01tle", []string{"- U+0001"}, "<title>Ti\uFFFDtle</title>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			opts := Options{Lang: "en", Title: tt.title, Labels: locale.For("en"), Replaced: func(pos source.Pos, r rune) {
				at := "-"
				if pos.IsValid() {
					line, col := pos.LineCol()
					at = fmt.Sprintf("%d:%d", line, col)
				}
				got = append(got, fmt.Sprintf("%s %U", at, r))
			}}
			var b bytes.Buffer
			if err := WriteChapter(&b, chapter(t, "a.md", []byte(tt.src)), opts); err != nil {
				t.Fatal(err)
			}
			wellFormed(t, b.Bytes())
			if !slices.Equal(got, tt.want) {
				t.Errorf("reported %q, want %q", got, tt.want)
			}
			if !strings.Contains(b.String(), tt.out) {
				t.Errorf("document lacks %q:\n%s", tt.out, b.String())
			}
		})
	}
}

// FuzzXHTML checks that whatever the Markdown, the document is well-formed.
func FuzzXHTML(f *testing.F) {
	src, _ := os.ReadFile("testdata/kitchen.md")
	f.Add(src)
	f.Add([]byte("<script>alert(1)</script>\n\n&amp; &#0; &#xD800; \x01"))
	f.Add([]byte("[x](javascript:\"><b>) ![a\"b](c\"d.png)"))
	f.Fuzz(func(t *testing.T, src []byte) {
		ch := chapter(t, "f.md", src)
		var b bytes.Buffer
		if err := WriteChapter(&b, ch, Options{Lang: "en", Title: string(src), Article: &doc.Meta{Title: string(src), Kicker: string(src)}}); err != nil {
			t.Fatal(err)
		}
		wellFormed(t, b.Bytes())
	})
}
