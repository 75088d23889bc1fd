package manuscript

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/markdown"
	"github.com/galley-press/galley/internal/source"
)

// The files that order a folder's chapters, in order of precedence.
const (
	bookYAML    = "book.yaml"
	summaryMD   = "SUMMARY.md"
	bookTOML    = "book.toml"
	mdBookSrc   = "src" // mdBook's default source folder
	readmeMD    = "README.md"
	maxChapters = 10000
)

// bookKeys are book.yaml's keys beyond the front matter's.
var bookKeys = []string{"chapters", "frontmatter", "backmatter"}

// A plan is a folder's chapters in reading order, and the book's metadata
// when it does not come from the first chapter's front matter.
type plan struct {
	chapters []planned
	meta     *doc.Meta // nil: the first chapter's front matter is the book's
}

// planned is one chapter of a plan.
type planned struct {
	path  string     // as written, then checked: a slash path in the FS
	id    string     // the chapter's ID, or "" to derive it from path
	title string     // from SUMMARY.md or book.yaml; or ""
	part  string     // the part this chapter opens; or ""
	role  doc.Role   // front, body or back matter
	pos   source.Pos // where the plan names it
}

// plan finds the folder's chapters: from book.yaml, else from an mdBook
// SUMMARY.md (in the folder, or in the source folder its book.toml names),
// else the Markdown files in name order.
func (ld *loading) plan() (*plan, error) {
	if ld.isFile(bookYAML) {
		return ld.bookYAML(bookYAML)
	}
	var toml *bookTOMLData
	if ld.isFile(bookTOML) {
		src, err := ld.readText(bookTOML)
		if err != nil {
			return nil, fmt.Errorf("manuscript: read %s: %w", bookTOML, err)
		}
		ld.hash.Write(src)
		f := source.NewFile(ld.display(bookTOML), src)
		if checkText(f, ld.diags) {
			toml = parseBookTOML(f, ld.diags)
		}
	}
	dirs := []string{"."}
	if toml != nil {
		dirs = append(dirs, toml.src)
	}
	for _, dir := range dirs {
		if ld.isFile(path.Join(dir, summaryMD)) {
			return ld.summary(dir, toml)
		}
	}
	return ld.nameOrder()
}

// isFile reports whether name is a regular file (or a link to one) in the
// folder.
func (ld *loading) isFile(name string) bool {
	st, err := fs.Stat(ld.FS, name)
	return err == nil && !st.IsDir()
}

