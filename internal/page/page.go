// Package page describes laid-out pages: what is drawn where. The layout
// engine produces them and the PDF writer draws them; neither knows the
// other, and neither this package nor the writer knows the document tree.
//
// Coordinates are typed lengths from the top-left corner of the page, y
// growing downwards; text is placed by its baseline.
package page

import "github.com/galley-press/galley/internal/units"

// A Document is a laid-out publication.
type Document struct {
	Pages   []*Page
	Info    Info
	Fonts   []Font     // every face any Text item names, in a fixed order
	Outline []Bookmark // in reading order
	// Struct is the root of the logical structure, a "Document" element;
	// nil leaves the file untagged. Items name the element they belong
	// to; an item that names none is an artifact (running heads, folios,
	// rules), skipped by a reader that reads the structure.
	Struct *Elem
	// Labels gives each page the label printed as its folio, in order;
	// pages past its end, or with "", are labelled by their number.
	Labels []string
}

// An Elem is an element of the logical structure, the tagged PDF's
// structure tree: a section, a heading, a paragraph, a link. Its content is
// what items on the pages name it; its reading order is the order in which
// its kids and its content are drawn.
type Elem struct {
	// Type is a standard structure type of PDF 1.7 (ISO 32000-1, 14.8.4):
	// "Document", "Part", "Sect", "H1"–"H6", "P", "L", "LI", "Lbl",
	// "LBody", "Table", "TR", "TH", "TD", "BlockQuote", "Code", "Figure",
	// "Caption", "Note", "Reference", "Link", "Span", "TOC", "TOCI".
	Type string
	Kids []*Elem
	// Lang is the element's language where it differs from its parent's.
	Lang string
	// Alt is a description that replaces the element for a reader who
	// cannot see it; a Figure must have one.
	Alt string
	// ActualText is the element's text where the drawn text differs
	// from it (a kicker set in capitals).
	ActualText string
	// Scope says which cells a TH heads: "Column", "Row" or "Both".
	Scope string
	// Anchored reads the element where it stands among its parent's kids
	// (after the kid before it) rather than where its content is drawn: a
	// footnote, drawn at the foot of the page, is read after its reference.
	Anchored bool
}

// Info is the document metadata.
type Info struct {
	Title, Author, Subject, Keywords, Creator, Lang string
	// Producer names the program and its version: "Galley 1.2.0".
	Producer string
	// Date is the creation and modification date, "2006-01-02T15:04:05Z";
	// the layout engine takes it from the manuscript, never the clock.
	Date string
	// ID seeds the file identifier, so that it is the same on every build.
	ID string
}

// A Font is a TrueType face to embed, named by Name in Text items.
type Font struct {
	Name string
	Data []byte
}

// A Page is one page and what is drawn on it, in drawing order.
type Page struct {
	Width, Height units.Length
	Items         []Item
}

// An Item is something drawn on a page.
//
//sumtype:decl
type Item interface{ item() }

// Text is a run of text drawn at a baseline position.
type Text struct {
	X, Y  units.Length // left end of the baseline
	Font  string       // Font.Name
	Size  units.Length
	Color RGB
	Text  string
	Elem  *Elem // the structure element the text belongs to; nil: an artifact
	// SpaceAfter says a word space follows the text (or the line ends
	// between two words). The space is not drawn, but read: the writer
	// adds an invisible one so that text extracted from the file keeps its
	// words apart.
	SpaceAfter bool
	// Expand widens (positive) or narrows the glyphs horizontally by that
	// many thousandths of their width (font expansion); 0 for none.
	Expand int
	// Slant leans the glyphs right by this tangent (0.2 is about 11°):
	// an oblique for a face that has no italic. 0 sets them upright.
	Slant float64
}

// An Image is a raster image scaled into a box.
type Image struct {
	X, Y, W, H units.Length // top-left corner and size
	Format     string       // "png", "jpeg" or "gif"
	Data       []byte
	Key        string // identifies the image so repeated uses embed it once
	Elem       *Elem  // the structure element, a Figure; nil: decorative
}

// A Rule is a filled rectangle: a line or a block of colour.
type Rule struct {
	X, Y, W, H units.Length
	Color      RGB
	Elem       *Elem // the structure element; nil (most rules): an artifact
}

// A Link makes a rectangle clickable: to a URL, or to a Dest by name.
type Link struct {
	X, Y, W, H units.Length
	URL        string // external target, or ""
	Dest       string // internal target name, or ""
	// Elem is the Link structure element the annotation belongs to; nil
	// leaves it out of the structure. Contents describes the target.
	Elem     *Elem
	Contents string
}

// A Dest is a named place that internal links and bookmarks jump to.
type Dest struct {
	Name string
	Y    units.Length
}

func (*Text) item()  {}
func (*Image) item() {}
func (*Rule) item()  {}
func (*Link) item()  {}
func (*Dest) item()  {}

// A Bookmark is an entry of the PDF outline.
type Bookmark struct {
	Title string
	Level int // 0 for top level
	Dest  string
}

// RGB is a colour with components 0–255.
type RGB struct{ R, G, B uint8 }

// A Path is a vector shape: straight and cubic Bézier segments in page
// coordinates, filled, stroked or both. Vector images such as SVG figures
// are drawn as a series of paths.
type Path struct {
	Segs        []Seg        // the first is a MoveTo
	Fill        *RGB         // nil: not filled
	Stroke      *RGB         // nil: not stroked
	StrokeWidth units.Length // used only if Stroke is set
	EvenOdd     bool         // fill by the even-odd rule rather than nonzero winding
	// Clip confines the drawing to a rectangle, unless its width or height
	// is zero. Each Path has its own, so moving a path moves its clip.
	Clip Rect
	Elem *Elem // the structure element, a Figure; nil: an artifact
}

// A Seg is one segment of a Path. MoveTo and LineTo use Pts[0]; CubicTo
// uses Pts[0] and Pts[1] as control points and Pts[2] as its end; Close
// uses none and draws a line back to the start of the subpath.
type Seg struct {
	Op  SegOp
	Pts [3]Point
}

// SegOp is the kind of a path segment.
type SegOp uint8

// The segment kinds.
const (
	MoveTo SegOp = iota
	LineTo
	CubicTo
	Close
)

// A Point is a position on the page.
type Point struct{ X, Y units.Length }

// A Rect is a rectangle on the page: its top-left corner and size.
type Rect struct{ X, Y, W, H units.Length }

func (*Path) item() {}
