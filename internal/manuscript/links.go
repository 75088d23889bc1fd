package manuscript

import (
	"errors"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/galley-press/galley/internal/doc"
)

// scheme matches the start of an absolute URL ("https:", "mailto:").
var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// resolveLinks points every link to a part of the manuscript at its target:
// Link.Chapter becomes the target chapter's ID and Link.Fragment the id of
// the heading the link names. A link names a chapter by its file, relative
// to the linking file ("ch03.md#intro"), or a heading of its own chapter
// ("#intro"); mdBook's "ch03.html" names ch03.md too. Links with a scheme
// (https:, mailto:) are left as they are. A link to a missing chapter or
// heading is an error.
func (ld *loading) resolveLinks() {
	chapters := ld.d.Chapters
	byPath := make(map[string]int, len(chapters))
	ids := make([]map[string]bool, len(chapters))
	for i, ch := range chapters {
		byPath[ld.paths[i]] = i
		ids[i] = map[string]bool{}
		doc.Inspect(ch.Blocks, func(n doc.Node) bool {
			if h, ok := n.(*doc.Heading); ok && h.Attr.ID != "" {
				ids[i][h.Attr.ID] = true
			}
			if cb, ok := n.(*doc.CodeBlock); ok && cb.Attr.ID != "" {
				ids[i][cb.Attr.ID] = true // a listing
			}
			return true
		})
	}
	resolve := func(lk *doc.Link, from int, dir string) {
		u := lk.URL
		if u == "" || scheme.MatchString(u) || strings.HasPrefix(u, "//") {
			return
		}
		target, frag, _ := strings.Cut(u, "#")
		target, _, _ = strings.Cut(target, "?")
		target, frag = unescape(target), unescape(frag)
		to := from
		if target != "" {
			p, err := ld.resolveFrom(dir, target)
			if err != nil && !errors.Is(err, errNotFound) {
				ld.diags.Errorf(lk.Pos(), "link to %q: %v", u, err)
				return
			}
			i, ok := byPath[p]
			if !ok && strings.EqualFold(path.Ext(p), ".html") {
				i, ok = byPath[strings.TrimSuffix(p, path.Ext(p))+".md"]
			}
			if !ok {
				if _, serr := fs.Stat(ld.FS, p); err == nil && serr == nil {
					ld.diags.Errorf(lk.Pos(), "link to %q: the file is not a chapter of the manuscript", u)
				} else {
					ld.diags.Errorf(lk.Pos(), "link to %q: no such chapter", u)
				}
				return
			}
			to = i
		} else if from < 0 {
			return // "#id" in the book's own metadata names no chapter
		}
		if frag != "" && !ids[to][frag] {
			ld.diags.Errorf(lk.Pos(), "link to %q: chapter %q has no heading with id %q", u, ld.paths[to], frag)
			return
		}
		lk.Chapter, lk.Fragment = chapters[to].ID, frag
	}
	visit := func(from int, dir string) func(doc.Node) bool {
		return func(n doc.Node) bool {
			if lk, ok := n.(*doc.Link); ok {
				resolve(lk, from, dir)
			}
			return true
		}
	}
	meta := func(m *doc.Meta, f func(doc.Node) bool) {
		if m == nil {
			return
		}
		if m.Hero != nil {
			doc.Inspect([]doc.Block{m.Hero}, f)
		}
		for _, a := range m.Authors {
			doc.Inspect(a.Bio, f)
		}
	}
	meta(&ld.d.Meta, visit(-1, ld.metaDir))
	for i, ch := range chapters {
		f := visit(i, path.Dir(ld.paths[i]))
		meta(ch.Meta, f)
		doc.Inspect(ch.Blocks, f)
		for _, n := range ch.Notes {
			doc.Inspect(n.Blocks, f)
		}
	}
}

// unescape decodes %XX escapes, keeping s as written if it has bad ones.
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
