package manuscript

import (
	"testing"
	"testing/fstest"

	"github.com/galley-press/galley/internal/doc"
)

// TestListingLinks loads a book whose chapters link to listings, numbered
// by the book and by Galley, and checks the numbers and that the links
// resolve.
func TestListingLinks(t *testing.T) {
	fsys := fstest.MapFS{
		"book.yaml": file("title: Code\nchapters:\n  - one.md\n  - two.md\n"),
		"one.md": file("# One\n\n```rust\nfn a() {}\n```\n\nCaption: The first.\n\n" +
			"See [the next](two.md#listing-9-9), [this one](#listing-1-1) and [none](#listing-1-7).\n"),
		"two.md": file("# Two\n\n<Listing number=\"9-9\" caption=\"Given\">\n\n```rust\nfn b() {}\n```\n\n</Listing>\n\n" +
			"```toml\nx = 1\n```\n\nCaption: Counted.\n"),
	}
	d, diags := loadBook(t, fsys)
	want := "manuscript/one.md:9:67: warning: link to \"#listing-1-7\": chapter \"one.md\" has no heading with id \"listing-1-7\"; the link is kept as text\n"
	if diags != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", diags, want)
	}
	var got []string
	for _, ch := range d.Chapters {
		doc.Inspect(ch.Blocks, func(n doc.Node) bool {
			if cb, ok := n.(*doc.CodeBlock); ok && cb.Listing != nil {
				got = append(got, cb.Listing.Number+" #"+cb.Attr.ID)
			}
			return true
		})
	}
	if w := []string{"1-1 #listing-1-1", "9-9 #listing-9-9", "2-2 #listing-2-2"}; len(got) != len(w) || got[0] != w[0] || got[1] != w[1] || got[2] != w[2] {
		t.Errorf("listings %q, want %q", got, w)
	}
}

// TestListingCaptionLinkKeptAsText checks that a link in a listing's
// caption that leads nowhere is kept as its text, as anywhere else.
func TestListingCaptionLinkKeptAsText(t *testing.T) {
	fsys := fstest.MapFS{
		"book.yaml": file("title: Code\nchapters:\n  - one.md\n  - two.md\n"),
		"one.md":    file("# One\n\n```rust\nfn a() {}\n```\n\nListing 1-1: See [nothing](missing.md).\n"),
		"two.md":    file("# Two\n\nText.\n"),
	}
	d, _ := loadBook(t, fsys)
	doc.Inspect(d.Chapters[0].Blocks, func(n doc.Node) bool {
		if _, ok := n.(*doc.Link); ok {
			t.Errorf("a link to a missing chapter is left at %v", n.Pos())
		}
		return true
	})
}
