// Package doc defines Galley's document tree: the contract between the
// manuscript reader and the renderers.
//
// Nodes are plain structs with source spans, built as composite literals.
// There are no parent pointers. Block and Inline are sealed interfaces: every
// type that implements them is declared in this file, and every switch over
// them lists all cases and fails loudly on the rest.
//
// It imports only package source: never the reader (manuscript, markdown)
// and never a renderer.
package doc

import "github.com/galley-press/galley/internal/source"

// A Node is any element of the tree.
type Node interface {
	Pos() source.Pos // position of the first byte of the node
	End() source.Pos // position just after the node
}

// A Block stacks vertically: paragraphs, headings, lists, figures.
//
//sumtype:decl
type Block interface {
	Node
	blockNode()
}

// An Inline is a piece of a line of text.
//
//sumtype:decl
type Inline interface {
	Node
	inlineNode()
}

// A Document is a whole manuscript: metadata and chapters. An article is a
// document with one chapter.
type Document struct {
	Meta     Meta
	Chapters []*Chapter
	// Book is set for a manuscript of several chapters (a book, or an issue
	// of articles); an article is one chapter without it.
	Book bool
}

// Meta is the manuscript's metadata, from its front matter.
type Meta struct {
	Title       string
	Subtitle    string // the dek or standfirst; or ""
	Kicker      string // the section label; or ""
	Authors     []Author
	Lang        string // BCP 47 tag, "en" by default
	Date        string // "2006-01-02" or ""; the only date a build may use
	Identifier  string // as given, or "" to derive one from the content
	Publisher   string
	Rights      string
	Description string
	Keywords    []string
	Slug        string     // file name stem of the outputs
	Hero        *Figure    // or nil
	Pos         source.Pos // where the front matter starts

	// Cover is the cover image (front matter "cover"), or nil: the EPUB
	// then gets a typographic cover drawn from the title, dek, kicker and
	// authors.
	Cover *Image
	// AccessibilitySummary, if set, replaces the accessibility summary the
	// EPUB writer composes from what the book contains.
	AccessibilitySummary string
	// ConformsTo asks for an EPUB Accessibility 1.1 (WCAG 2.2 Level AA)
	// conformance claim. The EPUB carries it only if Galley's own checks
	// of the content pass.
	ConformsTo bool
	// CertifiedBy names who evaluated the conformance claim; or "".
	CertifiedBy string
	// NoMicrotype turns off margin kerning and font expansion in the PDF
	// (front matter "microtype: false").
	NoMicrotype bool
}

// An Author is a contributor with an optional bio.
type Author struct {
	Name string
	Bio  []Block // or nil
}

// A Chapter is one Markdown file's body.
type Chapter struct {
	File   *source.File
	ID     string // unique stem used for output file names, e.g. "article"
	Blocks []Block
	Notes  []*Note // footnotes in order of first reference
	// Meta is the chapter's own front matter, or nil. In an issue of a
	// magazine each chapter is an article with its own title, authors,
	// bios and hero image.
	Meta *Meta
	// Title is the chapter's title: its front matter's, else the text of
	// its first heading; "" if it has neither.
	Title string
	// Part is the title of the part this chapter opens, or "".
	Part string
	// Role places the chapter in the front, body or back matter.
	Role Role
	// Lang is the chapter's language when it differs from the book's; or "".
	Lang string
}

// DisplayTitle is what a chapter is called in contents, running heads and
// document titles: its front matter's title, else its Title, else the text
// of its first heading, else its ID.
func (ch *Chapter) DisplayTitle() string {
	switch {
	case ch.Meta != nil && ch.Meta.Title != "":
		return ch.Meta.Title
	case ch.Title != "":
		return ch.Title
	}
	for _, b := range ch.Blocks {
		if h, ok := b.(*Heading); ok {
			return PlainText(h.Text)
		}
	}
	return ch.ID
}

// Role is a chapter's place in a book.
type Role uint8

// The roles.
const (
	BodyMatter Role = iota
	FrontMatter
	BackMatter
)

// Attr holds an identifier and classes.
type Attr struct {
	ID      string
	Classes []string
}

// Blocks.

// A Heading is a section heading, level 1 to 6.
type Heading struct {
	source.Span
	Level int
	Attr  Attr
	Text  []Inline
	// SkipsLevel is set by the reader, which warns of it, on a heading
	// more than one level below the heading before it (or, for a
	// chapter's first heading, below the chapter's highest level).
	SkipsLevel bool
}

// A Paragraph is a run of text.
type Paragraph struct {
	source.Span
	Text []Inline
}

// A Blockquote is quoted material.
type Blockquote struct {
	source.Span
	Blocks []Block
}

// A List is a bulleted or numbered list.
type List struct {
	source.Span
	Ordered bool
	Start   int // first number of an ordered list
	Tight   bool
	Items   []*ListItem
}

// A ListItem is one entry of a List.
type ListItem struct {
	source.Span
	Blocks []Block
}

