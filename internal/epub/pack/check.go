package pack

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Errors reported by Write's check of a Book. The returned errors wrap one
// of these, so callers can test them with errors.Is.
var (
	// ErrMissing reports a required value that is empty.
	ErrMissing = errors.New("required value missing")
	// ErrInvalid reports a malformed metadata value, property or label.
	ErrInvalid = errors.New("invalid value")
	// ErrBadPath reports a path that is absolute, climbs out of the
	// container, is not clean, or contains characters EPUB forbids.
	ErrBadPath = errors.New("unsafe or invalid path")
	// ErrDuplicatePath reports two files whose paths are equal ignoring case,
	// or a file that is also used as a folder.
	ErrDuplicatePath = errors.New("duplicate path")
	// ErrMediaType reports a resource whose media type is missing and cannot
	// be guessed from its extension.
	ErrMediaType = errors.New("unknown media type")
	// ErrBadContent reports a content document that is not well-formed XHTML.
	ErrBadContent = errors.New("malformed content document")
	// ErrBadHref reports a navigation href that does not name a document of
	// the book, or names a fragment the document lacks.
	ErrBadHref = errors.New("broken reference")
)

const (
	nsXHTML  = "http://www.w3.org/1999/xhtml"
	nsXML    = "http://www.w3.org/XML/1998/namespace"
	nsMathML = "http://www.w3.org/1998/Math/MathML"
	nsSVG    = "http://www.w3.org/2000/svg"
)

// An item is one manifest entry: a generated file, a document or a resource.
type item struct {
	id, path, mediaType string
	props               []string
	content             []byte
	packed              *Packed // content checked and compressed already, or nil
	doc, nonLinear      bool
}

// A packager holds a checked book and everything derived from it.
type packager struct {
	b         *Book
	dir       string
	modified  time.Time
	items     []item // documents, then resources
	toc       []NavPoint
	labels    Labels
	coverID   string
	styleHref string
	// navInSpine is set when a landmark links to the navigation
	// document, which then joins the spine as non-linear content.
	navInSpine bool
	ids        map[string]bool            // XML IDs used in the package document
	targets    map[string]map[string]bool // href path → fragment IDs it holds
	errs       []error
}

func (p *packager) fail(sentinel error, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf("epub: %s: %w", fmt.Sprintf(format, args...), sentinel))
}

// plan checks b and derives the manifest from it.
func plan(b *Book) (*packager, error) {
	if b == nil {
		return nil, fmt.Errorf("epub: nil book: %w", ErrMissing)
	}
	p := &packager{
		b:       b,
		ids:     map[string]bool{},
		targets: map[string]map[string]bool{},
		labels:  b.Labels,
	}
	p.checkMeta()
	p.checkFiles()
	p.checkNav()
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return p, nil
}

func (p *packager) checkMeta() {
	m := &p.b.Meta
	if blank(m.Identifier) {
		p.fail(ErrMissing, "metadata: identifier")
	} else if rest, ok := cutPrefixFold(m.Identifier, "urn:uuid:"); ok && !isUUID(rest) {
		p.fail(ErrInvalid, "metadata: identifier %q: malformed UUID", m.Identifier)
	}
	if blank(m.Title) {
		p.fail(ErrMissing, "metadata: title")
	}
	if blank(m.Language) {
		p.fail(ErrMissing, "metadata: language")
	} else if !isLanguageTag(m.Language) {
		p.fail(ErrInvalid, "metadata: language %q: not a BCP 47 tag", m.Language)
	}
	switch m.Direction {
	case "ltr", "rtl":
		p.dir = m.Direction
	case "":
		p.dir = "ltr"
		if rightToLeft(m.Language) {
			p.dir = "rtl"
		}
	default:
		p.fail(ErrInvalid, "metadata: direction %q: want \"ltr\" or \"rtl\"", m.Direction)
	}
	if m.Date != "" && !isW3CDate(m.Date) {
		p.fail(ErrInvalid, "metadata: date %q: want YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339", m.Date)
	}
	if m.Modified.IsZero() {
		p.fail(ErrMissing, "metadata: modified time")
	}
	p.modified = m.Modified.UTC().Truncate(time.Second)
	for i, c := range m.Creators {
		if blank(c.Name) {
			p.fail(ErrMissing, "metadata: creator %d: name", i+1)
		}
		if c.Role != "" && !isRelator(c.Role) {
			p.fail(ErrInvalid, "metadata: creator %d: role %q: want a three-letter MARC relator code", i+1, c.Role)
		}
	}
	// Reserve the IDs the package metadata uses, so that manifest IDs
	// derived from paths never collide with them.
	for _, id := range metaIDs(m) {
		p.ids[id] = true
	}
}

