package layout

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/linebreak"
	"github.com/galley-press/galley/internal/locale"
	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/source"
	"github.com/galley-press/galley/internal/units"
)

// A style is how a run of text is set.
type style struct {
	tf     *typeface
	size   units.Length
	color  page.RGB
	url    string // external link target, or ""
	dest   string // internal link target, or ""
	rise   units.Length
	strike bool
	lang   string     // for text in another language than the paragraph's
	elem   *page.Elem // the inline structure element (link, span, code), or nil
	link   *page.Elem // the Link element that url or dest belongs to
	code   bool       // inline code: never hyphenated, broken only after _ :: / . -
}

func (s *style) width(text string) units.Length { return s.tf.face.Width(text, s.size) }

// A frag is text in one style, as it comes out of the inline tree.
type frag struct {
	text  string
	st    *style
	space bool // a breakable interword space
	nbsp  bool // a space that must not break
	// dashTie marks a space made unbreakable only to keep a dash off the
	// start of a line: it still separates words.
	dashTie bool
	brk     bool // a forced line break
	pos     source.Pos
	note    *doc.Note // for a footnote reference
	ref     string    // the reference's own Dest name, for the note's back link
	// uncounted text is not words of the text: a note reference's number,
	// an inline image's alt text (doc.Words skips both).
	uncounted bool
}

// content says what a line-breaking item draws.
type content struct {
	text string // for boxes; "" for an indent
	st   *style
	note *doc.Note // the footnote a reference box calls
	ref  string    // the reference's Dest name
	tie  bool      // a no-break space: it does not end a word
	// uncounted boxes are not words of the text (see frag.uncounted).
	uncounted bool
}

// A paragraph is a list of line-breaking items with what each draws.
type paragraph struct {
	items []linebreak.Item
	what  []content
	pos   source.Pos
	// hyFor returns the hyphenator for text in another language than the
	// paragraph's (a span with its own lang); nil means none.
	hyFor func(lang string) hyphenator
	// hang turns on margin kerning: boxes hang into the margins.
	hang bool
	// rules are the hyphenation rules of the paragraph's language.
	rules langRules
}

// langRules are how a language is hyphenated: the price of a hyphen and
// how loose a line may be set to avoid one. (The least number of letters on
// each side of a break is the hyphenator's: see hyph.New.)
//
// Plain TeX has \hyphenpenalty = \exhyphenpenalty = 50, which on a
// measure of about 65 characters hyphenates one line in six. Galley prices
// a hyphen like a line of badness 1000: the line breaker then hyphenates
// only where no hyphen-free set of lines stays within tolerance, so the
// tolerance decides how often it must. A break after a hyphen the word
// already has costs half as much: it adds no hyphen, and it splits the
// word where its parts meet.
//
// The tolerance applies with microtypography on (without it, every
// language has \tolerance = 300). Font expansion adds stretch up to its
// limit only; past that the spaces take the rest, and the line breaker
// judges such a line by its spaces alone, so a badness means the same
// spacing with expansion or without. English keeps plain TeX's 200: its
// spaces stay under 0.37 em and about one line in twenty-five ends in a
// hyphen, most of them where no hyphen-free setting keeps the spaces under
// 0.42 em. Russian and Kazakh words are long, a line of them has few
// spaces, and at 200 one line in seven would end in a hyphen; they take
// 1000: spaces up to about half an em, and one line in ten to twenty-five
// ends in a hyphen.
type langRules struct {
	hyphen    int // a discretionary hyphen (TeX's \hyphenpenalty)
	exHyphen  int // a break after an explicit hyphen or dash (\exhyphenpenalty)
	tolerance int // the line breaker's tolerance with microtypography
}

// rulesFor returns the hyphenation rules of lang, a BCP 47 tag.
func rulesFor(lang string) langRules {
	switch locale.Base(lang) {
	case "ru", "rus", "kk", "kaz":
		return langRules{hyphen: 1000, exHyphen: 500, tolerance: 1000}
	}
	return langRules{hyphen: 1000, exHyphen: 500, tolerance: 200}
}

