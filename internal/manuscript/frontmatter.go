package manuscript

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/source"
)

// Front is the front matter of a Markdown file, as written: strings are not
// yet Markdown, images not yet loaded. Pos fields point at the values.
type Front struct {
	Title, Subtitle, Kicker        string
	Authors                        []FrontAuthor
	Lang, Date, Identifier         string
	Publisher, Rights, Description string
	Keywords                       []string
	Slug                           string
	// URL is where the manuscript is published on the web, if given: a
	// relative link to something outside the manuscript is made an
	// absolute link from it.
	URL    string
	URLPos source.Pos
	Image  *FrontImage
	// Cover is the book's cover image: its file and alt text.
	Cover *FrontImage
	// AccessibilitySummary, ConformsTo and CertifiedBy come from the
	// accessibility key.
	AccessibilitySummary, CertifiedBy string
	ConformsTo                        bool
	// NoMicrotype is set by microtype: false, which turns off margin
	// kerning and font expansion in the PDF.
	NoMicrotype bool
	// BookKeys lists the keys given that apply to a whole book (cover,
	// accessibility, microtype), with their positions: a chapter's front matter
	// leaves them out.
	BookKeys                        []FrontKey
	TitlePos, LangPos, DatePos, Pos source.Pos
	// Broken is set when the front matter could not be read at all, so
	// that no follow-on errors (such as a missing title) are reported.
	Broken bool
}

// A FrontAuthor is one entry of the author key.
type FrontAuthor struct {
	Name, Bio string
	BioPos    source.Pos
}

// A FrontKey is a key as written in front matter, and where.
type FrontKey struct {
	Name string
	Pos  source.Pos
}

// A FrontImage is the hero image: its file, alt text, caption and credit.
type FrontImage struct {
	Src, Alt, Caption, Credit  string
	AltGiven                   bool // alt was present, even if empty (a decorative image)
	Pos, CaptionPos, CreditPos source.Pos
}

// keys lists the front matter keys, for suggestions.
var keys = []string{"title", "subtitle", "kicker", "author", "lang", "date", "identifier",
	"publisher", "rights", "description", "keywords", "slug", "url", "image", "cover", "accessibility", "microtype"}

var (
	imageKeys         = []string{"src", "alt", "caption", "credit"}
	coverKeys         = []string{"src", "alt"}
	accessibilityKeys = []string{"summary", "conformsTo", "certifiedBy"}
)

// ConformsTo is the conformance claim Galley can make, the one value the
// front matter's accessibility.conformsTo accepts besides true and false.
const ConformsTo = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

// splitFront separates a leading "---" YAML block from the Markdown body. It
// returns the YAML, the 1-based line on which it starts, and the byte offset
// of the body. A file without front matter has a nil YAML block.
func splitFront(src []byte) (yml []byte, line, body int, ok bool) {
	if !bytes.HasPrefix(src, []byte("---\n")) && !bytes.HasPrefix(src, []byte("---\r\n")) {
		return nil, 0, 0, true
	}
	start := bytes.IndexByte(src, '\n') + 1
	off := start
	for off < len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if end >= 0 {
			next = off + end + 1
		}
		l := strings.TrimRight(string(src[off:next]), "\r\n")
		if l == "---" || l == "..." {
			return src[start:off], 2, next, true
		}
		off = next
	}
	return nil, 0, 0, false
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns an error from the YAML parser into a position in f and a
// message. yml is the YAML text, which starts on line first of f. The
// parser often names the line where it gave up (the end of the block for a
// quote never closed); the line where the cause starts, an open quote or
// bracket, is found by scanning the text.
func yamlError(f *source.File, first int, yml []byte, err error) (source.Pos, string) {
	msg := err.Error()
	p := f.LineStart(first)
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		p, msg = f.LineStart(first+n-1), m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msg = strings.Join(te.Errors, "; ")
	}
	if line, col, what := unclosedYAML(yml); line > 0 {
		p, msg = f.PosAt(first+line-1, col), what+" is never closed ("+msg+")"
	}
	return p, msg
}