// metaIDs lists the XML IDs written in the metadata section.
func metaIDs(m *Metadata) []string {
	ids := []string{"pub-id", "title"}
	if !blank(m.Subtitle) {
		ids = append(ids, "subtitle")
	}
	for i := range m.Creators {
		ids = append(ids, creatorID(i))
	}
	if !blank(m.Source) {
		ids = append(ids, "source")
	}
	return ids
}

func creatorID(i int) string { return fmt.Sprintf("creator-%d", i+1) }

// Manifest item properties a caller may set; "nav" belongs to Write.
var (
	docProps = []string{"mathml", "remote-resources", "scripted", "svg"}
	resProps = []string{"cover-image", "mathml", "remote-resources", "scripted", "svg"}
)

func (p *packager) checkFiles() {
	b := p.b
	if len(b.Documents) == 0 {
		p.fail(ErrMissing, "no content documents")
	}
	// Every name in the EPUB/ folder, folded to lower case, so that
	// names differing only in case are caught: not every file system
	// or reading system tells them apart.
	seen := map[string]string{}
	claim := func(name string) bool {
		key := strings.ToLower(name)
		if prev, ok := seen[key]; ok {
			if prev == name {
				p.fail(ErrDuplicatePath, "%s: used twice", name)
			} else {
				p.fail(ErrDuplicatePath, "%s: clashes with %s", name, prev)
			}
			return false
		}
		seen[key] = name
		return true
	}
	for _, name := range []string{PackagePath, NavPath, NCXPath} {
		claim(name)
	}
	p.ids["nav"], p.ids["ncx"] = true, true

	for i := range b.Documents {
		d := &b.Documents[i]
		if err := checkPath(d.Path); err != nil {
			p.fail(ErrBadPath, "document %d: path %q: %v", i+1, d.Path, err)
			continue
		}
		if !claim(d.Path) {
			continue
		}
		props := p.checkProps("document "+d.Path, d.Properties, docProps)
		var scan scan
		var err error
		if d.Packed != nil {
			scan, err = d.Packed.scan, d.Packed.err
		} else {
			scan, err = scanXHTML(d.Content)
		}
		if err != nil {
			p.fail(ErrBadContent, "document %s: %v", d.Path, err)
		}
		for _, prop := range scan.props {
			if !slices.Contains(props, prop) {
				props = append(props, prop)
			}
		}
		p.targets[d.Path] = scan.ids
		p.items = append(p.items, item{
			id:        p.newID(d.Path),
			path:      d.Path,
			mediaType: "application/xhtml+xml",
			props:     props,
			content:   d.Content,
			packed:    d.Packed,
			doc:       true,
			nonLinear: d.NonLinear,
		})
	}
	for i := range b.Resources {
		r := &b.Resources[i]
		if err := checkPath(r.Path); err != nil {
			p.fail(ErrBadPath, "resource %d: path %q: %v", i+1, r.Path, err)
			continue
		}
		if !claim(r.Path) {
			continue
		}
		mt := r.MediaType
		if mt == "" {
			mt = guessMediaType(r.Path)
			if mt == "" {
				p.fail(ErrMediaType, "resource %s: cannot guess from the extension; set MediaType", r.Path)
			}
		}
		props := p.checkProps("resource "+r.Path, r.Properties, resProps)
		if r.Path == b.CoverImage && !slices.Contains(props, "cover-image") {
			props = append(props, "cover-image")
		}
		if slices.Contains(props, "cover-image") && !strings.HasPrefix(mt, "image/") {
			p.fail(ErrInvalid, "resource %s: cover-image with media type %q", r.Path, mt)
		}
		it := item{id: p.newID(r.Path), path: r.Path, mediaType: mt, props: props, content: r.Content}
		if slices.Contains(props, "cover-image") {
			if p.coverID != "" {
				p.fail(ErrInvalid, "resource %s: a second cover-image", r.Path)
			}
			p.coverID = it.id
		}
		if r.Path == b.Stylesheet {
			if mt != "text/css" {
				p.fail(ErrInvalid, "stylesheet %s: media type %q, want text/css", r.Path, mt)
			}
			p.styleHref = r.Path
		}
		p.items = append(p.items, it)
	}
	// A file may not also be a folder: "a" and "a/b" cannot both exist
	// once the container is unpacked.
	for _, key := range slices.Sorted(maps.Keys(seen)) {
		for dir := path.Dir(key); dir != "."; dir = path.Dir(dir) {
			if prev, ok := seen[dir]; ok {
				p.fail(ErrDuplicatePath, "%s: lies inside %s, which is a file", seen[key], prev)
			}
		}
	}
	if b.CoverImage != "" && !slices.ContainsFunc(b.Resources, func(r Resource) bool { return r.Path == b.CoverImage }) {
		p.fail(ErrBadHref, "cover image %q: not among the resources", b.CoverImage)
	}
	if b.Stylesheet != "" && p.styleHref == "" {
		p.fail(ErrBadHref, "stylesheet %q: not among the resources", b.Stylesheet)
	}
}