// hyphenator breaks words; nil means no hyphenation.
type hyphenator interface {
	Hyphenate(word string) []int
}

// memo remembers a hyphenator's answers: a book's words repeat, and each
// chapter's typesetter has its own memo, so no locking is needed.
type memo struct {
	h    hyphenator
	seen map[string][]int
}

func newMemo(h hyphenator) hyphenator {
	if h == nil {
		return nil
	}
	return &memo{h: h, seen: map[string][]int{}}
}

func (m *memo) Hyphenate(word string) []int {
	if cuts, ok := m.seen[word]; ok {
		return cuts
	}
	cuts := m.h.Hyphenate(word)
	m.seen[word] = cuts
	return cuts
}

// build turns fragments into line-breaking items, reusing p's storage. With hy set, words get
// discretionary hyphens; indent is the width of a first-line indent. With
// p.hang set, justified lines get margin kerning.
func build(p *paragraph, frags []frag, hy hyphenator, indent units.Length, ragged bool) *paragraph {
	p.items, p.what, p.pos = p.items[:0], p.what[:0], source.Pos{}
	if p.rules == (langRules{}) {
		p.rules = rulesFor("")
	}
	if len(frags) > 0 {
		p.pos = frags[0].pos
	}
	if indent > 0 {
		p.add(linebreak.Item{Kind: linebreak.Box, Width: indent}, content{})
	}
	tieDashes(frags)
	var word []frag
	flush := func() {
		if len(word) > 0 {
			p.word(word, hy)
			word = word[:0]
		}
	}
	for _, f := range frags {
		switch {
		case f.space || f.nbsp:
			flush()
			p.space(f.st, f.nbsp, ragged, f.nbsp && !f.dashTie)
		case f.brk:
			flush()
			p.add(linebreak.Item{Kind: linebreak.Glue, Stretch: fil}, content{})
			p.add(linebreak.Item{Kind: linebreak.Penalty, Penalty: -linebreak.Infinity}, content{})
		default:
			word = append(word, f)
		}
	}
	flush()
	// Drop trailing spaces, then end the paragraph as TeX does:
	// \parfillskip (glue that stretches without limit) and a forced break.
	for len(p.items) > 0 && p.items[len(p.items)-1].Kind != linebreak.Box {
		p.items, p.what = p.items[:len(p.items)-1], p.what[:len(p.what)-1]
	}
	p.add(linebreak.Item{Kind: linebreak.Penalty, Penalty: linebreak.Infinity}, content{})
	p.add(linebreak.Item{Kind: linebreak.Glue, Stretch: fil}, content{})
	p.add(linebreak.Item{Kind: linebreak.Penalty, Penalty: -linebreak.Infinity}, content{})
	return p
}

// tieDashes makes the space before a spaced dash unbreakable, so that a
// line never starts with " – ".
func tieDashes(frags []frag) {
	for i := 0; i+1 < len(frags); i++ {
		if !frags[i].space {
			continue
		}
		next := frags[i+1]
		if next.text == "–" || next.text == "—" {
			frags[i].space, frags[i].nbsp, frags[i].dashTie = false, true, true
		}
	}
}

// Words of more than longWord characters may break anywhere, at a cost of
// longWordPenalty.
const (
	longWord        = 40
	longWordPenalty = 500
)

// fil stands for TeX's infinite stretch: far more than any line needs.
const fil = units.Length(1 << 40)

// ragStretch is the stretch that ragged-right lines may take at their end.
func ragStretch(st *style) units.Length { return st.size * 3 }

func (p *paragraph) add(it linebreak.Item, c content) {
	p.items = append(p.items, it)
	p.what = append(p.what, c)
}

