package markdown

import (
	"strings"
	"testing"
	"time"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/source"
)

// diagnose reads src and returns its diagnostics, one per line.
func diagnose(src string) string {
	_, d := read("m/a.md", []byte(src))
	return d
}

// TestDiagnostics checks the exact text and position of the reader's
// diagnostics about headings, raw HTML, links and limits.
func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"heading levels in order", "# A\n\n## B\n\n### C\n\n# D\n\n## E\n", ""},
		{"heading level jumps", "# A\n\n### C\n",
			"m/a.md:3:1: warning: heading level jumps from 1 to 3\n"},
		{"heading level jump indented", "## A\n\n   ##### E\n",
			"m/a.md:3:4: warning: heading level jumps from 2 to 5\n"},
		{"setext heading then jump", "A\n=\n\n#### D\n",
			"m/a.md:4:1: warning: heading level jumps from 1 to 4\n"},
		{"heading jump inside a quote", "# A\n\n> ### Q\n",
			"m/a.md:3:3: warning: heading level jumps from 1 to 3\n"},
		{"first heading may be any level", "### C\n\n#### D\n", ""},
		{"first heading below the highest", "## B\n\n# A\n\n## C\n",
			"m/a.md:1:1: warning: the first heading is level 2, below the chapter's highest, 1\n"},
		{"script inline", "Hi <script>alert(1)</script> there.\n",
			"m/a.md:1:4: warning: raw HTML <script> was left out\n"},
		{"script block", "<script>\nalert(1)\n</script>\n",
			"m/a.md:1:1: warning: raw HTML <script> was left out\n"},
		{"style block", "Text.\n\n<style>p { color: red }</style>\n",
			"m/a.md:3:1: warning: raw HTML <style> was left out\n"},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>\n",
			"m/a.md:1:1: warning: raw HTML <iframe> was left out\n"},
		{"object in a div", "<div>\nA <object data=\"x.swf\"><param name=a></object> b\n</div>\n",
			"m/a.md:2:3: warning: raw HTML <object> was left out\n"},
		{"event handler", "A <b onclick=\"steal()\">bold</b> move.\n",
			"m/a.md:1:3: warning: raw HTML attribute \"onclick\" of <b> was left out\n"},
		{"event handler on img", "<img src=\"a.png\" alt=\"A\" onerror=\"x()\">\n",
			"m/a.md:1:1: warning: raw HTML attribute \"onerror\" of <img> was left out\n"},
		{"javascript link", "A <a href=\"javascript:alert(1)\">trap</a>.\n",
			"m/a.md:1:3: warning: raw HTML link to \"javascript:alert(1)\" was left out, keeping its text\n"},
		{"javascript link with entities and tabs", "A <a href=\"java&#9;script&colon;x\">trap</a>.\n",
			"m/a.md:1:3: warning: raw HTML link to \"java\\tscript:x\" was left out, keeping its text\n"},
		{"data link", "<a href='data:text/html,hi'>d</a>\n",
			"m/a.md:1:1: warning: raw HTML link to \"data:text/html,hi\" was left out, keeping its text\n"},
		{"safe links", "<a href=\"https://a.example\">a</a> <a href=\"mailto:x@y.z\">b</a> <a href=\"#n\">c</a> <a href=\"../x.html\">d</a>\n", ""},
		{"markdown javascript link", "A [trap](javascript:alert(1)) here.\n",
			"m/a.md:1:3: warning: link to \"javascript:alert(1)\" was left out, keeping its text\n"},
		{"javascript autolink", "See <javascript:alert(1)>.\n",
			"m/a.md:1:5: warning: link to \"javascript:alert(1)\" was left out, keeping its text\n"},
		{"unknown inline element", "Press <kbd>Ctrl</kbd>.\n",
			"m/a.md:1:7: warning: raw HTML <kbd> is not supported and was left out, keeping its text\n"},
		{"unclosed element", "An <em>open end.\n",
			"m/a.md:1:4: warning: raw HTML <em> is not closed and was left out, keeping its text\n"},
		{"stray end tag", "A stray</strong> tag.\n",
			"m/a.md:1:8: warning: raw HTML </strong> has no opening tag and was left out\n"},
		{"misnested", "<b>x <i>y</b> z</i>\n",
			"m/a.md:1:6: warning: raw HTML <i> is not closed and was left out, keeping its text\n" +
				"m/a.md:1:16: warning: raw HTML </i> has no opening tag and was left out\n"},
		{"doctype", "<!DOCTYPE html>\n",
			"m/a.md:1:1: warning: raw HTML <!doctype…> was left out\n"},
		{"processing instruction", "<?php echo 1; ?>\n",
			"m/a.md:1:1: warning: raw HTML <?php…> was left out\n"},
		{"cdata", "<![CDATA[ x ]]>\n",
			"m/a.md:1:1: warning: raw HTML <![CDATA[…]]> was left out\n"},
		{"void unknown", "a<wbr>b\n",
			"m/a.md:1:2: warning: raw HTML <wbr> was left out\n"},
		{"comment is silent", "<!-- note to self -->\n\nText <!-- inline --> here.\n", ""},
		{"html on a later line", "One\ntwo <script>x</script>\n",
			"m/a.md:2:5: warning: raw HTML <script> was left out\n"},
		{"html in a quote", "> <div onmouseover=\"x\">\n> quoted\n> </div>\n",
			"m/a.md:1:3: warning: raw HTML attribute \"onmouseover\" of <div> was left out\n"},
		{"nesting in quotes", strings.Repeat(">", 70) + " deep\n",
			"m/a.md:1:65: nesting deeper than 64 levels\n"},
		{"nesting in lists", strings.Repeat("- ", 70) + "deep\n",
			"m/a.md:1:129: nesting deeper than 64 levels\n"},
		{"nesting in ordered lists", strings.Repeat("1. ", 70) + "deep\n",
			"m/a.md:1:193: nesting deeper than 64 levels\n"},
		{"many thematic break dashes are fine", strings.Repeat("- ", 500) + "\n", ""},
		{"nesting by indentation", nestedList(200),
			"m/a.md:32:65: nesting deeper than 64 levels\n" +
				"m/a.md:129:259: line is indented by more than 256 columns\n"},
		{"nesting in emphasis", "A " + strings.Repeat("*a ", 70) + "x" + strings.Repeat(" a*", 70) + "\n",
			"m/a.md:1:193: nesting deeper than 64 levels\n"},
		{"nesting in html blocks", strings.Repeat("<blockquote>", 70) + "x\n",
			"m/a.md:1:769: nesting deeper than 64 levels\n"},
		{"nesting in html", strings.Repeat("<em>", 70) + "x" + strings.Repeat("</em>", 70) + "\n",
			"m/a.md:1:253: nesting deeper than 64 levels\n"},
		{"too many brackets", "Intro.\n\n" + strings.Repeat("[a] ", MaxBrackets+1) + "\n\nAfter.\n",
			"m/a.md:3:1: paragraph has more than 10000 \"[\" characters\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := diagnose(tc.in); got != tc.want {
				t.Errorf("Parse(%.60q) diagnostics =\n%s\nwant:\n%s", tc.in, got, tc.want)
			}
		})
	}
}

