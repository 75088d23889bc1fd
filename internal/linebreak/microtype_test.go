package linebreak

import (
	"math/rand/v2"
	"testing"

	"github.com/galley-press/galley/internal/units"
)

// TestMarginKerning checks that the parts of boxes that hang into the
// margins are left out of a line's width, so that the rest of the line
// fills the measure.
func TestMarginKerning(t *testing.T) {
	pt := units.Pt
	tests := []struct {
		name        string
		left, right units.Length // of the boxes
		hyphen      units.Length // Right of the hyphen penalty
		want        float64      // the first line's ratio
	}{
		{"none", 0, 0, 0, 10.0 / 6},      // 100 wide, 90 natural, stretch 6
		{"right", 0, pt(3), 0, 13.0 / 6}, // the last box hangs 3pt out: the glue fills 3pt more
		{"left and right", pt(1), pt(3), 0, 14.0 / 6},
	}
	for _, tt := range tests {
		box := func(w float64) Item { return Item{Kind: Box, Width: pt(w), Left: tt.left, Right: tt.right} }
		items := Finish([]Item{box(30), NewGlue(pt(0), pt(3), 0), box(30), NewGlue(pt(0), pt(3), 0), box(30),
			NewGlue(pt(0), pt(3), 0), box(95)})
		p := DefaultParams()
		p.Tolerance, p.Pretolerance = Infinity, Infinity
		res, err := Break(items, []units.Length{pt(100)}, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Lines) != 2 {
			t.Fatalf("%s: %d lines, want 2", tt.name, len(res.Lines))
		}
		if got := res.Lines[0].Ratio; got < tt.want-1e-3 || got > tt.want+1e-3 {
			t.Errorf("%s: ratio %.4f, want %.4f", tt.name, got, tt.want)
		}
	}
	// A hyphen's own protrusion counts when the line breaks at it.
	items := Finish([]Item{NewBox(pt(50)), {Kind: Penalty, Width: pt(4), Right: pt(3), Penalty: 50, Flagged: true}, NewBox(pt(60))})
	p := DefaultParams()
	p.Pretolerance = -1
	res, err := Break(items, []units.Length{pt(51)}, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Lines) != 2 || res.Lines[0].Overfull != 0 || res.Lines[0].Badness != 0 {
		t.Errorf("hyphen hanging 3pt: lines %+v, want an exact first line", res.Lines)
	}
}

// TestExpansionBounds checks that font expansion stays within its limits,
// in whole steps, with neighbouring lines at most ExpandJump apart where
// the glue allows, and that the line with its expansion fits its width.
func TestExpansionBounds(t *testing.T) {
	p := DefaultParams()
	p.ExpandStretch, p.ExpandShrink, p.ExpandStep, p.ExpandJump = 20, 20, 5, 10
	for _, seed := range []uint64{1, 2, 3, 4, 5} {
		items := bookPara(rand.New(rand.NewPCG(seed, seed)), 600)
		res, err := Break(items, bookWidths, p)
		if err != nil {
			t.Fatal(err)
		}
		used := false
		for i, ln := range res.Lines {
			if ln.Expand < -20 || ln.Expand > 20 || ln.Expand%5 != 0 {
				t.Errorf("seed %d line %d: expansion %d outside ±20 or not a multiple of 5", seed, i, ln.Expand)
			}
			used = used || ln.Expand != 0
			w := setWidth(items, ln)
			if i == len(res.Lines)-1 {
				// The last line is never widened, and shrunk only to fit.
				if ln.Expand > 0 || ln.Expand < 0 && w < bookWidths[0].Points()-0.5 {
					t.Errorf("seed %d: last line expanded by %d, set %.3f wide", seed, ln.Expand, w)
				}
				if w > bookWidths[0].Points()+0.01 {
					t.Errorf("seed %d: last line set %.3f wide, more than %.3f", seed, w, bookWidths[0].Points())
				}
				continue
			}
			// The line must fill the width.
			if d := w - bookWidths[0].Points(); d > 0.01 || d < -0.01 {
				t.Errorf("seed %d line %d: set width %.3f, want %.3f (expand %d, ratio %.3f)", seed, i, w, bookWidths[0].Points(), ln.Expand, ln.Ratio)
			}
			if ln.Ratio < -1 {
				t.Errorf("seed %d line %d: glue shrunk past its limit (%.3f)", seed, i, ln.Ratio)
			}
		}
		if !used {
			t.Errorf("seed %d: no line expanded", seed)
		}
	}
	// Without expansion parameters no line is expanded.
	res, _ := Break(bookPara(rand.New(rand.NewPCG(9, 9)), 600), bookWidths, DefaultParams())
	for i, ln := range res.Lines {
		if ln.Expand != 0 {
			t.Errorf("line %d expanded by %d without expansion parameters", i, ln.Expand)
		}
	}
}

