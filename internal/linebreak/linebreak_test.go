package linebreak

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/units"
)

func TestBadness(t *testing.T) {
	for _, tc := range []struct{ t, s int64 }{
		{0, 0}, {0, 5}, {1, 0}, {5, 10}, {1, 1}, {3, 2}, {17, 10}, {21, 10}, {216, 100},
		{46, 10}, {47, 10}, {5, 1}, {1 << 40, 1 << 41}, {1 << 30, 1 << 62}, {1 << 62, 3}, {99, 100},
		{int64(units.Pt(4)), int64(units.Pt(0.5))}, {int64(units.Pt(100)), int64(Fil)},
	} {
		got := badness(tc.t, tc.s)
		want := refBadness(tc.t, tc.s)
		if math.Abs(float64(got)-want) > 0.5000001 && !(want >= Infinity && got == Infinity) {
			t.Errorf("badness(%d, %d) = %d, want %.2f", tc.t, tc.s, got, want)
		}
	}
	// Badness is monotone in t.
	prev := 0
	for tt := int64(0); tt <= 5000; tt++ {
		b := badness(tt, 1000)
		if b < prev {
			t.Fatalf("badness(%d, 1000) = %d < badness(%d, 1000) = %d", tt, b, tt-1, prev)
		}
		prev = b
	}
}

// TestKnownBreaks checks small paragraphs whose best breaks are worked out
// by hand in the comments.
func TestKnownBreaks(t *testing.T) {
	def := DefaultParams()
	for _, tc := range []struct {
		name   string
		text   string
		raw    bool // do not append the paragraph ending
		widths []units.Length
		params func(*Params)
		want   string
		pass   int
	}{
		// "aa bb" fills 5pt exactly; "aa" alone has no glue to stretch, and
		// "aa bb cc" is 8pt, more than 5pt plus 2/3pt of shrink.
		{name: "exact", text: "aa bb cc dd", widths: pts(5), want: "aa bb/cc dd", pass: 1},
		{name: "one per line", text: "a b c d e f", widths: pts(3), want: "a b/c d/e f", pass: 1},
		// The short last line is filled by the Fil glue.
		{name: "single line", text: "aa bb", widths: pts(50), want: "aa bb", pass: 1},
		// "aaa bb cc" is 9pt of 10 with two glues: r = 1, badness 100, just
		// within the pretolerance. "aaa bb" (r = 8) is infinitely bad and
		// "aaa bb cc ddd" (13pt) overfull; "ddd eeeeee" is exact.
		{name: "loose first line", text: "aaa bb cc ddd eeeeee", widths: pts(10), want: "aaa bb cc/ddd eeeeee", pass: 1},
		// Without hyphenation "aaaa" alone cannot stretch and "aaaa bbcc"
		// (9pt) is overfull at 8pt, so pass 1 fails. Pass 2 breaks at the
		// hyphen: "aaaa bb-" is exactly 8pt.
		{name: "hyphen", text: "aaaa bb-cc", widths: pts(8), want: "aaaa bb-/cc", pass: 2},
		// With pretolerance < 0 the first pass is skipped.
		{name: "no pass 1", text: "aa bb cc dd", widths: pts(5), params: func(p *Params) { p.Pretolerance = -1 }, want: "aa bb/cc dd", pass: 2},
		// Line 0 is 3pt wide ("aaa" exactly), later lines 5pt ("bb cc").
		{name: "varying widths", text: "aaa bb cc dd", widths: pts(3, 5), want: "aaa/bb cc/dd", pass: 1},
		// A forced break with fill before it ends the line early.
		{name: "forced with fill", text: "aa bb | cc dd ee ff", widths: pts(20), want: "aa bb/cc dd ee ff", pass: 1},
		{name: "two forced", text: "aa | bb | cc", widths: pts(20), want: "aa/bb/cc", pass: 1},
		// Without fill, the line before the forced break is underfull
		// (badness Infinity), which only the last resort accepts.
		{name: "forced without fill", text: "aa bb # cc dd", widths: pts(20), want: "aa bb/cc dd", pass: 4},
		// "aa bb" is 5pt, 2pt short of 7pt with 0.5pt stretch: r = 4,
		// badness 6400. "aa bb cc" is overfull. With 2pt of emergency
		// stretch r = 0.8 and badness 51, so pass 3 succeeds.
		{name: "emergency", text: "aa bb cc", widths: pts(7), params: func(p *Params) { p.EmergencyStretch = units.Pt(2) }, want: "aa bb/cc", pass: 3},
		{name: "no emergency", text: "aa bb cc", widths: pts(7), want: "aa bb/cc", pass: 4},
		// A box wider than the line: the last resort puts it on a line of
		// its own, overfull.
		{name: "overfull", text: "aaaaaaaaaa bb", widths: pts(5), want: "aaaaaaaaaa/bb", pass: 4},
		{name: "overfull middle", text: "aa bbbbbbbbbb cc", widths: pts(5), want: "aa/bbbbbbbbbb/cc", pass: 4},
		// An input without the conventional ending: the end is a forced
		// break, and "aa bb" must fill 5pt on its own.
		{name: "raw end", text: "aa bb cc dd", raw: true, widths: pts(5), want: "aa bb/cc dd", pass: 1},
		{name: "raw one word", text: "aa", raw: true, widths: pts(2), want: "aa", pass: 1},
		{name: "raw forced", text: "aa bb #", raw: true, widths: pts(5), want: "aa bb", pass: 1},
		{name: "zero width", text: "aa", widths: pts(0), want: "aa", pass: 4},
	} {
		p := def
		if tc.params != nil {
			tc.params(&p)
		}
		pa := build(tc.text, tc.raw)
		res, err := Break(pa.items, tc.widths, p)
		if err != nil {
			t.Errorf("Break(%s) error: %v", tc.name, err)
			continue
		}
		if got := pa.render(res.Lines); got != tc.want {
			t.Errorf("Break(%s) = %q, want %q", tc.name, got, tc.want)
		}
		if res.Pass != tc.pass {
			t.Errorf("Break(%s) pass = %d, want %d", tc.name, res.Pass, tc.pass)
		}
		if msg := checkShape(pa.items, p, res); msg != "" {
			t.Errorf("Break(%s): %s", tc.name, msg)
		}
	}
}