// A Figure is an image set apart from the text, with its caption and credit.
// Alt text, caption and credit are three different things: the alt text
// replaces the image for a reader who cannot see it, the caption says what
// it shows, and the credit says whose it is.
type Figure struct {
	source.Span
	Attr    Attr
	Image   *Image
	Caption []Inline // or nil
	Credit  []Inline // or nil
}

// A CodeBlock is verbatim text. Lang is the fenced block's info string
// ("rust", "rust,ignore", "console"), or "". A code block the book labels
// (a numbered listing, a file name, a caption) has Listing set, and its
// Attr.ID is the target of links to it.
type CodeBlock struct {
	source.Span
	Attr    Attr
	Lang    string
	Text    string
	Listing *Listing // or nil
}

// A Listing is what labels a code block: its number, the file it shows and
// its caption, each optional. Number is the book's own ("1-1") or, where
// the book gives none to a captioned block, one counted per chapter.
type Listing struct {
	Number   string
	FileName string
	Caption  []Inline // or nil
}

// A Table is a grid of cells with an optional header row.
type Table struct {
	source.Span
	Align []Align
	Head  []*Row // or nil
	Body  []*Row
}

// A Row is one table row.
type Row struct {
	source.Span
	Cells []*Cell
}

// A Cell is one table cell.
type Cell struct {
	source.Span
	Align Align
	Text  []Inline
}

// Align is a table column's alignment.
type Align uint8

// The alignments.
const (
	AlignDefault Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

// A ThematicBreak is a section break.
type ThematicBreak struct {
	source.Span
}

// Inlines.

// Text is plain text, already decoded (no entities, no escapes).
type Text struct {
	source.Span
	Value string
}

// Emph is emphasized (italic) text.
type Emph struct {
	source.Span
	Text []Inline
}

// Strong is strongly emphasized (bold) text.
type Strong struct {
	source.Span
	Text []Inline
}

// Strike is struck-through text.
type Strike struct {
	source.Span
	Text []Inline
}

// A Span is text in another language than what surrounds it.
type Span struct {
	source.Span
	Lang string // BCP 47 tag
	Text []Inline
}

// Super is superscript text (10<sup>6</sup>, m²).
type Super struct {
	source.Span
	Text []Inline
}

// Sub is subscript text (H<sub>2</sub>O).
type Sub struct {
	source.Span
	Text []Inline
}

// Code is inline verbatim text.
type Code struct {
	source.Span
	Value string
}

// A Link is a hyperlink. A link to another part of the manuscript is
// resolved by the loader: Chapter names the target chapter's ID and
// Fragment the element's id there ("" for the chapter's start); URL keeps
// what the author wrote. Same-chapter links ("#id") have Chapter set to
// their own chapter's ID too.
type Link struct {
	source.Span
	URL      string
	Title    string
	Text     []Inline
	Chapter  string // target chapter ID for an internal link; "" for an external one
	Fragment string // target id within that chapter; "" for its start
}

// An Image is a picture. Alt is its text alternative; an explicitly empty
// Alt with Decorative set marks an image that conveys nothing.
type Image struct {
	source.Span
	Src        string // path relative to the manuscript folder
	Alt        string
	Decorative bool
	Title      string
	Width      int // pixels, filled in by the manuscript loader
	Height     int
	Format     string // "png", "jpeg" or "gif"
	// Raw is set for an image written as raw HTML (<img>). Raw HTML never
	// fails a build: such an image that is missing, unsafe or without alt
	// text is left out with a warning.
	Raw  bool
	Data []byte // the file's bytes, read by the manuscript loader
}

// A NoteRef is a reference to a footnote.
type NoteRef struct {
	source.Span
	Note *Note
}

// A Note is a footnote, shared by all of its references.
type Note struct {
	source.Span
	Label  string
	Number int // 1-based, in order of first reference
	Blocks []Block
}

// A SoftBreak is a line end inside a paragraph: a space when typeset.
type SoftBreak struct {
	source.Span
}

// A LineBreak is a hard line break.
type LineBreak struct {
	source.Span
}

func (*Heading) blockNode()       {}
func (*Paragraph) blockNode()     {}
func (*Blockquote) blockNode()    {}
func (*List) blockNode()          {}
func (*Figure) blockNode()        {}
func (*CodeBlock) blockNode()     {}
func (*Table) blockNode()         {}
func (*ThematicBreak) blockNode() {}

func (*Text) inlineNode()      {}
func (*Emph) inlineNode()      {}
func (*Strong) inlineNode()    {}
func (*Strike) inlineNode()    {}
func (*Span) inlineNode()      {}
func (*Super) inlineNode()     {}
func (*Sub) inlineNode()       {}
func (*Code) inlineNode()      {}
func (*Link) inlineNode()      {}
func (*Image) inlineNode()     {}
func (*NoteRef) inlineNode()   {}
func (*SoftBreak) inlineNode() {}
func (*LineBreak) inlineNode() {}
