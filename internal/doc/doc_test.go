package doc

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/golden"
	"github.com/galley-press/galley/internal/source"
)

// fixture returns a document with every kind of node, each at its own
// line of a source file, so that positions show which node is which.
func fixture() *Document {
	f := source.NewFile("m/a.md", []byte(strings.Repeat("x\n", 80)))
	line := 0
	at := func() source.Span {
		line++
		p := f.LineStart(line)
		return source.Span{Start: p, Stop: f.Pos(p.Offset + 1)}
	}
	text := func(s string) *Text { return &Text{Span: at(), Value: s} }
	note := &Note{Label: "n", Number: 1}
	note.Span = at()
	note.Blocks = []Block{&Paragraph{Span: at(), Text: []Inline{text("note text")}}}
	hero := &Figure{Span: at(), Attr: Attr{ID: "hero"}, Image: &Image{Span: at(), Src: "images/hero.png", Alt: "A sun"},
		Caption: []Inline{text("hero caption")}}
	blocks := []Block{
		&Heading{Span: at(), Level: 1, Attr: Attr{ID: "top"}, Text: []Inline{text("Title"), &Emph{Span: at(), Text: []Inline{text("em")}}}},
		&Paragraph{Span: at(), Text: []Inline{
			text("a"),
			&Strong{Span: at(), Text: []Inline{text("strong")}},
			&Strike{Span: at(), Text: []Inline{text("struck")}},
			&Span{Span: at(), Lang: "ru", Text: []Inline{text("слово")}},
			&Super{Span: at(), Text: []Inline{text("sup")}},
			&Sub{Span: at(), Text: []Inline{text("sub")}},
			&Code{Span: at(), Value: "x := 1"},
			&SoftBreak{Span: at()},
			&Link{Span: at(), URL: "b.md#part", Chapter: "b", Fragment: "part", Text: []Inline{text("link")}},
			&Image{Span: at(), Src: "images/rule.png", Decorative: true},
			&NoteRef{Span: at(), Note: note},
			&LineBreak{Span: at()},
		}},
		&Blockquote{Span: at(), Blocks: []Block{&Paragraph{Span: at(), Text: []Inline{text("quoted")}}}},
		&List{Span: at(), Ordered: true, Start: 3, Tight: true, Items: []*ListItem{
			{Span: at(), Blocks: []Block{&Paragraph{Span: at(), Text: []Inline{text("item one")}}}},
			{Span: at(), Blocks: []Block{&List{Span: at(), Items: []*ListItem{
				{Span: at(), Blocks: []Block{&Paragraph{Span: at(), Text: []Inline{text("nested")}}}},
			}}}},
		}},
		&Figure{Span: at(), Image: &Image{Span: at(), Src: "images/a.png", Alt: "A chart"},
			Caption: []Inline{text("caption")}, Credit: []Inline{text("credit")}},
		&CodeBlock{Span: at(), Lang: "go", Text: "fmt.Println(\"hi\")\n"},
		&Table{Span: at(), Align: []Align{AlignLeft, AlignRight},
			Head: []*Row{{Span: at(), Cells: []*Cell{{Span: at(), Align: AlignLeft, Text: []Inline{text("h1")}}, {Span: at(), Align: AlignRight, Text: []Inline{text("h2")}}}}},
			Body: []*Row{{Span: at(), Cells: []*Cell{{Span: at(), Align: AlignLeft, Text: []Inline{text("c1")}}, {Span: at(), Align: AlignRight}}}}},
		&ThematicBreak{Span: at()},
	}
	return &Document{
		Meta: Meta{
			Title: "T", Subtitle: "Dek", Kicker: "Kick",
			Authors: []Author{{Name: "Ann", Bio: []Block{&Paragraph{Span: at(), Text: []Inline{text("Ann writes.")}}}}, {Name: "Bo"}},
			Lang:    "en", Date: "2024-01-02", Identifier: "urn:x", Publisher: "P", Rights: "R", Description: "D",
			Keywords: []string{"one", "two \"q\""}, Slug: "t", Hero: hero, Pos: f.Pos(0),
			Cover:                &Image{Span: at(), Src: "images/cover.png", Alt: "Cover"},
			AccessibilitySummary: "S", ConformsTo: true, CertifiedBy: "C",
		},
		Chapters: []*Chapter{
			{File: f, ID: "a", Title: "Title", Blocks: blocks, Notes: []*Note{note}},
			{ID: "b", Part: "Part Two", Role: BackMatter, Lang: "kk", Meta: &Meta{Title: "B"},
				Blocks: []Block{&Heading{Level: 2, Attr: Attr{ID: "part"}, Text: []Inline{&Text{Value: "B"}}}}},
		},
		Book: true,
	}
}

// label names a node for the tests: its type and what tells it apart.
func label(n Node) string {
	name := strings.TrimPrefix(fmt.Sprintf("%T", n), "*doc.")
	switch n := n.(type) {
	case *Text:
		return name + " " + n.Value
	case *Heading:
		return fmt.Sprintf("%s %d", name, n.Level)
	case *Image:
		return name + " " + n.Src
	case *List:
		return fmt.Sprintf("%s ordered=%v", name, n.Ordered)
	}
	return name
}

