package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/source"
)

// parse reads src as the file m/a.md and returns its blocks and diagnostics.
func parse(src string) ([]doc.Block, string) {
	f := source.NewFile("m/a.md", []byte(src))
	var d diag.List
	blocks, _ := Parse(Input{File: f, Lang: "en"}, &d)
	var b strings.Builder
	d.Fprint(&b)
	return blocks, b.String()
}

func TestReservedID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"about-author", true}, {"notes-heading", true}, {"title", true}, {"hero", true},
		{"cover", true}, {"contents", true}, {"contributors", true}, {"credits", true},
		{"fn1", true}, {"fn12", true}, {"fnref3", true}, {"fn-1", true}, {"fnref-20", true},
		{"page-7", true}, {"page-123", true},
		{"fn", false}, {"fnref", false}, {"fn-", false}, {"page-", false}, {"page-one", false},
		{"fn1a", false}, {"page-1-2", false}, {"about-author-2", false}, {"titles", false},
		{"notes", false}, {"section-1", false},
	}
	for _, tc := range tests {
		if got := ReservedID(tc.id); got != tc.want {
			t.Errorf("ReservedID(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

// TestHeadingIDs checks that generated heading ids avoid the renderers'
// ids and each other.
func TestHeadingIDs(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"about author", "# About author\n", []string{"about-author-1"}},
		{"about author twice", "# About author\n\n# About author\n", []string{"about-author-1", "about-author-1-1"}},
		{"author's own suffix first", "# About author 2\n\n# About author\n", []string{"about-author-2", "about-author-1"}},
		{"footnote ids", "# Fn 1\n\n# fn2\n\n# FNREF 3\n", []string{"fn-1-1", "fn2-1", "fnref-3-1"}},
		{"page ids", "# Page 4\n\n# Page four\n", []string{"page-4-1", "page-four"}},
		{"title and friends", "# Title\n\n# Hero\n\n# Cover\n\n# Contents\n\n# Contributors\n\n# Credits\n\n# Notes heading\n",
			[]string{"title-1", "hero-1", "cover-1", "contents-1", "contributors-1", "credits-1", "notes-heading-1"}},
		{"github's numbering", "# A\n\n# A\n\n# A 1\n", []string{"a", "a-1", "a-1-1"}},
		{"suffix taken before", "# A 2\n\n# A\n\n# A\n", []string{"a-2", "a", "a-1"}},
		{"numbered forms all reserved", "# Fn\n\n# Fn\n\n# Page\n\n# Page\n\n# Fnref\n\n# Fnref\n",
			[]string{"fn", "fn-1-1", "page", "page-1-1", "fnref", "fnref-1-1"}},
		{"punctuation and code", "# Using `Box<T>` to Point, Quickly!\n\n## Hello, World!\n", []string{"using-boxt-to-point-quickly", "hello-world"}},
		{"spaces and hyphens kept", "# a - b  c_d\n", []string{"a---b--c_d"}},
		{"digits first", "# 1. Intro\n", []string{"1-intro"}},
		{"no letters", "# !!!\n", []string{"section"}},
		{"explicit id", "# Options {#options .unnumbered}\n\n## Options\n", []string{"options", "options-1"}},
		{"explicit id twice", "# A {#x}\n\n# B {#x}\n", []string{"x", "x-1"}},
		{"letters of any script", "# Қазақ тілі\n", []string{"қазақ-тілі"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks, _ := parse(tc.in)
			var got []string
			for _, b := range blocks {
				if h, ok := b.(*doc.Heading); ok {
					got = append(got, h.Attr.ID)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("ids = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDecorativeImages checks the "decorative" title mark.
func TestDecorativeImages(t *testing.T) {
	tests := []struct {
		name, in   string
		alt, title string
		decorative bool
		diags      string
	}{
		{"marked", "![](o.png \"decorative\")\n", "", "", true, ""},
		{"marked inline", "A ![](o.png \"decorative\") b\n", "", "", true, ""},
		{"marked with single quotes", "![](o.png 'decorative')\n", "", "", true, ""},
		{"marked in a reference", "![][o]\n\n[o]: o.png \"decorative\"\n", "", "", true, ""},
		{"marked with alt text", "x ![An ornament](o.png \"decorative\")\n", "An ornament", "", false,
			"m/a.md:1:5: warning: image \"o.png\" is marked \"decorative\" but has alt text, so it is not set as decorative\n"},
		{"not exactly the mark", "![](o.png \"Decorative\")\n", "", "Decorative", false, ""},
		{"mark with more words", "![](o.png \"decorative rule\")\n", "", "decorative rule", false, ""},
		{"no mark", "![](o.png)\n", "", "", false, ""},
		{"plain title", "![Sun](o.png \"The sun\")\n", "Sun", "The sun", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks, diags := parse(tc.in)
			var img *doc.Image
			doc.Inspect(blocks, func(n doc.Node) bool {
				switch n := n.(type) {
				case *doc.Figure:
					img = n.Image
				case *doc.Image:
					img = n
				}
				return img == nil
			})
			if img == nil {
				t.Fatal("no image")
			}
			if img.Alt != tc.alt || img.Title != tc.title || img.Decorative != tc.decorative {
				t.Errorf("image alt=%q title=%q decorative=%v, want alt=%q title=%q decorative=%v",
					img.Alt, img.Title, img.Decorative, tc.alt, tc.title, tc.decorative)
			}
			if diags != tc.diags {
				t.Errorf("diagnostics = %q, want %q", diags, tc.diags)
			}
		})
	}
}

// TestThematicBreakSpan checks the start and end of thematic breaks.
func TestThematicBreakSpan(t *testing.T) {
	tests := []struct {
		name, in    string
		start, stop string // line:col
	}{
		{"dashes", "a\n\n---\n", "3:1", "3:4"},
		{"indented, spaced, trailing blanks", "a\n\n   * * *   \n", "3:4", "3:9"},
		{"underscores at the end of the file", "a\n\n_____", "3:1", "3:6"},
		{"crlf", "a\r\n\r\n***\r\n", "3:1", "3:4"},
		{"after a paragraph", "a\n***\n", "2:1", "2:4"},
		{"in a quote", "> a\n>\n> ---\n", "3:3", "3:6"},
		{"in a list", "- a\n\n  ___\n", "3:3", "3:6"},
		{"first line", "***\n", "1:1", "1:4"},
	}
	lc := func(p source.Pos) string {
		l, c := p.LineCol()
		return fmt.Sprintf("%d:%d", l, c)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks, _ := parse(tc.in)
			var tb *doc.ThematicBreak
			doc.Inspect(blocks, func(n doc.Node) bool {
				if b, ok := n.(*doc.ThematicBreak); ok && tb == nil {
					tb = b
				}
				return true
			})
			if tb == nil {
				t.Fatal("no thematic break")
			}
			if got := lc(tb.Start) + "-" + lc(tb.Stop); got != tc.start+"-"+tc.stop {
				t.Errorf("span = %s, want %s-%s", got, tc.start, tc.stop)
			}
		})
	}
}

// TestFindBreakLine checks the fallback scan for a thematic break's marker.
func TestFindBreakLine(t *testing.T) {
	tests := []struct {
		src  string
		from int
		want int
	}{
		{"a\n\n---\n", 0, 3},
		{"a\n\n---\n", 1, 3},
		{"> x\n>  * * *\n", 0, 7},
		{"-- not\n- - -\n", 0, 7},
		{"a\nb\n", 0, -1},
		{"*-*\n", 0, -1},
		{"", 0, -1},
	}
	for _, tc := range tests {
		if got := findBreakLine([]byte(tc.src), tc.from); got != tc.want {
			t.Errorf("findBreakLine(%q, %d) = %d, want %d", tc.src, tc.from, got, tc.want)
		}
	}
}