// unclosedYAML finds a quoted string or flow collection ("[", "{") that
// is still open at the end of yml, and returns its 1-based line and
// column and what it is; line is 0 if there is none. Quotes count only
// where a value may start: a plain value such as "it's" holds them as text.
func unclosedYAML(yml []byte) (line, col int, what string) {
	type open struct {
		c         byte
		line, col int
	}
	var stack []open
	ln, lineStart := 1, 0
	valueStart := true
	for i := 0; i < len(yml); i++ {
		c := yml[i]
		switch {
		case c == '\n':
			ln, lineStart, valueStart = ln+1, i+1, true
		case c == ' ' || c == '\t':
		case c == '#' && (i == lineStart || yml[i-1] == ' ' || yml[i-1] == '\t'):
			for i+1 < len(yml) && yml[i+1] != '\n' {
				i++
			}
		case (c == '"' || c == '\'') && valueStart:
			startLine, startCol := ln, utf8.RuneCount(yml[lineStart:i])+1
			closed := false
			for i++; i < len(yml); i++ {
				switch {
				case yml[i] == '\n':
					ln, lineStart = ln+1, i+1
				case c == '"' && yml[i] == '\\':
					i++
				case yml[i] == c && c == '\'' && i+1 < len(yml) && yml[i+1] == '\'':
					i++
				case yml[i] == c:
					closed = true
				}
				if closed {
					break
				}
			}
			if !closed {
				return startLine, startCol, "quoted string"
			}
			valueStart = false
		case (c == '[' || c == '{') && (valueStart || len(stack) > 0):
			stack = append(stack, open{c, ln, utf8.RuneCount(yml[lineStart:i]) + 1})
			valueStart = true
		case (c == ']' || c == '}') && len(stack) > 0:
			stack = stack[:len(stack)-1]
			valueStart = false
		case c == ',' && len(stack) > 0:
			valueStart = true
		case c == ':' && (i+1 == len(yml) || yml[i+1] == ' ' || yml[i+1] == '\n'):
			valueStart = true
		case c == '-' && valueStart && (i+1 == len(yml) || yml[i+1] == ' ' || yml[i+1] == '\n'):
		default:
			valueStart = false
		}
	}
	if len(stack) > 0 {
		o := stack[0]
		what := "list \"[\""
		if o.c == '{' {
			what = "mapping \"{\""
		}
		return o.line, o.col, what
	}
	return 0, 0, ""
}

// parseFront reads the front matter of f and reports every problem.
func parseFront(f *source.File, diags *diag.List) (fm *Front, body int) {
	yml, line, body, ok := splitFront(f.Src)
	fm = &Front{Pos: f.Pos(0)}
	if !ok {
		diags.Errorf(f.Pos(0), "front matter starts with \"---\" but has no closing \"---\" line")
		fm.Broken = true
		return fm, len(f.Src)
	}
	if yml == nil {
		if bytes.HasPrefix(f.Src, []byte("%")) {
			return titleBlock(f, diags)
		}
		return fm, 0
	}
	at := func(n *yaml.Node) source.Pos { return f.PosAt(line+n.Line-1, n.Column) }
	var root yaml.Node
	if err := yaml.Unmarshal(yml, &root); err != nil {
		p, msg := yamlError(f, line, yml, err)
		diags.Errorf(p, "front matter: %s", msg)
		fm.Broken = true
		return fm, body
	}
	if len(root.Content) == 0 {
		return fm, body
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		// Not keys and values: "---", text, "---" is Markdown (a thematic
		// break and a Setext heading), as CommonMark reads it.
		diags.Warnf(f.Pos(0), "the block between \"---\" lines is not keys and values, so it is read as Markdown, not as front matter")
		return &Front{Pos: f.Pos(0)}, 0
	}
	fr := frontReader{at: at, diags: diags}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if fr.alias(v) {
			continue
		}
		if !fr.key(fm, k, v) {
			fr.unknown(k, keys)
		}
	}
	return fm, body
}