// setWidth returns the width, in points, of line ln of items as set:
// boxes and a hyphen expanded by ln.Expand, glue at ln.Ratio (Fil glue
// only shrinks: it fills whatever is left), the parts of the end boxes
// that hang into the margins left out.
func setWidth(items []Item, ln Line) float64 {
	scale := 1 + float64(ln.Expand)/1000
	var w float64
	for k := ln.Start; k < ln.End; k++ {
		it := items[k]
		switch it.Kind {
		case Box:
			w += it.Width.Points() * scale
		case Glue:
			w += it.Width.Points()
			if ln.Ratio > 0 && it.Stretch < Fil {
				w += ln.Ratio * it.Stretch.Points()
			} else if ln.Ratio < 0 {
				w += ln.Ratio * it.Shrink.Points()
			}
		}
	}
	if ln.Start < ln.End && items[ln.Start].Kind == Box {
		w -= items[ln.Start].Left.Points()
	}
	if ln.Break < len(items) {
		if b := items[ln.Break]; b.Kind == Penalty && b.Width != 0 {
			return w + b.Width.Points()*scale - b.Right.Points()
		}
	}
	if ln.Start < ln.End && items[ln.End-1].Kind == Box {
		w -= items[ln.End-1].Right.Points()
	}
	return w
}

// TestLastLineShrinks checks that a paragraph's last line, which the
// breaker may choose too long for its width when its glue and the font's
// shrink together can take up the difference, is set with both: never
// wider than its width, and never expanded when it is short.
func TestLastLineShrinks(t *testing.T) {
	pt := units.Pt
	p := DefaultParams()
	p.ExpandStretch, p.ExpandShrink, p.ExpandStep, p.ExpandJump = 20, 20, 5, 10
	tests := []struct {
		name  string
		over  float64 // natural width past the measure of 300pt, in points
		right units.Length
		lines int
		// shrunk: the last line's font must shrink (1), must not (-1), or
		// may take a share of the shrinking with its glue (0).
		shrunk int
		limit  int // ExpandShrink, if not 20
	}{
		{"short", -40, 0, 1, -1, 0},
		{"exact", 0, 0, 1, -1, 0},
		{"glue shrink enough", 3, 0, 1, 0, 0},
		{"font shrink needed", 7, 0, 1, 1, 0},
		{"font shrink needed, end hanging", 7, pt(2), 1, 1, 0},
		{"too long even shrunk", 20, 0, 2, -1, 0},
		// With ExpandShrink 22 in steps of 5, a line needs 21‰: the
		// breaker may count on 20‰ only, the most a line can be set with.
		{"shrink limit between steps", 10.9, 0, 2, -1, 22},
	}
	for _, tt := range tests {
		p.ExpandShrink = 20
		if tt.limit != 0 {
			p.ExpandShrink = tt.limit
		}
		// Six boxes of 50pt minus a share of over, five spaces of 4pt
		// that shrink by 1pt each: natural width 300+over.
		boxW := pt((300 + tt.over - 20) / 6)
		var items []Item
		for i := range 6 {
			if i > 0 {
				items = append(items, NewGlue(pt(4), pt(2), pt(1)))
			}
			items = append(items, Item{Kind: Box, Width: boxW, Right: tt.right})
		}
		items = Finish(items)
		res, err := Break(items, []units.Length{pt(300) - tt.right}, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Lines) != tt.lines {
			t.Fatalf("%s: %d lines, want %d", tt.name, len(res.Lines), tt.lines)
		}
		for i, ln := range res.Lines {
			w := setWidth(items, ln)
			if w > 300-tt.right.Points()+0.01 {
				t.Errorf("%s line %d: set %.3f wide (expand %d, ratio %.3f), more than %.3f", tt.name, i, w, ln.Expand, ln.Ratio, 300-tt.right.Points())
			}
			if ln.Ratio < -1 || ln.Expand < -20 || ln.Expand > 20 || ln.Expand%5 != 0 {
				t.Errorf("%s line %d: ratio %.3f, expand %d", tt.name, i, ln.Ratio, ln.Expand)
			}
		}
		last := res.Lines[len(res.Lines)-1]
		if last.Expand > 0 || tt.shrunk > 0 && last.Expand == 0 || tt.shrunk < 0 && last.Expand != 0 {
			t.Errorf("%s: last line expanded by %d, want shrunk %d", tt.name, last.Expand, tt.shrunk)
		}
	}
}