// checkProps returns props without duplicates, reporting unknown ones.
func (p *packager) checkProps(what string, props, allowed []string) []string {
	var out []string
	for _, prop := range props {
		if !slices.Contains(allowed, prop) {
			p.fail(ErrInvalid, "%s: manifest property %q not allowed here", what, prop)
			continue
		}
		if !slices.Contains(out, prop) {
			out = append(out, prop)
		}
	}
	return out
}

// newID derives a unique XML ID from a file path: "text/intro.xhtml"
// becomes "text-intro.xhtml". Characters that are not ASCII letters,
// digits, '.', '-' or '_' become '_', a name that cannot start an XML ID
// gets the prefix "id-", and a clash gets a numeric suffix.
func (p *packager) newID(filePath string) string {
	var sb strings.Builder
	for _, r := range filePath {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			sb.WriteRune(r)
		case r == '/':
			sb.WriteByte('-')
		default:
			sb.WriteByte('_')
		}
	}
	base := sb.String()
	if c := base[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
		base = "id-" + base
	}
	id := base
	for n := 2; p.ids[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	p.ids[id] = true
	return id
}

// checkNav checks the navigation structures and fills in defaults.
func (p *packager) checkNav() {
	b := p.b
	if p.labels.TOC == "" {
		p.labels.TOC = "Contents"
	}
	if p.labels.Landmarks == "" {
		p.labels.Landmarks = "Landmarks"
	}
	if p.labels.PageList == "" {
		p.labels.PageList = "Page list"
	}
	// The navigation document may be linked to by its own landmarks.
	navIDs := map[string]bool{"toc": true}
	if len(b.Landmarks) > 0 {
		navIDs["landmarks"] = true
	}
	if len(b.PageList) > 0 {
		navIDs["page-list"] = true
	}
	p.targets[NavPath] = navIDs

	p.toc = b.TOC
	if len(p.toc) == 0 {
		for _, d := range b.Documents {
			if !d.NonLinear && !blank(d.Title) {
				p.toc = append(p.toc, NavPoint{Title: d.Title, Href: d.Path})
			}
		}
		if len(p.toc) == 0 {
			p.fail(ErrMissing, "table of contents: no TOC entries and no titled linear documents")
		}
	}
	p.checkNavPoints(p.toc, "toc")

	type pair struct{ typ, href string }
	seen := map[pair]bool{}
	for i, l := range b.Landmarks {
		what := fmt.Sprintf("landmark %d", i+1)
		if blank(l.Type) {
			p.fail(ErrMissing, "%s: type", what)
		} else if strings.ContainsAny(l.Type, " \t\r\n") {
			p.fail(ErrInvalid, "%s: type %q: one epub:type value only", what, l.Type)
		}
		if blank(l.Title) {
			p.fail(ErrMissing, "%s: title", what)
		}
		p.checkHref(what, l.Href, true)
		if file, _, _ := strings.Cut(l.Href, "#"); file == NavPath {
			p.navInSpine = true
		}
		if k := (pair{l.Type, l.Href}); seen[k] {
			p.fail(ErrInvalid, "%s: another landmark has type %q and href %q", what, l.Type, l.Href)
		} else {
			seen[k] = true
		}
	}
	for i, t := range b.PageList {
		what := fmt.Sprintf("page target %d", i+1)
		if blank(t.Label) {
			p.fail(ErrMissing, "%s: label", what)
		}
		p.checkHref(what, t.Href, false)
	}
}