// space adds interword glue: the font's space, stretching by half of it (as
// Computer Modern's) and shrinking by 0.4 of it, a little more than Computer
// Modern's third, which lets tight lines take a word rather than a hyphen.
func (p *paragraph) space(st *style, nobreak, ragged, tie bool) {
	w := st.tf.face.Advance(' ', st.size)
	if nobreak {
		p.add(linebreak.Item{Kind: linebreak.Penalty, Penalty: linebreak.Infinity}, content{})
		p.add(linebreak.Item{Kind: linebreak.Glue, Width: w}, content{st: st, tie: tie})
		return
	}
	if ragged {
		// Ragged right: a line may end with up to three ems of white, and
		// spaces keep their width (TeX's \raggedright, in Knuth–Plass form).
		s := ragStretch(st)
		p.add(linebreak.Item{Kind: linebreak.Glue, Stretch: s}, content{})
		p.add(linebreak.Item{Kind: linebreak.Penalty}, content{})
		p.add(linebreak.Item{Kind: linebreak.Glue, Width: w, Stretch: -s}, content{st: st})
		return
	}
	if st.code {
		// A space inside inline code keeps its width, as in the code:
		// a line may still break there, but never opens it up.
		p.add(linebreak.Item{Kind: linebreak.Glue, Width: w}, content{st: st})
		return
	}
	p.add(linebreak.Item{Kind: linebreak.Glue, Width: w, Stretch: w / 2, Shrink: w.Scale(0.4)}, content{st: st})
}

// word adds one word, which may mix styles, with its break points.
func (p *paragraph) word(fs []frag, hy hyphenator) {
	var whole strings.Builder
	for _, f := range fs {
		whole.WriteString(f.text)
	}
	text := whole.String()
	if lang := fs[0].st.lang; lang != "" && hy != nil && p.hyFor != nil {
		hy = p.hyFor(lang)
	}
	var cuts []int
	if hy != nil {
		cuts = hy.Hyphenate(text)
	}
	// Break after dashes and explicit hyphens inside words, as TeX does.
	cuts = mergeCuts(cuts, dashCuts(text))
	cuts, codeBrk := codeCuts(fs, text, cuts)
	long := utf8.RuneCountInString(text) > longWord
	if long {
		// No real word is this long (a URL, a pasted hash): let it break
		// after any character rather than run off the page; a URL or a
		// code name only inside a stretch of it longer than longWord/2
		// without a break point of its own.
		var own []int
		for _, c := range cuts {
			if codeBrk[c] {
				own = append(own, c)
			}
		}
		cuts = cuts[:0]
		// stretch reports whether the stretch between own break points
		// that starts at from is long enough to break inside.
		stretch := func(k, from int) bool {
			next := len(text)
			if k < len(own) {
				next = own[k]
			}
			return utf8.RuneCountInString(text[from:next]) > longWord/2
		}
		from, k := 0, 0
		inside := len(own) == 0 || stretch(0, 0)
		for i := range text {
			if k < len(own) && i == own[k] {
				from = i
				k++
				inside = stretch(k, from) // counted once a stretch, not once a character
			}
			if i > 0 && (len(own) == 0 || i == from || inside) {
				cuts = append(cuts, i)
			}
		}
	}
	// Split the fragments at the cuts. Box widths are differences of the
	// kerned widths of the whole word's prefixes, so that the pieces add up
	// to exactly the kerned word.
	start := 0
	fi, fo := 0, 0 // fragment index, offset of fragment start in text
	for _, cut := range append(cuts, len(text)) {
		for start < cut {
			f := fs[fi]
			fend := fo + len(f.text)
			end := min(cut, fend)
			piece := text[start:end]
			// The piece's kerned width, plus the kern that joins it to the
			// piece before in the same style: the pieces of a word add up
			// to the kerned word, in time linear in its length.
			w := f.st.width(piece)
			if start > fo {
				a, _ := utf8.DecodeLastRuneInString(text[fo:start])
				b, _ := utf8.DecodeRuneInString(piece)
				w += f.st.tf.face.Kern(a, b, f.st.size)
			}
			box := linebreak.Item{Kind: linebreak.Box, Width: w}
			if p.hang && f.note == nil {
				first, _ := utf8.DecodeRuneInString(piece)
				last, _ := utf8.DecodeLastRuneInString(piece)
				box.Left, _ = hang(first, f.st)
				_, box.Right = hang(last, f.st)
			}
			p.add(box, content{text: piece, st: f.st, note: f.note, ref: f.ref, uncounted: f.uncounted})
			start = end
			if end == fend {
				fi++
				fo = fend
			}
		}
		if cut == len(text) {
			break
		}
		last := p.what[len(p.what)-1].st
		prev, _ := utf8.DecodeLastRuneInString(text[:cut])
		if codeBrk[cut] {
			p.add(linebreak.Item{Kind: linebreak.Penalty, Penalty: codeBreakPenalty}, content{st: last})
			continue
		}
		if long {
			p.add(linebreak.Item{Kind: linebreak.Penalty, Penalty: longWordPenalty}, content{st: last})
			continue
		}
		if isDash(prev) {
			p.add(linebreak.Item{Kind: linebreak.Penalty, Penalty: p.rules.exHyphen, Flagged: true}, content{st: last})
		} else {
			// The hyphen is drawn kerned against the letter before it.
			hw := last.tf.face.Advance('-', last.size) + last.tf.face.Kern(prev, '-', last.size)
			pen := linebreak.Item{Kind: linebreak.Penalty, Width: hw, Penalty: p.rules.hyphen, Flagged: true}
			if p.hang {
				_, pen.Right = hang('-', last)
			}
			p.add(pen, content{text: "-", st: last})
		}
	}
}

