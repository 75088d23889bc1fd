package pdf

import "testing"

// TestBMPText checks what is drawn of a string: characters beyond the
// BMP become U+FFFD, and format characters are left out when drawn.
func TestBMPText(t *testing.T) {
	tests := []struct {
		name, in string
		draw     bool
		want     string
	}{
		{"plain", "abc", true, "abc"},
		{"beyond the BMP", "a\U0001F600b", true, "a\uFFFDb"},
		{"bidi and zero width drawn", "a\u202eb\u200bc\u200d\u2066d\u2069\ufeff\u00ad", true, "abcd"},
		{"bidi kept in a bookmark", "a\u200eb", false, "a\u200eb"},
		{"combining marks kept", "e\u0301", true, "e\u0301"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var f *face
			if tc.draw {
				f = &face{}
			}
			if got := bmpText(tc.in, f); got != tc.want {
				t.Errorf("bmpText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
