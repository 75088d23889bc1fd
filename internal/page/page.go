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
}

// Info is the document metadata.
type Info struct {
	Title, Author, Subject, Keywords, Creator, Lang string
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
}

// An Image is a raster image scaled into a box.
type Image struct {
	X, Y, W, H units.Length // top-left corner and size
	Format     string       // "png", "jpeg" or "gif"
	Data       []byte
	Key        string // identifies the image so repeated uses embed it once
}

// A Rule is a filled rectangle: a line or a block of colour.
type Rule struct {
	X, Y, W, H units.Length
	Color      RGB
}

// A Link makes a rectangle clickable: to a URL, or to a Dest by name.
type Link struct {
	X, Y, W, H units.Length
	URL        string // external target, or ""
	Dest       string // internal target name, or ""
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