// codeBreakPenalty is the price of breaking inline code after _ :: / . or
// -: taken only when the line would otherwise be loose, and no hyphen is
// added, so that the reader sees the code as it is typed.
const codeBreakPenalty = 500

// codeCuts drops the cuts that touch inline code or a URL (neither is
// ever hyphenated) and adds the places they may break: after "_", "::",
// "/", "." or "-" with more of them after. It returns the cuts and which
// of them are code breaks.
func codeCuts(fs []frag, text string, cuts []int) ([]int, map[int]bool) {
	var spans [][2]int // byte ranges of code in text
	off := 0
	for _, f := range fs {
		if f.st.code {
			spans = append(spans, [2]int{off, off + len(f.text)})
		}
		off += len(f.text)
	}
	if strings.Contains(text, "://") || strings.HasPrefix(text, "www.") {
		// A URL breaks like code, and is never hyphenated either.
		spans = [][2]int{{0, len(text)}}
	}
	if len(spans) == 0 {
		return cuts, nil
	}
	touches := func(c int) bool {
		for _, sp := range spans {
			if c >= sp[0] && c <= sp[1] {
				return true
			}
		}
		return false
	}
	var out []int
	for _, c := range cuts {
		if !touches(c) {
			out = append(out, c)
		}
	}
	brk := map[int]bool{}
	for _, sp := range spans {
		code := text[sp[0]:sp[1]]
		for i := 0; i < len(code)-1; i++ {
			switch code[i] {
			case '_', '/', '.', '-':
			case ':':
				if i == 0 || code[i-1] != ':' {
					continue
				}
			default:
				continue
			}
			if next := code[i+1]; next == code[i] || next == ':' && code[i] != ':' {
				continue // break after the whole run: "__", "::", "..."
			}
			brk[sp[0]+i+1] = true
		}
	}
	var extra []int
	for c := range brk {
		extra = append(extra, c)
	}
	return mergeCuts(out, extra), brk
}

func isDash(r rune) bool {
	return r == '-' || r == '‐' || r == '–' || r == '—'
}

// dashCuts returns the offsets just after dashes that sit between letters.
func dashCuts(s string) []int {
	var out []int
	for i, r := range s {
		if !isDash(r) || i == 0 {
			continue
		}
		end := i + utf8.RuneLen(r)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsLetter(before) && unicode.IsLetter(after) {
			out = append(out, end)
		}
	}
	return out
}

