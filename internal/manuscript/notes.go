package manuscript

import (
	"github.com/galley-press/galley/internal/doc"
)

// frontNotes gives the footnotes of front-matter Markdown (the hero's
// caption and credit, the authors' bios) a place among the notes of the
// chapter that prints them, numbered in reading order: the hero's notes,
// then the text's, then the bios'. Each such value is read on its own, so
// until here its notes stand outside every chapter and their numbers clash
// with the text's.
//
// An article chapter prints its own header and bios; a manuscript of one
// file prints the manuscript's. A book's own metadata (book.yaml,
// book.toml) is printed on pages of its own, which have no notes: a note
// there is an error.
func (ld *loading) frontNotes() {
	d := ld.d
	for i, ch := range d.Chapters {
		m := ch.Meta
		if m == nil && !d.Book && len(d.Chapters) == 1 && i == 0 {
			m = &d.Meta
		}
		if m == nil {
			continue
		}
		head, bios := metaNotes(m)
		if len(head)+len(bios) == 0 {
			continue
		}
		notes := append(append(append([]*doc.Note{}, head...), ch.Notes...), bios...)
		for n, note := range notes {
			note.Number = n + 1
		}
		ch.Notes = notes
	}
	if d.Book || len(d.Chapters) != 1 {
		head, bios := metaNotes(&d.Meta)
		for _, n := range append(head, bios...) {
			ld.diags.Errorf(n.Pos(), "footnote %q in the book's metadata: its bios and captions print on pages without notes; put the note in a chapter", n.Label)
		}
	}
}

// metaNotes returns the notes referenced in m's hero caption and credit,
// and those referenced in its authors' bios, each in order of first
// reference.
func metaNotes(m *doc.Meta) (head, bios []*doc.Note) {
	seen := map[*doc.Note]bool{}
	collect := func(out *[]*doc.Note) func(doc.Node) bool {
		return func(n doc.Node) bool {
			if r, ok := n.(*doc.NoteRef); ok && r.Note != nil && !seen[r.Note] {
				seen[r.Note] = true
				*out = append(*out, r.Note)
			}
			return true
		}
	}
	if f := m.Hero; f != nil {
		inl := append(append([]doc.Inline{}, f.Caption...), f.Credit...)
		doc.Inspect([]doc.Block{&doc.Paragraph{Text: inl}}, collect(&head))
	}
	for _, a := range m.Authors {
		doc.Inspect(a.Bio, collect(&bios))
	}
	return head, bios
}
