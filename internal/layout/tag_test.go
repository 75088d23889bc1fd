package layout

import (
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/page"
)

// structure renders an element tree as text: each element as its type,
// its attributes in braces, its kids in brackets.
func structure(e *page.Elem) string {
	var b strings.Builder
	var walk func(e *page.Elem)
	walk = func(e *page.Elem) {
		b.WriteString(e.Type)
		for _, a := range [][2]string{{"Alt", e.Alt}, {"ActualText", e.ActualText}, {"Lang", e.Lang}, {"Scope", e.Scope}} {
			if a[1] != "" {
				b.WriteString("{" + a[0] + "=" + a[1] + "}")
			}
		}
		if e.Anchored {
			b.WriteString("{Anchored}")
		}
		if len(e.Kids) > 0 {
			b.WriteString("[")
			for i, k := range e.Kids {
				if i > 0 {
					b.WriteString(" ")
				}
				walk(k)
			}
			b.WriteString("]")
		}
	}
	walk(e)
	return b.String()
}

func txt(s string) []doc.Inline { return []doc.Inline{&doc.Text{Value: s}} }

func para(in ...doc.Inline) *doc.Paragraph { return &doc.Paragraph{Text: in} }

func TestStructure(t *testing.T) {
	note := &doc.Note{Number: 1, Blocks: []doc.Block{para(txt("A note.")...)}}
	tests := []struct {
		name   string
		blocks []doc.Block
		notes  []*doc.Note
		want   string // the tree of the body, after the article's opening
	}{{
		name: "inlines",
		blocks: []doc.Block{para(
			&doc.Text{Value: "See "},
			&doc.Link{URL: "https://example.org/", Text: []doc.Inline{&doc.Text{Value: "the "}, &doc.Code{Value: "site"}}},
			&doc.Text{Value: ", read "},
			&doc.Span{Lang: "ru", Text: txt("по-русски")},
			&doc.Text{Value: " and a note."},
			&doc.NoteRef{Note: note},
			&doc.Text{Value: " Then more."},
		)},
		notes: []*doc.Note{note},
		want:  "P[Link[Code] Span{Lang=ru} Reference[Link] Note{Anchored}[P[Link]]]",
	}, {
		name: "blocks",
		blocks: []doc.Block{
			&doc.Heading{Level: 2, Attr: doc.Attr{ID: "h"}, Text: txt("Heading")},
			&doc.List{Ordered: true, Start: 1, Items: []*doc.ListItem{
				{Blocks: []doc.Block{para(txt("One")...)}},
				{Blocks: []doc.Block{para(txt("Two")...), &doc.List{Items: []*doc.ListItem{{Blocks: []doc.Block{para(txt("Nested")...)}}}}}},
			}},
			&doc.Blockquote{Blocks: []doc.Block{para(txt("Quoted.")...)}},
			&doc.CodeBlock{Text: "fn main() {}\n"},
			&doc.ThematicBreak{},
			&doc.Table{
				Head: []*doc.Row{{Cells: []*doc.Cell{{Text: txt("A")}, {Text: txt("B")}}}},
				Body: []*doc.Row{{Cells: []*doc.Cell{{Text: txt("1")}, {Text: nil}}}},
			},
			&doc.Heading{Level: 9, Attr: doc.Attr{ID: "deep"}, Text: txt("Deep")},
		},
		want: "H2 L[LI[Lbl LBody[P]] LI[Lbl LBody[P L[LI[Lbl LBody[P]]]]]] BlockQuote[P] Code Table[TR[TH{Scope=Column} TH{Scope=Column}] TR[TD TD]] H6",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := article(t)
			d.Meta.Authors = nil // no bio
			d.Chapters[0].Blocks = tc.blocks
			d.Chapters[0].Notes = tc.notes
			var dl diag.List
			pd, _, err := Typeset(d, Options{Page: A4}, &dl)
			if err != nil {
				t.Fatal(err)
			}
			got := structure(pd.Struct)
			const head = "Document[Art[P{ActualText=The Debate} H1 P Figure{Alt="
			if !strings.HasPrefix(got, head) {
				t.Fatalf("tree = %s\nwant it to start %s", got, head)
			}
			i := strings.Index(got, "]] ") // after the hero's caption
			if i < 0 || got[i+3:] != tc.want+"]]" {
				t.Errorf("tree = %s\nwant the body %s", got, tc.want)
			}
			checkItems(t, pd, A4)
		})
	}
}

