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
