package doc

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Fprint writes d as an indented S-expression, the format of `galley dump`
// and of the reader's golden files. With withPos, every node carries its
// "line:col" position.
func Fprint(w io.Writer, d *Document, withPos bool) error {
	p := &printer{withPos: withPos}
	p.meta(&d.Meta)
	for _, ch := range d.Chapters {
		name := ""
		if ch.File != nil {
			name = ch.File.Name
		}
		p.open(nil, "Chapter %q%s", name, chapterInfo(ch))
		if ch.Meta != nil {
			p.meta(ch.Meta)
		}
		for _, b := range ch.Blocks {
			p.block(b)
		}
		for _, n := range ch.Notes {
			p.open(n, "Note %d %q", n.Number, n.Label)
			for _, b := range n.Blocks {
				p.block(b)
			}
			p.close()
		}
		p.close()
	}
	if p.err != nil {
		return p.err
	}
	_, err := p.b.WriteTo(w)
	return err
}

type printer struct {
	b       bytes.Buffer
	depth   int
	withPos bool
	err     error
}

func (p *printer) line(n Node, format string, args ...any) {
	p.b.WriteString(strings.Repeat("  ", p.depth))
	p.b.WriteString("(")
	fmt.Fprintf(&p.b, format, args...)
	if p.withPos && n != nil && n.Pos().IsValid() {
		l, c := n.Pos().LineCol()
		fmt.Fprintf(&p.b, " @%d:%d", l, c)
	}
}

func (p *printer) open(n Node, format string, args ...any) {
	p.line(n, format, args...)
	p.b.WriteString("\n")
	p.depth++
}

func (p *printer) close() {
	p.depth--
	// Fold the closing paren onto the previous line, in place: a large
	// document closes many nodes.
	if n := p.b.Len(); n > 0 && p.b.Bytes()[n-1] == '\n' {
		p.b.Truncate(n - 1)
	}
	p.b.WriteString(")\n")
}

func (p *printer) leaf(n Node, format string, args ...any) {
	p.line(n, format, args...)
	p.b.WriteString(")\n")
}

func (p *printer) meta(m *Meta) {
	p.open(nil, "Meta")
	field := func(name, v string) {
		if v != "" {
			p.leaf(nil, "%s %q", name, v)
		}
	}
	field("title", m.Title)
	field("subtitle", m.Subtitle)
	field("kicker", m.Kicker)
	for _, a := range m.Authors {
		p.open(nil, "author %q", a.Name)
		for _, b := range a.Bio {
			p.block(b)
		}
		p.close()
	}
	field("lang", m.Lang)
	field("date", m.Date)
	field("identifier", m.Identifier)
	field("publisher", m.Publisher)
	field("rights", m.Rights)
	field("description", m.Description)
	if len(m.Keywords) > 0 {
		p.leaf(nil, "keywords %s", quoteAll(m.Keywords))
	}
	field("slug", m.Slug)
	if m.Hero != nil {
		p.block(m.Hero)
	}
	if m.Cover != nil {
		p.open(nil, "cover")
		p.inline(m.Cover)
		p.close()
	}
	field("accessibilitySummary", m.AccessibilitySummary)
	if m.ConformsTo {
		p.leaf(nil, "conformsTo")
	}
	field("certifiedBy", m.CertifiedBy)
	p.close()
}

// chapterInfo lists what the loader set on a chapter, for the dump.
func chapterInfo(ch *Chapter) string {
	var b strings.Builder
	if ch.ID != "" {
		fmt.Fprintf(&b, " id=%s", ch.ID)
	}
	if ch.Title != "" {
		fmt.Fprintf(&b, " title=%q", ch.Title)
	}
	if ch.Part != "" {
		fmt.Fprintf(&b, " part=%q", ch.Part)
	}
	switch ch.Role {
	case FrontMatter:
		b.WriteString(" front")
	case BackMatter:
		b.WriteString(" back")
	}
	if ch.Lang != "" {
		fmt.Fprintf(&b, " lang=%s", ch.Lang)
	}
	return b.String()
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, " ")
}