func (p *packager) checkNavPoints(pts []NavPoint, where string) {
	for i, n := range pts {
		what := fmt.Sprintf("%s entry %d", where, i+1)
		if blank(n.Title) {
			p.fail(ErrMissing, "%s: title", what)
		}
		if n.Lang != "" && !isLanguageTag(n.Lang) {
			p.fail(ErrInvalid, "%s: language %q: not a BCP 47 tag", what, n.Lang)
		}
		if n.Href == "" && len(n.Children) > 0 {
			// A heading without a link of its own (written as a span).
		} else {
			p.checkHref(what, n.Href, false)
		}
		p.checkNavPoints(n.Children, what)
	}
}

// checkHref checks that href names a content document, and the fragment
// (if any) an ID in it. Only landmarks may point at the nav document.
func (p *packager) checkHref(what, href string, navOK bool) {
	file, frag, hasFrag := strings.Cut(href, "#")
	if href == "" {
		p.fail(ErrMissing, "%s: href", what)
		return
	}
	ids, ok := p.targets[file]
	if !ok || (file == NavPath && !navOK) {
		p.fail(ErrBadHref, "%s: href %q: no content document %q", what, href, file)
		return
	}
	if hasFrag && (frag == "" || ids != nil && !ids[frag]) {
		p.fail(ErrBadHref, "%s: href %q: %s has no element with id %q", what, href, file, frag)
	}
}

// A scan is what scanXHTML learns about a content document.
type scan struct {
	ids   map[string]bool // the IDs it declares
	props []string        // "mathml" and "svg" if it embeds them
}

// scanXHTML checks that content is a well-formed XML document whose root is
// an XHTML html element, and collects its IDs and the manifest properties
// its inline MathML and SVG call for.
func scanXHTML(content []byte) (scan, error) {
	s := scan{ids: map[string]bool{}}
	d := xml.NewDecoder(bytes.NewReader(content))
	root := true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return s, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root {
			if se.Name.Local != "html" || se.Name.Space != nsXHTML {
				return s, fmt.Errorf("root element is <%s> in namespace %q, want <html> in %q", se.Name.Local, se.Name.Space, nsXHTML)
			}
			root = false
		}
		switch {
		case se.Name.Space == nsMathML && se.Name.Local == "math" && !slices.Contains(s.props, "mathml"):
			s.props = append(s.props, "mathml")
		case se.Name.Space == nsSVG && se.Name.Local == "svg" && !slices.Contains(s.props, "svg"):
			s.props = append(s.props, "svg")
		}
		for _, a := range se.Attr {
			if a.Name.Local == "id" && (a.Name.Space == "" || a.Name.Space == nsXML || a.Name.Space == "xml") {
				s.ids[a.Value] = true
			}
		}
	}
	if root {
		return s, errors.New("no root element")
	}
	return s, nil
}

