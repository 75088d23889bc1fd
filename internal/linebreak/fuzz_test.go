package linebreak

import (
	"reflect"
	"testing"

	"github.com/galley-press/galley/internal/units"
)

// decodeFuzz turns bytes into a paragraph, line widths and parameters. The
// items include zero and negative widths, negative and Fil stretch, forced
// and forbidden penalties, and flagged forced penalties.
func decodeFuzz(data []byte) ([]Item, []units.Length, Params) {
	p := DefaultParams()
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return b
	}
	b := next()
	p.Pretolerance = []int{100, -1, 0, 1000}[b%4]
	p.Tolerance = []int{200, 100, Infinity, 0}[b/4%4]
	p.Looseness = int(next()%5) - 2
	p.MaxHyphenRun = int(next() % 4)
	p.EmergencyStretch = units.Pt(float64(next() % 4))
	widths := make([]units.Length, 1+next()%3)
	for i := range widths {
		widths[i] = units.Pt(float64(next() % 24))
	}
	var items []Item
	for len(data) >= 3 && len(items) < 400 {
		k, x, y := next(), next(), next()
		switch k % 3 {
		case 0:
			items = append(items, NewBox(units.Pt(float64(x%10))))
		case 1:
			w := units.Pt(float64(x % 4))
			if x&0x80 != 0 {
				w = -w
			}
			stretch := []units.Length{0, units.Pt(0.5), units.Pt(1), Fil, -units.Pt(0.5)}[y%5]
			shrink := units.Pt(float64(y/5%4) / 4)
			items = append(items, NewGlue(w, stretch, shrink))
		case 2:
			pen := []int{-20000, -Infinity, -100, 0, 50, 9999, Infinity, 20000}[x%8]
			items = append(items, NewPenalty(units.Pt(float64(y>>1%3)), pen, y&1 != 0))
		}
	}
	return items, widths, p
}

func FuzzBreak(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 2, 2, 0, 0, 10, 0, 3, 0, 1, 1, 0, 0, 4, 0, 1, 1, 0, 2, 4, 1, 0, 2, 0, 2, 1, 0, 2, 3, 0})
	f.Add([]byte{5, 3, 1, 2, 2, 3, 7, 0, 9, 0, 1, 0, 3, 2, 1, 3, 0, 1, 1, 0, 0, 1, 2, 1, 1, 1, 0, 2, 0, 0})
	f.Add([]byte{1, 0, 0, 0, 1, 4, 8, 0, 1, 0, 2, 4, 1, 0, 2, 1, 0, 9, 0, 2, 7, 6, 0, 3, 0, 1, 2, 3, 2, 0})
	for _, text := range []string{"aa-bb-cc-dd-ee-ff", "aa bb # cc | dd ee-ff gg", "aaaaaaaaaa b c dd"} {
		// Encode a built paragraph in the fuzz format (widths 5pt).
		data := []byte{0, 2, 2, 1, 0, 5}
		for _, it := range build(text, false).items {
			switch it.Kind {
			case Box:
				data = append(data, 0, byte(it.Width/units.One), 0)
			case Glue:
				data = append(data, 1, 1, 1)
			case Penalty:
				x := map[int]byte{-Infinity: 1, 50: 4, Infinity: 6}[it.Penalty]
				data = append(data, 2, x, byte(it.Width/units.One)<<1)
			}
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		items, widths, p := decodeFuzz(data)
		res, err := Break(items, widths, p)
		if err != nil {
			t.Fatalf("Break(%v, %v, %+v) error: %v", items, widths, p, err)
		}
		if msg := checkShape(items, p, res); msg != "" {
			t.Fatalf("Break(%v, %v, %+v) = %+v: %s", items, widths, p, res, msg)
		}
		var sum int64
		for _, ln := range res.Lines {
			sum += ln.Demerits
			thr := Infinity
			switch res.Pass {
			case 1:
				thr = p.Pretolerance
			case 2:
				thr = p.Tolerance
			}
			if ln.Badness > thr {
				t.Fatalf("Break(%v, %v, %+v) = %+v: line badness %d > %d", items, widths, p, res, ln.Badness, thr)
			}
		}
		if sum != res.Demerits {
			t.Fatalf("Break(%v, %v, %+v) = %+v: line demerits add up to %d", items, widths, p, res, sum)
		}
		var extra units.Length
		if res.Pass >= 3 {
			extra = p.EmergencyStretch
		}
		if got := totalDemerits(items, widths, p, res.Lines, extra); got != res.Demerits {
			t.Fatalf("Break(%v, %v, %+v) = %+v: demerits recomputed as %d", items, widths, p, res, got)
		}
		// Compare with an independent search for the optimum of the
		// first successful pass.
		if p.Looseness == 0 && len(items) > 0 {
			want, wantPass := int64(0), 4
			for _, pass := range []struct {
				n, threshold int
				extra        units.Length
				skip         bool
			}{
				{1, p.Pretolerance, 0, p.Pretolerance < 0},
				{2, p.Tolerance, 0, false},
				{3, p.Tolerance, p.EmergencyStretch, p.EmergencyStretch <= 0},
			} {
				if pass.skip {
					continue
				}
				if d, ok := bestDemerits(items, widths, p, pass.n, min(pass.threshold, Infinity), pass.extra); ok {
					want, wantPass = d, pass.n
					break
				}
			}
			if res.Pass != wantPass || wantPass < 4 && res.Demerits != want {
				t.Fatalf("Break(%v, %v, %+v) = pass %d demerits %d, want pass %d demerits %d", items, widths, p, res.Pass, res.Demerits, wantPass, want)
			}
		}
		again, _ := Break(items, widths, p)
		if !reflect.DeepEqual(res, again) {
			t.Fatalf("Break(%v, %v, %+v) = %+v, then %+v", items, widths, p, res, again)
		}
		ff := FirstFit(items, widths, p)
		if msg := checkShape(items, p, ff); msg != "" {
			t.Fatalf("FirstFit(%v, %v, %+v) = %+v: %s", items, widths, p, ff, msg)
		}
	})
}