// nameOrder plans the folder's Markdown files in the order of their names,
// leaving out README.md and SUMMARY.md.
func (ld *loading) nameOrder() (*plan, error) {
	ents, err := fs.ReadDir(ld.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("manuscript: read %s: %w", ld.Display, err)
	}
	var files []string
	for _, e := range ents {
		n := e.Name()
		if !e.IsDir() && isMarkdown(n) && !strings.EqualFold(n, readmeMD) && !strings.EqualFold(n, summaryMD) {
			files = append(files, n)
		}
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("manuscript: %s holds no Markdown file", ld.Display)
	}
	p := &plan{}
	for _, n := range files {
		p.chapters = append(p.chapters, planned{path: n})
	}
	return p, nil
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// checkChapters resolves each planned chapter's path, written relative to
// dir, and reports and leaves out those that lead outside the folder, do
// not exist, are not Markdown or are listed twice. It gives every chapter
// a unique ID from its path relative to dir.
func (ld *loading) checkChapters(in []planned, dir string) []planned {
	seen := map[string]bool{}
	ids := map[string]int{}
	var out []planned
	carry := "" // the part of a chapter left out passes to the next
	for _, c := range in {
		if c.part == "" && c.role == doc.BodyMatter {
			c.part = carry
		}
		carry = ""
		p, err := ld.resolveFrom(dir, c.path)
		if err == nil {
			switch st, serr := fs.Stat(ld.FS, p); {
			case serr != nil:
				err = errNotFound
			case st.IsDir():
				err = errors.New("is a folder, not a Markdown file")
			case !isMarkdown(p):
				err = errors.New("not a Markdown file (.md)")
			}
		}
		switch {
		case err != nil:
			ld.diags.Errorf(c.pos, "chapter %q: %v", c.path, err)
		case seen[p]:
			ld.diags.Errorf(c.pos, "chapter %q is listed twice", c.path)
		case len(out) == maxChapters:
			ld.diags.Errorf(c.pos, "more than %d chapters", maxChapters)
			return out
		default:
			seen[p] = true
			rel := p
			if dir != "." {
				rel = strings.TrimPrefix(p, dir+"/")
			}
			c.path, c.id = p, chapterID(rel, len(out))
			if n := ids[c.id]; n > 0 {
				ids[c.id]++
				c.id = fmt.Sprintf("%s-%d", c.id, n+1)
			}
			ids[c.id]++
			out = append(out, c)
			continue
		}
		if c.role == doc.BodyMatter {
			carry = c.part
		}
	}
	return out
}

// chapterMeta returns a chapter's own metadata, if its front matter has a
// title, and the chapter's language.
func (l *Loader) chapterMeta(f *source.File, fm *Front, bookLang string, diags *diag.List) (*doc.Meta, string) {
	for _, k := range fm.BookKeys {
		diags.Warnf(k.Pos, "key %q applies to the whole book and is left out of a chapter's front matter", k.Name)
	}
	fm.Cover, fm.AccessibilitySummary, fm.ConformsTo, fm.CertifiedBy = nil, "", false, ""
	fm.NoMicrotype = false
	if fm.Title != "" {
		m := l.frontMeta(f, fm, bookLang, diags)
		return &m, m.Lang
	}
	lang := bookLang
	if fm.Lang != "" {
		if langTag.MatchString(fm.Lang) {
			lang = fm.Lang
		} else {
			diags.Errorf(fm.LangPos, "lang %q is not a language tag such as \"en\", \"en-GB\", \"ru\" or \"kk\"", fm.Lang)
		}
	}
	if len(fm.Authors) > 0 || fm.Image != nil || fm.Kicker != "" || fm.Subtitle != "" {
		diags.Warnf(fm.Pos, "front matter has no title, so the chapter is not set as an article and its kicker, dek, authors and image are left out")
	}
	return nil, lang
}

// bookYAML reads the book's metadata and chapters from book.yaml.
func (ld *loading) bookYAML(name string) (*plan, error) {
	src, err := ld.readText(name)
	if err != nil {
		return nil, fmt.Errorf("manuscript: read %s: %w", name, err)
	}
	ld.hash.Write(src)
	f := source.NewFile(ld.display(name), src)
	fm := &Front{Pos: f.Pos(0)}
	p := &plan{}
	var chapters []planned
	listed := false
	if !checkText(f, ld.diags) {
		fm.Broken = true
	} else if m, ok := ld.yamlMapping(f); !ok {
		fm.Broken = true
	} else if m != nil {
		at := func(n *yaml.Node) source.Pos { return f.PosAt(n.Line, n.Column) }
		fr := frontReader{at: at, diags: ld.diags}
		var front, body, back []planned
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if fr.alias(v) {
				continue
			}
			switch k.Value {
			case "chapters":
				body, listed = ld.yamlChapters(fr, k, v, doc.BodyMatter, true), true
			case "frontmatter":
				front = ld.yamlChapters(fr, k, v, doc.FrontMatter, false)
			case "backmatter":
				back = ld.yamlChapters(fr, k, v, doc.BackMatter, false)
			default:
				if !fr.key(fm, k, v) {
					fr.unknown(k, slices.Concat(keys, bookKeys))
				}
			}
		}
		chapters = slices.Concat(front, body, back)
	}
	ld.broken = fm.Broken
	if fm.URL != "" {
		ld.base, ld.baseDir = baseURL(fm.URL), "."
	}
	meta := ld.frontMeta(f, fm, "en", ld.diags)
	p.meta = &meta
	if !listed && !fm.Broken {
		ld.diags.Errorf(f.Pos(0), "%s lists no chapters: add \"chapters:\", a list of Markdown files", name)
	}
	p.chapters = ld.checkChapters(chapters, ".")
	return p, nil
}

