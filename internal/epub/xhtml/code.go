package xhtml

import (
	"strings"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/highlight"
)

// code writes a code block as a pre of class "code", its tokens in spans
// of the highlighter's classes (plain text bare). A listing is a figure
// with the file name above the code and the number and caption below.
func (x *writer) code(b *doc.CodeBlock) {
	l := b.Listing
	if l != nil {
		x.raw(`<figure class="listing"`)
		if b.Attr.ID != "" {
			x.attr("id", b.Attr.ID)
		}
		x.raw(">\n")
		if l.FileName != "" {
			x.raw(`<p class="listing-file">`)
			x.text(l.FileName)
			x.raw("</p>\n")
		}
	}
	x.raw(`<pre class="code"`)
	if l == nil && b.Attr.ID != "" {
		x.attr("id", b.Attr.ID)
	}
	x.raw("><code")
	if lang, _, _ := strings.Cut(b.Lang, ","); lang != "" {
		// "rust,ignore" is Rust: the class names the language alone.
		x.attr("class", "language-"+lang)
	}
	x.raw(">")
	for i, line := range highlight.Lines(b.Lang, b.FileName(), b.Text) {
		if i > 0 {
			x.raw("\n")
		}
		for _, tok := range line {
			if name := tok.Class.Name(); name != "" {
				x.raw(`<span class="` + name + `">`)
				x.text(tok.Text)
				x.raw("</span>")
				continue
			}
			x.text(tok.Text)
		}
	}
	x.raw("</code></pre>\n")
	if l == nil {
		return
	}
	if l.Number != "" || l.Caption != nil {
		x.raw("<figcaption>")
		if l.Number != "" {
			x.raw(`<span class="listing-number">`)
			x.text(x.opts.Labels.Listing + "\u00a0" + l.Number)
			x.raw("</span>")
			if l.Caption != nil {
				x.raw(": ")
			}
		}
		x.inlines(l.Caption)
		x.raw("</figcaption>\n")
	}
	x.raw("</figure>\n")
}
