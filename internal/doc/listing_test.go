package doc

import (
	"reflect"
	"testing"
)

func TestNumberListings(t *testing.T) {
	caption := []Inline{&Text{Value: "c"}}
	listing := func(num, file string, cap []Inline) *CodeBlock {
		return &CodeBlock{Listing: &Listing{Number: num, FileName: file, Caption: cap}}
	}
	for _, c := range []struct {
		name  string
		book  bool
		roles []Role
		want  [][]string // per chapter: number and id of each code block
	}{
		{"article", false, []Role{BodyMatter}, [][]string{{"1 listing-1", "2-9 listing-2-9", " ", "3 listing-3", "plain"}}},
		{"book", true, []Role{FrontMatter, BodyMatter, BodyMatter}, [][]string{
			{"1 listing-1", "2-9 listing-2-9", " ", "3 listing-3", "plain"},
			{"1-1 listing-1-1", "2-9 listing-2-9", " ", "1-3 listing-1-3", "plain"},
			{"2-1 listing-2-1", "2-9 listing-2-9", " ", "2-3 listing-2-3", "plain"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &Document{Book: c.book}
			for _, r := range c.roles {
				given := listing("2-9", "", caption)
				given.Attr.ID = "listing-2-9"
				d.Chapters = append(d.Chapters, &Chapter{Role: r, Blocks: []Block{
					listing("", "", caption),
					&Blockquote{Blocks: []Block{given}},
					listing("", "main.rs", nil),
					listing("", "", caption),
					&CodeBlock{},
				}})
			}
			NumberListings(d)
			var got [][]string
			for _, ch := range d.Chapters {
				var row []string
				Inspect(ch.Blocks, func(n Node) bool {
					if cb, ok := n.(*CodeBlock); ok {
						if cb.Listing == nil {
							row = append(row, "plain")
						} else {
							row = append(row, cb.Listing.Number+" "+cb.Attr.ID)
						}
					}
					return true
				})
				got = append(got, row)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %q\nwant %q", got, c.want)
			}
		})
	}
}
