package markdown

import (
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/source"
)

func TestTokenizeHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<a href="x" title='y z' data-k=v checked>t</a>`, `start a href="x" title="y z" data-k="v" checked="" | text "t" | end a`},
		{`<br/>`, `start/ br`},
		{`<IMG SRC=a.png ALT="A &amp; B">`, `start img src="a.png" alt="A & B"`},
		{`x <!-- c --> y`, `text "x " | comment !-- | text " y"`},
		{`<!DOCTYPE html><?x?><![CDATA[<b>]]>`, `other !doctype | other ?x | other ![CDATA[`},
		{`a < b &lt; c`, `text "a < b < c"`},
		{`<div class="unterminated`, `other div`},
		{`<p`, `other p`},
		{`</ p>`, `text "</ p>"`},
		{`<!-->`, `comment !--`},
	}
	for _, tc := range tests {
		var parts []string
		for _, tok := range tokenizeHTML([]byte(tc.in)) {
			switch tok.Kind {
			case htmlText:
				parts = append(parts, "text "+strconvQuote(tok.Text))
			case htmlStart:
				s := "start"
				if tok.SelfClosing {
					s += "/"
				}
				s += " " + tok.Name
				for _, a := range tok.Attrs {
					s += " " + a.Name + "=" + strconvQuote(a.Val)
				}
				parts = append(parts, s)
			case htmlEnd:
				parts = append(parts, "end "+tok.Name)
			case htmlComment:
				parts = append(parts, "comment "+tok.Name)
			case htmlOther:
				parts = append(parts, "other "+tok.Name)
			}
		}
		if got := strings.Join(parts, " | "); got != tc.want {
			t.Errorf("tokenizeHTML(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func strconvQuote(s string) string { return `"` + s + `"` }

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://example.org", true},
		{"HTTP://example.org", true},
		{"mailto:a@b.c", true},
		{"#note", true},
		{"chapter2.xhtml#x", true},
		{"../x", true},
		{"a/b:c", true},
		{"javascript:alert(1)", false},
		{" JavaScript:alert(1)", false},
		{"java\tscript:x", false},
		{"java\x00script:x", false},
		{"vbscript:x", false},
		{"data:text/html;base64,PHNjcmlwdD4=", false},
		{"file:///etc/passwd", false},
		{"tel:+123", false},
	}
	for _, tc := range tests {
		if got := safeURL(tc.url); got != tc.want {
			t.Errorf("safeURL(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
}

// FuzzRawHTML checks that no raw HTML makes the converter panic, that every
// position lies inside the file, and that no unsafe link survives.
func FuzzRawHTML(f *testing.F) {
	for _, s := range []string{
		"<em>a</em>", "<div><p>x <b>y</b></p></div>", "<script>x</script>",
		"<a href=\"javascript:x\">t</a>", "<blockquote><blockquote>q</blockquote>",
		"<img src=a.png alt=\"A\" onerror=x>", "<b><i>x</b></i>", "<!-- c --><!DOCTYPE x><?p?>",
		"<a href='#x' onclick=\"y\">z</a><br/>", "<object><object></object>t</object>",
		"<div\nclass=\"x\"\nonclick=y>t</div>", "x <span>a<sup>2</sup></span>",
	} {
		f.Add(s)
		f.Add("Text " + s + " more.\n")
	}
	f.Fuzz(func(t *testing.T, s string) {
		file := source.NewFile("h.md", []byte(s))
		var d diag.List
		blocks, notes := Parse(Input{File: file, Lang: "en"}, &d)
		check := func(n doc.Node) bool {
			if p := n.Pos(); p.IsValid() && (p.Offset < 0 || p.Offset > len(s)) {
				t.Fatalf("%T at offset %d outside the file of %d bytes", n, p.Offset, len(s))
			}
			if l, ok := n.(*doc.Link); ok && dangerousURL(l.URL) {
				t.Fatalf("unsafe link %q kept", l.URL)
			}
			return true
		}
		doc.Inspect(blocks, check)
		for _, n := range notes {
			doc.Inspect(n.Blocks, check)
		}
		for _, x := range d.Items() {
			if x.Pos.IsValid() && (x.Pos.Offset < 0 || x.Pos.Offset > len(s)) {
				t.Fatalf("diagnostic %q outside the file", x.String())
			}
		}
		// The tokenizer alone: offsets in order and inside s.
		prev := 0
		for _, tok := range tokenizeHTML([]byte(s)) {
			if tok.Off < prev || tok.End < tok.Off || tok.End > len(s) {
				t.Fatalf("token %+v out of order or outside [%d, %d]", tok, prev, len(s))
			}
			prev = tok.End
		}
	})
}
