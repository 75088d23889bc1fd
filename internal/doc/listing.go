package doc

import "strconv"

// NumberListings numbers the listings the book left unnumbered, per
// chapter: a captioned listing without a number gets the chapter's number
// and its place among the chapter's listings ("3-2"), and an id to link
// to ("listing-3-2") if it has none. Numbers the book gives are kept and
// counted. Chapters of the body matter are numbered from 1; in an article,
// and in the front and back matter, listings are numbered 1, 2, 3 alone.
// Listings with only a file name are not numbered.
func NumberListings(d *Document) {
	chapter := 0
	for _, ch := range d.Chapters {
		prefix := ""
		if d.Book && ch.Role == BodyMatter {
			chapter++
			prefix = strconv.Itoa(chapter) + "-"
		}
		n := 0
		Inspect(ch.Blocks, func(nd Node) bool {
			cb, ok := nd.(*CodeBlock)
			if !ok || cb.Listing == nil || (cb.Listing.Number == "" && cb.Listing.Caption == nil) {
				return true
			}
			n++
			if cb.Listing.Number == "" {
				cb.Listing.Number = prefix + strconv.Itoa(n)
				if cb.Attr.ID == "" {
					cb.Attr.ID = "listing-" + cb.Listing.Number
				}
			}
			return true
		})
	}
}

// FileName returns the name of the file c's listing shows, or "".
func (c *CodeBlock) FileName() string {
	if c.Listing == nil {
		return ""
	}
	return c.Listing.FileName
}