func TestOverfullDetails(t *testing.T) {
	pa := build("aaaaaaaaaa bb", false)
	res, err := Break(pa.items, pts(5), DefaultParams())
	if err != nil {
		t.Fatalf("Break(overfull) error: %v", err)
	}
	if len(res.Lines) != 2 {
		t.Fatalf("Break(overfull) = %d lines, want 2", len(res.Lines))
	}
	if got, want := res.Lines[0].Overfull, units.Pt(5); got != want {
		t.Errorf("Break(overfull) line 0 Overfull = %v, want %v", got, want)
	}
	if got := res.Lines[1].Overfull; got != 0 {
		t.Errorf("Break(overfull) line 1 Overfull = %v, want 0", got)
	}
	// Two words that each fill a line exactly: no last resort needed.
	pa = build("aaaaa bbbbb", false)
	res, _ = Break(pa.items, pts(5), DefaultParams())
	if got := pa.render(res.Lines); got != "aaaaa/bbbbb" || res.Pass != 1 {
		t.Errorf("Break(two words) = %q pass %d, want %q pass 1", got, res.Pass, "aaaaa/bbbbb")
	}
	// A tie (glue after an infinite penalty) keeps "aaaa bbbb" together:
	// 9pt at 6pt with 1/3pt of shrink is overfull by 8/3pt.
	items := Finish([]Item{NewBox(units.Pt(4)), NewPenalty(0, Infinity, false), NewGlue(space, stretchy, shrinky), NewBox(units.Pt(4))})
	res, err = Break(items, pts(6), DefaultParams())
	if err != nil || len(res.Lines) != 1 || res.Pass != 4 {
		t.Fatalf("Break(tie) = %v, %v, want one line in pass 4", res, err)
	}
	if got, want := res.Lines[0].Overfull, units.Pt(3)-shrinky; got != want || res.Lines[0].Ratio != -1 {
		t.Errorf("Break(tie) = overfull %v ratio %v, want %v and -1", got, res.Lines[0].Ratio, want)
	}
}