func BenchmarkBreakExpansion(b *testing.B) {
	p := DefaultParams()
	p.ExpandStretch, p.ExpandShrink, p.ExpandStep, p.ExpandJump = 20, 20, 5, 10
	items := bookPara(rand.New(rand.NewPCG(1, 1)), 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Break(items, bookWidths, p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExpansionCapped checks that a line that needs more than its whole
// stretch, font expansion's included, is judged by its glue alone: the
// boxes widen by no more than their limit, so the glue takes the rest, and
// the badness says how loose its spaces are.
func TestExpansionCapped(t *testing.T) {
	pt := units.Pt
	// The first line holds two boxes of 100pt and a space of 3pt that
	// stretches by 2pt; expansion of 2% stretches the boxes by 4pt.
	items := Finish([]Item{NewBox(pt(100)), NewGlue(pt(3), pt(2), pt(1)), NewBox(pt(100)),
		NewGlue(pt(3), pt(2), pt(1)), NewBox(pt(50))})
	p := DefaultParams()
	p.Tolerance, p.Pretolerance = Infinity-1, Infinity-1
	p.ExpandStretch, p.ExpandShrink, p.ExpandStep = 20, 20, 5
	for _, tt := range []struct {
		width     float64
		badness   int
		expand    int
		ratio     float64 // the glue's
		tolerated bool    // within a tolerance of 200
	}{
		{206, 13, 10, 0.5, true},   // 3pt short of a stretch of 6pt: both take half
		{209, 100, 20, 1, true},    // 6pt short: all of both
		{210, 338, 20, 1.5, false}, // 7pt short: expansion gives its 4pt, the glue 3pt of its 2pt
		{212, 1563, 20, 2.5, false},
	} {
		res, err := Break(items, []units.Length{pt(tt.width)}, p)
		if err != nil {
			t.Fatal(err)
		}
		ln := res.Lines[0]
		if len(res.Lines) != 2 || ln.Badness != tt.badness || ln.Expand != tt.expand || ln.Ratio < tt.ratio-1e-3 || ln.Ratio > tt.ratio+1e-3 {
			t.Errorf("width %v: %d lines, first with badness %d, expansion %d, ratio %.3f; want 2 lines, %d, %d, %.3f",
				tt.width, len(res.Lines), ln.Badness, ln.Expand, ln.Ratio, tt.badness, tt.expand, tt.ratio)
		}
		q := p
		q.Tolerance, q.Pretolerance, q.EmergencyStretch = 200, 200, 0
		res, err = Break(items, []units.Length{pt(tt.width)}, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Pass < 4; got != tt.tolerated {
			t.Errorf("width %v at tolerance 200: set in pass %d; want within tolerance %v", tt.width, res.Pass, tt.tolerated)
		}
	}
}
