package markdown

import (
	"bytes"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/source"
)

// Limits that keep goldmark from spending quadratic time or more on hostile
// input. They are checked on the source before goldmark sees it, because
// goldmark's cost grows with nesting and brackets long before the tree could
// be checked. A line or paragraph past a limit is reported and read as blank.
const (
	// MaxIndent is the widest indentation, in columns, of a line's content
	// after its block quote and list markers.
	MaxIndent = 4 * MaxDepth
	// MaxBrackets is the most "[" characters one paragraph may hold.
	MaxBrackets = 10000
	// MaxHeadingSize is the longest heading, in bytes of its text: a
	// heading is also a contents entry, a bookmark and a running head.
	MaxHeadingSize = 4000
)

// limit checks src against MaxDepth, MaxIndent and MaxBrackets and returns
// the text to parse: src itself, or a copy in which the offending lines are
// blanked (offsets are kept, so positions stay right).
func (r *reader) limit(src []byte) []byte {
	out, copied, done := src, false, 0
	blank := func(from, to int) {
		if !copied {
			out, copied = bytes.Clone(src), true
			r.src = out
		}
		for i := max(from, done); i < to; i++ {
			if out[i] != '\n' && out[i] != '\r' {
				out[i] = ' '
			}
		}
		done = max(done, to)
	}
	chunk, brackets := 0, 0 // start and bracket count of the current paragraph
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if end >= 0 {
			end += off
			next = end + 1
		} else {
			end = len(src)
		}
		line := src[off:end]
		if len(bytes.TrimSpace(line)) == 0 {
			chunk, brackets = next, 0
			off = next
			continue
		}
		depth, width, at := prefix(line)
		switch {
		case depth > MaxDepth:
			r.tooDeep(r.pos(off + at))
			blank(off, end)
		case width > MaxIndent:
			if !r.indentSeen {
				r.diags.Errorf(r.pos(off+at), "line is indented by more than %d columns", MaxIndent)
				r.indentSeen = true
			}
			blank(off, end)
		}
		n := bytes.Count(line, []byte("["))
		if brackets <= MaxBrackets && brackets+n > MaxBrackets {
			r.diags.Errorf(r.pos(chunk), "paragraph has more than %d \"[\" characters", MaxBrackets)
		}
		brackets += n
		if brackets > MaxBrackets {
			blank(chunk, end)
		}
		off = next
	}
	return out
}

// prefix measures the container markers at the start of line: the number
// of block quote and list markers, the column at which the content after
// them starts, and the byte offset of the marker past MaxDepth or of the
// content.
func prefix(line []byte) (depth, width, at int) {
	i, col := 0, 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			if line[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
			i++
		}
		if i >= len(line) || isBreakLine(line[i:]) {
			return depth, col, i
		}
		n := marker(line[i:])
		if n == 0 {
			return depth, col, i
		}
		depth++
		if depth > MaxDepth {
			return depth, col, i
		}
		i += n
		col += n
	}
}

// marker returns the length of the block quote or list marker at the start
// of s, or 0.
func marker(s []byte) int {
	spaceAfter := func(n int) bool { return n >= len(s) || s[n] == ' ' || s[n] == '\t' }
	switch c := s[0]; {
	case c == '>':
		return 1
	case c == '-' || c == '+' || c == '*':
		if spaceAfter(1) {
			return 1
		}
	case c >= '0' && c <= '9':
		n := 0
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n < len(s) && (s[n] == '.' || s[n] == ')') && spaceAfter(n+1) {
			return n + 1
		}
	}
	return 0
}

// isBreakLine reports whether s is a thematic break: three or more of the
// same "-", "*" or "_", with only spaces and tabs between.
func isBreakLine(s []byte) bool {
	var c byte
	n := 0
	for _, b := range s {
		switch b {
		case ' ', '\t', '\r':
		case '-', '*', '_':
			if c != 0 && b != c {
				return false
			}
			c = b
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// checkHeadings warns where a heading is more than one level below the
// heading before it, as "#" followed by "###", or where the first heading
// is not at the highest level of the chapter: readers that navigate by
// headings lose their place. It marks each such heading SkipsLevel, so
// that no renderer need check again.
func (r *reader) checkHeadings(blocks []doc.Block) {
	top := 0
	doc.Inspect(blocks, func(n doc.Node) bool {
		if h, ok := n.(*doc.Heading); ok {
			if top == 0 || h.Level < top {
				top = h.Level
			}
			return false
		}
		return true
	})
	prev := 0
	doc.Inspect(blocks, func(n doc.Node) bool {
		h, ok := n.(*doc.Heading)
		if !ok {
			return true
		}
		switch {
		case prev == 0 && h.Level > top:
			// The chapter's title, or the document's top, stands above
			// its highest heading: one below the title, this is more.
			h.SkipsLevel = true
			r.diags.Warnf(r.headingPos(h), "the first heading is level %d, below the chapter's highest, %d", h.Level, top)
		case prev > 0 && h.Level > prev+1:
			h.SkipsLevel = true
			r.diags.Warnf(r.headingPos(h), "heading level jumps from %d to %d", prev, h.Level)
		}
		prev = h.Level
		return false
	})
}

// headingPos returns the position of the "#" marks of an ATX heading, or of
// the text of a Setext heading.
func (r *reader) headingPos(h *doc.Heading) source.Pos {
	p := h.Pos()
	if r.in.At.IsValid() || !p.IsValid() || p.File != r.in.File {
		return p
	}
	off := p.Offset
	for off > r.in.Offset && (r.in.File.Src[off-1] == ' ' || r.in.File.Src[off-1] == '\t') {
		off--
	}
	if off > r.in.Offset && r.in.File.Src[off-1] == '#' {
		for off > r.in.Offset && r.in.File.Src[off-1] == '#' {
			off--
		}
		return r.in.File.Pos(off)
	}
	return p
}