func TestErrors(t *testing.T) {
	items := build("aa bb", false).items
	if _, err := Break(items, nil, DefaultParams()); !errors.Is(err, ErrNoWidths) || err.Error() != "linebreak: no line widths" {
		t.Errorf("Break(no widths) error = %v, want %v", err, ErrNoWidths)
	}
	if _, err := Break(items, pts(10, -1), DefaultParams()); err == nil {
		t.Errorf("Break(negative width) error = nil, want an error")
	}
	bad := append([]Item{{Kind: 7}}, items...)
	if _, err := Break(bad, pts(10), DefaultParams()); err == nil {
		t.Errorf("Break(unknown kind) error = nil, want an error")
	}
	for _, widths := range [][]units.Length{nil, pts(10)} {
		res, err := Break(nil, widths, DefaultParams())
		if err != nil || len(res.Lines) != 0 {
			t.Errorf("Break(empty) = %v, %v, want no lines and no error", res, err)
		}
	}
	if res := FirstFit(items, nil, DefaultParams()); len(res.Lines) != 0 {
		t.Errorf("FirstFit(no widths) = %v, want no lines", res)
	}
}

// TestTotalFitBeatsFirstFit shows the point of total fit on a case worked
// out by hand. Width 10pt, "aa bb c d e ff gggg h i".
//
// First fit fills the first line as far as shrinking allows:
//
//	"aa bb c d e" 11pt, 4 glues, shrink 4/3pt: r = -0.75, badness 42, tight: (10+42)² = 2704
//	"ff gggg h"    9pt, 2 glues, stretch 1pt:  r = 1, badness 100, very loose:
//	               (10+100)² + 10000 (tight next to very loose) = 22100
//	"i"            last line, decent: 10² + 10000 (very loose next to decent) = 10100
//
// for 34904 demerits. Total fit stretches the first line instead:
//
//	"aa bb c d"    9pt, 3 glues, stretch 1.5pt: r = 2/3, badness 30, loose: 40² = 1600
//	"e ff gggg"    9pt, r = 1, badness 100, very loose: 110² = 12100
//	"h i"          last line: 100 + 10000 = 10100
//
// for 23800.
func TestTotalFitBeatsFirstFit(t *testing.T) {
	p := DefaultParams()
	pa := build("aa bb c d e ff gggg h i", false)
	for _, tc := range []struct {
		name string
		res  Result
		want string
	}{
		{"FirstFit", FirstFit(pa.items, pts(10), p), "aa bb c d e/ff gggg h/i 34904"},
		{"Break", must(Break(pa.items, pts(10), p)), "aa bb c d/e ff gggg/h i 23800"},
	} {
		if got := fmt.Sprintf("%s %d", pa.render(tc.res.Lines), tc.res.Demerits); got != tc.want {
			t.Errorf("%s(total fit) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func must(res Result, err error) Result {
	if err != nil {
		panic(err)
	}
	return res
}

// randomPara returns a random small paragraph of words of up to maxLen
// letters, some hyphenated, some forced breaks.
func randomPara(r *rand.Rand, words, maxLen int, hyph, forced bool) para {
	var sb strings.Builder
	for i := range words {
		if i > 0 {
			sb.WriteString(" ")
			if forced && r.IntN(12) == 0 {
				if r.IntN(2) == 0 {
					sb.WriteString("| ")
				} else {
					sb.WriteString("# ")
				}
			}
		}
		n := 1 + r.IntN(maxLen)
		for j := range n {
			if hyph && j > 0 && r.IntN(3) == 0 {
				sb.WriteString("-")
			}
			sb.WriteByte(byte('a' + i%26))
		}
	}
	return build(sb.String(), false)
}

// bruteForce enumerates every sequence of lines acceptable in one pass
// (badness at most threshold, extra stretch added, hyphen runs limited) and
// returns the least total demerits for each number of lines.
func bruteForce(items []Item, widths []units.Length, p Params, pass, threshold int, extra units.Length) map[int]int64 {
	best := map[int]int64{}
	final := finalBreak(items)
	var walk func(start, line, prevFit, run int, total int64)
	walk = func(start, line, prevFit, run int, total int64) {
		for b := start; b <= final; b++ {
			if !isLegal(items, b, pass) {
				continue
			}
			short, y, z := lineStats(items, start, b, widthOf(widths, line))
			j := judge(short, y+int64(extra), z)
			if j.overfull {
				return
			}
			forced := isForced(items, b)
			flagged := isFlagged(items, b)
			nrun := 0
			if flagged {
				nrun = run + 1
			}
			if j.bad <= threshold && (forced || p.MaxHyphenRun <= 0 || nrun <= p.MaxHyphenRun) {
				d := total + refDemerits(items, p, b, j.bad, j.fit, prevFit, run > 0)
				if b == final {
					if old, ok := best[line+1]; !ok || d < old {
						best[line+1] = d
					}
				} else {
					walk(afterBreak(items, b), line+1, j.fit, nrun, d)
				}
			}
			if forced {
				return
			}
		}
	}
	walk(0, 0, 2, 0, 0)
	return best
}

func minOf(m map[int]int64) (lines int, d int64, unique bool) {
	first := true
	for l, v := range m {
		switch {
		case first || v < d:
			lines, d, unique, first = l, v, true, false
		case v == d:
			unique = false
		}
	}
	return lines, d, unique
}

// TestBruteForce compares Break with an exhaustive search on many small
// random paragraphs.
func TestBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	counts := map[int]int{}
	for iter := range 3000 {
		pa := randomPara(r, 2+r.IntN(9), 5, r.IntN(3) > 0, r.IntN(4) == 0)
		widths := pts(float64(4 + r.IntN(12)))
		if r.IntN(3) == 0 {
			widths = append(widths, units.Pt(float64(4+r.IntN(12))))
		}
		p := DefaultParams()
		p.Pretolerance = []int{-1, 0, 50, 100, 400}[r.IntN(5)]
		p.Tolerance = []int{100, 200, 1000, Infinity}[r.IntN(4)]
		p.MaxHyphenRun = r.IntN(3)
		if r.IntN(3) == 0 {
			p.DoubleHyphenDemerits = 0
			p.AdjDemerits = r.IntN(3) * 3000
		}
		name := fmt.Sprintf("#%d %q %v %+v", iter, pa.render([]Line{{Start: 0, End: len(pa.items)}}), widths, p)
		res, err := Break(pa.items, widths, p)
		if err != nil {
			t.Fatalf("Break(%s) error: %v", name, err)
		}
		counts[res.Pass]++
		if msg := checkShape(pa.items, p, res); msg != "" {
			t.Errorf("Break(%s) = %q: %s", name, pa.render(res.Lines), msg)
			continue
		}
		var want map[int]int64
		wantPass := 4
		if p.Pretolerance >= 0 {
			if want = bruteForce(pa.items, widths, p, 1, p.Pretolerance, 0); len(want) > 0 {
				wantPass = 1
			}
		}
		if wantPass == 4 {
			if want = bruteForce(pa.items, widths, p, 2, p.Tolerance, 0); len(want) > 0 {
				wantPass = 2
			}
		}
		if res.Pass != wantPass {
			t.Errorf("Break(%s) pass = %d, want %d", name, res.Pass, wantPass)
			continue
		}
		if got := totalDemerits(pa.items, widths, p, res.Lines, 0); got != res.Demerits {
			t.Errorf("Break(%s) = %q with demerits %d, recomputed %d", name, pa.render(res.Lines), res.Demerits, got)
		}
		if wantPass == 4 {
			continue
		}
		if _, d, _ := minOf(want); res.Demerits != d {
			t.Errorf("Break(%s) = %q with demerits %d, want %d", name, pa.render(res.Lines), res.Demerits, d)
		}
		for _, ln := range res.Lines {
			thr := p.Tolerance
			if res.Pass == 1 {
				thr = p.Pretolerance
			}
			if ln.Badness > thr {
				t.Errorf("Break(%s) line %v badness > %d", name, ln, thr)
			}
		}
	}
	t.Logf("results per pass: %v", counts)
	for pass := 1; pass <= 4; pass += 1 {
		if pass != 3 && counts[pass] == 0 {
			t.Errorf("no test paragraph was broken in pass %d", pass)
		}
	}
}

// TestLooseness compares Break with looseness ±1, ±2 with an exhaustive
// search for the best paragraph of each length, among the random paragraphs
// whose optimum has a unique length.
func TestLooseness(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	checked := map[int]int{}
	for iter := range 2000 {
		pa := randomPara(r, 4+r.IntN(8), 4, r.IntN(2) == 0, false)
		widths := pts(float64(5 + r.IntN(10)))
		p := DefaultParams()
		p.Pretolerance = -1
		p.Tolerance = []int{200, 1000, Infinity}[r.IntN(3)]
		p.Looseness = []int{-2, -1, 1, 2}[r.IntN(4)]
		name := fmt.Sprintf("#%d %q %v %+v", iter, pa.render([]Line{{Start: 0, End: len(pa.items)}}), widths, p)
		res, err := Break(pa.items, widths, p)
		if err != nil {
			t.Fatalf("Break(%s) error: %v", name, err)
		}
		if msg := checkShape(pa.items, p, res); msg != "" {
			t.Errorf("Break(%s) = %q: %s", name, pa.render(res.Lines), msg)
			continue
		}
		all := bruteForce(pa.items, widths, p, 2, p.Tolerance, 0)
		if len(all) == 0 {
			if res.Pass != 4 {
				t.Errorf("Break(%s) pass = %d, want 4", name, res.Pass)
			}
			continue
		}
		bestLines, _, unique := minOf(all)
		if !unique {
			continue
		}
		wantLines, wantD := bestLines, all[bestLines]
		for l, d := range all {
			diff := l - bestLines
			if diff*p.Looseness < 0 || abs(diff) > abs(p.Looseness) {
				continue
			}
			wd := wantLines - bestLines
			if abs(diff) > abs(wd) || diff == wd && d < wantD {
				wantLines, wantD = l, d
			}
		}
		got := fmt.Sprintf("%d lines, demerits %d", len(res.Lines), res.Demerits)
		want := fmt.Sprintf("%d lines, demerits %d", wantLines, wantD)
		if got != want {
			t.Errorf("Break(%s) = %v, want %v", name, got, want)
		}
		checked[wantLines-bestLines]++
	}
	t.Logf("achieved looseness counts: %v", checked)
	for _, l := range []int{-1, 1} {
		if checked[l] == 0 {
			t.Errorf("no test paragraph achieved looseness %d", l)
		}
	}
}

// TestLoosenessByHand checks one paragraph made longer and shorter.
func TestLoosenessByHand(t *testing.T) {
	// At 11pt with tolerance Infinity, "aa bb cc dd ee ff gg hh ii jj":
	//   3 lines (best): "aa bb cc dd" (11pt, r = 0) / "ee ff gg hh" / "ii jj".
	//   4 lines: nine words before the last line, at most four to a line;
	//            a line of two words (5pt, one glue) is infinitely bad, so
	//            the best is three words a line (8pt, r = 3, badness 2700).
	//   2 lines would need nine words (26pt) on one line: impossible.
	pa := build("aa bb cc dd ee ff gg hh ii jj", false)
	p := DefaultParams()
	p.Tolerance = Infinity
	for _, tc := range []struct {
		looseness int
		want      string
	}{
		{0, "aa bb cc dd/ee ff gg hh/ii jj"},
		{-1, "aa bb cc dd/ee ff gg hh/ii jj"},
		{1, "aa bb cc/dd ee ff/gg hh ii/jj"},
	} {
		p.Looseness = tc.looseness
		res, err := Break(pa.items, pts(11), p)
		if err != nil {
			t.Fatal(err)
		}
		if got := pa.render(res.Lines); got != tc.want {
			t.Errorf("Break(looseness %d) = %q, want %q", tc.looseness, got, tc.want)
		}
	}
}

// TestRatios checks on larger random paragraphs that lines in passes 1 to 3
// stay within the tolerance, and that the reported demerits add up.
func TestRatios(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for iter := range 300 {
		pa := randomPara(r, 20+r.IntN(100), 9, true, r.IntN(3) == 0)
		widths := pts(float64(20 + r.IntN(60)))
		p := DefaultParams()
		if r.IntN(2) == 0 {
			p.EmergencyStretch = units.Pt(float64(r.IntN(6)))
		}
		name := fmt.Sprintf("#%d width %v", iter, widths)
		res, err := Break(pa.items, widths, p)
		if err != nil {
			t.Fatalf("Break(%s) error: %v", name, err)
		}
		if msg := checkShape(pa.items, p, res); msg != "" {
			t.Errorf("Break(%s) = %q: %s", name, pa.render(res.Lines), msg)
			continue
		}
		var extra units.Length
		if res.Pass >= 3 {
			extra = p.EmergencyStretch
		}
		if got := totalDemerits(pa.items, widths, p, res.Lines, extra); got != res.Demerits {
			t.Errorf("Break(%s) demerits = %d, want %d", name, res.Demerits, got)
		}
		var sum int64
		for _, ln := range res.Lines {
			sum += ln.Demerits
		}
		if sum != res.Demerits {
			t.Errorf("Break(%s) line demerits add up to %d, want %d", name, sum, res.Demerits)
		}
		if res.Pass == 4 {
			continue
		}
		thr := p.Tolerance
		if res.Pass == 1 {
			thr = p.Pretolerance
		}
		bound := math.Cbrt(float64(thr+1) / 100)
		for i, ln := range res.Lines {
			short, y, z := lineStats(pa.items, ln.Start, ln.Break, widthOf(widths, i))
			ratio := ln.Ratio
			if res.Pass == 3 {
				if short > 0 {
					ratio = float64(short) / float64(y+int64(extra))
				}
			} else if ln.Badness > thr {
				t.Errorf("Break(%s) line %d badness %d > %d", name, i, ln.Badness, thr)
			}
			if ratio < -1 || ratio > bound {
				t.Errorf("Break(%s) line %d ratio %v, want within [-1, %.3f]", name, i, ratio, bound)
			}
			// The ratio sets the line to its width exactly.
			set := float64(-short)
			if ratio > 0 {
				set = float64(-short) + ln.Ratio*float64(y)
			} else if ratio < 0 {
				set = float64(-short) + ln.Ratio*float64(z)
			}
			if y > 0 && math.Abs(set) > 1 && y < int64(Fil) {
				t.Errorf("Break(%s) line %d set %v sp off its width", name, i, set)
			}
		}
	}
}

// TestBreakVersusFirstFit checks that Break never costs more demerits than
// first fit when first fit's lines are acceptable to Break.
func TestBreakVersusFirstFit(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	better := 0
	for iter := range 500 {
		pa := randomPara(r, 10+r.IntN(60), 8, r.IntN(2) == 0, r.IntN(4) == 0)
		widths := pts(float64(12 + r.IntN(40)))
		p := DefaultParams()
		if r.IntN(2) == 0 {
			// Every line that is not overfull is feasible.
			p.Pretolerance = -1
			p.Tolerance = Infinity
		}
		name := fmt.Sprintf("#%d width %v tolerance %d", iter, widths, p.Tolerance)
		res, err := Break(pa.items, widths, p)
		if err != nil {
			t.Fatalf("Break(%s) error: %v", name, err)
		}
		ff := FirstFit(pa.items, widths, p)
		if msg := checkShape(pa.items, p, ff); msg != "" {
			t.Errorf("FirstFit(%s) = %q: %s", name, pa.render(ff.Lines), msg)
			continue
		}
		if got := totalDemerits(pa.items, widths, p, ff.Lines, 0); got != ff.Demerits {
			t.Errorf("FirstFit(%s) demerits = %d, want %d", name, ff.Demerits, got)
		}
		// First fit's lines are acceptable to the pass Break used if
		// none is overfull or worse than its tolerance.
		ok := res.Pass == 2
		for _, ln := range ff.Lines {
			if ln.Overfull > 0 || ln.Badness > p.Tolerance {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if res.Demerits > ff.Demerits {
			t.Errorf("Break(%s) = %d demerits, want <= %d (first fit)", name, res.Demerits, ff.Demerits)
		}
		if res.Demerits < ff.Demerits {
			better++
		}
	}
	if better == 0 {
		t.Errorf("Break never beat first fit")
	}
	t.Logf("Break beat first fit %d times", better)
}

// TestHyphenRun checks MaxHyphenRun, which must matter for some paragraphs.
func TestHyphenRun(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	longest := func(lines []Line) int {
		run, most := 0, 0
		for _, ln := range lines {
			if ln.Hyphenated {
				run++
				most = max(most, run)
			} else {
				run = 0
			}
		}
		return most
	}
	limited := 0
	for iter := range 400 {
		pa := randomPara(r, 20+r.IntN(40), 9, true, false)
		widths := pts(float64(10 + r.IntN(20)))
		p := DefaultParams()
		p.DoubleHyphenDemerits = 0
		p.MaxHyphenRun = 0
		free, err := Break(pa.items, widths, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, max := range []int{1, 2} {
			p.MaxHyphenRun = max
			res, err := Break(pa.items, widths, p)
			if err != nil {
				t.Fatal(err)
			}
			if got := longest(res.Lines); got > max {
				t.Errorf("Break(#%d, MaxHyphenRun %d) has %d hyphenated lines in a row: %q", iter, max, got, pa.render(res.Lines))
			}
			if res.Pass == free.Pass && res.Demerits < free.Demerits {
				t.Errorf("Break(#%d, MaxHyphenRun %d) = %d demerits, less than without limit (%d)", iter, max, res.Demerits, free.Demerits)
			}
			if longest(free.Lines) > max {
				limited++
			}
		}
	}
	if limited == 0 {
		t.Errorf("the hyphen run limit never mattered")
	}
	// By hand: at 3pt, "aa-bb-cc-dd-ee-ff" fits only as "aa-", "bb-", ...
	// (3pt each, no glue). Without a limit that is the pass 2 result. With
	// at most two hyphens in a row no feasible breaking exists; the last
	// resort keeps "aa-" and "bb-" and, as a third hyphen may not follow,
	// sets the rest on one line, 5pt too wide.
	pa := build("aa-bb-cc-dd-ee-ff", false)
	p := DefaultParams()
	for _, tc := range []struct {
		max  int
		want string
	}{
		{0, "aa-/bb-/cc-/dd-/ee-/ff pass 2 overfull 0pt"},
		{2, "aa-/bb-/ccddeeff pass 4 overfull 5pt"},
	} {
		p.MaxHyphenRun = tc.max
		res, err := Break(pa.items, pts(3), p)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("%s pass %d overfull %v", pa.render(res.Lines), res.Pass, res.Lines[len(res.Lines)-1].Overfull)
		if got != tc.want {
			t.Errorf("Break(hyphens, MaxHyphenRun %d) = %q, want %q", tc.max, got, tc.want)
		}
		if msg := checkShape(pa.items, p, res); msg != "" {
			t.Errorf("Break(hyphens, MaxHyphenRun %d): %s", tc.max, msg)
		}
	}
}

// TestDeterministic breaks the same paragraph repeatedly, also
// interleaved with others so that the reused working storage is exercised.
func TestDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	paras := make([]para, 20)
	for i := range paras {
		paras[i] = randomPara(r, 10+r.IntN(200), 9, true, true)
	}
	first := make([]string, len(paras))
	for round := range 3 {
		for i, pa := range paras {
			res, err := Break(pa.items, pts(30), DefaultParams())
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(res)
			if round == 0 {
				first[i] = got
			} else if got != first[i] {
				t.Errorf("Break(#%d) = %v, want %v", i, got, first[i])
			}
		}
	}
}
