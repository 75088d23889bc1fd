package layout

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/highlight"
	"github.com/galley-press/galley/internal/linebreak"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

func codeDoc(blocks ...doc.Block) *doc.Document {
	return &doc.Document{Meta: doc.Meta{Title: "Code", Lang: "en"}, Chapters: []*doc.Chapter{{ID: "c", Blocks: blocks}}}
}

// TestCodeStaysInTextBlock sets code with long lines (with spaces, without,
// with tabs, in a list and a quotation) and checks that no glyph of it is
// drawn outside the text block.
func TestCodeStaysInTextBlock(t *testing.T) {
	long := "    let result = some_function_with_a_long_name(first_argument, second_argument, third_argument, \"a string literal that goes on\");"
	blocks := []doc.Block{
		&doc.CodeBlock{Lang: "rust", Text: long + "\n"},
		&doc.CodeBlock{Text: strings.Repeat("x", 300) + "\n"},
		&doc.CodeBlock{Lang: "go", Text: "\t\t\t\t\t\t" + long + "\n"},
		&doc.CodeBlock{Lang: "console", Text: "$ " + strings.Repeat("cargo build --release ", 12) + "\n"},
		&doc.List{Items: []*doc.ListItem{{Blocks: []doc.Block{para(txt("An item.")...), &doc.CodeBlock{Lang: "rust", Text: long + "\n"}}}}},
		&doc.Blockquote{Blocks: []doc.Block{&doc.CodeBlock{Lang: "python", Text: "print('" + strings.Repeat("é", 200) + "')\n"}}},
		&doc.CodeBlock{Lang: "rust", Text: long + "\n", Listing: &doc.Listing{Number: "1-1", FileName: "src/" + strings.Repeat("very_long_directory_name/", 8) + "main.rs", Caption: plain("A caption.")}},
	}
	lib, err := loadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	for _, ps := range []PageSize{A4, A5} {
		var dl diag.List
		pd, _, err := Typeset(codeDoc(blocks...), Options{Page: ps}, &dl)
		if err != nil {
			t.Fatal(err)
		}
		g := ps.geometry()
		mono := 0
		for n, p := range pd.Pages {
			for _, it := range p.Items {
				tx, ok := it.(*page.Text)
				if !ok {
					continue
				}
				w := lib.faces[tx.Font].face.Width(tx.Text, tx.Size)
				if strings.HasPrefix(tx.Font, "PTMono") {
					mono++
				}
				if tx.X < g.left-units.Pt(0.01) || tx.X+w > g.left+g.width+units.Pt(0.01) {
					t.Errorf("%s page %d: %q at x %v..%v leaves the text block %v..%v", ps.Name, n+1, tx.Text, tx.X, tx.X+w, g.left, g.left+g.width)
				}
			}
		}
		if mono == 0 {
			t.Errorf("%s: no code was set", ps.Name)
		}
	}
}

// TestCodeKeeps moves code blocks down a page, a line of prose at a time,
// and checks where pages break them: a short block is never split, a long
// one leaves at least two lines on each side, and a listing's file name and
// caption, and a paragraph that leads in to it with a colon, stay with its
// code.
func TestCodeKeeps(t *testing.T) {
	lines := func(prefix string, n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "%s%02d;\n", prefix, i)
		}
		return b.String()
	}
	filler := "The quick brown fox jumps over the lazy dog and keeps running until the end of the line and beyond it."
	for k := 0; k < 40; k++ {
		var blocks []doc.Block
		for i := 0; i < k; i++ {
			blocks = append(blocks, para(txt(filler)...))
		}
		blocks = append(blocks,
			para(txt("Leadin:")...),
			&doc.CodeBlock{Lang: "rust", Text: lines("short", 8), Listing: &doc.Listing{Number: "1-1", FileName: "src/short.rs", Caption: plain("Shortcap.")}},
			para(txt(filler)...),
			&doc.CodeBlock{Lang: "rust", Text: lines("long", 30), Listing: &doc.Listing{FileName: "src/long.rs", Caption: plain("Longcap.")}},
		)
		var dl diag.List
		pd, _, err := Typeset(codeDoc(blocks...), Options{Page: A5}, &dl)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string // each page's text, its items joined by spaces
		for _, p := range pd.Pages {
			var b strings.Builder
			for _, it := range p.Items {
				if tx, ok := it.(*page.Text); ok {
					b.WriteString(tx.Text)
					if strings.HasPrefix(tx.Font, "PTMono") {
						b.WriteString(" ")
					}
				}
			}
			texts = append(texts, b.String())
		}
		where := func(s string) int {
			for n, txt := range texts {
				if strings.Contains(txt, s) {
					return n
				}
			}
			t.Fatalf("k=%d: %q not set", k, s)
			return 0
		}
		for i := 1; i <= 8; i++ {
			if where(fmt.Sprintf("short%02d;", i)) != where("short01;") {
				t.Errorf("k=%d: the 8-line block is split", k)
				break
			}
		}
		if where("Leadin:") != where("short01;") {
			t.Errorf("k=%d: the paragraph that leads in to the code is left on a page of its own", k)
		}
		if where("src/short.rs") != where("short01;") || where("Shortcap.") != where("short08;") {
			t.Errorf("k=%d: the short listing's file name or caption left its code", k)
		}
		if where("src/long.rs") != where("long01;") || where("Longcap.") != where("long30;") {
			t.Errorf("k=%d: the long listing's file name or caption left its code", k)
		}
		count := map[int]int{}
		for i := 1; i <= 30; i++ {
			count[where(fmt.Sprintf("long%02d;", i))]++
		}
		for pg, c := range count {
			if c < 2 {
				t.Errorf("k=%d: page %d holds %d line of the long block", k, pg+1, c)
			}
		}
	}
}

