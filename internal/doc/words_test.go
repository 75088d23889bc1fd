package doc

import "testing"

func TestWords(t *testing.T) {
	txt := func(s string) *Text { return &Text{Value: s} }
	note := &Note{Number: 1}
	tests := []struct {
		name   string
		blocks []Block
		want   int
	}{
		{"markup inside a word", []Block{&Paragraph{Text: []Inline{txt("un"), &Emph{Text: []Inline{txt("believ")}}, txt("able 10\u00a0km")}}}, 2},
		{"spaces", []Block{&Paragraph{Text: []Inline{txt("  one two\tthree\n")}}}, 3},
		{"thin and no-break spaces join", []Block{&Paragraph{Text: []Inline{txt("5\u202f% of 10\u00a0000")}}}, 3},
		{"code counts", []Block{&Paragraph{Text: []Inline{txt("call "), &Code{Value: "f(x) now"}}}}, 3},
		{"breaks end words", []Block{&Paragraph{Text: []Inline{txt("one"), &SoftBreak{}, txt("two"), &LineBreak{}, txt("three")}}}, 3},
		{"notes and images neither count nor split", []Block{&Paragraph{Text: []Inline{txt("word"), &NoteRef{Note: note}, txt("s and"), &Image{Alt: "many alt words"}, txt(" more")}}}, 3},
		{"blocks end words", []Block{&Paragraph{Text: []Inline{txt("one")}}, &Paragraph{Text: []Inline{txt("two")}}}, 2},
		{"nested blocks", []Block{&Blockquote{Blocks: []Block{&Paragraph{Text: []Inline{txt("a b")}}}}, &Heading{Level: 2, Text: []Inline{txt("c")}}}, 3},
		{"empty", nil, 0},
	}
	for _, tc := range tests {
		if got := Words(tc.blocks); got != tc.want {
			t.Errorf("%s: Words = %d, want %d", tc.name, got, tc.want)
		}
	}
}
