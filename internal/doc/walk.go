package doc

import "fmt"

// Inspect traverses the blocks in depth-first order: it calls f(n) for each
// node; if f returns true, Inspect descends into n's children. Note bodies
// are visited where the notes are listed (Chapter.Notes), not at each
// reference. Inspect panics on a node type it does not know, which is a
// programming error.
func Inspect(blocks []Block, f func(Node) bool) {
	for _, b := range blocks {
		inspect(b, f)
	}
}

func inspectInlines(in []Inline, f func(Node) bool) {
	for _, i := range in {
		inspect(i, f)
	}
}

func inspect(n Node, f func(Node) bool) {
	if !f(n) {
		return
	}
	switch n := n.(type) {
	case *Heading:
		inspectInlines(n.Text, f)
	case *Paragraph:
		inspectInlines(n.Text, f)
	case *Blockquote:
		Inspect(n.Blocks, f)
	case *List:
		for _, it := range n.Items {
			Inspect(it.Blocks, f)
		}
	case *Figure:
		inspect(n.Image, f)
		inspectInlines(n.Caption, f)
		inspectInlines(n.Credit, f)
	case *Table:
		for _, rows := range [][]*Row{n.Head, n.Body} {
			for _, r := range rows {
				for _, c := range r.Cells {
					inspectInlines(c.Text, f)
				}
			}
		}
	case *Emph:
		inspectInlines(n.Text, f)
	case *Strong:
		inspectInlines(n.Text, f)
	case *Strike:
		inspectInlines(n.Text, f)
	case *Span:
		inspectInlines(n.Text, f)
	case *Super:
		inspectInlines(n.Text, f)
	case *Sub:
		inspectInlines(n.Text, f)
	case *Link:
		inspectInlines(n.Text, f)
	case *CodeBlock:
		if n.Listing != nil {
			inspectInlines(n.Listing.Caption, f)
		}
	case *ThematicBreak, *Text, *Code, *Image, *NoteRef, *SoftBreak, *LineBreak:
	default:
		panic(fmt.Sprintf("doc: Inspect: unhandled node %T", n))
	}
}
