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
	lines []int // byte offset at which each line starts
}

// NewFile returns a File for src, shown as name in diagnostics.
func NewFile(name string, src []byte) *File {
	f := &File{Name: name, Src: src, lines: []int{0}}
	for i, b := range src {
		if b == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
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
	return f.Pos(f.lines[n-1])
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
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > p.Offset }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, utf8.RuneCount(f.Src[f.lines[i]:p.Offset]) + 1
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
	p := f.LineStart(line)
	off := p.Offset
	for c := 1; c < col && off < len(f.Src) && f.Src[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(f.Src[off:])
		off += n
	}
	return f.Pos(off)
}