// key reads one front matter key into fm. It reports false for a key it
// does not know, leaving the diagnostic to the caller: book.yaml accepts the
// same keys and more.
func (fr frontReader) key(fm *Front, k, v *yaml.Node) bool {
	at := fr.at
	switch k.Value {
	case "title":
		fm.Title, fm.TitlePos = fr.str(k, v), at(v)
	case "subtitle":
		fm.Subtitle = fr.str(k, v)
	case "kicker":
		fm.Kicker = fr.str(k, v)
	case "author":
		fm.Authors = fr.authors(k, v)
	case "lang":
		fm.Lang, fm.LangPos = fr.str(k, v), at(v)
		if langTag.MatchString(fm.Lang) {
			if code := unknownLanguage(fm.Lang); code != "" {
				fr.diags.Errorf(fm.LangPos, "unknown language %q", code)
			}
		}
	case "date":
		fm.Date, fm.DatePos = fr.str(k, v), at(v)
	case "identifier":
		fm.Identifier = fr.str(k, v)
	case "publisher":
		fm.Publisher = fr.str(k, v)
	case "rights":
		fm.Rights = fr.str(k, v)
	case "description":
		fm.Description = fr.str(k, v)
	case "keywords":
		fm.Keywords = fr.strList(k, v)
	case "slug":
		fm.Slug = fr.str(k, v)
	case "url":
		fm.URL, fm.URLPos = fr.str(k, v), at(v)
		if fm.URL != "" && baseURL(fm.URL) == nil {
			fr.diags.Errorf(fm.URLPos, "url %q is not an absolute http or https address such as \"https://example.org/book/\"", fm.URL)
			fm.URL = ""
		}
	case "image":
		fm.Image = fr.image(k, v, imageKeys)
	case "cover":
		fm.Cover = fr.image(k, v, coverKeys)
		fm.BookKeys = append(fm.BookKeys, FrontKey{k.Value, at(k)})
	case "microtype":
		fm.NoMicrotype = !fr.boolean(k, v)
		fm.BookKeys = append(fm.BookKeys, FrontKey{k.Value, at(k)})
	case "accessibility":
		fr.accessibility(fm, k, v)
		fm.BookKeys = append(fm.BookKeys, FrontKey{k.Value, at(k)})
	default:
		return false
	}
	return true
}

type frontReader struct {
	at    func(*yaml.Node) source.Pos
	diags *diag.List
}

func (fr frontReader) alias(v *yaml.Node) bool {
	if v.Kind == yaml.AliasNode || v.Anchor != "" {
		fr.diags.Errorf(fr.at(v), "front matter: anchors and aliases are not supported")
		return true
	}
	return false
}

func (fr frontReader) unknown(k *yaml.Node, known []string) {
	msg := fmt.Sprintf("unknown key %q", k.Value)
	if s := suggest(k.Value, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	fr.diags.Errorf(fr.at(k), "%s", msg)
}

func kindName(v *yaml.Node) string {
	switch v.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a scalar"
	default:
		return "an alias"
	}
}

