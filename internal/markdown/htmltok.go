package markdown

import (
	"bytes"
	"html"
	"strings"
)

// htmlKind is the kind of an htmlToken.
type htmlKind uint8

const (
	htmlText    htmlKind = iota
	htmlStart            // <tag …> or <tag …/>
	htmlEnd              // </tag>
	htmlComment          // <!-- … -->
	htmlOther            // <!DOCTYPE …>, <?…?>, <![CDATA[…]]>, or a tag without its ">"
)

// An htmlAttr is one attribute of a start tag, its value decoded.
type htmlAttr struct {
	Name, Val string
}

// An htmlToken is one piece of raw HTML.
type htmlToken struct {
	Kind        htmlKind
	Name        string // lowercase tag name; for htmlOther, how it starts ("!doctype", "?", "![cdata[")
	Attrs       []htmlAttr
	SelfClosing bool
	Text        string // decoded text, for htmlText
	Off, End    int    // byte offsets of the token in the input
}

// attr returns the value of the attribute name and whether it is present.
func (t *htmlToken) attr(name string) (string, bool) {
	for _, a := range t.Attrs {
		if a.Name == name {
			return a.Val, true
		}
	}
	return "", false
}

// tokenizeHTML splits s into text, tags, comments and declarations. It is
// lenient, as browsers are, and never fails: what is not a tag is text.
func tokenizeHTML(s []byte) []htmlToken {
	var toks []htmlToken
	text := 0 // start of the pending text
	flush := func(end int) {
		if end > text {
			toks = append(toks, htmlToken{Kind: htmlText, Text: html.UnescapeString(string(s[text:end])), Off: text, End: end})
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '<' || i+1 >= len(s) {
			i++
			continue
		}
		var tok htmlToken
		switch c := s[i+1]; {
		case bytes.HasPrefix(s[i:], []byte("<!--")):
			tok = htmlToken{Kind: htmlComment, Name: "!--"}
			tok.End = closeAfter(s, i+4, "-->")
			if bytes.HasPrefix(s[i+4:], []byte(">")) || bytes.HasPrefix(s[i+4:], []byte("->")) {
				tok.End = i + 4 + bytes.IndexByte(s[i+4:], '>') + 1
			}
		case bytes.HasPrefix(s[i:], []byte("<![CDATA[")):
			tok = htmlToken{Kind: htmlOther, Name: "![CDATA[", End: closeAfter(s, i+9, "]]>")}
		case c == '!' || c == '?':
			j := i + 2
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			tok = htmlToken{Kind: htmlOther, Name: string(c) + strings.ToLower(string(s[i+2:j])), End: closeAfter(s, i+2, ">")}
		case c == '/' && i+2 < len(s) && isLetter(s[i+2]):
			j := i + 2
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			tok = htmlToken{Kind: htmlEnd, Name: strings.ToLower(string(s[i+2 : j])), End: closeAfter(s, j, ">")}
		case isLetter(c):
			tok = startTag(s, i)
		default:
			i++
			continue
		}
		flush(i)
		tok.Off = i
		toks = append(toks, tok)
		i, text = tok.End, tok.End
	}
	flush(len(s))
	return toks
}

// closeAfter returns the offset just after the first end at or after i, or
// len(s) if there is none.
func closeAfter(s []byte, i int, end string) int {
	if i > len(s) {
		return len(s)
	}
	if j := bytes.Index(s[i:], []byte(end)); j >= 0 {
		return i + j + len(end)
	}
	return len(s)
}

// startTag reads the start tag at s[i] == '<'. A tag that runs to the end of
// s without its ">" is returned as htmlOther.
func startTag(s []byte, i int) htmlToken {
	j := i + 1
	for j < len(s) && isNameByte(s[j]) {
		j++
	}
	tok := htmlToken{Kind: htmlStart, Name: strings.ToLower(string(s[i+1 : j]))}
	for {
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		switch {
		case j >= len(s):
			tok.Kind, tok.End = htmlOther, len(s)
			return tok
		case s[j] == '>':
			tok.End = j + 1
			return tok
		case s[j] == '/' && j+1 < len(s) && s[j+1] == '>':
			tok.SelfClosing, tok.End = true, j+2
			return tok
		case s[j] == '/':
			j++
			continue
		}
		k := j
		for k < len(s) && !isSpace(s[k]) && s[k] != '/' && s[k] != '>' && (s[k] != '=' || k == j) {
			k++
		}
		a := htmlAttr{Name: strings.ToLower(string(s[j:k]))}
		j = k
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '=' {
			j++
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			var v int
			if j < len(s) && (s[j] == '"' || s[j] == '\'') {
				q := s[j]
				v = j + 1
				e := bytes.IndexByte(s[v:], q)
				if e < 0 {
					tok.Kind, tok.End = htmlOther, len(s)
					return tok
				}
				a.Val, j = html.UnescapeString(string(s[v:v+e])), v+e+1
			} else {
				v = j
				for j < len(s) && !isSpace(s[j]) && s[j] != '>' {
					j++
				}
				a.Val = html.UnescapeString(string(s[v:j]))
			}
		} else {
			// No value: j already points past the spaces; keep k as the
			// resume point so that the next attribute is read.
			j = k
		}
		tok.Attrs = append(tok.Attrs, a)
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '-' || c == ':' || c == '_' || c == '.'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// unescapeMarkdown resolves what goldmark leaves to its HTML renderer in
// text, link destinations and titles: backslash escapes of ASCII punctuation
// and entity and numeric character references (which need their ";").
func unescapeMarkdown(s string) string {
	if !strings.ContainsAny(s, `\&`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '&':
			if n := entityLen(s[i:]); n > 0 {
				if d := html.UnescapeString(s[i : i+n]); d != s[i:i+n] {
					b.WriteString(d)
					i += n
					continue
				}
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// entityLen returns the length of the character reference at the start of s
// ("&amp;", "&#65;", "&#x41;"), or 0.
func entityLen(s string) int {
	i := 1
	switch {
	case strings.HasPrefix(s, "&#x"), strings.HasPrefix(s, "&#X"):
		i = 3
		for i < len(s) && i < 3+6 && strings.IndexByte("0123456789abcdefABCDEF", s[i]) >= 0 {
			i++
		}
		if i == 3 {
			return 0
		}
	case strings.HasPrefix(s, "&#"):
		i = 2
		for i < len(s) && i < 2+7 && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 2 {
			return 0
		}
	default:
		for i < len(s) && i < 33 && (isLetter(s[i]) || i > 1 && s[i] >= '0' && s[i] <= '9') {
			i++
		}
		if i < 3 {
			return 0
		}
	}
	if i < len(s) && s[i] == ';' {
		return i + 1
	}
	return 0
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