// FuzzBreakMicrotype breaks fuzzed paragraphs with margin kerning and font
// expansion: Break must succeed, give well-formed lines, keep every line's
// expansion within its limits and in whole steps, and set no line that is
// not Overfull wider than its width.
func FuzzBreakMicrotype(f *testing.F) {
	f.Add([]byte{0, 2, 2, 0, 0, 10, 0, 3, 0, 1, 1, 0, 0, 4, 0, 1, 1, 0, 2, 4, 1, 0, 2, 0, 2, 1, 0, 2, 3, 0}, uint8(20), uint8(5))
	f.Add([]byte{5, 3, 1, 2, 2, 3, 7, 0, 9, 0, 1, 0, 3, 2, 1, 3, 0, 1, 1, 0, 0, 1, 2, 1, 1, 1, 0, 2, 0, 0}, uint8(7), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, limit, step uint8) {
		items, widths, p := decodeFuzz(data)
		p.ExpandStretch, p.ExpandShrink = int(limit%40), int(limit/40)
		p.ExpandStep, p.ExpandJump = int(step%8), int(step/8%16)
		for i := range items {
			if items[i].Kind != Glue {
				items[i].Left = units.Pt(float64(i%3) / 2)
				items[i].Right = units.Pt(float64(i%4) / 2)
			}
		}
		res, err := Break(items, widths, p)
		if err != nil {
			t.Fatalf("Break: %v", err)
		}
		if msg := checkShape(items, p, res); msg != "" {
			t.Fatalf("Break(%v, %v, %+v) = %+v: %s", items, widths, p, res, msg)
		}
		st := max(p.ExpandStep, 1)
		for i, ln := range res.Lines {
			if ln.Expand > p.ExpandStretch || ln.Expand < -p.ExpandShrink || ln.Expand%st != 0 {
				t.Fatalf("line %d: expansion %d outside -%d..%d or not in steps of %d", i, ln.Expand, p.ExpandShrink, p.ExpandStretch, st)
			}
			if w, want := setWidth(items, ln), widthOf(widths, i).Points(); ln.Overfull == 0 && w > want+0.01 {
				t.Fatalf("Break(%v, %v, %+v): line %d (%+v) set %.3f wide, more than its %.3f", items, widths, p, i, ln, w, want)
			}
		}
	})
}