func TestInspectOrder(t *testing.T) {
	var got []string
	Inspect(fixture().Chapters[0].Blocks, func(n Node) bool {
		got = append(got, label(n))
		return true
	})
	want := []string{
		"Heading 1", "Text Title", "Emph", "Text em",
		"Paragraph", "Text a", "Strong", "Text strong", "Strike", "Text struck", "Span", "Text слово",
		"Super", "Text sup", "Sub", "Text sub", "Code", "SoftBreak", "Link", "Text link",
		"Image images/rule.png", "NoteRef", "LineBreak", // not the note's body: it is listed in Chapter.Notes
		"Blockquote", "Paragraph", "Text quoted",
		"List ordered=true", "Paragraph", "Text item one", "List ordered=false", "Paragraph", "Text nested",
		"Figure", "Image images/a.png", "Text caption", "Text credit",
		"CodeBlock",
		"Table", "Text h1", "Text h2", "Text c1",
		"ThematicBreak",
	}
	if !slices.Equal(got, want) {
		t.Errorf("visited:\n%q\nwant:\n%q", got, want)
	}
}

func TestInspectPrunes(t *testing.T) {
	tests := []struct {
		name  string
		prune func(Node) bool // whether to leave n's children out
		want  []string
	}{
		{"every block", func(n Node) bool { _, ok := n.(Block); return ok },
			[]string{"Heading 1", "Paragraph", "Blockquote", "List ordered=true", "Figure", "CodeBlock", "Table", "ThematicBreak"}},
		{"lists and paragraphs", func(n Node) bool {
			switch n.(type) {
			case *List, *Paragraph, *Heading, *Figure, *Table:
				return true
			}
			return false
		}, []string{"Heading 1", "Paragraph", "Blockquote", "Paragraph", "List ordered=true", "Figure", "CodeBlock", "Table", "ThematicBreak"}},
		{"inline containers", func(n Node) bool {
			switch n.(type) {
			case *Emph, *Strong, *Strike, *Span, *Super, *Sub, *Link:
				return true
			}
			return false
		}, nil},
	}
	// The third case keeps all but the text inside inline containers.
	var all []string
	Inspect(fixture().Chapters[0].Blocks, func(n Node) bool { all = append(all, label(n)); return true })
	for _, l := range all {
		switch l {
		case "Text em", "Text strong", "Text struck", "Text слово", "Text sup", "Text sub", "Text link":
			continue
		}
		tests[2].want = append(tests[2].want, l)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			Inspect(fixture().Chapters[0].Blocks, func(n Node) bool {
				got = append(got, label(n))
				return !tt.prune(n)
			})
			if !slices.Equal(got, tt.want) {
				t.Errorf("visited:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

func TestInspectEmpty(t *testing.T) {
	Inspect(nil, func(n Node) bool {
		t.Errorf("visited %s in no blocks", label(n))
		return true
	})
}

func TestFprint(t *testing.T) {
	for _, tt := range []struct {
		name    string
		withPos bool
	}{{"fprint", false}, {"fprint-pos", true}} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Fprint(&b, fixture(), tt.withPos); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+tt.name+".golden", b.Bytes())
		})
	}
}

func TestFprintEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := Fprint(&b, &Document{}, true); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "(Meta)\n"; got != want {
		t.Errorf("Fprint of an empty document = %q, want %q", got, want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func TestFprintWriteError(t *testing.T) {
	if err := Fprint(failingWriter{}, fixture(), false); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Fprint to a failing writer: %v, want its error", err)
	}
}

// TestEditInlines checks that EditInlines hands f every run of inlines,
// innermost first and in reading order, and keeps what f returns.
func TestEditInlines(t *testing.T) {
	blocks := fixture().Chapters[0].Blocks
	var runs []string
	EditInlines(blocks, func(in []Inline) []Inline {
		var labels []string
		for _, x := range in {
			labels = append(labels, label(x))
		}
		runs = append(runs, strings.Join(labels, ", "))
		if len(in) > 0 {
			if tx, ok := in[0].(*Text); ok && tx.Value == "caption" {
				return append(in, &Text{Value: "added"})
			}
		}
		return in
	})
	want := []string{
		"Text em", "Text Title, Emph",
		"Text strong", "Text struck", "Text слово", "Text sup", "Text sub", "Text link",
		"Text a, Strong, Strike, Span, Super, Sub, Code, SoftBreak, Link, Image images/rule.png, NoteRef, LineBreak",
		"Text quoted", "Text item one", "Text nested",
		"Text caption", "Text credit",
		"Text h1", "Text h2", "Text c1", "",
	}
	if !slices.Equal(runs, want) {
		t.Errorf("runs:\n%q\nwant:\n%q", runs, want)
	}
	if fig := blocks[4].(*Figure); len(fig.Caption) != 2 || fig.Caption[1].(*Text).Value != "added" {
		t.Errorf("caption after the edit: %v, want the run f returned", fig.Caption)
	}
}