// yamlMapping parses f as YAML and returns its top-level mapping (nil for
// an empty file). It reports false if the file cannot be read.
func (ld *loading) yamlMapping(f *source.File) (*yaml.Node, bool) {
	var root yaml.Node
	if err := yaml.Unmarshal(f.Src, &root); err != nil {
		p, msg := yamlError(f, 1, f.Src, err)
		ld.diags.Errorf(p, "%s", msg)
		return nil, false
	}
	if len(root.Content) == 0 {
		return nil, true
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		ld.diags.Errorf(f.PosAt(m.Line, m.Column), "book.yaml must be a mapping of keys to values")
		return nil, false
	}
	return m, true
}

// yamlChapters reads a list of chapters: file names, {file, title}
// mappings and, if parts is set, {part, chapters} groups.
func (ld *loading) yamlChapters(fr frontReader, k, v *yaml.Node, role doc.Role, parts bool) []planned {
	if v.Kind != yaml.SequenceNode {
		fr.diags.Errorf(fr.at(v), "key %q must be a list of Markdown files, not %s", k.Value, kindName(v))
		return nil
	}
	var out []planned
	for _, e := range v.Content {
		if fr.alias(e) {
			continue
		}
		switch e.Kind {
		case yaml.ScalarNode:
			if s := fr.str(k, e); s != "" {
				out = append(out, planned{path: s, role: role, pos: fr.at(e)})
			}
		case yaml.MappingNode:
			out = append(out, ld.yamlEntry(fr, k, e, role, parts)...)
		default:
			fr.diags.Errorf(fr.at(e), "a chapter must be a file name or a mapping with \"file\" (and \"title\"), not %s", kindName(e))
		}
	}
	return out
}

// yamlEntry reads one mapping in a chapter list: {file, title} or
// {part, chapters}.
func (ld *loading) yamlEntry(fr frontReader, k, e *yaml.Node, role doc.Role, parts bool) []planned {
	known := []string{"file", "title"}
	if parts {
		known = append(known, "part", "chapters")
	}
	var c planned
	var part string
	var partPos source.Pos
	var sub []planned
	hasSub := false
	for i := 0; i+1 < len(e.Content); i += 2 {
		ek, ev := e.Content[i], e.Content[i+1]
		if fr.alias(ev) {
			continue
		}
		switch {
		case ek.Value == "file":
			c.path, c.pos = fr.str(ek, ev), fr.at(ev)
		case ek.Value == "title":
			c.title = fr.str(ek, ev)
		case ek.Value == "part" && parts:
			part, partPos = fr.str(ek, ev), fr.at(ev)
		case ek.Value == "chapters" && parts:
			sub, hasSub = ld.yamlChapters(fr, ek, ev, role, false), true
		default:
			fr.unknown(ek, known)
		}
	}
	switch {
	case hasSub || part != "":
		if c.path != "" {
			fr.diags.Errorf(fr.at(e), "an entry is either a chapter (\"file\") or a part (\"part\" and \"chapters\"), not both")
		}
		if len(sub) == 0 {
			fr.diags.Warnf(partPos, "part %q has no chapters", part)
			return nil
		}
		sub[0].part = part
		return sub
	case c.path == "":
		fr.diags.Errorf(fr.at(e), "chapter entry has no \"file\"")
		return nil
	}
	c.role = role
	return []planned{c}
}