// checkPath reports why name cannot be a file path in the container, or
// nil. It enforces the OCF file name restrictions and also rejects
// characters that would need escaping in an href (space, '#', '%', '?').
func checkPath(name string) error {
	switch {
	case name == "":
		return errors.New("empty")
	case !utf8.ValidString(name):
		return errors.New("not UTF-8")
	case strings.HasPrefix(name, "/"):
		return errors.New("absolute")
	case strings.Contains(name, `\`):
		return errors.New(`backslash; use "/"`)
	}
	for _, seg := range strings.Split(name, "/") {
		switch {
		case seg == "":
			return errors.New("empty path segment")
		case seg == "." || seg == "..":
			return fmt.Errorf("%q segment", seg)
		case strings.HasSuffix(seg, "."):
			return errors.New("segment ends with '.'")
		case len(seg) > 255:
			return errors.New("segment longer than 255 bytes")
		}
		for _, r := range seg {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || strings.ContainsRune("\"*:<>?|#% ", r) ||
				(r >= 0xe000 && r <= 0xf8ff) || (r >= 0xfdd0 && r <= 0xfdef) || r == 0xfeff || r == 0xfffd ||
				r&0xfffe == 0xfffe || r >= 0xf0000 {
				return fmt.Errorf("character %q not allowed", r)
			}
		}
	}
	return nil
}

// guessMediaType returns the media type for the extension of name, or "".
func guessMediaType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".css":
		return "text/css"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".svg":
		return "image/svg+xml"
	case ".ttf":
		return "font/ttf"
	case ".otf":
		return "font/otf"
	case ".woff":
		return "font/woff"
	case ".woff2":
		return "font/woff2"
	case ".xhtml", ".html":
		return "application/xhtml+xml"
	case ".js":
		return "application/javascript"
	case ".mp3":
		return "audio/mpeg"
	case ".m4a", ".mp4":
		return "audio/mp4"
	case ".smil":
		return "application/smil+xml"
	case ".pls":
		return "application/pls+xml"
	case ".vtt":
		return "text/vtt"
	}
	return ""
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// isUUID reports whether s is a UUID in 8-4-4-4-12 hexadecimal form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !isHex(c) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isLanguageTag is a well-formedness check of a BCP 47 tag: it does not
// consult the subtag registry.
func isLanguageTag(tag string) bool {
	subs := strings.Split(tag, "-")
	first := subs[0]
	switch {
	case (len(first) >= 2 && len(first) <= 3 || len(first) >= 5 && len(first) <= 8) && isAlpha(first):
	case (first == "x" || first == "i") && len(subs) > 1:
	default:
		return false
	}
	for _, s := range subs[1:] {
		if len(s) < 1 || len(s) > 8 || !isAlnum(s) {
			return false
		}
	}
	return true
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9') && !(c|0x20 >= 'a' && c|0x20 <= 'z') {
			return false
		}
	}
	return true
}

func isRelator(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func isW3CDate(s string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02", time.RFC3339} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// rightToLeft guesses whether text in the language tag runs right to left,
// from its script subtag if it has one and else from its language.
func rightToLeft(tag string) bool {
	subs := strings.Split(strings.ToLower(tag), "-")
	for _, s := range subs[1:] {
		if len(s) == 4 && isAlpha(s) {
			switch s {
			case "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "samr", "mand":
				return true
			}
			return false
		}
	}
	switch subs[0] {
	case "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr", "ug", "ur", "yi", "ji", "nqo":
		return true
	}
	return false
}
