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

// baseURL parses the address a manuscript is published at, made a folder
// ("…/book" is "…/book/"); it returns nil if s is not an absolute http or
// https URL.
func baseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	return u
}

// resolveLinks points every link to a part of the manuscript at its target:
// Link.Chapter becomes the target chapter's ID and Link.Fragment the id of
// the heading the link names. A link names a chapter by its file, relative
// to the linking file ("ch03.md#intro"), or a heading of its own chapter
// ("#intro"); mdBook's "ch03.html" names ch03.md too. Links with a scheme
// (https:, mailto:) are left as they are.
//
// Links are navigation, not content: a link whose target is not in the
// manuscript (outside the folder, an absolute path, a missing chapter or
// heading) is a warning, and the link becomes its text. If the manuscript
// has a base URL, a relative link to a place outside it is made an absolute
// link from that URL instead, as it works on the published site.
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
	dropped := map[*doc.Link]bool{}
	unresolved := func(lk *doc.Link, dir, why string) {
		if web := ld.webLink(dir, lk.URL); web != "" {
			lk.URL = web
			return
		}
		ld.diags.Warnf(lk.Pos(), "link to %q: %s; the link is kept as text", lk.URL, why)
		dropped[lk] = true
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
			if errors.Is(err, errNotFound) {
				// mdBook's "ch03.html" is no file; its chapter may be.
				p, err = path.Clean(path.Join(dir, target)), nil
			}
			if err != nil {
				unresolved(lk, dir, err.Error())
				return
			}
			i, ok := byPath[p]
			if !ok && strings.EqualFold(path.Ext(p), ".html") {
				i, ok = byPath[strings.TrimSuffix(p, path.Ext(p))+".md"]
			}
			if !ok {
				if st, serr := fs.Stat(ld.FS, p); serr == nil && !st.IsDir() {
					unresolved(lk, dir, "the file is not a chapter of the manuscript")
				} else {
					unresolved(lk, dir, "no such chapter")
				}
				return
			}
			to = i
		} else if from < 0 {
			return // "#id" in the book's own metadata names no chapter
		}
		if frag != "" && !ids[to][frag] {
			if alias, ok := ld.aliases[to][frag]; ok && (alias == "" || ids[to][alias]) {
				frag = alias
			} else {
				ld.diags.Warnf(lk.Pos(), "link to %q: chapter %q has no heading with id %q; the link is kept as text", u, ld.paths[to], frag)
				dropped[lk] = true
				return
			}
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
	if len(dropped) == 0 {
		return
	}
	un := func(in []doc.Inline) []doc.Inline { return unlink(in, dropped) }
	unlinkMeta := func(m *doc.Meta) {
		if m == nil {
			return
		}
		if m.Hero != nil {
			doc.EditInlines([]doc.Block{m.Hero}, un)
		}
		for _, a := range m.Authors {
			doc.EditInlines(a.Bio, un)
		}
	}
	unlinkMeta(&ld.d.Meta)
	for _, ch := range chapters {
		unlinkMeta(ch.Meta)
		doc.EditInlines(ch.Blocks, un)
		for _, n := range ch.Notes {
			doc.EditInlines(n.Blocks, un)
		}
	}
}

// webLink returns the absolute web address of the relative link u written
// in the folder dir, if the manuscript has a base URL and u leads outside
// the folder it stands for; else "".
func (ld *loading) webLink(dir, u string) string {
	if ld.base == nil {
		return ""
	}
	ref, err := url.Parse(u)
	if err != nil || ref.Scheme != "" || ref.Host != "" {
		return ""
	}
	rel := "."
	if dir != ld.baseDir {
		if ld.baseDir == "." {
			rel = dir
		} else if r, ok := strings.CutPrefix(dir, ld.baseDir+"/"); ok {
			rel = r
		} else {
			return "" // written outside the published folder
		}
	}
	from := *ld.base
	if rel != "." {
		from.Path = path.Join(from.Path, rel) + "/"
	}
	return from.ResolveReference(ref).String()
}

// unlink returns in with the links in drop replaced by their text.
func unlink(in []doc.Inline, drop map[*doc.Link]bool) []doc.Inline {
	var out []doc.Inline
	for i, x := range in {
		lk, ok := x.(*doc.Link)
		if !ok || !drop[lk] {
			if out != nil {
				out = append(out, x)
			}
			continue
		}
		if out == nil {
			out = append([]doc.Inline{}, in[:i]...)
		}
		out = append(out, lk.Text...)
	}
	if out == nil {
		return in
	}
	return out
}

// unescape decodes %XX escapes, keeping s as written if it has bad ones.
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
