package pack

import (
	"io"
	"time"
)

// A Creator is a person or organisation responsible for the book's content.
type Creator struct {
	// Name is the name as it should be displayed, e.g. "Jane Doe".
	Name string
	// FileAs is the sort form of Name, e.g. "Doe, Jane". Optional.
	FileAs string
	// Role is a MARC relator code such as "aut", "edt" or "trl".
	// The empty string means "aut".
	Role string
}

// Metadata describes the publication as a whole.
type Metadata struct {
	// Identifier is the unique identifier of the publication, for example
	// "urn:uuid:…" or "urn:isbn:…". It is required. The caller must derive it
	// deterministically; a urn:uuid value must be a well-formed UUID.
	Identifier string
	// Title is the main title. It is required.
	Title string
	// Subtitle is written as a second dc:title refined as a subtitle.
	Subtitle string
	// Creators are written in order as dc:creator elements.
	Creators []Creator
	// Language is a BCP 47 language tag such as "en" or "en-GB". It is
	// required and is also the default language of the package and of the
	// generated navigation documents.
	Language string
	// Direction is the base text direction, "ltr" or "rtl". The empty string
	// picks "rtl" for languages usually written right to left and "ltr"
	// otherwise. For "rtl" the spine also gets page-progression-direction="rtl".
	Direction string
	// Date is the publication date written as dc:date, in W3C date format
	// ("2018", "2018-01", "2018-01-15" or a full RFC 3339 time). Optional.
	Date string
	// Modified is the last modification time, written as dcterms:modified
	// and used as the timestamp of every ZIP entry. It is required; the
	// caller chooses it (Write never reads the clock).
	Modified time.Time
	// Publisher, Rights, Description and Source fill dc:publisher,
	// dc:rights, dc:description and dc:source. All are optional, but a book
	// with a PageList should name the print edition its page numbers come
	// from in Source (e.g. "urn:isbn:…"): Write then marks it as the source
	// of the pagination, which accessibility checkers require.
	Publisher, Rights, Description, Source string
	// Subjects are written as one dc:subject each.
	Subjects []string
	// Generator names the program and version that made the book, written
	// as a generator meta element. Optional.
	Generator string
	// Accessibility is written as schema.org and EPUB Accessibility metadata.
	Accessibility Accessibility
}

// Accessibility holds the accessibility metadata of the publication. Every
// value is written as its own meta element, in the order given.
type Accessibility struct {
	// AccessModes are schema:accessMode values such as "textual" or "visual".
	AccessModes []string
	// AccessModesSufficient are schema:accessModeSufficient values, each a
	// comma-separated list such as "textual" or "textual,visual".
	AccessModesSufficient []string
	// Features are schema:accessibilityFeature values such as
	// "structuralNavigation", "tableOfContents" or "alternativeText".
	Features []string
	// Hazards are schema:accessibilityHazard values such as "none".
	Hazards []string
	// Summary is the schema:accessibilitySummary prose.
	Summary string
	// ConformsTo is the dcterms:conformsTo claim, e.g.
	// "EPUB Accessibility 1.1 - WCAG 2.1 Level AA".
	ConformsTo string
	// CertifiedBy names who checked the claim (a11y:certifiedBy). It is
	// written only when ConformsTo is set.
	CertifiedBy string
}

// A Document is an XHTML content document in the reading order.
type Document struct {
	// Path is the file path relative to the EPUB/ folder, e.g.
	// "text/article.xhtml".
	Path string
	// Title is used for the table of contents when Book.TOC is empty.
	Title string
	// Content is the complete, well-formed XHTML document encoded as UTF-8.
	Content []byte
	// Packed, if set, is Content as Pack left it, checked and compressed
	// already; Content is then not needed.
	Packed *Packed
	// NonLinear marks auxiliary content (linear="no" in the spine) that
	// reading systems may skip; the zero value is ordinary linear content.
	NonLinear bool
	// Properties are manifest item properties the content requires, from
	// "mathml", "remote-resources", "scripted" and "svg". Write adds
	// "mathml" and "svg" itself when the document embeds a MathML <math>
	// or an SVG <svg> element; the others are the caller's to declare, and
	// EPUBCheck rejects a property the document does not need.
	Properties []string
}

