package layout

import (
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/linebreak"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// lineEnds returns, for each baseline of body text on the page, the
// leftmost start and rightmost end of its text, glyphs expanded, and the
// last piece of text.
func lineEnds(t *testing.T, lib *library, p *page.Page, size units.Length) map[units.Length]struct {
	left, right units.Length
	last        string
	expand      int
} {
	t.Helper()
	out := map[units.Length]struct {
		left, right units.Length
		last        string
		expand      int
	}{}
	for _, it := range p.Items {
		tx, ok := it.(*page.Text)
		if !ok || tx.Size != size {
			continue
		}
		w := lib.faces[tx.Font].face.Width(tx.Text, tx.Size)
		w += w * units.Length(tx.Expand) / 1000
		e, seen := out[tx.Y]
		if !seen || tx.X < e.left {
			e.left = tx.X
		}
		if !seen || tx.X+w > e.right {
			e.right, e.last = tx.X+w, tx.Text
		}
		e.expand = tx.Expand
		out[tx.Y] = e
	}
	return out
}

// TestMicrotypography checks, on the bundled article, that justified lines
// ending in a full stop, comma or hyphen hang into the right margin by the
// amount of the protrusion table, that other lines end at the margin, that
// font expansion stays within ±2 % in 0.5 % steps, and that with
// NoMicrotype nothing hangs and nothing is expanded.
func TestMicrotypography(t *testing.T) {
	lib, err := loadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	body := A4.Body
	tf := lib.get("serif", false, false)
	st := &style{tf: tf, size: body}
	for _, off := range []bool{false, true} {
		var dl diag.List
		pd, rep, err := Typeset(article(t), Options{Page: A4, NoMicrotype: off}, &dl)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Microtype == off {
			t.Errorf("NoMicrotype %v: report says microtypography %v", off, rep.Microtype)
		}
		geo := A4.geometry()
		right := geo.left + geo.width
		hung, expanded := 0, 0
		for _, p := range pd.Pages {
			for _, e := range lineEnds(t, lib, p, body) {
				if e.expand < -expandLimit || e.expand > expandLimit || e.expand%expandStep != 0 {
					t.Errorf("expansion %d outside ±%d or not in steps of %d", e.expand, expandLimit, expandStep)
				}
				if e.expand != 0 {
					expanded++
				}
				if e.right < right-units.Pt(1) {
					continue // a paragraph's last line, or ragged text
				}
				r := []rune(e.last)
				last := r[len(r)-1]
				_, want := hang(last, st)
				if off {
					want = 0
				}
				// (The amount is the unexpanded one: the line breaker
				// measures the line with it.)
				if d := e.right - right - want; d > units.Pt(0.05) || d < -units.Pt(0.05) {
					t.Errorf("NoMicrotype %v: line ending %q ends %v past the margin, want %v", off, e.last, e.right-right, want)
				}
				if want > 0 {
					hung++
				}
			}
		}
		if off && (hung != 0 || expanded != 0) {
			t.Errorf("microtypography off: %d lines hang, %d expanded", hung, expanded)
		}
		if !off && (hung == 0 || expanded == 0) {
			t.Errorf("microtypography on: %d lines hang, %d expanded", hung, expanded)
		}
	}
}

// TestProtrusionAmounts checks the amounts hang gives, as thousandths of
// the character's width, and that the line breaker gets them.
func TestProtrusionAmounts(t *testing.T) {
	lib, err := loadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	st := &style{tf: lib.get("serif", false, false), size: units.Pt(10)}
	tests := []struct {
		r           rune
		left, right int // thousandths
	}{
		{'.', 0, 700}, {',', 0, 500}, {'-', 0, 700}, {'—', 0, 250},
		{'“', 500, 300}, {'”', 300, 500}, {'«', 400, 300}, {'»', 300, 400},
		{'e', 0, 0}, {'ж', 0, 0},
	}
	for _, tt := range tests {
		w := st.tf.face.Advance(tt.r, st.size)
		l, r := hang(tt.r, st)
		if l != w*units.Length(tt.left)/1000 || r != w*units.Length(tt.right)/1000 {
			t.Errorf("hang(%q) = %v, %v; want %d‰ and %d‰ of %v", tt.r, l, r, tt.left, tt.right, w)
		}
	}
	// Raised text (a note reference) does not hang.
	if l, r := hang('.', &style{tf: st.tf, size: st.size, rise: units.Pt(3)}); l != 0 || r != 0 {
		t.Errorf("raised full stop hangs %v, %v", l, r)
	}
	// The boxes of a paragraph carry the amounts.
	p := &paragraph{hang: true}
	frags := []frag{{text: "“Word", st: st}, {text: " ", st: st, space: true}, {text: "end.”", st: st}}
	build(p, frags, nil, 0, false)
	var lefts, rights []units.Length
	for _, it := range p.items {
		if it.Kind == linebreak.Box {
			lefts, rights = append(lefts, it.Left), append(rights, it.Right)
		}
	}
	wl, _ := hang('“', st)
	_, wr := hang('”', st)
	if len(lefts) != 2 || lefts[0] != wl || rights[1] != wr || rights[0] != 0 || lefts[1] != 0 {
		t.Errorf("boxes hang left %v, right %v; want [%v 0] and [0 %v]", lefts, rights, wl, wr)
	}
}

// TestReportMicrotype checks the report's line on microtypography.
func TestReportMicrotype(t *testing.T) {
	tests := []struct {
		r    Report
		want string
	}{
		{Report{}, "microtypography: off\n"},
		{Report{Microtype: true, Justified: 10, Expanded: 4, ExpandLeast: -15, ExpandMost: 20, Hung: 3},
			"microtypography: font expansion up to ±2.0% in 0.5% steps, on 4 lines (-1.5% to +2.0%); margin kerning, 3 line ends in the margin\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := tt.r.Fprint(&b); err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(b.String(), "\n")
		if len(lines) < 3 || lines[2] != tt.want {
			t.Errorf("report:\n%s\nwant third line %q", b.String(), tt.want)
		}
	}
}

// TestNoLinePastMeasure sets list items, quotations and paragraphs whose
// one-line or last lines come out a little longer or shorter than their
// measure, one word at a time, and checks that with microtypography on or
// off no line's ink passes the right edge of the text block by more than
// the protrusion of its last character. (A last line the breaker chose
// counting on the font's shrink must get it, though it is not justified.)
func TestNoLinePastMeasure(t *testing.T) {
	lib, err := loadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	sentences := []string{
		"Borrowed references and lifetimes: How the compiler checks that every reference stays valid for as long as it is used",
		"Pattern matching in depth: Where patterns may appear and what their refutability means for the compiler",
		"Traits with associated types: Placeholders in trait definitions and how implementors fill them in",
		"Iterators and adaptors: Lazy sequences of values, consumed one at a time by loops and closures",
		"Smart pointers and interior mutability: Boxes, counted references and cells that allow shared mutation safely",
		"Concurrency without fear: Threads, channels and locks, with ownership rules that keep shared data consistent",
	}
	var items []*doc.ListItem
	var quotes, paras []doc.Block
	for _, s := range sentences {
		words := strings.Fields(s)
		for k := 4; k <= len(words); k++ {
			text := strings.Join(words[:k], " ")
			items = append(items, &doc.ListItem{Blocks: []doc.Block{para(txt(text)...)}})
			quotes = append(quotes, para(txt(text)...))
			paras = append(paras, para(txt(text+" "+text)...))
		}
	}
	blocks := append([]doc.Block{&doc.List{Items: items}, &doc.Blockquote{Blocks: quotes}}, paras...)
	d := &doc.Document{Meta: doc.Meta{Title: "Measure", Lang: "en"}, Chapters: []*doc.Chapter{{ID: "c", Blocks: blocks}}}
	for _, ps := range []PageSize{A4, A5, Trade} {
		for _, off := range []bool{false, true} {
			var dl diag.List
			pd, _, err := Typeset(d, Options{Page: ps, NoMicrotype: off}, &dl)
			if err != nil {
				t.Fatal(err)
			}
			geo := ps.geometry()
			right := geo.left + geo.width
			lines := 0
			for n, p := range pd.Pages {
				for _, size := range []units.Length{ps.Body, ps.Body.Scale(0.95)} {
					st := &style{tf: lib.get("serif", false, false), size: size}
					for _, e := range lineEnds(t, lib, p, size) {
						lines++
						r := []rune(e.last)
						_, allowed := hang(r[len(r)-1], st)
						if off {
							allowed = 0
						}
						if past := e.right - right; past > allowed+units.Pt(0.05) {
							t.Errorf("%s, NoMicrotype %v, page %d: line ending %q passes the measure by %v, may hang %v (expansion %d)",
								ps.Name, off, n+1, e.last, past, allowed, e.expand)
						}
					}
				}
			}
			if lines < len(items)*4 {
				t.Errorf("%s, NoMicrotype %v: %d lines checked, want at least %d", ps.Name, off, lines, len(items)*4)
			}
		}
	}
}
