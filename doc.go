// Package galley is the root of the Galley module: a publishing pipeline
// that turns a Markdown manuscript into an EPUB 3 and a typeset PDF. The
// command is in cmd/galley; the packages are under internal/.
package galley
