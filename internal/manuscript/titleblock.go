package manuscript

import (
	"bytes"
	"strings"
	"time"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/source"
)

// titleBlock reads a Pandoc title block: up to three lines at the top of
// f that start with "%", giving the title, the authors (separated by ";")
// and the date. A line that starts with a space continues the one before.
// An empty field ("%" alone) is left out. A date is written YYYY-MM-DD;
// one written in words ("July 17, 2006") is read too, and any other is
// left out with a warning.
func titleBlock(f *source.File, diags *diag.List) (*Front, int) {
	fm := &Front{Pos: f.Pos(0)}
	var fields []string
	var starts []int
	off := 0
	for off < len(f.Src) && len(fields) <= 3 {
		end := bytes.IndexByte(f.Src[off:], '\n')
		next := len(f.Src)
		if end >= 0 {
			next = off + end + 1
		}
		line := string(bytes.TrimRight(f.Src[off:next], "\n"))
		switch {
		case strings.HasPrefix(line, "%") && len(fields) < 3:
			fields = append(fields, strings.TrimSpace(line[1:]))
			starts = append(starts, off+1)
		case len(fields) > 0 && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")) && strings.TrimSpace(line) != "":
			fields[len(fields)-1] += "\n" + strings.TrimSpace(line)
		default:
			return fm.titleFields(f, fields, starts, diags), off
		}
		off = next
	}
	return fm.titleFields(f, fields, starts, diags), off
}

// titleFields fills fm from the fields of a title block.
func (fm *Front) titleFields(f *source.File, fields []string, starts []int, diags *diag.List) *Front {
	for i, v := range fields {
		at := f.Pos(starts[i])
		switch i {
		case 0:
			fm.Title, fm.TitlePos = strings.Join(strings.Fields(v), " "), at
		case 1:
			for _, a := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '\n' }) {
				if a = strings.TrimSpace(a); a != "" {
					fm.Authors = append(fm.Authors, FrontAuthor{Name: a})
				}
			}
		case 2:
			if v == "" {
				continue
			}
			if d, ok := titleDate(v); ok {
				fm.Date, fm.DatePos = d, at
			} else {
				diags.Warnf(at, "date %q is not of the form YYYY-MM-DD and was left out", v)
			}
		}
	}
	return fm
}

// dateLayouts are the ways of writing a date in words that titleDate
// reads, with the form each becomes.
var dateLayouts = []struct{ in, out string }{
	{"January 2, 2006", "2006-01-02"}, {"Jan 2, 2006", "2006-01-02"},
	{"2 January 2006", "2006-01-02"}, {"2 Jan 2006", "2006-01-02"},
	{"January 2006", "2006-01"}, {"Jan 2006", "2006-01"},
}

// titleDate returns a date of a title block as YYYY, YYYY-MM or YYYY-MM-DD.
func titleDate(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if dateRE.MatchString(s) {
		return s, true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l.in, s); err == nil {
			return t.Format(l.out), true
		}
	}
	return "", false
}
