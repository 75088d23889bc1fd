// Package source holds manuscript files and positions in them.
//
// A Pos is a byte offset in a File. When printed, lines and columns are
// 1-based, and columns count runes (Unicode code points), not bytes: a
// manuscript full of curly quotes and dashes must still point at the right
// character in an editor.
package source

import (
	"fmt"
	"sort"
	"unicode/utf8"
)

// A File is one manuscript file held in memory.
type File struct {
	Name  string // the path shown in diagnostics, e.g. "manuscript/article.md"
	Src   []byte
	lines []int // byte offset at which each line of orig starts

	// orig is the text as written, when Src is an edited copy of it (see
	// NewEditedFile); else orig is Src.
	orig  []byte
	edits []Edit
}

// An Edit records that Src[At:At+Len] of an edited File stands where the
// original text [Orig, Orig+OrigLen) was: an included file where its
// directive was written.
type Edit struct {
	At, Len       int
	Orig, OrigLen int
}

// NewFile returns a File for src, shown as name in diagnostics.
func NewFile(name string, src []byte) *File {
	return NewEditedFile(name, src, src, nil)
}

// NewEditedFile returns a File whose text src is orig with edits made, in
// order of offset and not overlapping. Positions in src are shown as lines
// and columns of orig: a position inside an edit's text is shown at the
// start of the text it replaced.
func NewEditedFile(name string, orig, src []byte, edits []Edit) *File {
	f := &File{Name: name, Src: src, orig: orig, edits: edits, lines: []int{0}}
	for i, b := range orig {
		if b == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
}

// origOffset maps an offset in Src to one in the original text.
func (f *File) origOffset(off int) int {
	i := sort.Search(len(f.edits), func(i int) bool { return f.edits[i].At > off }) - 1
	if i < 0 {
		return min(off, len(f.orig))
	}
	e := f.edits[i]
	if off < e.At+e.Len {
		return e.Orig
	}
	return min(e.Orig+e.OrigLen+off-e.At-e.Len, len(f.orig))
}

// srcOffset maps an offset in the original text to one in Src.
func (f *File) srcOffset(off int) int {
	i := sort.Search(len(f.edits), func(i int) bool { return f.edits[i].Orig > off }) - 1
	if i < 0 {
		return off
	}
	e := f.edits[i]
	if off < e.Orig+e.OrigLen {
		return e.At
	}
	return e.At + e.Len + off - e.Orig - e.OrigLen
}

// Pos returns the position at byte offset off in f, clamped to the file.
func (f *File) Pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(f.Src) {
		off = len(f.Src)
	}
	return Pos{File: f, Offset: off}
}

// LineStart returns the position of the first byte of the 1-based line n.
func (f *File) LineStart(n int) Pos {
	if n < 1 {
		n = 1
	}
	if n > len(f.lines) {
		return f.Pos(len(f.Src))
	}
	return f.Pos(f.srcOffset(f.lines[n-1]))
}

// A Pos is a position in a File. The zero Pos is "no position".
type Pos struct {
	File   *File
	Offset int
}

// IsValid reports whether p refers to a file.
func (p Pos) IsValid() bool { return p.File != nil }

// LineCol returns the 1-based line and rune column of p.
func (p Pos) LineCol() (line, col int) {
	if p.File == nil {
		return 0, 0
	}
	f := p.File
	off := f.origOffset(p.Offset)
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, utf8.RuneCount(f.orig[f.lines[i]:off]) + 1
}

// String formats p as "file:line:col", or "-" for no position.
func (p Pos) String() string {
	if p.File == nil {
		return "-"
	}
	l, c := p.LineCol()
	return fmt.Sprintf("%s:%d:%d", p.File.Name, l, c)
}

// Before reports whether p sorts before q: by file name, then offset.
func (p Pos) Before(q Pos) bool {
	switch {
	case p.File == nil || q.File == nil:
		return p.File == nil && q.File != nil
	case p.File.Name != q.File.Name:
		return p.File.Name < q.File.Name
	default:
		return p.Offset < q.Offset
	}
}

// A Span is the stretch of source a node came from: [Pos, End).
type Span struct {
	Start, Stop Pos
}

// Pos returns the position of the first byte of the span.
func (s Span) Pos() Pos { return s.Start }

// End returns the position just after the span.
func (s Span) End() Pos { return s.Stop }

// PosAt returns the position of the 1-based line and rune column, clamped to
// the file.
func (f *File) PosAt(line, col int) Pos {
	if line < 1 {
		line = 1
	}
	if line > len(f.lines) {
		return f.Pos(len(f.Src))
	}
	off := f.lines[line-1]
	for c := 1; c < col && off < len(f.orig) && f.orig[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(f.orig[off:])
		off += n
	}
	return f.Pos(f.srcOffset(off))
}
