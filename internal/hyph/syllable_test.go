package hyph

import (
	"slices"
	"strings"
	"testing"
)

// marked returns word with a hyphen at every break Hyphenate gives.
func marked(h *Hyphenator, word string) string {
	cuts := h.Hyphenate(word)
	var b strings.Builder
	last := 0
	for _, c := range cuts {
		b.WriteString(word[last:c])
		b.WriteByte('-')
		last = c
	}
	b.WriteString(word[last:])
	return b.String()
}

func TestNoPieceWithoutVowel(t *testing.T) {
	tests := []struct{ lang, word, want string }{
		{"kk", "Қазақстан", "Қа-зақ-стан"},
		{"kk", "Қазақстанның", "Қа-зақ-стан-ның"},
		{"en", "hyphenation", "hy-phen-ation"},
		{"ru", "государство", "го-су-дар-ство"},
		{"en-GB", "Kazakhstan", "Kazakh-stan"},
	}
	for _, tt := range tests {
		h, err := New(tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		got := marked(h, tt.word)
		if got != tt.want {
			t.Errorf("%s %q: got %q, want %q", tt.lang, tt.word, got, tt.want)
		}
		for _, piece := range strings.Split(got, "-") {
			if !strings.ContainsFunc(piece, isVowel) {
				t.Errorf("%s %q: piece %q has no vowel", tt.lang, tt.word, piece)
			}
		}
	}
}

func TestSyllablesJoinsShorterCluster(t *testing.T) {
	word := "abcstde" // pieces ab|c|st|de: "c" and "st" have no vowel
	units := make([]unit, len(word))
	for i := range units {
		units[i] = unit{off: i, flags: uLetter}
	}
	got := syllables(word, units, []int{2, 3, 5})
	if want := []int{3}; !slices.Equal(got, want) { // abc-stde
		t.Errorf("syllables = %v, want %v", got, want)
	}
	// A script without known vowels keeps its breaks.
	if got := syllables("ქართული", []unit{{off: 0}, {off: 3}, {off: 6}}, []int{1, 2}); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("syllables kept %v, want [1 2]", got)
	}
}

func TestHyphenMinsPerLanguage(t *testing.T) {
	tests := []struct {
		lang        string
		left, right int
	}{
		{"en", 2, 3}, {"en-GB", 2, 3}, {"ru", 2, 2}, {"kk", 2, 2},
	}
	for _, tt := range tests {
		h, err := New(tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		if h.LeftMin != tt.left || h.RightMin != tt.right {
			t.Errorf("%s: minimums %d/%d, want %d/%d", tt.lang, h.LeftMin, h.RightMin, tt.left, tt.right)
		}
		// No break leaves fewer letters than the minimums.
		for _, w := range []string{"information", "государственный", "мемлекеттік"} {
			for _, c := range h.Hyphenate(w) {
				if l, r := len([]rune(w[:c])), len([]rune(w[c:])); l < tt.left || r < tt.right {
					t.Errorf("%s %q: break at %d leaves %d/%d letters", tt.lang, w, c, l, r)
				}
			}
		}
	}
}
