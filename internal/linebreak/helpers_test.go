package linebreak

import (
	"fmt"
	"math"
	"strings"

	"github.com/galley-press/galley/internal/units"
)

// A monospace test font: every letter and the hyphen are 1pt wide, and the
// interword glue is 1pt plus 0.5pt minus 1/3pt.
var (
	letter   = units.Pt(1)
	hyphen   = units.Pt(1)
	space    = units.Pt(1)
	stretchy = units.Pt(0.5)
	shrinky  = units.Pt(1) / 3
)

// A para is a paragraph of test items with the text of each box.
type para struct {
	items []Item
	text  []string // text[i] is the text of items[i] when it is a box
}

func (p *para) add(it Item, s string) {
	p.items = append(p.items, it)
	p.text = append(p.text, s)
}

// build makes a paragraph from text: words separated by spaces, with "-"
// marking hyphenation points (flagged penalties of hyphen width, penalty 50)
// and "|" a forced break preceded by fill glue ("\hfil\break"), "#" a forced
// break without fill. The paragraph is finished with Finish unless raw.
func build(text string, raw bool) para {
	var p para
	prevWord := false
	for _, w := range strings.Fields(text) {
		isWord := w != "|" && w != "#"
		if prevWord && isWord {
			p.add(NewGlue(space, stretchy, shrinky), "")
		}
		prevWord = isWord
		switch w {
		case "|":
			p.add(NewPenalty(0, Infinity, false), "")
			p.add(NewGlue(0, Fil, 0), "")
			p.add(NewPenalty(0, -Infinity, false), "")
			continue
		case "#":
			p.add(NewPenalty(0, -Infinity, false), "")
			continue
		}
		for j, frag := range strings.Split(w, "-") {
			if j > 0 {
				p.add(NewPenalty(hyphen, 50, true), "")
			}
			p.add(NewBox(letter*units.Length(len(frag))), frag)
		}
	}
	if !raw {
		p.items = Finish(p.items)
		for len(p.text) < len(p.items) {
			p.text = append(p.text, "")
		}
	}
	return p
}

// render shows lines as text, "/" between lines and "-" at a hyphen.
func (p *para) render(lines []Line) string {
	var sb strings.Builder
	for i, ln := range lines {
		if i > 0 {
			sb.WriteString("/")
		}
		for j := ln.Start; j < ln.End; j++ {
			switch p.items[j].Kind {
			case Box:
				sb.WriteString(p.text[j])
			case Glue:
				if p.items[j].Stretch < Fil {
					sb.WriteString(" ")
				}
			}
		}
		if ln.Hyphenated {
			sb.WriteString("-")
		}
	}
	return sb.String()
}

func pts(ws ...float64) []units.Length {
	out := make([]units.Length, len(ws))
	for i, w := range ws {
		out[i] = units.Pt(w)
	}
	return out
}

// The functions below restate the rules of the package independently, so
// that tests can check its results against them.

func isForced(items []Item, b int) bool {
	return b >= len(items) || items[b].Kind == Penalty && items[b].Penalty <= -Infinity
}

func isFlagged(items []Item, b int) bool {
	return b < len(items) && items[b].Kind == Penalty && items[b].Flagged
}

// isLegal reports whether b is a breakpoint; pass 1 excludes flagged penalties.
func isLegal(items []Item, b int, pass int) bool {
	if b >= len(items) {
		return true
	}
	it := items[b]
	switch it.Kind {
	case Glue:
		return b > 0 && items[b-1].Kind == Box
	case Penalty:
		if it.Penalty <= -Infinity {
			return true
		}
		return it.Penalty < Infinity && (pass != 1 || !it.Flagged)
	}
	return false
}

// afterBreak returns the first item of the line after a break at b.
func afterBreak(items []Item, b int) int {
	i := b + 1
	for i < len(items) && (items[i].Kind == Glue || items[i].Kind == Penalty && items[i].Penalty > -Infinity) {
		i++
	}
	return min(i, len(items))
}

