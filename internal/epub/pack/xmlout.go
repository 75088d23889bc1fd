package pack

import (
	"bytes"
	"strings"

	"github.com/galley-press/galley/internal/xmltext"
)

// An xmlOut accumulates an indented XML document. It is a thin layer over
// a buffer: the generated documents are small and fixed in shape, so they
// are written line by line rather than marshalled from structs, which keeps
// the output easy to read and to compare against golden files.
type xmlOut struct {
	buf bytes.Buffer
	// replaced, if set, is told of each string that held characters XML
	// does not allow, and the first of them.
	replaced func(r rune)
}

// esc returns s escaped for XML (xmltext.Quoted: a value with line breaks
// stays on its line), with the characters XML does not allow replaced.
func (x *xmlOut) esc(s string) string {
	e, n := xmltext.Escape(s, xmltext.Quoted)
	if n > 0 && x.replaced != nil {
		r, _ := xmltext.Forbidden(s)
		x.replaced(r)
	}
	return e
}

// line writes one line indented by depth steps of two spaces.
func (x *xmlOut) line(depth int, parts ...string) {
	for range depth {
		x.buf.WriteString("  ")
	}
	for _, s := range parts {
		x.buf.WriteString(s)
	}
	x.buf.WriteByte('\n')
}

// attrs renders name/value pairs as ` name="value"`, skipping pairs with an
// empty value.
func (x *xmlOut) attrs(kv ...string) string {
	var sb strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		sb.WriteByte(' ')
		sb.WriteString(kv[i])
		sb.WriteString(`="`)
		sb.WriteString(x.esc(kv[i+1]))
		sb.WriteByte('"')
	}
	return sb.String()
}

// elem writes <name attrs>text</name> on one line.
func (x *xmlOut) elem(depth int, name, text string, kv ...string) {
	x.line(depth, "<", name, x.attrs(kv...), ">", x.esc(text), "</", name, ">")
}

// empty writes <name attrs/> on one line.
func (x *xmlOut) empty(depth int, name string, kv ...string) {
	x.line(depth, "<", name, x.attrs(kv...), "/>")
}