// A Resource is any other publication resource: a stylesheet, an image, a
// font, and so on.
type Resource struct {
	// Path is the file path relative to the EPUB/ folder.
	Path string
	// MediaType is the MIME type. If empty, it is guessed from the file
	// name extension and Write fails for an unknown extension.
	MediaType string
	// Content is the file's bytes.
	Content []byte
	// Properties are manifest item properties such as "cover-image".
	Properties []string
}

// A NavPoint is an entry of the table of contents.
type NavPoint struct {
	// Title is the entry's text. It is required.
	Title string
	// Href points into a Document: its path, optionally followed by
	// "#fragment". It may be empty only for an entry with Children.
	Href string
	// Children are the nested entries.
	Children []NavPoint
	// Lang is the language of Title when it differs from the book's
	// (a chapter in another language), or "".
	Lang string
}

// A Landmark is an entry of the landmarks navigation.
type Landmark struct {
	// Type is the epub:type value, e.g. "cover", "toc" or "bodymatter".
	Type string
	// Title is the entry's text.
	Title string
	// Href points into a Document, or into the navigation document
	// ("nav.xhtml#toc") for the "toc" landmark. A link to the navigation
	// document puts it at the end of the spine as non-linear content, since
	// EPUB requires hyperlink targets to be spine items.
	Href string
}

// A PageTarget is an entry of the page list: where a page of the print
// edition begins.
type PageTarget struct {
	// Label is the page number as printed, e.g. "7" or "xii".
	Label string
	// Href points at the page break marker in a Document.
	Href string
}

// Labels are the headings of the generated navigation document, in the
// book's language. Empty fields fall back to English.
type Labels struct {
	TOC       string // default "Contents"
	Landmarks string // default "Landmarks"
	PageList  string // default "Page list"
}

// A Book is everything Write needs to produce an EPUB.
type Book struct {
	Meta Metadata
	// Documents are the content documents in reading (spine) order.
	Documents []Document
	// Resources are written after the documents, in the order given.
	Resources []Resource
	// TOC is the table of contents. If empty, one entry is generated per
	// linear Document that has a Title.
	TOC []NavPoint
	// Landmarks are written to the hidden landmarks navigation.
	Landmarks []Landmark
	// PageList is written to a hidden page-list navigation and to the NCX.
	PageList []PageTarget
	// CoverImage is the path of an image Resource; it gets the
	// "cover-image" property and a legacy <meta name="cover">. Setting the
	// property on the Resource itself has the same effect; a book has at
	// most one cover image.
	CoverImage string
	// Stylesheet is the path of a CSS Resource linked from the navigation
	// document. Optional.
	Stylesheet string
	// Labels are the headings of the navigation document.
	Labels Labels
	// Replaced, if set, is told of each string of the package document
	// or the navigation that held characters XML does not allow, which
	// are written as U+FFFD, and of the first of them.
	Replaced func(r rune)
}

// File names that Write generates itself, relative to the EPUB/ folder.
const (
	PackagePath = "package.opf"
	NavPath     = "nav.xhtml"
	NCXPath     = "toc.ncx"
)

// Write writes b as an EPUB 3.3 container to w.
//
// Write first checks the book (required metadata, safe and unique paths,
// known media types and properties, well-formed content documents, and
// navigation hrefs that name an existing document and fragment) and
// returns every problem it finds, joined, before writing a single byte.
// Errors found by the check wrap one of the Err variables of this package;
// errors while writing name the entry being written.
func Write(w io.Writer, b *Book) error {
	p, err := plan(b)
	if err != nil {
		return err
	}
	return p.write(w)
}
