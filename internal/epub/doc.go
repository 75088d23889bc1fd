// Package epub is the EPUB renderer: it turns the document tree into the
// bytes of an EPUB 3 file, with Render as its one entry point.
//
// It owns everything EPUB-specific: planning the content documents (the
// cover, a book's title page, one document per chapter, the contributors
// and image credits), the images and their formats, the navigation and
// landmarks, the page list of the print edition, and the accessibility
// metadata and summary. Beneath it, package xhtml writes the content
// documents and package pack writes the container (OPF, nav, NCX, ZIP).
//
// The page list comes in as plain data (Options.PageBreaks), so the EPUB
// side never imports the layout engine, the page model or the PDF writer,
// and they never import it.
package epub