// finalBreak returns the index of the break that ends the paragraph.
func finalBreak(items []Item) int {
	for i := len(items) - 1; i >= 0; i-- {
		switch {
		case items[i].Kind == Box:
			return len(items)
		case isForced(items, i):
			return i
		}
	}
	return len(items)
}

// lineStats returns the shortfall, stretch and shrink of items[start:b] plus
// the penalty width at b, against width w.
func lineStats(items []Item, start, b int, w units.Length) (short, y, z int64) {
	var nat int64
	for i := start; i < b; i++ {
		switch items[i].Kind {
		case Box:
			nat += int64(items[i].Width)
		case Glue:
			nat += int64(items[i].Width)
			y += int64(items[i].Stretch)
			z += int64(items[i].Shrink)
		}
	}
	if b < len(items) && items[b].Kind == Penalty {
		nat += int64(items[b].Width)
	}
	return int64(w) - nat, y, z
}

func widthOf(widths []units.Length, line int) units.Length {
	return widths[min(line, len(widths)-1)]
}

// refBadness is 100|r|³ in floating point, capped at Infinity.
func refBadness(t, s int64) float64 {
	if t == 0 {
		return 0
	}
	if s <= 0 {
		return Infinity
	}
	r := float64(t) / float64(s)
	return math.Min(100*r*r*r, Infinity)
}

// judged is one line as judged by the reference rules.
type judged struct {
	bad      int
	fit      int
	overfull bool
}

func judge(short, y, z int64) judged {
	switch {
	case short > 0:
		b := badness(short, y)
		switch {
		case b > 99:
			return judged{b, 0, false}
		case b > 12:
			return judged{b, 1, false}
		}
		return judged{b, 2, false}
	case short < 0:
		if -short > z {
			return judged{Infinity, 3, true}
		}
		b := badness(-short, z)
		if b > 12 {
			return judged{b, 3, false}
		}
		return judged{b, 2, false}
	}
	return judged{0, 2, false}
}

// refDemerits returns the demerits of one line with badness bad and fitness
// fit ending at b, after a line of fitness prevFit that was hyphenated or not.
func refDemerits(items []Item, p Params, b, bad, fit, prevFit int, prevHyph bool) int64 {
	l := int64(p.LinePenalty + bad)
	d := l * l
	if b < len(items) && items[b].Kind == Penalty && items[b].Penalty > -Infinity {
		pen := int64(items[b].Penalty)
		if pen >= 0 {
			d += pen * pen
		} else {
			d -= pen * pen
		}
	}
	if prevHyph {
		if b == finalBreak(items) {
			d += int64(p.FinalHyphenDemerits)
		} else if isFlagged(items, b) {
			d += int64(p.DoubleHyphenDemerits)
		}
	}
	if fit-prevFit > 1 || prevFit-fit > 1 {
		d += int64(p.AdjDemerits)
	}
	return d
}

// totalDemerits recomputes the demerits of lines by the reference rules,
// with extra stretch on every line; overfull lines count as infinitely bad
// and tight.
func totalDemerits(items []Item, widths []units.Length, p Params, lines []Line, extra units.Length) int64 {
	var total int64
	prevFit, prevHyph := 2, false
	for i, ln := range lines {
		short, y, z := lineStats(items, ln.Start, ln.Break, widthOf(widths, i))
		j := judge(short, y+int64(extra), z)
		total += refDemerits(items, p, ln.Break, j.bad, j.fit, prevFit, prevHyph)
		prevFit, prevHyph = j.fit, isFlagged(items, ln.Break)
	}
	return total
}

