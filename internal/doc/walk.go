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
	if fig, ok := n.(*Figure); ok {
		inspect(fig.Image, f) // before its caption and credit
	}
	kids(n, func(bs []Block) { Inspect(bs, f) }, func(in *[]Inline) { inspectInlines(*in, f) })
}

// EditInlines replaces every run of inlines in blocks, innermost first,
// with what f returns for it. Like Inspect, it panics on a node type it does
// not know.
func EditInlines(blocks []Block, f func([]Inline) []Inline) {
	var node func(n Node)
	run := func(in *[]Inline) {
		for _, x := range *in {
			node(x)
		}
		*in = f(*in)
	}
	node = func(n Node) {
		kids(n, func(bs []Block) {
			for _, b := range bs {
				node(b)
			}
		}, run)
	}
	for _, b := range blocks {
		node(b)
	}
}

// kids is the one place that knows what a node holds: it calls blocks with
// each run of blocks n holds and inlines with each run of inlines, in
// reading order (a figure's image, a node of its own, aside).
func kids(n Node, blocks func([]Block), inlines func(*[]Inline)) {
	switch n := n.(type) {
	case *Heading:
		inlines(&n.Text)
	case *Paragraph:
		inlines(&n.Text)
	case *Blockquote:
		blocks(n.Blocks)
	case *List:
		for _, it := range n.Items {
			blocks(it.Blocks)
		}
	case *Figure:
		inlines(&n.Caption)
		inlines(&n.Credit)
	case *Table:
		for _, rows := range [][]*Row{n.Head, n.Body} {
			for _, r := range rows {
				for _, c := range r.Cells {
					inlines(&c.Text)
				}
			}
		}
	case *Emph:
		inlines(&n.Text)
	case *Strong:
		inlines(&n.Text)
	case *Strike:
		inlines(&n.Text)
	case *Span:
		inlines(&n.Text)
	case *Super:
		inlines(&n.Text)
	case *Sub:
		inlines(&n.Text)
	case *Link:
		inlines(&n.Text)
	case *CodeBlock:
		if n.Listing != nil {
			inlines(&n.Listing.Caption)
		}
	case *ThematicBreak, *Text, *Code, *Image, *NoteRef, *SoftBreak, *LineBreak:
	default:
		panic(fmt.Sprintf("doc: unhandled node %T", n))
	}
}
