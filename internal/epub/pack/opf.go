package pack

import (
	"strconv"
	"strings"
)

// packageDoc renders EPUB/package.opf.
//
// The a11y, dcterms, marc and schema prefixes used below are reserved by
// EPUB 3.3, so the package declares no prefix attribute: EPUBCheck warns
// about re-declared reserved prefixes.
func (p *packager) packageDoc() []byte {
	m := &p.b.Meta
	x := xmlOut{replaced: p.b.Replaced}
	x.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	x.line(0, `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id"`,
		x.attrs("xml:lang", m.Language, "dir", p.dir), ">")
	x.line(1, `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">`)
	x.elem(2, "dc:identifier", strings.TrimSpace(m.Identifier), "id", "pub-id")

	x.elem(2, "dc:title", m.Title, "id", "title")
	x.elem(2, "meta", "main", "refines", "#title", "property", "title-type")
	x.elem(2, "meta", "1", "refines", "#title", "property", "display-seq")
	if !blank(m.Subtitle) {
		x.elem(2, "dc:title", m.Subtitle, "id", "subtitle")
		x.elem(2, "meta", "subtitle", "refines", "#subtitle", "property", "title-type")
		x.elem(2, "meta", "2", "refines", "#subtitle", "property", "display-seq")
	}
	for i, c := range m.Creators {
		id := creatorID(i)
		role := c.Role
		if role == "" {
			role = "aut"
		}
		x.elem(2, "dc:creator", c.Name, "id", id)
		x.elem(2, "meta", role, "refines", "#"+id, "property", "role", "scheme", "marc:relators")
		if !blank(c.FileAs) {
			x.elem(2, "meta", c.FileAs, "refines", "#"+id, "property", "file-as")
		}
	}
	x.elem(2, "dc:language", m.Language)
	optional := func(name, value string) {
		if !blank(value) {
			x.elem(2, name, value)
		}
	}
	optional("dc:date", m.Date)
	optional("dc:publisher", m.Publisher)
	optional("dc:rights", m.Rights)
	optional("dc:description", m.Description)
	for _, s := range m.Subjects {
		optional("dc:subject", s)
	}
	if !blank(m.Source) {
		x.elem(2, "dc:source", m.Source, "id", "source")
		if len(p.b.PageList) > 0 {
			// The page list follows the pagination of this source.
			x.elem(2, "meta", "pagination", "refines", "#source", "property", "source-of")
		}
	}
	x.elem(2, "meta", p.modified.Format("2006-01-02T15:04:05Z"), "property", "dcterms:modified")
	if !blank(m.Generator) {
		x.empty(2, "meta", "name", "generator", "content", m.Generator)
	}

	a := &m.Accessibility
	metas := func(property string, values []string) {
		for _, v := range values {
			if !blank(v) {
				x.elem(2, "meta", v, "property", property)
			}
		}
	}
	metas("schema:accessMode", a.AccessModes)
	metas("schema:accessModeSufficient", a.AccessModesSufficient)
	metas("schema:accessibilityFeature", a.Features)
	metas("schema:accessibilityHazard", a.Hazards)
	metas("schema:accessibilitySummary", []string{a.Summary})
	if !blank(a.ConformsTo) {
		metas("dcterms:conformsTo", []string{a.ConformsTo})
		metas("a11y:certifiedBy", []string{a.CertifiedBy})
	}
	if p.coverID != "" {
		// The EPUB 2 way of naming the cover, still read by some devices.
		x.empty(2, "meta", "name", "cover", "content", p.coverID)
	}
	x.line(1, "</metadata>")

	x.line(1, "<manifest>")
	x.empty(2, "item", "id", "nav", "href", NavPath, "media-type", "application/xhtml+xml", "properties", "nav")
	x.empty(2, "item", "id", "ncx", "href", NCXPath, "media-type", "application/x-dtbncx+xml")
	for _, it := range p.items {
		x.empty(2, "item", "id", it.id, "href", it.path, "media-type", it.mediaType, "properties", strings.Join(it.props, " "))
	}
	x.line(1, "</manifest>")

	ppd := ""
	if p.dir == "rtl" {
		ppd = "rtl"
	}
	x.line(1, "<spine", x.attrs("toc", "ncx", "page-progression-direction", ppd), ">")
	for _, it := range p.items {
		if !it.doc {
			continue
		}
		linear := ""
		if it.nonLinear {
			linear = "no"
		}
		x.empty(2, "itemref", "idref", it.id, "linear", linear)
	}
	if p.navInSpine {
		// A landmark links to the navigation document, and EPUBCheck
		// requires the target of a hyperlink to be in the spine.
		x.empty(2, "itemref", "idref", "nav", "linear", "no")
	}
	x.line(1, "</spine>")
	x.line(0, "</package>")
	return x.buf.Bytes()
}

// itoa is strconv.Itoa, named short for the many call sites.
func itoa(n int) string { return strconv.Itoa(n) }
