package layout

import (
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/galley-press/galley/internal/linebreak"
	"github.com/galley-press/galley/internal/source"
)

// A Report is the typesetting quality report: what an editor would
// otherwise have to find by reading every page.
type Report struct {
	Pages, Lines, Justified, Hyphenated int
	// Spaces holds the width of every interword space on justified lines,
	// in ems of the body size.
	Spaces  []float32
	sorted  []float32 // Spaces in order, once asked for a percentile
	Entries []Entry
	// Passes counts justified paragraphs by the line breaker pass that set
	// them: 1 without hyphenation, 2 with, 3 with emergency stretch, 4 the
	// last resort.
	Passes        [5]int
	run, lastPara int // hyphenated lines in a row, and in which paragraph

	// Microtype reports that margin kerning and font expansion were on.
	Microtype bool
	// Expanded counts the justified lines set with font expansion, and
	// ExpandLeast and ExpandMost give its range, in thousandths.
	Expanded, ExpandLeast, ExpandMost int
	// Hung counts the lines whose last character hangs into the margin.
	Hung int

	// PageStarts says where each page begins in the manuscript, so that an
	// EPUB can mark the print edition's page breaks.
	PageStarts []PageStart
}

// A PageStart is where a page begins: Word words into the block at Pos.
type PageStart struct {
	Page  int
	Label string     // the page's label in the PDF, its printed folio
	Pos   source.Pos // the block's position (doc.Block.Pos)
	Word  int        // words of the block set on earlier pages
}

// An Entry is one finding, at the paragraph concerned.
type Entry struct {
	Pos  source.Pos
	What string
}

func (r *Report) add(p source.Pos, format string, args ...any) {
	r.Entries = append(r.Entries, Entry{Pos: p, What: fmt.Sprintf(format, args...)})
}

// paragraph records which line-breaking pass set a paragraph.
func (r *Report) paragraph(res linebreak.Result, lines []line) {
	if len(lines) > 0 && (lines[0].justified || len(lines) == 1) && res.Pass >= 0 && res.Pass < len(r.Passes) {
		r.Passes[res.Pass]++
	}
}

// line records one line as placed on a page: the report describes the
// pages as printed, after any paragraph was set again to fill a page.
func (r *Report) line(e elem) {
	ln := e.line
	r.Lines++
	if e.para != r.lastPara {
		r.run, r.lastPara = 0, e.para
	}
	if ln.overfull > 0 {
		r.add(e.pos, "overfull line %d by %v", ln.number, ln.overfull)
	}
	if ln.hyphenated {
		r.Hyphenated++
		r.run++
		if r.run == 3 {
			r.add(e.pos, "three hyphenated lines in a row, ending at line %d", ln.number)
		}
	} else {
		r.run = 0
	}
	if !ln.justified {
		return
	}
	r.Justified++
	if ln.hang > 0 {
		r.Hung++
	}
	if ln.expand != 0 {
		if r.Expanded == 0 {
			r.ExpandLeast, r.ExpandMost = ln.expand, ln.expand
		}
		r.Expanded++
		r.ExpandLeast = min(r.ExpandLeast, ln.expand)
		r.ExpandMost = max(r.ExpandMost, ln.expand)
	}
	// Very loose: badness over 200 (plain TeX's \tolerance), spaces wider
	// than about 0.41 em.
	if ln.ratio > 1.26 {
		r.add(e.pos, "very loose line %d (adjustment ratio %.2f)", ln.number, ln.ratio)
	}
	r.Spaces = append(r.Spaces, ln.spaces...)
}

func (r *Report) forcedBreak(p source.Pos) {
	r.add(p, "page break inside a kept block (widow, orphan or heading rule broken)")
}

