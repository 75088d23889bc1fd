package source

import "testing"

func TestLineCol(t *testing.T) {
	f := NewFile("m/a.md", []byte("ab\n“quoted” x\n\nlast"))
	tests := []struct {
		off       int
		line, col int
	}{
		{0, 1, 1},
		{2, 1, 3},
		{3, 2, 1},
		{3 + len("“quoted” "), 2, 10}, // runes, not bytes
		{len(f.Src), 4, 5},
		{-5, 1, 1},
	}
	for _, tc := range tests {
		l, c := f.Pos(tc.off).LineCol()
		if l != tc.line || c != tc.col {
			t.Errorf("Pos(%d).LineCol() = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
	if got, want := f.Pos(3).String(), "m/a.md:2:1"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := (Pos{}).String(); got != "-" {
		t.Errorf("zero Pos String() = %q", got)
	}
}

func TestEditedFile(t *testing.T) {
	orig := []byte("a\n{{x}}\nb\n")
	src := []byte("a\none\ntwo\nb\n")
	f := NewEditedFile("m/a.md", orig, src, []Edit{{At: 2, Len: 7, Orig: 2, OrigLen: 5}})
	tests := []struct {
		off       int
		line, col int
	}{
		{0, 1, 1},
		{2, 2, 1}, // inside the inserted text: the directive
		{6, 2, 1},
		{9, 2, 6},  // the line end after it
		{10, 3, 1}, // "b"
	}
	for _, tc := range tests {
		l, c := f.Pos(tc.off).LineCol()
		if l != tc.line || c != tc.col {
			t.Errorf("Pos(%d).LineCol() = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
	if got := f.LineStart(3).Offset; got != 10 {
		t.Errorf("LineStart(3) = %d, want 10", got)
	}
	if got := f.PosAt(3, 2).Offset; got != 11 {
		t.Errorf("PosAt(3, 2) = %d, want 11", got)
	}
}
