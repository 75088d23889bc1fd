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
			if i == len(res.Lines)-1 {
				if ln.Expand != 0 {
					t.Errorf("seed %d: last line expanded by %d", seed, ln.Expand)
				}
				continue
			}
			// Set the line: boxes expanded, glue at Ratio; it must fill the width.
			var w float64
			for k := ln.Start; k < ln.End; k++ {
				it := items[k]
				switch it.Kind {
				case Box:
					w += it.Width.Points() * (1 + float64(ln.Expand)/1000)
				case Glue:
					if k > ln.Start {
						g := it.Width.Points()
						if ln.Ratio >= 0 {
							g += ln.Ratio * it.Stretch.Points()
						} else {
							g += ln.Ratio * it.Shrink.Points()
						}
						w += g
					}
				}
			}
			if b := items[ln.Break]; b.Kind == Penalty {
				w += b.Width.Points() * (1 + float64(ln.Expand)/1000)
			}
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
