package highlight

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/golden"
)

// TestLinesGolden highlights each file under testdata/in in the language
// its extension names ("none" for no language) and compares a dump of the
// tokens with testdata/<name>.golden.
func TestLinesGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/in/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		base := filepath.Base(f)
		stem, lang, _ := strings.Cut(base, ".")
		if lang == "none" {
			lang = ""
		}
		t.Run(base, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lines := Lines(lang, "", string(src))
			var b strings.Builder
			var joined []string
			for i, l := range lines {
				fmt.Fprintf(&b, "%d:", i+1)
				var s strings.Builder
				for _, tok := range l {
					name := tok.Class.Name()
					if name == "" {
						name = "plain"
					}
					fmt.Fprintf(&b, " %s%q", name, tok.Text)
					s.WriteString(tok.Text)
				}
				b.WriteString("\n")
				joined = append(joined, s.String())
			}
			if got, want := strings.Join(joined, "\n"), strings.TrimRight(string(src), "\n"); got != want {
				t.Errorf("tokens do not give back the text:\n%s\nwant\n%s", got, want)
			}
			golden.Check(t, filepath.Join("testdata", stem+".golden"), []byte(b.String()))
		})
	}
}

func TestGuess(t *testing.T) {
	for _, c := range []struct {
		lang, file, text string
		want             Class // of the first token
	}{
		{"", "src/main.rs", "fn main() {}", Keyword},
		{"", "Cargo.toml", "name = \"x\"", Plain},
		{"", "", "$ cargo run\nok", Prompt},
		{"", "", "$ ls\n\n", Prompt},
		{"", "", "fn main() {}", Plain},
		{"text", "src/main.rs", "fn main() {}", Plain},
		{"", "notes.unknownext", "fn main() {}", Plain},
	} {
		lines := Lines(c.lang, c.file, c.text)
		if len(lines) == 0 || len(lines[0]) == 0 {
			t.Errorf("Lines(%q, %q, %q) gave no tokens", c.lang, c.file, c.text)
			continue
		}
		if got := lines[0][0].Class; got != c.want {
			t.Errorf("Lines(%q, %q, %q): first token %q is class %d, want %d", c.lang, c.file, c.text, lines[0][0].Text, got, c.want)
		}
	}
}

func TestKnown(t *testing.T) {
	for _, c := range []struct {
		lang string
		want bool
	}{
		{"rust", true}, {"Rust", true}, {"rust,ignore", true}, {"toml", true},
		{"console", true}, {"shell", true}, {"go", true}, {"python", true},
		{"js", true}, {"json", true}, {"yaml", true}, {"c", true},
		{"", false}, {"nosuchlang", false},
	} {
		if got := Known(c.lang); got != c.want {
			t.Errorf("Known(%q) = %v, want %v", c.lang, got, c.want)
		}
	}
}

// TestThemeContrast holds every colour of the theme to WCAG AA (4.5:1)
// against the code block's tint and against white, and checks that the
// classes that matter most differ in more than colour.
func TestThemeContrast(t *testing.T) {
	white := RGB{0xff, 0xff, 0xff}
	for c := Class(0); c < numClasses; c++ {
		s := c.Style()
		for _, bg := range []RGB{Background, white} {
			if r := Contrast(s.Color, bg); r < 4.5 {
				t.Errorf("class %d (%q) %s on %s: contrast %.2f, want >= 4.5", c, c.Name(), s.Color.Hex(), bg.Hex(), r)
			}
		}
	}
	if !Keyword.Style().Bold || !Comment.Style().Italic {
		t.Error("keywords must be bold and comments italic, to read in grey")
	}
	if got := Contrast(RGB{0, 0, 0}, white); got < 20.9 || got > 21.1 {
		t.Errorf("Contrast(black, white) = %.2f, want 21", got)
	}
}

func TestCSS(t *testing.T) {
	css := CSS()
	for c := Class(1); c < numClasses; c++ {
		rule := "pre.code ." + c.Name() + " { color: " + c.Style().Color.Hex()
		if !strings.Contains(css, rule) {
			t.Errorf("CSS lacks %q", rule)
		}
	}
	if !strings.Contains(css, "pre.code .kw { color: #8a1a4b; font-weight: bold; }") {
		t.Errorf("keyword rule not bold:\n%s", css)
	}
}

func FuzzLines(f *testing.F) {
	f.Add("rust", "fn main() {}\n")
	f.Add("console", "$ ls\nout\n")
	f.Fuzz(func(t *testing.T, lang, text string) {
		lines := Lines(lang, "", text)
		var parts []string
		for _, l := range lines {
			var s strings.Builder
			for _, tok := range l {
				if strings.Contains(tok.Text, "\n") || tok.Text == "" {
					t.Fatalf("bad token %q", tok.Text)
				}
				s.WriteString(tok.Text)
			}
			parts = append(parts, s.String())
		}
		if got, want := strings.Join(parts, "\n"), strings.TrimRight(text, "\n"); got != want && len(lines) > 0 {
			t.Fatalf("tokens give %q, want %q", got, want)
		}
	})
}

// BenchmarkLines highlights a Rust listing of forty lines, the size of a
// long one in a programming book.
func BenchmarkLines(b *testing.B) {
	src, err := os.ReadFile("testdata/in/shapes.rust")
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat(string(src), 4)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		lines("rust", "", text)
	}
}