// checkShape reports the first way in which lines fail to be a proper
// breaking of items in the given pass, or "".
func checkShape(items []Item, p Params, res Result) string {
	final := finalBreak(items)
	if len(items) == 0 {
		if len(res.Lines) != 0 {
			return "lines for an empty paragraph"
		}
		return ""
	}
	if len(res.Lines) == 0 {
		return "no lines"
	}
	start, run := 0, 0
	breaks := map[int]bool{}
	for i, ln := range res.Lines {
		if ln.Start != start {
			return fmt.Sprintf("line %d starts at %d, want %d", i, ln.Start, start)
		}
		if ln.End != ln.Break || ln.End < ln.Start || ln.End > len(items) {
			return fmt.Sprintf("line %d has bad range %d..%d break %d", i, ln.Start, ln.End, ln.Break)
		}
		pass := res.Pass
		if pass == 0 {
			pass = 2
		}
		if !isLegal(items, ln.Break, pass) {
			return fmt.Sprintf("line %d ends at illegal breakpoint %d", i, ln.Break)
		}
		if ln.Hyphenated != isFlagged(items, ln.Break) {
			return fmt.Sprintf("line %d: Hyphenated %v", i, ln.Hyphenated)
		}
		if ln.Hyphenated {
			run++
		} else {
			run = 0
		}
		if p.MaxHyphenRun > 0 && run > p.MaxHyphenRun && !isForced(items, ln.Break) {
			return fmt.Sprintf("line %d is hyphenated line %d in a row", i, run)
		}
		if ln.Ratio < -1 || math.IsNaN(ln.Ratio) || math.IsInf(ln.Ratio, 0) {
			return fmt.Sprintf("line %d has ratio %v", i, ln.Ratio)
		}
		if ln.Overfull < 0 || ln.Overfull > 0 && res.Pass != 4 && res.Pass != 0 {
			return fmt.Sprintf("line %d overfull by %v in pass %d", i, ln.Overfull, res.Pass)
		}
		breaks[ln.Break] = true
		if ln.Break < len(items) {
			start = afterBreak(items, ln.Break)
		}
		if i == len(res.Lines)-1 && ln.Break != final {
			return fmt.Sprintf("last line ends at %d, want %d", ln.Break, final)
		}
		if i < len(res.Lines)-1 && ln.Break >= final {
			return fmt.Sprintf("line %d ends at %d, at or after the final break", i, ln.Break)
		}
	}
	for i := 0; i < final; i++ {
		if isForced(items, i) && !breaks[i] {
			return fmt.Sprintf("forced break at %d not taken", i)
		}
	}
	return ""
}

// bestDemerits returns the least total demerits of a breaking of items in
// one pass (as bruteForce, ignoring the number of lines), by memoized
// recursion over (start, width index, fitness, hyphen run), and whether
// there is any.
func bestDemerits(items []Item, widths []units.Length, p Params, pass, threshold int, extra units.Length) (int64, bool) {
	type key struct{ start, line, fit, run int }
	type val struct {
		d  int64
		ok bool
	}
	memo := map[key]val{}
	final := finalBreak(items)
	runCap := max(p.MaxHyphenRun, 1)
	var best func(start, line, prevFit, run int) (int64, bool)
	best = func(start, line, prevFit, run int) (int64, bool) {
		k := key{start, min(line, len(widths)-1), prevFit, min(run, runCap)}
		if v, ok := memo[k]; ok {
			return v.d, v.ok
		}
		var res val
		for b := start; b <= final; b++ {
			if !isLegal(items, b, pass) {
				continue
			}
			short, y, z := lineStats(items, start, b, widthOf(widths, line))
			j := judge(short, y+int64(extra), z)
			if j.overfull {
				break
			}
			forced := isForced(items, b)
			nrun := 0
			if isFlagged(items, b) {
				nrun = run + 1
			}
			if j.bad <= threshold && (forced || p.MaxHyphenRun <= 0 || nrun <= p.MaxHyphenRun) {
				d := refDemerits(items, p, b, j.bad, j.fit, prevFit, run > 0)
				ok := true
				if b != final {
					var rest int64
					rest, ok = best(afterBreak(items, b), line+1, j.fit, nrun)
					d += rest
				}
				if ok && (!res.ok || d < res.d) {
					res = val{d, true}
				}
			}
			if forced {
				break
			}
		}
		memo[k] = res
		return res.d, res.ok
	}
	return best(0, 0, 2, 0)
}
