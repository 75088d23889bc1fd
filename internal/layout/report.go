package layout

import (
	"fmt"
	"io"
	"sort"

	"github.com/galley-press/galley/internal/linebreak"
	"github.com/galley-press/galley/internal/source"
	"github.com/galley-press/galley/internal/units"
)

// A Report is the typesetting quality report: what an editor would
// otherwise have to find by reading every page.
type Report struct {
	Pages, Lines, Justified, Hyphenated int
	// Spaces holds the width of every interword space on justified lines,
	// in ems of the body size.
	Spaces  []float64
	Entries []Entry
	// Passes counts justified paragraphs by the line breaker pass that set
	// them: 1 without hyphenation, 2 with, 3 with emergency stretch, 4 the
	// last resort.
	Passes [5]int
	// PageStarts says where each page begins in the manuscript, so that an
	// EPUB can mark the print edition's page breaks.
	PageStarts []PageStart
}

// A PageStart is where a page begins: Word words into the block at Pos.
type PageStart struct {
	Page int
	Pos  source.Pos // the block's position (doc.Block.Pos)
	Word int        // words of the block set on earlier pages
}

// An Entry is one finding, at the paragraph concerned.
type Entry struct {
	Pos  source.Pos
	What string
}

func (r *Report) add(p source.Pos, format string, args ...any) {
	r.Entries = append(r.Entries, Entry{Pos: p, What: fmt.Sprintf(format, args...)})
}

// paragraph records the lines of one paragraph.
func (r *Report) paragraph(p *paragraph, res linebreak.Result, lines []line, em units.Length) {
	if len(lines) > 0 && (lines[0].justified || len(lines) == 1) && res.Pass >= 0 && res.Pass < len(r.Passes) {
		r.Passes[res.Pass]++
	}
	run := 0
	for i, ln := range res.Lines {
		r.Lines++
		if ln.Overfull > 0 {
			r.add(p.pos, "overfull line %d by %v", i+1, ln.Overfull)
		}
		if ln.Hyphenated {
			r.Hyphenated++
			run++
			if run == 3 {
				r.add(p.pos, "three hyphenated lines in a row, ending at line %d", i+1)
			}
		} else {
			run = 0
		}
		if !lines[i].justified {
			continue
		}
		r.Justified++
		if ln.Ratio > 1 {
			r.add(p.pos, "loose line %d (adjustment ratio %.2f)", i+1, ln.Ratio)
		}
		for k := ln.Start; k < ln.Break && k < len(p.items); k++ {
			it := p.items[k]
			if it.Kind != linebreak.Glue || k == ln.Start || it.Stretch >= fil || p.what[k].st == nil {
				continue
			}
			w := it.Width
			if ln.Ratio >= 0 {
				w += units.Length(float64(it.Stretch) * ln.Ratio)
			} else {
				w += units.Length(float64(it.Shrink) * ln.Ratio)
			}
			r.Spaces = append(r.Spaces, float64(w)/float64(p.what[k].st.size))
		}
	}
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
	last := es[len(es)-1]
	if last.line != nil && last.line.hyphenated {
		r.add(last.pos, "page %d ends with a hyphen", page)
	}
}

// SpacePercentile returns the p-th percentile (0–100) of interword spaces
// on justified lines, in ems; 0 if there are none.
func (r *Report) SpacePercentile(p float64) float64 {
	if len(r.Spaces) == 0 {
		return 0
	}
	s := append([]float64{}, r.Spaces...)
	sort.Float64s(s)
	i := int(p / 100 * float64(len(s)-1))
	return s[i]
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