// summary reads the chapter order from the mdBook SUMMARY.md in dir: an
// optional title heading; prefix chapters (links without list markers) as
// front matter; the numbered chapters (a list of links, nested for
// sub-chapters) with "# Part" headings before them; suffix chapters as back
// matter. Draft chapters, "[Title]()", are left out with a warning.
func (ld *loading) summary(dir string, toml *bookTOMLData) (*plan, error) {
	name := path.Join(dir, summaryMD)
	src, err := ld.readText(name)
	if err != nil {
		return nil, fmt.Errorf("manuscript: read %s: %w", name, err)
	}
	ld.hash.Write(src)
	f := source.NewFile(ld.display(name), src)
	p := &plan{}
	lang := "en"
	if toml != nil {
		m := ld.frontMeta(toml.file, &toml.front, "en", ld.diags)
		p.meta, lang = &m, m.Lang
		ld.broken = toml.front.TitlePos.IsValid() && m.Title == ""
		if toml.siteURL != "" {
			ld.base, ld.baseDir = baseURL(toml.siteURL), dir
		}
	}
	if !checkText(f, ld.diags) {
		return p, nil
	}
	ld.mdbook = true
	blocks, _ := markdown.Parse(markdown.Input{File: f, Lang: lang}, ld.diags)
	var chapters []planned
	part := ""
	numbered := false
	add := func(lk *doc.Link, role doc.Role) {
		title := doc.PlainText(lk.Text)
		if lk.URL == "" {
			ld.diags.Warnf(lk.Pos(), "draft chapter %q has no file and was left out", title)
			return
		}
		target, _, _ := strings.Cut(lk.URL, "#")
		if u, err := url.PathUnescape(target); err == nil {
			target = u
		}
		c := planned{path: target, title: title, role: role, pos: lk.Pos()}
		if role == doc.BodyMatter {
			c.part, part = part, ""
		}
		chapters = append(chapters, c)
	}
	var list func(l *doc.List)
	list = func(l *doc.List) {
		for _, it := range l.Items {
			found := false
			for _, b := range it.Blocks {
				switch b := b.(type) {
				case *doc.Paragraph:
					if lk := firstLink(b.Text); lk != nil && !found {
						add(lk, doc.BodyMatter)
						found = true
					}
				case *doc.List:
					list(b)
				}
			}
			if !found {
				ld.diags.Warnf(it.Pos(), "entry is not a link to a chapter and was left out")
			}
		}
	}
	for i, b := range blocks {
		switch b := b.(type) {
		case *doc.Heading:
			if i > 0 {
				part = doc.PlainText(b.Text)
			} else {
				ld.summaryTitle = doc.PlainText(b.Text)
			}
		case *doc.Paragraph:
			role := doc.FrontMatter
			if numbered {
				role = doc.BackMatter
			}
			for _, x := range b.Text {
				if lk, ok := x.(*doc.Link); ok {
					add(lk, role)
				}
			}
		case *doc.List:
			numbered = true
			list(b)
		}
	}
	if len(chapters) == 0 {
		ld.diags.Errorf(f.Pos(0), "%s lists no chapters: add links such as \"- [Introduction](intro.md)\"", summaryMD)
	}
	p.chapters = ld.checkChapters(chapters, dir)
	return p, nil
}

func firstLink(in []doc.Inline) *doc.Link {
	for _, x := range in {
		if lk, ok := x.(*doc.Link); ok {
			return lk
		}
	}
	return nil
}

// bookTOMLData is what Galley reads from an mdBook book.toml: the [book]
// table's title, authors, language, description and src.
type bookTOMLData struct {
	file  *source.File
	front Front
	src   string // the folder of SUMMARY.md and the chapters
	// siteURL is [output.html] site-url when it is an absolute http or
	// https address: where the book is published.
	siteURL string
}

