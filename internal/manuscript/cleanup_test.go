package manuscript

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/galley-press/galley/internal/doc"
)

// TestInputCleanup checks what is cleaned up on the way in and the
// positions of YAML errors: a byte-order mark, CRLF and CR line endings,
// an unclosed quote or bracket reported where it opens, and the limits on
// huge values.
func TestInputCleanup(t *testing.T) {
	tests := []struct {
		name, md string
		want     string // diagnostics
		code     string // the text of the first code block, if any
	}{
		{"byte-order mark before front matter", "\uFEFF---\ntitle: T\n---\nText.\n", "", ""},
		{"CRLF everywhere", "---\r\ntitle: T\r\n---\r\n\r\n```\r\na\r\nb\r\n```\r\n", "", "a\nb\n"},
		{"CR alone", "---\rtitle: T\r---\r\r    a\r    b\r", "", "a\nb\n"},
		{"unclosed quote on line 2", "---\ntitle: \"T\nlang: en\nauthor: A\n---\nText.\n",
			"manuscript/a.md:2:8: front matter: quoted string is never closed (found unexpected end of stream)\n", ""},
		{"unclosed single quote", "---\nlang: en\ntitle: 'T\n---\nText.\n",
			"manuscript/a.md:3:8: front matter: quoted string is never closed (found unexpected end of stream)\n", ""},
		{"unclosed list", "---\ntitle: T\nkeywords: [a, b\nlang: en\n---\nText.\n",
			"manuscript/a.md:3:11: front matter: list \"[\" is never closed (did not find expected ',' or ']')\n", ""},
		{"apostrophe in a plain value is no quote", "---\ntitle: It's\nlang: [en\n---\nText.\n",
			"manuscript/a.md:3:7: front matter: list \"[\" is never closed (did not find expected ',' or ']')\n", ""},
		{"huge title", "---\ntitle: " + strings.Repeat("A", 2<<20) + "\n---\nText.\n",
			"manuscript/a.md:2:8: value of \"title\" is 2097152 bytes, more than the limit of 4000\n", ""},
		{"huge heading as title", "# " + strings.Repeat("word ", 1000) + "\n",
			"manuscript/a.md:1:1: warning: no title given and no level-1 heading: using the name \"manuscript\"\n" +
				"manuscript/a.md:1:3: heading is 4999 bytes, more than the limit of 4000\n", ""},
		{"dashes around text are Markdown", "---\nFoo\n---\nBar\n---\nBaz\n",
			"manuscript/a.md:1:1: warning: the block between \"---\" lines is not keys and values, so it is read as Markdown, not as front matter\n" +
				"manuscript/a.md:1:1: warning: no title given and no level-1 heading: using the name \"manuscript\"\n", ""},
		{"empty heading", "---\ntitle: T\n---\n## \n\nText.\n", "manuscript/a.md:4:1: warning: empty heading left out\n", ""},
		{"undefined footnote", "---\ntitle: T\n---\nSee[^x].\n",
			"manuscript/a.md:4:4: warning: footnote \"x\" is referenced but never defined; the reference is kept as text\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, got := loadBook(t, fstest.MapFS{"a.md": file(tc.md)})
			if got != tc.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tc.want)
			}
			for _, ch := range d.Chapters {
				if strings.ContainsRune(string(ch.File.Src), '\r') {
					t.Error("a carriage return is left in the text")
				}
			}
			if tc.code == "" {
				return
			}
			var code string
			doc.Inspect(d.Chapters[0].Blocks, func(n doc.Node) bool {
				if c, ok := n.(*doc.CodeBlock); ok && code == "" {
					code = c.Text
				}
				return true
			})
			if code != tc.code {
				t.Errorf("code = %q, want %q", code, tc.code)
			}
		})
	}
}
