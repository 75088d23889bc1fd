// Package linebreak chooses where the lines of a paragraph end, using the
// total-fit method of Donald E. Knuth and Michael F. Plass, "Breaking
// Paragraphs into Lines", Software—Practice and Experience 11 (1981),
// pp. 1119–1184, the method of TeX.
//
// # The model
//
// A paragraph is a sequence of items of three kinds:
//
//   - A box is something to print, such as a word or a piece of one. It has a
//     fixed width.
//   - Glue is white space that can change its size. It has a natural width,
//     a stretchability and a shrinkability. When a line is set, all its glue
//     is adjusted by one common ratio r: each glue item gets width+r·stretch
//     when r ≥ 0 and width+r·shrink when r < 0. Shrinking never goes below
//     r = -1.
//   - A penalty marks a place where a line may (or may not) end, with a cost.
//     A penalty of Infinity or more forbids a break, one of -Infinity or less
//     forces one. Its width is printed only if the line ends there: a hyphen,
//     for a discretionary break inside a word. Such breaks are Flagged.
//
// A line may end at a penalty below Infinity, or at glue that immediately
// follows a box. When a line ends, the glue and non-forced penalties that
// follow the break, up to the next box or forced break, are discarded: the
// next line starts at that box. A line ending at glue does not contain that
// glue; a line ending at a penalty contains the penalty's width.
//
// # Judging a line
//
// Given the width a line should have, the adjustment ratio r of a candidate
// line is the shortfall (target minus natural width) divided by the total
// stretch, or by the total shrink when the line is too long. The badness of
// the line is 100·|r|³, rounded, and capped at Infinity (10000), which counts
// as "infinitely bad". A line that would need r < -1 is overfull and cannot
// be set. A line whose badness exceeds the tolerance is infeasible.
//
// Each feasible line costs demerits: (l+b)² plus p² for a positive penalty p
// at its break, minus p² for a negative (but not forced) one, where l is the
// line penalty and b the badness. Extra demerits are charged for two
// hyphenated lines in a row, for a hyphenated next-to-last line, and for a
// line whose fitness class (very loose, loose, decent, tight) is more than one
// class away from that of the line before it. The best paragraph is the one
// with the fewest total demerits.
//
// # The algorithm
//
// The breaker walks through the items once. It keeps a list of active nodes:
// breakpoints already found to be reachable by a feasible sequence of lines,
// each with the least total demerits of such a sequence, the number of lines
// so far, the fitness class of the last line and how many hyphenated lines
// end there in a row. At every legal breakpoint it measures the line from each
// active node to this point in constant time, using running totals of widths,
// stretch and shrink. Every feasible line gives a candidate; for each class of
// successor (line number, while the line widths still differ, fitness class
// and hyphen run) only the cheapest candidate is kept and becomes a new active
// node. (With a nonzero Params.Looseness, every line number is kept apart,
// so that the best paragraph of each length is known at the end.) An active
// node is dropped once its line has become overfull, since later breakpoints
// can only make it longer (for items of non-negative size), and at a forced
// break, which no line may pass. This is dynamic programming over the breakpoints: the
// optimum found is optimal over all sequences of feasible lines, while the
// work is proportional to the number of items times the number of active
// nodes, which is about the number of breakpoints that fit in one line.
//
// Following TeX, Break makes up to four passes, stopping at the first that
// succeeds: first without hyphenation (flagged penalties are not breakpoints)
// at Params.Pretolerance; then with hyphenation at Params.Tolerance; then, if
// Params.EmergencyStretch is positive, again with that much extra stretch
// assumed on every line when computing badness. The fourth, last-resort pass
// always produces an answer: it accepts any line that is not overfull,
// however bad, and when at some breakpoint every active node would be dropped
// for being overfull, it keeps the least overfull of them by breaking there
// anyway, giving a line with Line.Overfull set. (It waits for a later
// breakpoint instead if MaxHyphenRun forbids this one, or if only
// discardable items separate it from a forced break.)
//
// # Building a paragraph
//
// For a justified paragraph in the plain TeX style:
//
//   - an indentation box (width of the paragraph indent), if any;
//   - one box per word or word fragment;
//   - interword glue between words, for example 1/3 em plus 1/6 em minus
//     1/9 em;
//   - at each hyphenation point inside a word, a flagged penalty with the
//     width of a hyphen and Penalty 50 (TeX's \hyphenpenalty); after an
//     explicit hyphen or dash, which is already in the box, a flagged
//     penalty of width 0 and Penalty 50 (\exhyphenpenalty). Being flagged,
//     neither is a breakpoint in the first pass; an explicit-hyphen penalty
//     left unflagged is, but then escapes the hyphen demerits and
//     MaxHyphenRun;
//   - to end the paragraph, Penalty(Infinity), glue with zero width and Fil
//     stretch, and Penalty(-Infinity), as Finish appends.
//
// An input that does not end with a forced break is treated as if it were
// followed by one. A paragraph is not stripped of leading glue.
//
// # Microtypography
//
// Two refinements of pdfTeX (Hàn Thế Thành, "Micro-typographic extensions
// to the TeX typesetting system", 2000) are part of the model. Margin
// kerning: a box may hang into the margin by Item.Left when it starts a
// line and by Item.Right when it ends one (a penalty's Right applies when
// the line breaks at it and prints its width), so that full stops, commas,
// hyphens and quotation marks stand partly outside the text block and its
// edges look straight; lines are measured without the part that hangs out.
// Font expansion: with Params.ExpandStretch or Params.ExpandShrink set,
// every line may widen or narrow its boxes by up to that many thousandths,
// which adds the boxes' width times that fraction to the line's stretch or
// shrink. The breaker judges lines with this larger stretch and shrink;
// Line.Expand is then the expansion chosen, in steps of Params.ExpandStep,
// and Line.Ratio the ratio by which the glue takes up the rest. A line
// with Fil stretch (a paragraph's last) is never widened, but one too long
// for its width is narrowed as any other line is, since the breaker
// counted on that.
package linebreak