func nestedList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", 2*i))
		b.WriteString("- x\n")
	}
	return b.String()
}

// TestRawHTMLLeavesNoMarkup checks that the tree made from hostile HTML holds
// no script text and no unsafe link.
func TestRawHTMLLeavesNoMarkup(t *testing.T) {
	src := "<div onclick=\"a()\"><script>evil()</script><p>Kept <a href=\"JaVaScRiPt:x\">words</a>.</p></div>\n\n" +
		"Text <style>body{}</style><iframe src=x>inner</iframe> end.\n"
	f := source.NewFile("h.md", []byte(src))
	var d diag.List
	blocks, _ := Parse(Input{File: f, Lang: "en"}, &d)
	var text strings.Builder
	doc.Inspect(blocks, func(n doc.Node) bool {
		switch n := n.(type) {
		case *doc.Text:
			text.WriteString(n.Value)
		case *doc.Link:
			t.Errorf("link to %q kept", n.URL)
		}
		return true
	})
	if got, want := text.String(), "Kept words.Text  end."; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

// TestHostileTiming checks that inputs that make goldmark slow are refused
// before it sees them. It fails only on a hang, not on speed.
func TestHostileTiming(t *testing.T) {
	inputs := map[string]string{
		"quotes":       strings.Repeat(">", 100000) + " x\n",
		"brackets":     strings.Repeat("[", 100000) + " x\n",
		"refs":         strings.Repeat("[a] ", 100000) + "\n",
		"lists":        strings.Repeat("- ", 100000) + "x\n",
		"indent":       nestedList(3000),
		"emphasis":     strings.Repeat("*a ", 100000) + "x" + strings.Repeat(" a*", 100000),
		"word":         strings.Repeat("w", 1<<20),
		"html":         strings.Repeat("<em>", 100000),
		"html block":   "<div>\n" + strings.Repeat("<b>x</b> <i>y\n", 200000) + "</div>\n",
		"unused notes": strings.Repeat("[^n]: note\n\n", 100000),
		"entities":     strings.Repeat("&amp;\\* ", 300000),
	}
	for name, in := range inputs {
		done := make(chan string)
		go func() { done <- diagnose(in) }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("%s: Parse did not finish in 60 s", name)
		}
	}
}
