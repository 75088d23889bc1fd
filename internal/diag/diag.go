// Package diag collects positioned diagnostics about a manuscript.
//
// Readers and passes add to a List and keep going, so that one run reports
// every problem. Messages are lowercase, without a final period, and quote
// user-supplied names with %q.
package diag

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/galley-press/galley/internal/source"
)

// A Severity says whether a diagnostic fails the build.
type Severity uint8

// The severities.
const (
	Error Severity = iota
	Warning
)

// A Diagnostic is one positioned message.
type Diagnostic struct {
	Pos      source.Pos
	Severity Severity
	Msg      string
}

// String formats d as "file:line:col: message" or "file:line:col: warning: message".
func (d Diagnostic) String() string {
	prefix := ""
	if d.Severity == Warning {
		prefix = "warning: "
	}
	if !d.Pos.IsValid() {
		return prefix + d.Msg
	}
	return d.Pos.String() + ": " + prefix + d.Msg
}

// A List collects diagnostics. The zero List is ready to use. A List is not
// safe for concurrent use.
type List struct {
	items []Diagnostic
}

// Errorf adds an error at pos.
func (l *List) Errorf(pos source.Pos, format string, args ...any) {
	l.items = append(l.items, Diagnostic{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos source.Pos, format string, args ...any) {
	l.items = append(l.items, Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Append adds the diagnostics of m to l.
func (l *List) Append(m *List) { l.items = append(l.items, m.items...) }

// Items returns the diagnostics, sorted by position (stable for equal positions).
func (l *List) Items() []Diagnostic {
	sort.SliceStable(l.items, func(i, j int) bool { return l.items[i].Pos.Before(l.items[j].Pos) })
	return l.items
}

// Len returns the number of diagnostics.
func (l *List) Len() int { return len(l.items) }

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Strict turns every warning into an error.
func (l *List) Strict() {
	for i := range l.items {
		l.items[i].Severity = Error
	}
}

// Fprint writes every diagnostic, sorted, one per line.
func (l *List) Fprint(w io.Writer) error {
	for _, d := range l.Items() {
		if _, err := fmt.Fprintln(w, d.String()); err != nil {
			return err
		}
	}
	return nil
}

// Err returns nil if l has no errors, else an error summarizing them:
// the first, and "(and N more errors)".
func (l *List) Err() error {
	var errs []Diagnostic
	for _, d := range l.Items() {
		if d.Severity == Error {
			errs = append(errs, d)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &Errors{Diags: errs}
}

// Errors is the error returned by List.Err.
type Errors struct {
	Diags []Diagnostic
}

func (e *Errors) Error() string {
	var b strings.Builder
	b.WriteString(e.Diags[0].String())
	if n := len(e.Diags) - 1; n == 1 {
		b.WriteString(" (and 1 more error)")
	} else if n > 1 {
		fmt.Fprintf(&b, " (and %d more errors)", n)
	}
	return b.String()
}