// parseBookTOML reads the [book] table of an mdBook book.toml. It knows
// only the TOML that such a table needs: strings (basic, literal and
// multi-line), arrays of strings, comments; other values and tables are
// skipped.
func parseBookTOML(f *source.File, diags *diag.List) *bookTOMLData {
	t := &bookTOMLData{file: f, front: Front{Pos: f.Pos(0)}, src: mdBookSrc}
	s := &tomlScanner{src: string(f.Src)}
	section := ""
	for s.off < len(s.src) {
		s.skipSpace()
		lineStart := s.off
		switch {
		case s.off >= len(s.src):
		case s.peek() == '\n' || s.peek() == '\r' || s.peek() == '#':
		case s.peek() == '[':
			end := strings.IndexAny(s.src[s.off:], "]\n")
			if end < 0 || s.src[s.off+end] != ']' {
				section = "?"
				break
			}
			section = strings.TrimSpace(strings.Trim(s.src[s.off:s.off+end], "[]"))
			section = strings.Trim(section, `"'`)
		default:
			eq := strings.IndexAny(s.src[s.off:], "=\n")
			if eq < 0 || s.src[s.off+eq] != '=' {
				if section == "book" {
					diags.Errorf(f.Pos(lineStart), "%s: expected key = value", bookTOML)
				}
				break
			}
			key := strings.Trim(strings.TrimSpace(s.src[s.off:s.off+eq]), `"'`)
			s.off += eq + 1
			s.skipSpace()
			at := f.Pos(s.off)
			v, err := s.value(0)
			if err != nil {
				if section == "book" {
					diags.Errorf(f.Pos(s.off), "%s: %v", bookTOML, err)
				}
				break
			}
			switch {
			case section == "book":
				t.set(key, v, at, diags)
			case section == "output.html" && key == "site-url":
				if s, ok := v.(string); ok && baseURL(s) != nil {
					t.siteURL = s
				}
			}
		}
		s.nextLine()
	}
	return t
}

// set stores one [book] value.
func (t *bookTOMLData) set(key string, v any, at source.Pos, diags *diag.List) {
	str := func() string {
		s, ok := v.(string)
		if !ok {
			diags.Errorf(at, "%s: key %q must be a string", bookTOML, key)
		}
		return strings.TrimSpace(s)
	}
	switch key {
	case "title":
		t.front.Title, t.front.TitlePos = str(), at
	case "description":
		t.front.Description = str()
	case "language":
		t.front.Lang, t.front.LangPos = str(), at
	case "src":
		if s := str(); s != "" {
			t.src = path.Clean(s)
		}
	case "authors":
		switch v := v.(type) {
		case []string:
			for _, a := range v {
				t.front.Authors = append(t.front.Authors, FrontAuthor{Name: a})
			}
		case string:
			t.front.Authors = []FrontAuthor{{Name: v}}
		default:
			diags.Errorf(at, "%s: key %q must be a list of names", bookTOML, key)
		}
	}
}

// tomlScanner reads TOML values.
type tomlScanner struct {
	src string
	off int
}

func (s *tomlScanner) peek() byte {
	if s.off < len(s.src) {
		return s.src[s.off]
	}
	return 0
}

func (s *tomlScanner) skipSpace() {
	for s.off < len(s.src) && (s.src[s.off] == ' ' || s.src[s.off] == '\t') {
		s.off++
	}
}

// nextLine moves past the end of the current line.
func (s *tomlScanner) nextLine() {
	if i := strings.IndexByte(s.src[s.off:], '\n'); i >= 0 {
		s.off += i + 1
	} else {
		s.off = len(s.src)
	}
}

// skipBlank skips white space, newlines and comments, inside arrays.
func (s *tomlScanner) skipBlank() {
	for s.off < len(s.src) {
		switch s.src[s.off] {
		case ' ', '\t', '\r', '\n':
			s.off++
		case '#':
			s.nextLine()
		default:
			return
		}
	}
}

