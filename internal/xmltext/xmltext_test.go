package xmltext

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

func TestAllowed(t *testing.T) {
	tests := []struct {
		r    rune
		want bool
	}{
		{0x0, false}, {0x1, false}, {0x8, false}, {'\t', true}, {'\n', true},
		{0xB, false}, {0xC, false}, {'\r', true}, {0x1F, false}, {' ', true},
		{'a', true}, {0x7F, true}, {0x85, true}, {0xD7FF, true}, {0xD800, false},
		{0xDFFF, false}, {0xE000, true}, {0xFFFD, true}, {0xFFFE, false},
		{0xFFFF, false}, {0x10000, true}, {0x10FFFF, true}, {0x110000, false}, {-1, false},
	}
	for _, tt := range tests {
		if got := Allowed(tt.r); got != tt.want {
			t.Errorf("Allowed(%U) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		name string
		in   string
		mode Mode
		want string
		n    int
	}{
		{"plain text stands", "Kazakhstan’s mission", Text, "Kazakhstan’s mission", 0},
		{"specials in text", `a<b>&"c"'d'`, Text, `a&lt;b&gt;&amp;"c"'d'`, 0},
		{"specials in an attribute", `a<b>&"c"'d'`, Attr, `a&lt;b&gt;&amp;&quot;c&quot;'d'`, 0},
		{"specials quoted", `a<b>&"c"'d'`, Quoted, `a&lt;b&gt;&amp;&#34;c&#34;&#39;d&#39;`, 0},
		{"white space in text", "a\tb\nc\rd", Text, "a\tb\nc\rd", 0},
		{"white space in an attribute", "a\tb\nc\rd", Attr, "a\tb&#10;c\rd", 0},
		{"white space quoted", "a\tb\nc\rd", Quoted, "a&#x9;b&#xA;c&#xD;d", 0},
		{"a control character", "a\x01b", Text, "a\uFFFDb", 1},
		{"controls in an attribute", "\x00\x0b\x0c\x1f", Attr, "\uFFFD\uFFFD\uFFFD\uFFFD", 4},
		{"non-characters", "x\uFFFEy\uFFFFz", Quoted, "x\uFFFDy\uFFFDz", 2},
		{"a byte that is not UTF-8", "a\xffb", Text, "a\uFFFDb", 1},
		{"a surrogate's encoding", "a\xed\xa0\x80b", Text, "a\uFFFD\uFFFD\uFFFDb", 3},
		{"U+FFFD itself is allowed", "a\uFFFDb", Text, "a\uFFFDb", 0},
		{"astral characters stand", "𝔸 😀", Attr, "𝔸 😀", 0},
		{"empty", "", Text, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := Escape(tt.in, tt.mode)
			if got != tt.want || n != tt.n {
				t.Errorf("Escape(%q, %d) = %q, %d; want %q, %d", tt.in, tt.mode, got, n, tt.want, tt.n)
			}
			var b strings.Builder
			if n, err := Write(&b, tt.in, tt.mode); b.String() != tt.want || n != tt.n || err != nil {
				t.Errorf("Write(%q, %d) wrote %q and returned %d, %v; want %q, %d, nil", tt.in, tt.mode, b.String(), n, err, tt.want, tt.n)
			}
			if clean := Clean(tt.in, tt.mode); clean != (tt.in == tt.want) {
				t.Errorf("Clean(%q, %d) = %v, want %v", tt.in, tt.mode, clean, !clean)
			}
			r, bad := Forbidden(tt.in)
			if bad != (tt.n > 0) {
				t.Errorf("Forbidden(%q) = %U, %v; want a forbidden character: %v", tt.in, r, bad, tt.n > 0)
			}
		})
	}
}

func TestForbiddenNamesTheFirst(t *testing.T) {
	tests := []struct {
		in   string
		want rune
	}{
		{"ok\x02then\x01", 0x2},
		{"a\uFFFEb", 0xFFFE},
		{"a\xffb", 0xFFFD},
	}
	for _, tt := range tests {
		if r, ok := Forbidden(tt.in); !ok || r != tt.want {
			t.Errorf("Forbidden(%q) = %U, %v; want %U, true", tt.in, r, ok, tt.want)
		}
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) WriteString(s string) (int, error) {
	if w.after == 0 {
		return 0, errors.New("disk full")
	}
	w.after--
	return len(s), nil
}

func TestWriteReportsTheWritersError(t *testing.T) {
	for after := range 3 {
		if _, err := Write(&failingWriter{after: after}, "a<b", Text); err == nil {
			t.Errorf("Write to a writer failing after %d writes returned no error", after)
		}
	}
}

// FuzzEscape checks, for any string, that every mode's output parses as
// XML to the input with its forbidden characters replaced, that the count
// is right, and that Quoted writes what encoding/xml's EscapeText writes.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a<b>&c", "\"'\t\n\r", "\x00\x01\ufffe", "\xff\xed\xa0\x80", "😀\uFFFD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		n := 0
		for i := 0; i < len(s); {
			r, size := decode(s[i:])
			if r < 0 || !Allowed(r) {
				r = '\uFFFD'
				n++
			}
			want.WriteRune(r)
			i += size
		}
		for _, m := range []Mode{Text, Attr, Quoted} {
			got, replaced := Escape(s, m)
			if replaced != n {
				t.Fatalf("Escape(%q, %d) replaced %d characters, want %d", s, m, replaced, n)
			}
			var doc string
			if m == Text {
				doc = "<a>" + got + "</a>"
			} else {
				doc = `<a v="` + got + `"/>`
			}
			var parsed struct {
				V    string `xml:"v,attr"`
				Text string `xml:",chardata"`
			}
			if err := xml.Unmarshal([]byte(doc), &parsed); err != nil {
				t.Fatalf("Escape(%q, %d) = %q: not well-formed: %v", s, m, got, err)
			}
			value := parsed.Text
			if m != Text {
				value = parsed.V
			}
			// A parser normalizes line ends, and white space in attribute
			// values: compare what survives that, but in Quoted mode,
			// which writes them all as references.
			norm := want.String()
			if m != Quoted {
				value, norm = blank(value), blank(norm)
			}
			if value != norm {
				t.Fatalf("Escape(%q, %d) = %q parses as %q, want %q", s, m, got, value, norm)
			}
		}
		var ref strings.Builder
		_ = xml.EscapeText(&ref, []byte(s))
		if got, _ := Escape(s, Quoted); got != ref.String() {
			t.Fatalf("Escape(%q, Quoted) = %q, encoding/xml writes %q", s, got, ref.String())
		}
	})
}

// decode returns the first character of s and its length, with -1 for a
// byte that is not UTF-8.
func decode(s string) (rune, int) {
	for _, r := range s {
		if r == '\uFFFD' && !strings.HasPrefix(s, "\uFFFD") {
			return -1, 1
		}
		return r, len(string(r))
	}
	return -1, 1
}

// blank removes tabs, line feeds and carriage returns, which a parser
// may turn into one another or into spaces.
func blank(s string) string {
	return strings.NewReplacer("\r", "", "\n", "", "\t", "").Replace(s)
}