// str returns a scalar value as written: "2018-01-15" stays a string.
func (fr frontReader) str(k, v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode {
		fr.diags.Errorf(fr.at(v), "key %q must be a string, not %s", k.Value, kindName(v))
		return ""
	}
	if v.Tag == "!!null" {
		return ""
	}
	limit := MaxValueSize
	switch k.Value {
	case "bio", "description", "rights", "summary":
		limit = MaxLongValueSize
	}
	if len(v.Value) > limit {
		fr.diags.Errorf(fr.at(v), "value of %q is %d bytes, more than the limit of %d", k.Value, len(v.Value), limit)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

// strList accepts a list of strings or one comma-separated string.
func (fr frontReader) strList(k, v *yaml.Node) []string {
	var out []string
	switch v.Kind {
	case yaml.ScalarNode:
		for _, s := range strings.Split(v.Value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	case yaml.SequenceNode:
		for _, e := range v.Content {
			if s := fr.str(k, e); s != "" {
				out = append(out, s)
			}
		}
	default:
		fr.diags.Errorf(fr.at(v), "key %q must be a list of strings, not %s", k.Value, kindName(v))
	}
	return out
}

// authors accepts a name, a list of names, or a list of {name, bio}.
func (fr frontReader) authors(k, v *yaml.Node) []FrontAuthor {
	switch v.Kind {
	case yaml.ScalarNode:
		return []FrontAuthor{{Name: fr.str(k, v)}}
	case yaml.SequenceNode:
	default:
		fr.diags.Errorf(fr.at(v), "key %q must be a name or a list of authors, not %s", k.Value, kindName(v))
		return nil
	}
	var out []FrontAuthor
	for _, e := range v.Content {
		if fr.alias(e) {
			continue
		}
		switch e.Kind {
		case yaml.ScalarNode:
			out = append(out, FrontAuthor{Name: fr.str(k, e)})
		case yaml.MappingNode:
			var a FrontAuthor
			for i := 0; i+1 < len(e.Content); i += 2 {
				ak, av := e.Content[i], e.Content[i+1]
				switch ak.Value {
				case "name":
					a.Name = fr.str(ak, av)
				case "bio":
					a.Bio, a.BioPos = fr.str(ak, av), fr.at(av)
				default:
					fr.unknown(ak, []string{"name", "bio"})
				}
			}
			if a.Name == "" {
				fr.diags.Errorf(fr.at(e), "author has no name")
			}
			out = append(out, a)
		default:
			fr.diags.Errorf(fr.at(e), "an author must be a name or a mapping with \"name\" and \"bio\", not %s", kindName(e))
		}
	}
	return out
}

// image reads an image mapping (the hero or the cover) with the keys known.
func (fr frontReader) image(k, v *yaml.Node, known []string) *FrontImage {
	if v.Kind != yaml.MappingNode {
		fr.diags.Errorf(fr.at(v), "key %q must be a mapping with %s, not %s", k.Value, quoteList(known), kindName(v))
		return nil
	}
	img := &FrontImage{Pos: fr.at(v)}
	for i := 0; i+1 < len(v.Content); i += 2 {
		ik, iv := v.Content[i], v.Content[i+1]
		if fr.alias(iv) {
			continue
		}
		if !slices.Contains(known, ik.Value) {
			fr.unknown(ik, known)
			continue
		}
		switch ik.Value {
		case "src":
			img.Src, img.Pos = fr.str(ik, iv), fr.at(iv)
		case "alt":
			img.Alt, img.AltGiven = fr.str(ik, iv), true
		case "caption":
			img.Caption, img.CaptionPos = fr.str(ik, iv), fr.at(iv)
		case "credit":
			img.Credit, img.CreditPos = fr.str(ik, iv), fr.at(iv)
		}
	}
	if img.Src == "" {
		fr.diags.Errorf(fr.at(v), "%s has no \"src\"", k.Value)
		return nil
	}
	return img
}

// accessibility reads the accessibility mapping into fm: a summary, a
// conformance claim and who certified it.
func (fr frontReader) accessibility(fm *Front, k, v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		fr.diags.Errorf(fr.at(v), "key %q must be a mapping with %s, not %s", k.Value, quoteList(accessibilityKeys), kindName(v))
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		ak, av := v.Content[i], v.Content[i+1]
		if fr.alias(av) {
			continue
		}
		switch ak.Value {
		case "summary":
			fm.AccessibilitySummary = fr.str(ak, av)
		case "conformsTo":
			fm.ConformsTo = fr.conformsTo(ak, av)
		case "certifiedBy":
			fm.CertifiedBy = fr.str(ak, av)
		default:
			fr.unknown(ak, accessibilityKeys)
		}
	}
}

// conformsTo reads a conformance claim: true, false, or the claim written
// out (ConformsTo), which means true.
func (fr frontReader) conformsTo(k, v *yaml.Node) bool {
	if v.Kind == yaml.ScalarNode {
		val := strings.TrimSpace(v.Value)
		switch {
		case v.Tag == "!!null":
			return false
		case v.Tag == "!!bool":
			b, err := strconv.ParseBool(val)
			if err == nil {
				return b
			}
		case val == "true" || val == "false":
			return val == "true"
		case val == ConformsTo:
			return true
		}
		fr.diags.Errorf(fr.at(v), "key %q must be true, false or %q, not %q", k.Value, ConformsTo, v.Value)
		return false
	}
	fr.diags.Errorf(fr.at(v), "key %q must be true, false or %q, not %s", k.Value, ConformsTo, kindName(v))
	return false
}

// boolean reads true or false; anything else is an error, and true.
func (fr frontReader) boolean(k, v *yaml.Node) bool {
	if v.Kind == yaml.ScalarNode {
		if b, err := strconv.ParseBool(strings.TrimSpace(v.Value)); err == nil && (v.Tag == "!!bool" || v.Tag == "!!str") {
			return b
		}
		fr.diags.Errorf(fr.at(v), "key %q must be true or false, not %q", k.Value, v.Value)
		return true
	}
	fr.diags.Errorf(fr.at(v), "key %q must be true or false, not %s", k.Value, kindName(v))
	return true
}

// quoteList writes keys as `"a", "b" and "c"`.
func quoteList(keys []string) string {
	var b strings.Builder
	for i, k := range keys {
		switch {
		case i == 0:
		case i == len(keys)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(k))
	}
	return b.String()
}

// suggest returns the known key closest to s, if it is close enough to be a
// likely typo.
func suggest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