// pageEnd checks the lines at a page break for widows and orphans.
func (r *Report) pageEnd(es []elem, page int) {
	if len(es) == 0 {
		return
	}
	for _, e := range es {
		if e.src.IsValid() {
			r.PageStarts = append(r.PageStarts, PageStart{Page: page, Pos: e.src, Word: e.word})
			break
		}
	}
	for _, e := range es {
		if e.line != nil {
			r.line(e)
		}
	}
	last := es[len(es)-1]
	if last.line != nil && last.line.hyphenated {
		r.add(last.pos, "page %d ends with a hyphen", page)
	}
}

// fillPageStarts gives a start to every page of n that has none (a title,
// contents or blank page, a page of notes): the start of the file of the
// next page that has one, or the end of the last file for pages after all
// the text. The EPUB then marks every page, in reading order.
func (r *Report) fillPageStarts(n int) {
	byPage := make([]*PageStart, n+1)
	for i := range r.PageStarts {
		if p := r.PageStarts[i].Page; p >= 1 && p <= n && byPage[p] == nil {
			byPage[p] = &r.PageStarts[i]
		}
	}
	out := make([]PageStart, 0, n)
	var last source.Pos
	for p := 1; p <= n; p++ {
		if byPage[p] != nil {
			out = append(out, *byPage[p])
			last = byPage[p].Pos
			continue
		}
		ps := PageStart{Page: p}
		for q := p + 1; q <= n; q++ {
			if byPage[q] != nil && byPage[q].Pos.File != nil {
				ps.Pos = byPage[q].Pos.File.Pos(0)
				break
			}
		}
		if ps.Pos.File == nil && last.File != nil {
			ps.Pos = last.File.Pos(len(last.File.Src))
		}
		if ps.Pos.File != nil {
			out = append(out, ps)
		}
	}
	r.PageStarts = out
}

// SpacePercentile returns the p-th percentile (0–100) of interword spaces
// on justified lines, in ems; 0 if there are none.
func (r *Report) SpacePercentile(p float64) float64 {
	if len(r.Spaces) == 0 {
		return 0
	}
	if len(r.sorted) != len(r.Spaces) {
		r.sorted = slices.Clone(r.Spaces)
		slices.Sort(r.sorted)
	}
	i := int(p / 100 * float64(len(r.sorted)-1))
	return float64(r.sorted[i])
}

// Fprint writes the report: a summary, then each finding with its position.
func (r *Report) Fprint(w io.Writer) error {
	pct := 0.0
	if r.Lines > 0 {
		pct = 100 * float64(r.Hyphenated) / float64(r.Lines)
	}
	_, err := fmt.Fprintf(w, "%d pages, %d lines (%d justified), %d hyphenated (%.1f%%); spaces: median %.3f em, 95th percentile %.3f em, widest %.3f em\n",
		r.Pages, r.Lines, r.Justified, r.Hyphenated, pct, r.SpacePercentile(50), r.SpacePercentile(95), r.SpacePercentile(100))
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "paragraphs by line-breaking pass: %d without hyphenation, %d with, %d with emergency stretch, %d last resort\n",
		r.Passes[1], r.Passes[2], r.Passes[3], r.Passes[4]); err != nil {
		return err
	}
	if !r.Microtype {
		_, err = fmt.Fprintln(w, "microtypography: off")
	} else {
		_, err = fmt.Fprintf(w, "microtypography: font expansion up to ±%.1f%% in %.1f%% steps, on %d lines (%+.1f%% to %+.1f%%); margin kerning, %d line ends in the margin\n",
			float64(expandLimit)/10, float64(expandStep)/10, r.Expanded, float64(r.ExpandLeast)/10, float64(r.ExpandMost)/10, r.Hung)
	}
	if err != nil {
		return err
	}
	if len(r.Entries) == 0 {
		_, err = fmt.Fprintln(w, "no problems found")
		return err
	}
	sort.SliceStable(r.Entries, func(i, j int) bool { return r.Entries[i].Pos.Before(r.Entries[j].Pos) })
	for _, e := range r.Entries {
		if _, err := fmt.Fprintf(w, "%s: %s\n", e.Pos, e.What); err != nil {
			return err
		}
	}
	return nil
}