import (
	"errors"
	"fmt"
	"math/bits"
	"sync"

	"github.com/galley-press/galley/internal/units"
)

// Kind is the kind of an item: Box, Glue or Penalty.
type Kind uint8

// The kinds of items.
const (
	Box Kind = iota
	Glue
	Penalty
)

// String returns the name of k.
func (k Kind) String() string {
	switch k {
	case Box:
		return "box"
	case Glue:
		return "glue"
	case Penalty:
		return "penalty"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Infinity is the penalty that forbids a break (as Infinity) or forces one
// (as -Infinity), and the badness of a line that is "infinitely bad".
const Infinity = 10000

// Fil is a stretchability so large that it acts as infinite: glue with
// Stretch Fil fills out any line it is on, while ordinary glue on that line
// keeps (nearly exactly) its natural width. It is 2^40 scaled points, about
// 16.7 million points.
const Fil units.Length = 1 << 40

// The fitness classes of a line, as in TeX. Line.Fitness holds one of them.
// Adjacent lines whose classes differ by more than one incur
// Params.AdjDemerits.
const (
	VeryLoose = 0 // stretched with badness above 99 (r above about 1)
	Loose     = 1 // stretched with badness 13 to 99 (r above about 0.5)
	Decent    = 2 // badness 12 or less (|r| up to about 0.5)
	Tight     = 3 // shrunk with badness above 12 (r below about -0.5), or overfull
)

// An Item is one element of a paragraph: a box, glue or penalty.
type Item struct {
	Kind    Kind
	Width   units.Length
	Stretch units.Length // glue only
	Shrink  units.Length // glue only
	Penalty int          // penalty only; >= Infinity (10000) forbids a break, <= -Infinity forces one
	Flagged bool         // penalty only: a hyphenation break (discretionary)
	// Left is how far a box hangs into the left margin when it starts a
	// line (margin kerning).
	Left units.Length
	// Right is how far a box hangs into the right margin when it ends a
	// line, or a penalty with a width when the line breaks at it.
	Right units.Length
}

// NewBox returns a box of width w.
func NewBox(w units.Length) Item { return Item{Kind: Box, Width: w} }

// NewGlue returns glue of natural width w, stretchability stretch and
// shrinkability shrink.
func NewGlue(w, stretch, shrink units.Length) Item {
	return Item{Kind: Glue, Width: w, Stretch: stretch, Shrink: shrink}
}

// NewPenalty returns a penalty item of width w (printed only if the line
// breaks here), cost p, flagged when it is a hyphenation point.
func NewPenalty(w units.Length, p int, flagged bool) Item {
	return Item{Kind: Penalty, Width: w, Penalty: p, Flagged: flagged}
}

// Finish appends the conventional end of a paragraph to items and returns
// the result: a penalty forbidding a break, glue of zero width and Fil
// stretch (TeX's \parfillskip), and a forced break. The first penalty keeps
// the line from ending at the fill glue itself.
func Finish(items []Item) []Item {
	return append(items, NewPenalty(0, Infinity, false), NewGlue(0, Fil, 0), NewPenalty(0, -Infinity, false))
}

// Params holds the parameters of the line breaker, with TeX's plain-format
// defaults named in comments.
type Params struct {
	// Pretolerance is the badness limit of the first pass, which does not
	// break at flagged penalties (TeX \pretolerance = 100). A negative value
	// skips the first pass.
	Pretolerance int
	// Tolerance is the badness limit of the second pass, which does break at
	// flagged penalties (\tolerance = 200).
	Tolerance int
	// EmergencyStretch, when positive, enables a third pass at Tolerance
	// that assumes this much extra stretch on every line when computing
	// badness (\emergencystretch = 0pt). The lines are still set with their
	// real glue, so they may come out looser than Tolerance allows.
	EmergencyStretch units.Length
	// LinePenalty is added to every line's badness before squaring
	// (\linepenalty = 10); larger values favour fewer lines.
	LinePenalty int
	// AdjDemerits is charged when adjacent lines are in fitness classes
	// more than one apart (\adjdemerits = 10000).
	AdjDemerits int
	// DoubleHyphenDemerits is charged for two hyphenated lines in a row
	// (\doublehyphendemerits = 10000).
	DoubleHyphenDemerits int
	// FinalHyphenDemerits is charged when the next-to-last line of the
	// paragraph is hyphenated (\finalhyphendemerits = 5000).
	FinalHyphenDemerits int
	// Looseness asks for a paragraph that many lines longer (positive) or
	// shorter (negative) than the optimum, if one is feasible
	// (\looseness = 0). When it is not, the feasible line count closest to
	// the request is taken. The last-resort pass ignores Looseness. Note
	// that a nonzero Looseness makes breaking slower, as paragraphs of
	// every length are kept apart.
	Looseness int
	// MaxHyphenRun, when positive, is the largest number of consecutive
	// lines that may end with a hyphen (flagged penalty); 0 means no limit.
	// It never prevents a forced break. This is not a TeX parameter.
	MaxHyphenRun int
	// ExpandStretch and ExpandShrink are how far, in thousandths, a line's
	// boxes may be widened or narrowed (font expansion, pdfTeX's
	// \pdffontexpand stretch and shrink; 0, none). ExpandStep is the step
	// of the expansion chosen, in thousandths (pdfTeX's step; 0 means 1).
	ExpandStretch, ExpandShrink, ExpandStep int
	// ExpandJump is the largest difference, in thousandths, between the
	// expansion of neighbouring lines, where the glue allows it; 0 means
	// no limit. This is not a TeX parameter.
	ExpandJump int
}

// DefaultParams returns the parameters of plain TeX, with no emergency
// stretch, and at most two hyphenated lines in a row (MaxHyphenRun 2).
// Setting EmergencyStretch to a few points (TeX users often take 1–3 em)
// makes the third pass available before the last resort.
func DefaultParams() Params {
	return Params{
		Pretolerance:         100,
		Tolerance:            200,
		EmergencyStretch:     0,
		LinePenalty:          10,
		AdjDemerits:          10000,
		DoubleHyphenDemerits: 10000,
		FinalHyphenDemerits:  5000,
		Looseness:            0,
		MaxHyphenRun:         2,
	}
}

// A Line is one line of a broken paragraph.
//
// The line holds items[Start:End]; when Break is a penalty, its width (a
// hyphen) is printed at the end of the line as well. Penalties inside the
// line print nothing. Items between the End of one line and the Start of the
// next (the break itself and the glue and penalties after it) are discarded.
type Line struct {
	Start, End int // items[Start:End] are on the line; End is the index of the break item (or len(items))
	Break      int // index of the breakpoint item; equal to End

	// Ratio is the adjustment ratio r: glue is set at width + r*stretch
	// (r >= 0) or width + r*shrink (r < 0). It is computed from the real glue
	// of the line: 0 when the line is too short but has no stretch, and -1
	// when it is overfull.
	Ratio float64
	// Badness is the badness of the line computed from Ratio: 100|r|³,
	// capped at Infinity; it is Infinity for a line too short with no
	// stretch and for an overfull line.
	Badness int
	// Demerits is the demerits charged for this line, including those for
	// its relation to the line before it.
	Demerits int64
	// Fitness is the fitness class: VeryLoose (0), Loose (1), Decent (2)
	// or Tight (3), as computed during breaking (with emergency stretch,
	// in the third and fourth passes).
	Fitness int
	// Hyphenated reports that the line ends at a flagged penalty.
	Hyphenated bool
	// Overfull is how much wider than its target the line remains with all
	// its glue fully shrunk; it is positive only in a last-resort result.
	Overfull units.Length
	// Expand is the font expansion of the line's boxes, in thousandths: a
	// box of width w is set at w·(1000+Expand)/1000. It is a multiple of
	// Params.ExpandStep within the limits of Params.ExpandStretch and
	// Params.ExpandShrink; Ratio then sets the glue.
	Expand int
}

// A Result is a broken paragraph.
type Result struct {
	Lines []Line
	// Pass is the pass that produced the lines: 1 (no hyphenation, at
	// Pretolerance), 2 (at Tolerance), 3 (with emergency stretch) or 4 (last
	// resort, possibly with overfull or very loose lines). It is 0 for an
	// empty paragraph and for the result of FirstFit.
	Pass int
	// Demerits is the total demerits of the lines.
	Demerits int64
}

// ErrNoWidths is returned by Break for a non-empty paragraph without line widths.
var ErrNoWidths = errors.New("linebreak: no line widths")

// Break returns the breaks with minimal total demerits. widths gives the line
// width for line number n (0-based); lines beyond the slice use the last
// entry.
//
// Break returns an error only for malformed input: a non-empty paragraph
// with no widths, a negative line width, or an item of unknown kind. For any
// other input it returns lines, if need be from the last-resort pass. An empty
// paragraph has no lines. Break does not modify items, and may be called
// from several goroutines at once.
func Break(items []Item, widths []units.Length, p Params) (Result, error) {
	if len(items) == 0 {
		return Result{}, nil
	}
	br, err := getBreaker(items, widths, p)
	if err != nil {
		return Result{}, err
	}
	defer putBreaker(br)

	var (
		fallback  Result
		fallbackD = -1 // distance of fallback from the requested looseness; -1: none
	)
	passes := [...]passConfig{
		{pass: 1, threshold: br.p.Pretolerance},
		{pass: 2, threshold: br.p.Tolerance, hyphens: true},
		{pass: 3, threshold: br.p.Tolerance, hyphens: true, extra: int64(br.p.EmergencyStretch)},
	}
	for i := range passes {
		cfg := &passes[i]
		if cfg.pass == 1 && cfg.threshold < 0 || cfg.pass == 3 && cfg.extra <= 0 {
			continue
		}
		if cfg.threshold > Infinity {
			cfg.threshold = Infinity
		}
		end, ok := br.run(cfg)
		if !ok {
			continue
		}
		res := br.result(end, cfg.pass)
		d := 0
		if br.p.Looseness != 0 {
			d = abs(br.nodes[end].line - br.bestLine - br.p.Looseness)
		}
		if d == 0 {
			return res, nil
		}
		if fallbackD < 0 || d < fallbackD {
			fallback, fallbackD = res, d
		}
	}
	if fallbackD >= 0 {
		return fallback, nil
	}
	last := passConfig{pass: 4, threshold: Infinity, hyphens: true, extra: max(int64(br.p.EmergencyStretch), 0), lastResort: true}
	if end, ok := br.run(&last); ok {
		return br.result(end, 4), nil
	}
	// The last-resort pass cannot fail; should it ever, greedy breaking
	// still gives an answer.
	res := br.firstFit()
	res.Pass = 4
	return res, nil
}

// FirstFit breaks greedily (for comparison and tests): each line takes as
// much material as fits with its glue shrunk at most fully, at the last legal
// breakpoint (flagged penalties included, MaxHyphenRun respected) before the
// line would become overfull. A line is overfull only when even its first
// breakpoint does not fit. Badness and demerits are computed as by Break,
// without tolerance; Pass is 0. For malformed input, for which Break returns
// an error, FirstFit returns an empty Result.
func FirstFit(items []Item, widths []units.Length, p Params) Result {
	if len(items) == 0 {
		return Result{}
	}
	br, err := getBreaker(items, widths, p)
	if err != nil {
		return Result{}
	}
	defer putBreaker(br)
	return br.firstFit()
}

// checkWidths returns an error if widths cannot serve for a paragraph.
func checkWidths(widths []units.Length) error {
	if len(widths) == 0 {
		return ErrNoWidths
	}
	for i, w := range widths {
		if w < 0 {
			return fmt.Errorf("linebreak: negative width %v for line %d", w, i)
		}
	}
	return nil
}

// passConfig describes one pass of Break.
type passConfig struct {
	pass       int
	threshold  int   // largest admissible badness
	hyphens    bool  // flagged penalties are breakpoints
	extra      int64 // emergency stretch added to every line
	lastResort bool  // break at overfull lines rather than fail
}

// A node is a breakpoint reached by a feasible sequence of lines: the start
// of the paragraph (pos -1) or a break at items[pos] (pos len(items) for the
// implicit final break).
type node struct {
	pos   int   // index of the break item
	start int   // first item of the line after this break
	line  int   // number of lines ending at or before this break
	prev  int   // index in breaker.nodes of the previous break; -1 for the start
	total int64 // total demerits from the start of the paragraph
	fit   int8  // fitness class of the line ending here
	run   int8  // consecutive hyphenated lines ending here (capped)
}

// A candidate is the best way found so far to reach the current breakpoint
// for one class of successor node.
type candidate struct {
	cls   int // line class: line number, or the last width index for lines beyond it
	fit   int8
	run   int8
	from  int // index of the previous node
	total int64
}

type totals struct{ w, y, z, e int64 } // width, stretch, shrink, box width

// A breaker holds a paragraph and the working storage for breaking it.
type breaker struct {
	items  []Item
	widths []units.Length
	p      Params

	n     int // len(items)
	final int // index of the final break: the last forced penalty or n

	// Demerits parameters clamped so that sums cannot overflow.
	linePenalty, adj, dblHyph, finalHyph int64
	runCap                               int8

	// Font expansion limits in thousandths, clamped to 0–1000.
	exStretch, exShrink int64

	sum  []totals // sum[i]: totals of items[:i]; penalties count only when broken at
	next []int    // next[i]: first index >= i of a box or forced penalty, or n

	looseness int // Params.Looseness, or 0 in the last resort

	nodes    []node
	active   []int
	spare    []int
	cands    []candidate
	bestLine int // line count of the cheapest final node of the last run
}

var pool = sync.Pool{New: func() any { return new(breaker) }}

// getBreaker returns a breaker loaded with a non-empty paragraph, or an
// error if the paragraph is malformed.
func getBreaker(items []Item, widths []units.Length, p Params) (*breaker, error) {
	if err := checkWidths(widths); err != nil {
		return nil, err
	}
	br := pool.Get().(*breaker)
	br.items, br.widths, br.p = items, widths, p
	br.linePenalty = clampDemerits(p.LinePenalty)
	br.adj = clampDemerits(p.AdjDemerits)
	br.dblHyph = clampDemerits(p.DoubleHyphenDemerits)
	br.finalHyph = clampDemerits(p.FinalHyphenDemerits)
	// Lines are judged with the expansion they can be set with: whole
	// steps within the limits.
	step := int64(max(p.ExpandStep, 1))
	br.exStretch = int64(min(max(p.ExpandStretch, 0), 1000)) / step * step
	br.exShrink = int64(min(max(p.ExpandShrink, 0), 1000)) / step * step
	// The hyphen run is part of a node's identity only as far as it matters:
	// whether the last line is hyphenated, and whether the limit is reached.
	br.runCap = 1
	if p.MaxHyphenRun > 1 {
		br.runCap = int8(min(p.MaxHyphenRun, 100))
	}
	n := len(items)
	br.n = n
	if cap(br.sum) < n+1 {
		br.sum = make([]totals, n+1, n+1+n/4)
		br.next = make([]int, n+1, n+1+n/4)
	}
	br.sum, br.next = br.sum[:n+1], br.next[:n+1]
	var t totals
	for i, it := range items {
		br.sum[i] = t
		switch it.Kind {
		case Box:
			t.w += int64(it.Width)
			t.e += int64(it.Width)
		case Glue:
			t.w += int64(it.Width)
			t.y += int64(it.Stretch)
			t.z += int64(it.Shrink)
		case Penalty:
		default:
			putBreaker(br)
			return nil, fmt.Errorf("linebreak: item %d has unknown kind %d", i, uint8(it.Kind))
		}
	}
	br.sum[n] = t
	br.next[n] = n
	for i := n - 1; i >= 0; i-- {
		if it := items[i]; it.Kind == Box || it.Kind == Penalty && it.Penalty <= -Infinity {
			br.next[i] = i
		} else {
			br.next[i] = br.next[i+1]
		}
	}
	// The paragraph ends at its last forced break if only discardable items
	// follow it, and otherwise after its last item.
	br.final = n
	for i := n - 1; i >= 0; i-- {
		if it := items[i]; it.Kind == Box {
			break
		} else if it.Kind == Penalty && it.Penalty <= -Infinity {
			br.final = i
			break
		}
	}
	return br, nil
}

func putBreaker(br *breaker) {
	br.items, br.widths = nil, nil
	if cap(br.sum) > 1<<16 || cap(br.nodes) > 1<<16 {
		return // let unusually large buffers go
	}
	pool.Put(br)
}

func clampDemerits(x int) int64 {
	const lim = 1 << 30
	return int64(min(max(x, -lim), lim))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// lineWidth returns the target width of line number line (0-based).
func (br *breaker) lineWidth(line int) int64 {
	if line >= len(br.widths) {
		line = len(br.widths) - 1
	}
	return int64(br.widths[line])
}

// measure returns the shortfall (target minus natural width), stretch and
// shrink of the line from node a to a break at b, font expansion included,
// and ex, the part of the stretch that expansion gives.
func (br *breaker) measure(a *node, b int) (shortfall, stretch, shrink, ex int64) {
	shortfall, stretch, shrink, boxes := br.glue(a, b)
	if boxes > 0 {
		ex = boxes * br.exStretch / 1000
		stretch += ex
		shrink += boxes * br.exShrink / 1000
	}
	return shortfall, stretch, shrink, ex
}

// glue returns the shortfall, the glue's stretch and shrink, and the width
// of the boxes of the line from node a to a break at b. The parts of the
// first and last boxes that hang into the margins do not count.
func (br *breaker) glue(a *node, b int) (shortfall, stretch, shrink, boxes int64) {
	s, e := &br.sum[a.start], &br.sum[b]
	w := e.w - s.w
	boxes = e.e - s.e
	if a.start < b && br.items[a.start].Kind == Box {
		w -= int64(br.items[a.start].Left)
	}
	if b < br.n {
		switch it := &br.items[b]; {
		case it.Kind == Penalty && it.Width != 0:
			w += int64(it.Width) - int64(it.Right)
			boxes += int64(it.Width)
		case b > a.start && br.items[b-1].Kind == Box:
			w -= int64(br.items[b-1].Right)
		}
	}
	return br.lineWidth(a.line) - w, e.y - s.y, e.z - s.z, boxes
}

// legal reports whether b is a breakpoint, hyphenation breaks included or not.
func (br *breaker) legal(b int, hyphens bool) bool {
	if b >= br.n {
		return true
	}
	switch it := &br.items[b]; it.Kind {
	case Glue:
		return b > 0 && br.items[b-1].Kind == Box
	case Penalty:
		return it.Penalty <= -Infinity || it.Penalty < Infinity && (hyphens || !it.Flagged)
	}
	return false
}

// badness returns 100(t/s)³ rounded, for t, s >= 0, or Infinity if that
// exceeds Infinity or s is 0. It uses integer arithmetic only, so that
// results are the same on every machine.
func badness(t, s int64) int {
	if t <= 0 {
		return 0
	}
	if s <= 0 || t/5 >= s { // t/s >= 5, and 100·5³ > Infinity
		return Infinity
	}
	// q = t/s in 16-bit fixed point; q < 5·2^16, so 100·q³ < 2^63.
	hi, lo := bits.Mul64(uint64(t), 1<<16)
	q, _ := bits.Div64(hi, lo, uint64(s))
	b := (100*q*q*q + 1<<47) >> 48
	if b > Infinity {
		return Infinity
	}
	return int(b)
}

// rate returns the badness and fitness class of a line with the given
// shortfall, stretch and shrink, and whether it is overfull. Of the stretch,
// ex is font expansion's: glue stretches without limit but expansion does
// not, so a line that needs more than its whole stretch (r > 1) gets all of
// ex and its glue the rest, and its badness is that of its glue alone. Its
// spaces then look as loose as the badness says.
func rate(shortfall, stretch, shrink, ex int64) (bad int, fit int8, overfull bool) {
	switch {
	case shortfall > 0:
		if shortfall > stretch && ex > 0 {
			bad = badness(shortfall-ex, stretch-ex)
		} else {
			bad = badness(shortfall, stretch)
		}
		switch {
		case bad > 99:
			return bad, VeryLoose, false
		case bad > 12:
			return bad, Loose, false
		}
		return bad, Decent, false
	case shortfall < 0:
		if -shortfall > shrink {
			return Infinity, Tight, true
		}
		bad = badness(-shortfall, shrink)
		if bad > 12 {
			return bad, Tight, false
		}
		return bad, Decent, false
	}
	return 0, Decent, false
}

// demerits returns the demerits of a line of badness bad from node a to the
// break at b, which has fitness fit.
func (br *breaker) demerits(a *node, b, bad int, fit int8) int64 {
	l := br.linePenalty + int64(bad)
	l = min(max(l, -1<<30), 1<<30)
	d := l * l
	flagged := false
	if b < br.n {
		if it := &br.items[b]; it.Kind == Penalty {
			flagged = it.Flagged
			if p := int64(it.Penalty); p > -Infinity {
				if p > 0 {
					d += p * p
				} else {
					d -= p * p
				}
			}
		}
	}
	if a.run > 0 {
		if b == br.final {
			d += br.finalHyph
		} else if flagged {
			d += br.dblHyph
		}
	}
	if fit-a.fit > 1 || a.fit-fit > 1 {
		d += br.adj
	}
	return d
}

// run makes one pass over the paragraph. It reports whether the pass found
// lines, and if so returns the index of the chosen final node.
func (br *breaker) run(cfg *passConfig) (int, bool) {
	br.looseness = br.p.Looseness
	if cfg.lastResort {
		br.looseness = 0
	}
	br.nodes = append(br.nodes[:0], node{pos: -1, start: 0, prev: -1, fit: Decent})
	br.active = append(br.active[:0], 0)
	for b := 0; b <= br.final; b++ {
		if !br.legal(b, cfg.hyphens) {
			continue
		}
		br.try(b, cfg)
		if len(br.active) == 0 {
			return 0, false
		}
	}
	// The final break is forced, so the active nodes are those created there.
	best, looseBest := -1, -1
	for _, k := range br.active {
		if nd := &br.nodes[k]; nd.pos == br.final && (best < 0 || nd.total < br.nodes[best].total) {
			best = k
		}
	}
	if best < 0 {
		return 0, false
	}
	br.bestLine = br.nodes[best].line
	if br.looseness == 0 {
		return best, true
	}
	// Among the final nodes whose line count differs from the optimum in the
	// requested direction, by no more than requested, take those closest to
	// the request, and of them the cheapest.
	lo, hi := 0, br.looseness
	if hi < 0 {
		lo, hi = hi, 0
	}
	for _, k := range br.active {
		nd := &br.nodes[k]
		if nd.pos != br.final {
			continue
		}
		d := nd.line - br.bestLine
		if d < lo || d > hi {
			continue
		}
		if looseBest < 0 {
			looseBest = k
			continue
		}
		bd := br.nodes[looseBest].line - br.bestLine
		if abs(d) > abs(bd) || d == bd && nd.total < br.nodes[looseBest].total {
			looseBest = k
		}
	}
	return looseBest, true
}

// try considers a break at the legal breakpoint b from every active node.
func (br *breaker) try(b int, cfg *passConfig) {
	forced, flagged := b == br.n, false
	start := br.n
	if b < br.n {
		it := &br.items[b]
		if it.Kind == Penalty {
			forced = it.Penalty <= -Infinity
			flagged = it.Flagged
		}
		start = br.next[b+1]
	}
	maxRun := br.p.MaxHyphenRun
	cands := br.cands[:0]
	kept := br.spare[:0]
	art, artOver := -1, int64(0) // last resort: least overfull node that may break here

	for _, k := range br.active {
		a := &br.nodes[k]
		if b < a.start { // b is among the items discarded after a
			kept = append(kept, k)
			continue
		}
		shortfall, stretch, shrink, ex := br.measure(a, b)
		bad, fit, over := rate(shortfall, stretch+cfg.extra, shrink, ex)
		run := int8(0)
		if flagged {
			run = a.run + 1
		}
		allowed := forced || !flagged || maxRun <= 0 || int(run) <= maxRun
		if !over && bad <= cfg.threshold && allowed {
			cands = br.offer(cands, a, k, b, bad, fit, run)
		}
		if over || forced {
			if over && allowed && cfg.lastResort {
				excess := -shortfall - shrink
				if art < 0 || excess < artOver || excess == artOver && a.total < br.nodes[art].total {
					art, artOver = k, excess
				}
			}
			continue // deactivate a
		}
		kept = append(kept, k)
	}

	if len(cands) == 0 && len(kept) == 0 && cfg.lastResort {
		// Every active node would be lost. Break at b from the least
		// overfull one, unless b is not allowed for any of them, or only
		// discardable items lie between b and a forced break that will end
		// the line anyway; then keep them all for a later breakpoint.
		if art < 0 || !forced && (start == br.n || br.items[start].Kind == Penalty) {
			br.cands = cands
			br.spare = kept
			return
		}
		a := &br.nodes[art]
		run := int8(0)
		if flagged {
			run = a.run + 1
		}
		cands = br.offer(cands, a, art, b, Infinity, Tight, run)
	}

	// Keep, for each line class and hyphen run, the candidates within
	// AdjDemerits of the cheapest: a dearer one can never lead to a better
	// paragraph, since only the next line's adjacency demerits depend on
	// its fitness class.
	slack := max(br.adj, 0)
	for i := range cands {
		c := &cands[i]
		least := c.total
		for j := range cands {
			if o := &cands[j]; o.cls == c.cls && o.run == c.run && o.total < least {
				least = o.total
			}
		}
		if c.total-least > slack {
			continue
		}
		br.nodes = append(br.nodes, node{
			pos:   b,
			start: start,
			line:  br.nodes[c.from].line + 1,
			prev:  c.from,
			total: c.total,
			fit:   c.fit,
			run:   c.run,
		})
		kept = append(kept, len(br.nodes)-1)
	}
	br.cands = cands
	br.spare, br.active = br.active, kept
}

// offer records the line from node a (index k) to b as a candidate, if it is
// the cheapest so far for its class of successor.
func (br *breaker) offer(cands []candidate, a *node, k, b, bad int, fit, run int8) []candidate {
	total := a.total + br.demerits(a, b, bad, fit)
	cls := a.line + 1
	if br.looseness == 0 {
		cls = min(cls, len(br.widths)-1)
	}
	run = min(run, br.runCap)
	for i := range cands {
		if c := &cands[i]; c.cls == cls && c.fit == fit && c.run == run {
			if total < c.total {
				c.from, c.total = k, total
			}
			return cands
		}
	}
	return append(cands, candidate{cls: cls, fit: fit, run: run, from: k, total: total})
}

// result returns the lines leading to the node end.
func (br *breaker) result(end, pass int) Result {
	nd := &br.nodes[end]
	res := Result{Lines: make([]Line, nd.line), Pass: pass, Demerits: nd.total}
	for k := end; br.nodes[k].prev >= 0; k = br.nodes[k].prev {
		nd := &br.nodes[k]
		a := &br.nodes[nd.prev]
		shortfall, stretch, shrink, ex := br.measure(a, nd.pos)
		ln := Line{
			Start:      a.start,
			End:        nd.pos,
			Break:      nd.pos,
			Demerits:   nd.total - a.total,
			Fitness:    int(nd.fit),
			Hyphenated: nd.pos < br.n && br.items[nd.pos].Kind == Penalty && br.items[nd.pos].Flagged,
		}
		switch {
		case shortfall > 0:
			ln.Badness, _, _ = rate(shortfall, stretch, shrink, ex)
			if stretch > 0 {
				ln.Ratio = float64(shortfall) / float64(stretch)
			}
		case shortfall < 0 && -shortfall <= shrink:
			ln.Badness = badness(-shortfall, shrink)
			ln.Ratio = float64(shortfall) / float64(shrink)
		case shortfall < 0:
			ln.Badness = Infinity
			ln.Overfull = units.Length(-shortfall - max(shrink, 0))
			if shrink > 0 {
				ln.Ratio = -1
			}
		}
		res.Lines[nd.line-1] = ln
	}
	br.expand(&res, end)
	return res
}

// firstFit breaks greedily.
func (br *breaker) firstFit() Result {
	br.nodes = append(br.nodes[:0], node{pos: -1, start: 0, prev: -1, fit: Decent})
	maxRun := br.p.MaxHyphenRun
	cur := 0
	for {
		a := &br.nodes[cur]
		chosen, last := -1, -1
		for b := a.start; b <= br.final; b++ {
			if !br.legal(b, true) {
				continue
			}
			forced := b == br.n || br.items[b].Kind == Penalty && br.items[b].Penalty <= -Infinity
			flagged := b < br.n && br.items[b].Kind == Penalty && br.items[b].Flagged
			allowed := forced || !flagged || maxRun <= 0 || int(a.run)+1 <= maxRun
			shortfall, _, shrink, _ := br.measure(a, b)
			if -shortfall > shrink { // overfull
				if last >= 0 {
					chosen = last
					break
				}
				if allowed {
					chosen = b
					break
				}
				continue
			}
			if allowed {
				last = b
			}
			if forced {
				chosen = b
				break
			}
		}
		if chosen < 0 {
			chosen = last // cannot happen: the final break is forced
			if chosen < 0 {
				chosen = br.final
			}
		}
		shortfall, stretch, shrink, ex := br.measure(a, chosen)
		bad, fit, over := rate(shortfall, stretch, shrink, ex)
		if over {
			bad, fit = Infinity, Tight
		}
		run := int8(0)
		if chosen < br.n && br.items[chosen].Kind == Penalty && br.items[chosen].Flagged {
			run = min(a.run+1, br.runCap)
		}
		start := br.n
		if chosen < br.n {
			start = br.next[chosen+1]
		}
		br.nodes = append(br.nodes, node{
			pos:   chosen,
			start: start,
			line:  a.line + 1,
			prev:  cur,
			total: a.total + br.demerits(a, chosen, bad, fit),
			fit:   fit,
			run:   run,
		})
		cur = len(br.nodes) - 1
		if chosen >= br.final {
			return br.result(cur, 0)
		}
	}
}

// expand chooses the font expansion of each line of res, whose last node is
// end: the share of the line's adjustment that the boxes take at the common
// ratio, rounded to a step, and then brought to within Params.ExpandJump of
// the line before where the glue can make up the difference without
// stretching or shrinking beyond its natural limits. A line with Fil
// stretch is expanded only when it must shrink. The glue ratio is computed
// again for the expansion chosen.
func (br *breaker) expand(res *Result, end int) {
	if br.exStretch == 0 && br.exShrink == 0 {
		return
	}
	step := int64(max(br.p.ExpandStep, 1))
	lo, hi := -br.exShrink, br.exStretch // whole steps (see getBreaker)
	jump := int64(br.p.ExpandJump)
	// The nodes of the lines, in order.
	ks := make([]int, len(res.Lines))
	for k := end; br.nodes[k].prev >= 0; k = br.nodes[k].prev {
		ks[br.nodes[k].line-1] = k
	}
	prev := int64(0)
	for i, k := range ks {
		nd := &br.nodes[k]
		ln := &res.Lines[i]
		shortfall, y, z, boxes := br.glue(&br.nodes[nd.prev], nd.pos)
		// A line that fills out with Fil glue (a paragraph's last line) is
		// not expanded to fill it; but one too long for its width was
		// chosen counting on its boxes' shrink as well as its glue's, and
		// gets it.
		if boxes <= 0 || y >= int64(Fil) && shortfall >= 0 || ln.Overfull > 0 {
			prev = 0
			continue
		}
		// The ratio over glue and boxes together, and the boxes' share.
		var x int64
		switch {
		case shortfall > 0 && br.exStretch > 0:
			x = roundDiv(shortfall*br.exStretch*1000, y*1000+boxes*br.exStretch) // thousandths
			x = min(x, br.exStretch)
		case shortfall < 0 && br.exShrink > 0:
			x = roundDiv(shortfall*br.exShrink*1000, z*1000+boxes*br.exShrink)
			x = max(x, -br.exShrink)
		}
		x = min(max(roundDiv(x, step)*step, lo), hi)
		// Keep the glue within its limits: never shrunk past its shrink.
		fits := func(x int64) bool { return shortfall-boxes*x/1000 >= -z }
		for x > lo && !fits(x) {
			x -= step
		}
		if jump > 0 && i > 0 {
			// Only where the glue stays within its natural stretch and
			// shrink: spacing matters more than even expansion.
			if c := min(max(x, prev-jump), prev+jump); c != x && c%step == 0 && fits(c) && (shortfall-boxes*c/1000 <= y) {
				x = c
			}
		}
		prev = x
		ln.Expand = int(x)
		rest := shortfall - boxes*x/1000
		switch {
		case rest > 0 && y > 0:
			ln.Ratio = float64(rest) / float64(y)
		case rest < 0 && z > 0:
			ln.Ratio = max(float64(rest)/float64(z), -1)
		default:
			ln.Ratio = 0
		}
	}
}

// roundDiv returns a/b rounded to the nearest integer, halves away from
// zero, for b > 0.
func roundDiv(a, b int64) int64 {
	if a >= 0 {
		return (a + b/2) / b
	}
	return -((-a + b/2) / b)
}