func TestWrapCode(t *testing.T) {
	tok := func(s string) [][]highlight.Token { return highlight.Lines("", "", s) }
	for _, c := range []struct {
		name string
		in   string
		cols int
		want []string // "indent|cont|text"
	}{
		{"fits", "short line", 20, []string{"0|false|short line"}},
		{"at a space", "alpha beta gamma delta", 13, []string{"0|false|alpha beta ", "2|true|gamma delta"}},
		{"hangs under the indent", "    call(alpha, beta, gamma)", 18, []string{"0|false|    call(alpha, ", "6|true|beta, gamma)"}},
		{"after punctuation", "a::b::c::d::e::f::g", 10, []string{"0|false|a::b::c::", "2|true|d::e::", "2|true|f::g"}},
		{"hard cut", strings.Repeat("x", 25), 10, []string{"0|false|xxxxxxxxxx", "2|true|xxxxxxxx", "2|true|xxxxxxx"}},
		{"empty lines kept", "a\n\nb", 10, []string{"0|false|a", "0|false|", "0|false|b"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, l := range wrapCode(tok(c.in), c.cols) {
				var s strings.Builder
				for _, tk := range l.toks {
					s.WriteString(tk.Text)
				}
				if w := l.indent + len([]rune(s.String())); w > c.cols {
					t.Errorf("line %q takes %d columns of %d", s.String(), w, c.cols)
				}
				got = append(got, fmt.Sprintf("%d|%v|%s", l.indent, l.cont, s.String()))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestCodeCuts(t *testing.T) {
	code := &style{code: true}
	prose := &style{}
	for _, c := range []struct {
		name  string
		frags []frag
		cuts  []int // hyphenation cuts offered
		want  string
	}{
		{"hyphenation inside code dropped", []frag{{text: "saturating", st: code}}, []int{3, 5}, ""},
		{"code breaks", []frag{{text: "std::io::stdin_lock", st: code}}, nil, "5 9 15"},
		{"paths and dots", []frag{{text: "src/main.rs", st: code}}, nil, "4 9"},
		{"runs break after their end", []frag{{text: "a__b...c", st: code}}, nil, "3 7"},
		{"nothing after the last", []frag{{text: "a_b_", st: code}}, nil, "2"},
		{"a URL breaks like code", []frag{{text: "https://rust-lang.org/learn", st: prose}}, []int{12}, "8 13 18 22"},
		{"prose next to code keeps its own cuts", []frag{{text: "Vec", st: code}, {text: "tors", st: prose}}, []int{3, 5}, "5"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var text strings.Builder
			for _, f := range c.frags {
				text.WriteString(f.text)
			}
			cuts, brk := codeCuts(c.frags, text.String(), c.cuts)
			var got []string
			for _, k := range cuts {
				s := fmt.Sprint(k)
				if !brk[k] && len(c.frags) == 1 && (c.frags[0].st.code || strings.Contains(c.frags[0].text, "://")) {
					s += "!" // a hyphen cut survived inside code
				}
				got = append(got, s)
			}
			if g := strings.Join(got, " "); g != c.want {
				t.Errorf("cuts %q, want %q", g, c.want)
			}
		})
	}
}

// TestInlineCodeNeverHyphenated sets prose dense with long inline code in
// a narrow column and checks that every piece of code drawn is a piece of
// the code as written: no hyphen was added to it.
func TestInlineCodeNeverHyphenated(t *testing.T) {
	codes := []string{"saturating_subtraction", "NewsArticleSummarization", "SocialPostRepresentation", "std::collections::hash_map::Entry", "src/lib.rs", "Option<Box<dyn_Error>>", "read_to_string_extraordinarily", "Rc::clone(&a)"}
	var in []doc.Inline
	for i := 0; i < 40; i++ {
		in = append(in, &doc.Text{Value: "The function "}, &doc.Code{Value: codes[i%len(codes)]}, &doc.Text{Value: " returns the value that counts. "})
	}
	d := codeDoc(&doc.List{Items: []*doc.ListItem{{Blocks: []doc.Block{&doc.Paragraph{Text: in}}}}}, &doc.Paragraph{Text: in})
	narrow := A5
	narrow.Measure = units.Pt(160) // a column of a two-column page
	var dl diag.List
	pd, _, err := Typeset(d, Options{Page: narrow}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(codes, "\n")
	broken := 0
	for _, p := range pd.Pages {
		for _, it := range p.Items {
			tx, ok := it.(*page.Text)
			if !ok || !strings.HasPrefix(tx.Font, "PTMono") {
				continue
			}
			if !strings.Contains(all, tx.Text) {
				t.Errorf("inline code drawn as %q, which is not in the code", tx.Text)
			}
			for _, c := range codes {
				if strings.HasPrefix(c, tx.Text) && tx.Text != c {
					broken++
				}
			}
		}
	}
	if broken == 0 {
		t.Error("no inline code was broken at all; the test sets too little")
	}
}

// TestLongURLBreaks checks that a URL longer than longWord breaks only
// after its own punctuation, and a long name without any anywhere.
func TestLongURLBreaks(t *testing.T) {
	lib, err := loadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	st := &style{tf: lib.get("serif", false, true), size: 10}
	for _, c := range []struct {
		word string
		want string // the pieces between break points, joined by |
	}{
		{"https://doc.rust-lang.org/cargo/reference/profiles.html", "https://|doc.|rust-|lang.|org/|cargo/|reference/|profiles.|html"},
		{"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z|a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z"},
	} {
		p := build(&paragraph{}, []frag{{text: c.word, st: st}}, nil, 0, false)
		var b strings.Builder
		for i, it := range p.items {
			switch {
			case it.Kind == linebreak.Box:
				b.WriteString(p.what[i].text)
			case it.Kind == linebreak.Penalty && it.Penalty < linebreak.Infinity && it.Penalty > -linebreak.Infinity:
				b.WriteString("|")
			}
		}
		if got := b.String(); got != c.want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.word, got, c.want)
		}
	}
}

// TestNoSpaceWiderThanMax sets body text full of long unbreakable names on
// a narrow measure: no justified line may open its spaces past maxSpace;
// such a line is left short instead.
func TestNoSpaceWiderThanMax(t *testing.T) {
	var in []doc.Inline
	for i := 0; i < 30; i++ {
		in = append(in, &doc.Text{Value: "See "}, &doc.Code{Value: "NewsArticleSummarizationTrait"}, &doc.Text{Value: " and "},
			&doc.Code{Value: "SocialPostRepresentationBuilder"}, &doc.Text{Value: " for it. "})
	}
	narrow := A5
	narrow.Measure = units.Pt(170)
	var dl diag.List
	pd, rep, err := Typeset(codeDoc(&doc.Paragraph{Text: in}), Options{Page: narrow}, &dl)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Spaces) == 0 {
		t.Fatal("no justified line at all")
	}
	if w := slices.Max(rep.Spaces); w > maxSpace+0.005 {
		t.Errorf("widest space %.3f em, want at most %.2f", w, maxSpace)
	}
	// As drawn: no gap between the words of a line is wider either.
	lib, err := loadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	for n, p := range pd.Pages {
		end := map[units.Length]units.Length{} // baseline: where the last text drawn on it ends
		for _, it := range p.Items {
			tx, ok := it.(*page.Text)
			if !ok || tx.Size < narrow.Body.Scale(0.8) {
				continue
			}
			w := lib.faces[tx.Font].face.Width(tx.Text, tx.Size)
			w += w * units.Length(tx.Expand) / 1000
			if e, seen := end[tx.Y]; seen && tx.X-e > narrow.Body.Scale(maxSpace+0.005) {
				t.Errorf("page %d: a gap of %v before %q", n+1, tx.X-e, tx.Text)
			}
			end[tx.Y] = tx.X + w
		}
	}
}