func mergeCuts(a, b []int) []int {
	if len(b) == 0 {
		return a
	}
	seen := map[int]bool{}
	var out []int
	for _, x := range append(append([]int{}, a...), b...) {
		if !seen[x] && x > 0 {
			seen[x] = true
			out = append(out, x)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// A line is a set line of text, ready to be placed on a page.
type line struct {
	items      []page.Item // x relative to the text block's left edge, y to the baseline
	width      units.Length
	ascent     units.Length
	hyphenated bool
	hyphen     bool // the line ends in a hyphen the line breaker added
	ratio      float64
	justified  bool
	noteRefs   []*doc.Note // footnotes referenced on this line
	words      int         // words begun on this line, by doc.Words' rule
	number     int         // 1-based line number in its paragraph
	overfull   units.Length
	spaces     []float32    // on justified lines: each interword space, in ems
	expand     int          // font expansion in thousandths
	hang       units.Length // how far the line's end hangs into the margin
}

// errLineCount is set's answer when the lines are not as many as wanted.
var errLineCount = errors.New("not the number of lines asked for")

// set breaks p into lines of the given width and draws each; if want is
// not 0 and the lines are not that many, it draws none and returns
// errLineCount.
func (p *paragraph) set(width units.Length, params linebreak.Params, justify bool, want int) ([]line, linebreak.Result, error) {
	var res linebreak.Result
	var err error
	if justify {
		res, err = linebreak.Break(p.items, []units.Length{width}, params)
	} else {
		params.ExpandStretch, params.ExpandShrink = 0, 0
		params.Pretolerance = -1
		params.Tolerance = 10000
		params.EmergencyStretch = 0
		res, err = linebreak.Break(p.items, []units.Length{width}, params)
	}
	if err != nil {
		return nil, res, err
	}
	if want > 0 && len(res.Lines) != want {
		return nil, res, errLineCount
	}
	lines := make([]line, 0, len(res.Lines))
	for i, ln := range res.Lines {
		last := i == len(res.Lines)-1
		inWord := i > 0 && p.breaksWord(res.Lines[i-1].Break)
		l := p.draw(ln, justify && !last, inWord)
		l.number, l.overfull = i+1, ln.Overfull
		lines = append(lines, l)
	}
	return lines, res, nil
}

// leaveShort sets again, at their natural spacing and flush left, the
// justified lines of lines (set from res) whose spaces would be wider than
// maxSpace: past it a space reads as a gap, and a compositor leaves such a
// line short rather than open it up. A line with an unbreakable name in it
// (a long identifier in inline code) is the usual case.
func (p *paragraph) leaveShort(lines []line, res linebreak.Result) {
	for i := range lines {
		l := &lines[i]
		if !l.justified || widestSpace(lines[i:i+1]) <= maxSpace {
			continue
		}
		inWord := i > 0 && p.breaksWord(res.Lines[i-1].Break)
		ln := res.Lines[i]
		ln.Ratio, ln.Expand = 0, 0 // natural spacing, natural letters
		short := p.draw(ln, false, inWord)
		short.number, short.overfull = l.number, l.overfull
		*l = short
	}
}

// breaksWord reports whether the break at item i splits a word: a penalty
// inside a word (a hyphen, a dash, a cut in a long token) carries the style
// of the piece before it; forced breaks and the penalties of no-break and
// ragged-right spaces carry none.
func (p *paragraph) breaksWord(i int) bool {
	return i >= 0 && i < len(p.items) && p.items[i].Kind == linebreak.Penalty && p.what[i].st != nil
}

// draw places the items of one line. inWord says that the line begins in
// the middle of a word broken at the end of the line before: that word was
// begun there, and is not counted again in line.words.
func (p *paragraph) draw(ln linebreak.Line, justified, inWord bool) line {
	out := line{ratio: ln.Ratio, justified: justified, hyphenated: ln.Hyphenated, expand: ln.Expand}
	start := ln.Start
	for start < ln.Break && p.items[start].Kind != linebreak.Box {
		start++ // glue and penalties after a break are discarded
	}
	// Room for a piece or two of text per item, as most lines need.
	out.items = make([]page.Item, 0, ln.Break-start+4)
	var x, end units.Length
	if start < len(p.items) {
		x = -p.items[start].Left // margin kerning at the line's start
	}
	// scale sets a box at its expanded width.
	scale := func(w units.Length) units.Length { return w + w*units.Length(ln.Expand)/1000 }
	type pending struct {
		x    units.Length
		text strings.Builder
		st   *style
	}
	var run *pending
	flush := func() {
		if run == nil {
			return
		}
		out.items = p.runItems(out.items, run.x, run.text.String(), run.st, ln.Expand)
		run = nil
	}
	for i := start; i <= ln.Break && i < len(p.items); i++ {
		it, c := p.items[i], p.what[i]
		switch it.Kind {
		case linebreak.Box:
			if c.st == nil { // an indent
				flush()
				x += scale(it.Width)
				continue
			}
			if run == nil || run.st != c.st {
				flush()
				run = &pending{x: x, st: c.st}
			}
			if !inWord && !c.uncounted {
				out.words++
				inWord = true
			}
			run.text.WriteString(c.text)
			end = x + scale(it.Width)
			out.hang = it.Right
			if c.note != nil {
				out.noteRefs = append(out.noteRefs, c.note)
				out.items = append(out.items, &page.Dest{Name: c.ref, Y: -c.st.size * 2})
			}
			x += scale(it.Width)
		case linebreak.Glue:
			flush()
			if c.st != nil {
				spaceAfter(out.items) // a word space: not drawn, but read
			}
			if i == ln.Break {
				continue
			}
			// Words are counted as the EPUB counts them: a no-break space
			// joins the words on either side.
			inWord = inWord && c.tie
			w := it.Width
			if ln.Ratio > 0 && it.Stretch < fil {
				w += units.Length(float64(it.Stretch) * ln.Ratio)
			} else if ln.Ratio < 0 {
				w += units.Length(float64(it.Shrink) * ln.Ratio)
			}
			if justified && c.st != nil && it.Stretch > 0 && it.Stretch < fil {
				out.spaces = append(out.spaces, float32(float64(w)/float64(c.st.size)))
			}
			out.hang = 0
			x += w
		case linebreak.Penalty:
			if i == ln.Break && c.text != "" {
				if run == nil || run.st != c.st {
					flush()
					run = &pending{x: x, st: c.st}
				}
				run.text.WriteString(c.text)
				x += scale(it.Width)
				end = x
				out.hyphen = true
				out.hang = it.Right
			} else if i == ln.Break && !it.Flagged {
				flush()
				spaceAfter(out.items) // the line ends between words
			}
		}
		if c.st != nil && c.st.size > out.ascent {
			out.ascent = c.st.size
		}
	}
	flush()
	out.width = end // ink width: not the white a ragged line ends with
	return out
}

// runItems appends to items the text in one style at x, kerned, with its
// link and rule, expanded by expand thousandths.
func (p *paragraph) runItems(items []page.Item, x units.Length, text string, st *style, expand int) []page.Item {
	pieces, w := st.tf.face.Pieces(text, st.size)
	k := units.Length(expand)
	w += w * k / 1000
	texts := make([]page.Text, len(pieces)) // one allocation for the run
	for i, pc := range pieces {
		texts[i] = page.Text{X: x + pc.X + pc.X*k/1000, Y: -st.rise, Font: st.tf.name, Size: st.size, Color: st.color, Text: pc.Text, Elem: st.elem, Expand: expand}
		items = append(items, &texts[i])
	}
	if st.strike {
		items = append(items, &page.Rule{X: x, Y: -st.size.Scale(0.3), W: w, H: st.size.Scale(0.05), Color: st.color})
	}
	if st.url != "" || st.dest != "" {
		items = append(items, &page.Link{X: x, Y: -st.size.Scale(0.8) - st.rise, W: w, H: st.size, URL: st.url, Dest: st.dest, Elem: st.link})
	}
	return items
}
