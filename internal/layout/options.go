package layout

import (
	"fmt"
	"strings"

	"github.com/galley-press/galley/internal/units"
)

// A PageSize names a trim size and the type scaled to it.
type PageSize struct {
	Name          string
	Width, Height units.Length
	// Body is the body type size; Leading the distance between baselines.
	Body, Leading units.Length
	// Measure is the width of the text block.
	Measure units.Length
}

// The page sizes Galley knows. Each has its own type size; the measure is
// 34 ems of it on every trim, about 65 characters a line. Narrower measures
// leave the line breaker too few spaces per line: at 31 ems it must either
// hyphenate one line in five or set spaces wider than 0.45 em.
var (
	A4     = PageSize{Name: "a4", Width: units.Mm(210), Height: units.Mm(297), Body: units.Pt(11), Leading: units.Pt(15), Measure: units.Pt(374)}
	Letter = PageSize{Name: "letter", Width: units.In(8.5), Height: units.In(11), Body: units.Pt(11), Leading: units.Pt(15), Measure: units.Pt(374)}
	A5     = PageSize{Name: "a5", Width: units.Mm(148), Height: units.Mm(210), Body: units.Pt(9.5), Leading: units.Pt(13), Measure: units.Pt(323)}
	Trade  = PageSize{Name: "6x9in", Width: units.In(6), Height: units.In(9), Body: units.Pt(10), Leading: units.Pt(13.6), Measure: units.Pt(340)}
)

// PageSizes lists the known sizes by name.
var PageSizes = []PageSize{A4, Letter, A5, Trade}

// LookupPageSize returns the page size called name ("a4", "letter", "a5",
// "6x9in"), case-insensitively.
func LookupPageSize(name string) (PageSize, error) {
	var names []string
	for _, p := range PageSizes {
		if strings.EqualFold(p.Name, name) {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return PageSize{}, fmt.Errorf("unknown page size %q (want one of %s)", name, strings.Join(names, ", "))
}

// Options control the layout.
type Options struct {
	Page PageSize
	// Date is the document date as "2006-01-02T15:04:05Z", from the
	// manuscript; never the clock.
	Date string
	// Creator names the program, for the PDF's metadata.
	Creator string
	// Cover adds the typographic cover, the EPUB's design, as page 1.
	Cover bool
	// Progress, if set, is called as chapters are set, with the number
	// done and the total. Calls come from several goroutines, one at a time.
	Progress func(done, total int)
	// NoMicrotype turns off margin kerning and font expansion (as does the
	// manuscript's microtype: false).
	NoMicrotype bool
	// Sink, if set, takes the pages as they are finished, and the
	// Document that Typeset returns has none (see Sink).
	Sink Sink
}

// geometry is the page's text block.
type geometry struct {
	left, top, width, height units.Length // text block
	headY, footY             units.Length // baselines of running head and folio
}

func (p PageSize) geometry() geometry {
	left := (p.Width - p.Measure) / 2
	top := p.Height.Scale(0.085)
	bottom := p.Height.Scale(0.11)
	return geometry{
		left: left, top: top, width: p.Measure, height: p.Height - top - bottom,
		headY: top - p.Leading.Scale(1.6),
		footY: p.Height - bottom + p.Leading.Scale(2.2),
	}
}