func (p *printer) block(b Block) {
	switch b := b.(type) {
	case *Heading:
		p.open(b, "Heading %d%s", b.Level, idSuffix(b.Attr))
		p.inlines(b.Text)
		p.close()
	case *Paragraph:
		p.open(b, "Paragraph")
		p.inlines(b.Text)
		p.close()
	case *Blockquote:
		p.open(b, "Blockquote")
		for _, c := range b.Blocks {
			p.block(c)
		}
		p.close()
	case *List:
		kind := "bullet"
		if b.Ordered {
			kind = "ordered " + strconv.Itoa(b.Start)
		}
		if b.Tight {
			kind += " tight"
		}
		p.open(b, "List %s", kind)
		for _, it := range b.Items {
			p.open(it, "Item")
			for _, c := range it.Blocks {
				p.block(c)
			}
			p.close()
		}
		p.close()
	case *Figure:
		p.open(b, "Figure%s", idSuffix(b.Attr))
		p.inline(b.Image)
		if b.Caption != nil {
			p.open(nil, "Caption")
			p.inlines(b.Caption)
			p.close()
		}
		if b.Credit != nil {
			p.open(nil, "Credit")
			p.inlines(b.Credit)
			p.close()
		}
		p.close()
	case *CodeBlock:
		if b.Listing == nil {
			p.leaf(b, "CodeBlock%s %q %q", idSuffix(b.Attr), b.Lang, b.Text)
			break
		}
		p.open(b, "CodeBlock%s %q %q", idSuffix(b.Attr), b.Lang, b.Text)
		l := b.Listing
		p.open(nil, "Listing %q %q", l.Number, l.FileName)
		p.inlines(l.Caption)
		p.close()
		p.close()
	case *Table:
		p.open(b, "Table")
		rows := func(name string, rs []*Row) {
			for _, r := range rs {
				p.open(r, "%s", name)
				for _, c := range r.Cells {
					p.open(c, "Cell %d", c.Align)
					p.inlines(c.Text)
					p.close()
				}
				p.close()
			}
		}
		rows("HeadRow", b.Head)
		rows("Row", b.Body)
		p.close()
	case *ThematicBreak:
		p.leaf(b, "ThematicBreak")
	default:
		p.err = fmt.Errorf("doc: print: unhandled block %T", b)
	}
}

func idSuffix(a Attr) string {
	if a.ID == "" {
		return ""
	}
	return " #" + a.ID
}

func (p *printer) inlines(in []Inline) {
	for _, i := range in {
		p.inline(i)
	}
}

func (p *printer) inline(i Inline) {
	switch i := i.(type) {
	case *Text:
		p.leaf(i, "Text %q", i.Value)
	case *Emph:
		p.open(i, "Emph")
		p.inlines(i.Text)
		p.close()
	case *Strong:
		p.open(i, "Strong")
		p.inlines(i.Text)
		p.close()
	case *Strike:
		p.open(i, "Strike")
		p.inlines(i.Text)
		p.close()
	case *Span:
		p.open(i, "Span lang=%s", i.Lang)
		p.inlines(i.Text)
		p.close()
	case *Super:
		p.open(i, "Super")
		p.inlines(i.Text)
		p.close()
	case *Sub:
		p.open(i, "Sub")
		p.inlines(i.Text)
		p.close()
	case *Code:
		p.leaf(i, "Code %q", i.Value)
	case *Link:
		target := ""
		if i.Chapter != "" {
			target = " -> " + i.Chapter
			if i.Fragment != "" {
				target += "#" + i.Fragment
			}
		}
		p.open(i, "Link %q%s", i.URL, target)
		p.inlines(i.Text)
		p.close()
	case *Image:
		dec := ""
		if i.Decorative {
			dec = " decorative"
		}
		p.leaf(i, "Image %q alt=%q%s", i.Src, i.Alt, dec)
	case *NoteRef:
		p.leaf(i, "NoteRef %d %q", i.Note.Number, i.Note.Label)
	case *SoftBreak:
		p.leaf(i, "SoftBreak")
	case *LineBreak:
		p.leaf(i, "LineBreak")
	default:
		p.err = fmt.Errorf("doc: print: unhandled inline %T", i)
	}
}

// PlainText returns the text of in without markup: what a screen reader or a
// PDF outline shows. Soft and hard breaks become spaces; notes are skipped.
func PlainText(in []Inline) string {
	var b strings.Builder
	plain(&b, in)
	return b.String()
}

func plain(b *strings.Builder, in []Inline) {
	for _, i := range in {
		switch i := i.(type) {
		case *Text:
			b.WriteString(i.Value)
		case *Code:
			b.WriteString(i.Value)
		case *Emph:
			plain(b, i.Text)
		case *Strong:
			plain(b, i.Text)
		case *Strike:
			plain(b, i.Text)
		case *Span:
			plain(b, i.Text)
		case *Super:
			plain(b, i.Text)
		case *Sub:
			plain(b, i.Text)
		case *Link:
			plain(b, i.Text)
		case *Image:
			b.WriteString(i.Alt)
		case *SoftBreak, *LineBreak:
			b.WriteString(" ")
		case *NoteRef:
		default:
			panic(fmt.Sprintf("doc: PlainText: unhandled inline %T", i))
		}
	}
}
