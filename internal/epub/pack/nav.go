package pack

import (
	"slices"
	"strings"
)

// navDoc renders EPUB/nav.xhtml, the EPUB 3 navigation document. The table
// of contents is visible; the landmarks and the page list are hidden, as
// reading systems present them in their own interface. Each nav is named
// by its heading through aria-labelledby.
func (p *packager) navDoc() []byte {
	m := &p.b.Meta
	x := xmlOut{replaced: p.b.Replaced}
	x.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	x.line(0, `<!DOCTYPE html>`)
	x.line(0, `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"`,
		x.attrs("xml:lang", m.Language, "lang", m.Language, "dir", p.dir), ">")
	x.line(1, "<head>")
	x.elem(2, "title", p.labels.TOC)
	if p.styleHref != "" {
		x.empty(2, "link", "rel", "stylesheet", "type", "text/css", "href", p.styleHref)
	}
	x.line(1, "</head>")
	x.line(1, "<body>")

	x.line(2, `<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-title">`)
	x.elem(3, "h1", p.labels.TOC, "id", "toc-title")
	navList(&x, 3, p.toc, m.Language)
	x.line(2, "</nav>")

	if len(p.b.Landmarks) > 0 {
		x.line(2, `<nav epub:type="landmarks" id="landmarks" hidden="" aria-labelledby="landmarks-title">`)
		x.elem(3, "h2", p.labels.Landmarks, "id", "landmarks-title")
		x.line(3, "<ol>")
		for _, l := range p.b.Landmarks {
			x.line(4, "<li><a", x.attrs("epub:type", l.Type, "href", l.Href), ">", x.esc(l.Title), "</a></li>")
		}
		x.line(3, "</ol>")
		x.line(2, "</nav>")
	}

	if len(p.b.PageList) > 0 {
		x.line(2, `<nav epub:type="page-list" id="page-list" hidden="" role="doc-pagelist" aria-labelledby="page-list-title">`)
		x.elem(3, "h2", p.labels.PageList, "id", "page-list-title")
		x.line(3, "<ol>")
		for _, t := range p.b.PageList {
			x.line(4, "<li><a", x.attrs("href", t.Href), ">", x.esc(t.Label), "</a></li>")
		}
		x.line(3, "</ol>")
		x.line(2, "</nav>")
	}

	x.line(1, "</body>")
	x.line(0, "</html>")
	return x.buf.Bytes()
}

// navList writes pts as a nested ordered list, marking the language of
// an entry that is not in the book's language. An entry without an href is
// written as a span, which the navigation document allows only before a
// nested list; the check guarantees such an entry has children.
func navList(x *xmlOut, depth int, pts []NavPoint, language string) {
	x.line(depth, "<ol>")
	for _, n := range pts {
		lang := ""
		if n.Lang != "" && !strings.EqualFold(n.Lang, language) {
			lang = x.attrs("lang", n.Lang, "xml:lang", n.Lang)
		}
		label := "<span" + lang + ">" + x.esc(n.Title) + "</span>"
		if n.Href != "" {
			label = "<a" + x.attrs("href", n.Href) + lang + ">" + x.esc(n.Title) + "</a>"
		}
		if len(n.Children) == 0 {
			x.line(depth+1, "<li>", label, "</li>")
			continue
		}
		x.line(depth+1, "<li>", label)
		navList(x, depth+2, n.Children, language)
		x.line(depth+1, "</li>")
	}
	x.line(depth, "</ol>")
}