// checkItems checks that every element an item names is in the tree, and
// that the text outside the tree is only running heads, folios, line-end
// hyphens and ornaments.
func checkItems(t *testing.T, pd *page.Document, ps PageSize) {
	t.Helper()
	in := map[*page.Elem]bool{}
	var walk func(e *page.Elem)
	walk = func(e *page.Elem) {
		in[e] = true
		for _, k := range e.Kids {
			walk(k)
		}
	}
	walk(pd.Struct)
	g := ps.geometry()
	for n, p := range pd.Pages {
		for _, it := range p.Items {
			var e *page.Elem
			switch it := it.(type) {
			case *page.Text:
				e = it.Elem
				if e == nil && it.Y > g.top && it.Y < g.top+g.height && it.Text != "-" && !strings.Contains(it.Text, "*") {
					t.Errorf("page %d: text %q is an artifact", n+1, it.Text)
				}
				if e != nil && (it.Y < g.top || it.Y > g.top+g.height+g.top) {
					t.Errorf("page %d: running head or folio %q is tagged %s", n+1, it.Text, e.Type)
				}
			case *page.Image:
				e = it.Elem
			case *page.Link:
				e = it.Elem
				if e == nil || e.Type != "Link" {
					t.Errorf("page %d: link annotation not in a Link element", n+1)
				}
			}
			if e != nil && !in[e] {
				t.Errorf("page %d: %T names a %s element outside the tree", n+1, it, e.Type)
			}
		}
	}
}

func TestStructureOfTheArticle(t *testing.T) {
	var dl diag.List
	pd, _, err := Typeset(article(t), Options{Page: A4}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	got := structure(pd.Struct)
	alt := article(t).Meta.Hero.Image.Alt
	for _, want := range []string{
		"Document[Art[P{ActualText=The Debate} H1 P P Figure{Alt=" + alt + "}[Caption[P]] P P ",
		"Sect[H2{ActualText=About the author} P]]]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("tree lacks %s:\n%s", want, got)
		}
	}
	checkItems(t, pd, A4)
}

// TestHeadingPerBookmark checks that every bookmark of the outline has a
// heading element with its text, so that a reader can move by headings
// where a viewer moves by bookmarks.
func TestHeadingPerBookmark(t *testing.T) {
	tests := []struct {
		name string
		doc  func(t testing.TB) *doc.Document
	}{
		{"article", article},
		{"book", threeChapters},
		{"generated book", func(t testing.TB) *doc.Document { return book(t, 3000) }},
	}
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var dl diag.List
			pd, _, err := Typeset(tc.doc(t), Options{Page: A5}, &dl)
			if err != nil {
				t.Fatal(err)
			}
			text := map[*page.Elem]*strings.Builder{}
			for _, p := range pd.Pages {
				for _, it := range p.Items {
					if tx, ok := it.(*page.Text); ok && tx.Elem != nil {
						if text[tx.Elem] == nil {
							text[tx.Elem] = &strings.Builder{}
						}
						text[tx.Elem].WriteString(tx.Text)
						if tx.SpaceAfter {
							text[tx.Elem].WriteString(" ")
						}
					}
				}
			}
			headings := map[string]bool{}
			var walk func(e *page.Elem)
			walk = func(e *page.Elem) {
				if len(e.Type) == 2 && e.Type[0] == 'H' && e.Type[1] >= '1' && e.Type[1] <= '6' {
					s := e.ActualText
					if s == "" && text[e] != nil {
						s = text[e].String()
					}
					headings[norm(s)] = true
				}
				for _, k := range e.Kids {
					walk(k)
				}
			}
			walk(pd.Struct)
			if len(pd.Outline) == 0 {
				t.Fatal("no bookmarks")
			}
			for _, b := range pd.Outline {
				if !headings[norm(b.Title)] {
					t.Errorf("bookmark %q has no heading element", b.Title)
				}
			}
			checkItems(t, pd, A5)
		})
	}
}
