// Package pack packs finished XHTML content documents, their resources and
// the publication's metadata into an EPUB 3.3 container.
//
// The package knows nothing about Markdown or about how the content was
// produced: a caller hands it a Book whose Documents are complete XHTML
// files, and Write checks the book, generates the package document
// (EPUB/package.opf), the navigation document (EPUB/nav.xhtml) and a legacy
// NCX table of contents (EPUB/toc.ncx), and writes the ZIP container.
//
// Output is deterministic: the same Book always yields the same bytes when
// built with the same Go toolchain. No clock is read; every ZIP entry carries
// the DOS timestamp of Metadata.Modified (in UTC), the Unix mode 0644, no
// extra fields and no data descriptors. The mimetype entry comes first and is
// stored uncompressed; every other entry is deflated.
//
// All paths in a Book (document, resource, cover and stylesheet paths, and
// the path part of every navigation href) are relative to the EPUB/ folder
// that holds the package document, so an href written in the navigation
// document or in a content document at the top of that folder resolves the
// same way. Content documents in sub-folders must write their own links
// relative to themselves.
//
// Write parses every content document to check that it is well-formed
// XHTML (so HTML named entities such as &nbsp; are rejected), to collect
// the IDs that navigation fragments may point at, and to declare the "svg"
// and "mathml" manifest properties for inline SVG and MathML. It does not
// validate the markup further: that the documents link only to files of
// the book, give images text alternatives, carry lang and xml:lang, and so
// on, stays the caller's business.
//
// It imports no other Galley package: not the document tree, not the
// XHTML writer, and nothing of the layout or PDF side.
package pack