// ncxDoc renders EPUB/toc.ncx, the EPUB 2 table of contents that older
// reading systems still use.
func (p *packager) ncxDoc() []byte {
	m := &p.b.Meta
	order := p.playOrder()

	depth := ncxDepth(p.toc)
	pages, maxPage := 0, 0
	if len(p.b.PageList) > 0 {
		pages = len(p.b.PageList)
		for _, t := range p.b.PageList {
			if n, ok := pageNumber(t.Label); ok {
				maxPage = max(maxPage, n)
			}
		}
	}

	x := xmlOut{replaced: p.b.Replaced}
	x.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	x.line(0, `<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"`, x.attrs("xml:lang", m.Language), ">")
	x.line(1, "<head>")
	x.empty(2, "meta", "name", "dtb:uid", "content", strings.TrimSpace(m.Identifier))
	x.empty(2, "meta", "name", "dtb:depth", "content", itoa(depth))
	x.empty(2, "meta", "name", "dtb:totalPageCount", "content", itoa(pages))
	x.empty(2, "meta", "name", "dtb:maxPageNumber", "content", itoa(maxPage))
	x.line(1, "</head>")
	x.line(1, "<docTitle>")
	x.elem(2, "text", m.Title)
	x.line(1, "</docTitle>")
	for _, c := range m.Creators {
		x.line(1, "<docAuthor>")
		x.elem(2, "text", c.Name)
		x.line(1, "</docAuthor>")
	}
	x.line(1, "<navMap>")
	n := 0
	var points func(depth int, pts []NavPoint)
	points = func(depth int, pts []NavPoint) {
		for _, pt := range pts {
			n++
			src := ncxSrc(pt)
			x.line(depth, "<navPoint", x.attrs("id", "navpoint-"+itoa(n), "playOrder", itoa(order[src])), ">")
			x.line(depth+1, "<navLabel>")
			x.elem(depth+2, "text", pt.Title)
			x.line(depth+1, "</navLabel>")
			x.empty(depth+1, "content", "src", src)
			points(depth+1, pt.Children)
			x.line(depth, "</navPoint>")
		}
	}
	points(2, p.toc)
	x.line(1, "</navMap>")

	if len(p.b.PageList) > 0 {
		x.line(1, "<pageList>")
		x.line(2, "<navLabel>")
		x.elem(3, "text", p.labels.PageList)
		x.line(2, "</navLabel>")
		for i, t := range p.b.PageList {
			typ, value := "special", ""
			if n, ok := pageNumber(t.Label); ok {
				typ, value = "normal", itoa(n)
			} else if isRoman(t.Label) {
				typ = "front"
			}
			x.line(2, "<pageTarget", x.attrs("id", "page-"+itoa(i+1), "type", typ, "value", value, "playOrder", itoa(order[t.Href])), ">")
			x.line(3, "<navLabel>")
			x.elem(4, "text", t.Label)
			x.line(3, "</navLabel>")
			x.empty(3, "content", "src", t.Href)
			x.line(2, "</pageTarget>")
		}
		x.line(1, "</pageList>")
	}
	x.line(0, "</ncx>")
	return x.buf.Bytes()
}

// ncxSrc is the target of a TOC entry in the NCX, where every navPoint
// needs one: an entry without an href of its own takes its first child's.
func ncxSrc(pt NavPoint) string {
	for pt.Href == "" && len(pt.Children) > 0 {
		pt = pt.Children[0]
	}
	return pt.Href
}

// playOrder numbers the distinct NCX targets in reading order: by the
// spine position of the document, then by first appearance in the TOC and
// the page list. Entries with the same target share a number, as the NCX
// format requires.
func (p *packager) playOrder() map[string]int {
	spine := map[string]int{}
	for i, it := range p.items {
		if it.doc {
			spine[it.path] = i
		}
	}
	var srcs []string
	seen := map[string]bool{}
	add := func(src string) {
		if !seen[src] {
			seen[src] = true
			srcs = append(srcs, src)
		}
	}
	var walk func([]NavPoint)
	walk = func(pts []NavPoint) {
		for _, pt := range pts {
			add(ncxSrc(pt))
			walk(pt.Children)
		}
	}
	walk(p.toc)
	for _, t := range p.b.PageList {
		add(t.Href)
	}
	docOf := func(src string) int {
		file, _, _ := strings.Cut(src, "#")
		return spine[file]
	}
	slices.SortStableFunc(srcs, func(a, b string) int { return docOf(a) - docOf(b) })
	order := make(map[string]int, len(srcs))
	for i, s := range srcs {
		order[s] = i + 1
	}
	return order
}

func ncxDepth(pts []NavPoint) int {
	d := 0
	for _, pt := range pts {
		d = max(d, 1+ncxDepth(pt.Children))
	}
	return d
}

// pageNumber parses a label made only of ASCII digits as a positive number.
func pageNumber(label string) (int, bool) {
	if label == "" || len(label) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(label); i++ {
		c := label[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n > 0
}

func isRoman(label string) bool {
	return label != "" && strings.Trim(strings.ToLower(label), "ivxlcdm") == ""
}
