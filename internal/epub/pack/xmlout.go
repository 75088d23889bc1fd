package pack

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// An xmlOut accumulates an indented XML document. It is a thin layer over
// a buffer: the generated documents are small and fixed in shape, so they
// are written line by line rather than marshalled from structs, which keeps
// the output easy to read and to compare against golden files.
type xmlOut struct {
	buf bytes.Buffer
}

// esc returns s with the XML special characters escaped. Characters that
// XML forbids are replaced by U+FFFD.
func esc(s string) string {
	if !strings.ContainsAny(s, "<>&'\"\t\n\r") && isXMLSafe(s) {
		return s
	}
	var sb strings.Builder
	_ = xml.EscapeText(&sb, []byte(s)) // a strings.Builder never fails
	return sb.String()
}

func isXMLSafe(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0xfffe || r == 0xffff || r >= 0xd800 && r <= 0xdfff {
			return false
		}
	}
	return true
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
func attrs(kv ...string) string {
	var sb strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		sb.WriteByte(' ')
		sb.WriteString(kv[i])
		sb.WriteString(`="`)
		sb.WriteString(esc(kv[i+1]))
		sb.WriteByte('"')
	}
	return sb.String()
}

// elem writes <name attrs>text</name> on one line.
func (x *xmlOut) elem(depth int, name, text string, kv ...string) {
	x.line(depth, "<", name, attrs(kv...), ">", esc(text), "</", name, ">")
}

// empty writes <name attrs/> on one line.
func (x *xmlOut) empty(depth int, name string, kv ...string) {
	x.line(depth, "<", name, attrs(kv...), "/>")
}