// value reads one value: a string, []string, or nil for any other scalar
// or table, which Galley does not need.
func (s *tomlScanner) value(depth int) (any, error) {
	if depth > 32 {
		return nil, errors.New("arrays nested too deeply")
	}
	rest := s.src[s.off:]
	switch {
	case strings.HasPrefix(rest, `"""`), strings.HasPrefix(rest, `'''`):
		q := rest[:3]
		end := strings.Index(rest[3:], q)
		if end < 0 {
			return nil, errors.New("multi-line string is not closed")
		}
		body := rest[3 : 3+end]
		s.off += 3 + end + 3
		body = strings.TrimPrefix(strings.TrimPrefix(body, "\r"), "\n")
		if q == `'''` {
			return body, nil
		}
		return unescapeTOML(body, true)
	case strings.HasPrefix(rest, `"`):
		for i := 1; i < len(rest); i++ {
			switch rest[i] {
			case '\\':
				i++
			case '\n':
				return nil, errors.New("string is not closed on its line")
			case '"':
				s.off += i + 1
				return unescapeTOML(rest[1:i], false)
			}
		}
		return nil, errors.New("string is not closed")
	case strings.HasPrefix(rest, "'"):
		end := strings.IndexAny(rest[1:], "'\n")
		if end < 0 || rest[1+end] != '\'' {
			return nil, errors.New("string is not closed on its line")
		}
		s.off += end + 2
		return rest[1 : 1+end], nil
	case strings.HasPrefix(rest, "["):
		s.off++
		var out []string
		other := false
		for {
			s.skipBlank()
			if s.off >= len(s.src) {
				return nil, errors.New("array is not closed")
			}
			if s.peek() == ']' {
				s.off++
				break
			}
			v, err := s.value(depth + 1)
			if err != nil {
				return nil, err
			}
			if str, ok := v.(string); ok {
				out = append(out, str)
			} else {
				other = true
			}
			s.skipBlank()
			if s.peek() == ',' {
				s.off++
			} else if s.peek() != ']' {
				return nil, errors.New("expected \",\" or \"]\" in array")
			}
		}
		if other {
			return nil, nil
		}
		return out, nil
	case strings.HasPrefix(rest, "{"):
		n := 0
		for i := 0; i < len(rest); i++ {
			switch rest[i] {
			case '{':
				n++
			case '}':
				if n--; n == 0 {
					s.off += i + 1
					return nil, nil
				}
			}
		}
		return nil, errors.New("inline table is not closed")
	default:
		end := strings.IndexAny(rest, ",]#\r\n")
		if end < 0 {
			end = len(rest)
		}
		if strings.TrimSpace(rest[:end]) == "" {
			return nil, errors.New("missing value")
		}
		s.off += end
		return nil, nil
	}
}

// unescapeTOML decodes a basic string's escapes; in a multi-line string a
// backslash at the end of a line joins it to the next.
func unescapeTOML(s string, multiline bool) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", errors.New("string ends with a backslash")
		}
		switch s[i] {
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case '"':
			b.WriteByte('"')
		case '\\':
			b.WriteByte('\\')
		case 'u', 'U':
			n := 4
			if s[i] == 'U' {
				n = 8
			}
			if i+1+n > len(s) {
				return "", errors.New("short unicode escape")
			}
			r, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil || !unicodeOK(rune(r)) {
				return "", fmt.Errorf("bad unicode escape %q", s[i-1:i+1+n])
			}
			b.WriteRune(rune(r))
			i += n
		default:
			// In a multi-line string, a backslash that ends a line removes
			// the line break and the white space after it.
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
				j++
			}
			if multiline && j < len(s) && s[j] == '\n' {
				for j < len(s) && strings.IndexByte(" \t\r\n", s[j]) >= 0 {
					j++
				}
				i = j - 1
				continue
			}
			return "", fmt.Errorf("unknown escape \"\\%c\"", s[i])
		}
	}
	return b.String(), nil
}

func unicodeOK(r rune) bool {
	return r <= unicode.MaxRune && (r < 0xD800 || r > 0xDFFF)
}
