// Package highlight colours source code. It is the only importer of the
// chroma lexers: it turns a code block into lines of tokens of Galley's own
// classes, and holds the one theme both renderers draw them in, as colours
// and weights for the PDF and as the stylesheet rules of the EPUB.
package highlight

import (
	"path"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// A Class is what a token is, as far as its looks go.
type Class uint8

// The classes. Plain is text the theme leaves in the body colour.
const (
	Plain    Class = iota
	Keyword        // fn, let, if, return
	Type           // type names and built-in types
	Function       // names of functions and methods where they are defined or called
	String         // string and character literals
	Number         // numeric literals
	Constant       // true, None, nil and named constants
	Comment        // comments, doc comments
	Meta           // attributes, macros, decorators, preprocessor lines
	Prompt         // the prompt of a shell session
	Output         // what a command printed, in a shell session
	Deleted        // removed lines of a diff
	Inserted       // added lines of a diff
	numClasses
)

// A Token is a run of text of one class, within one line.
type Token struct {
	Class Class
	Text  string
}

// lexer returns chroma's lexer for a fenced block's language, or nil. The
// language is the info string's first word up to a comma ("rust,ignore"
// is Rust); case does not matter.
func lexer(lang string) chroma.Lexer {
	lang = strings.TrimSpace(lang)
	if i := strings.IndexAny(lang, ", \t{"); i >= 0 {
		lang = lang[:i]
	}
	lang = strings.ToLower(strings.TrimPrefix(lang, "."))
	if lang == "" {
		return nil
	}
	return lexers.Get(lang)
}

// Known reports whether lang names a language Galley highlights.
func Known(lang string) bool { return lexer(lang) != nil }

// guess returns a lexer for a block that names no language: the one for
// the file it shows (a listing's "src/main.rs", "Cargo.toml"), else a
// shell session's for text whose first line starts with a "$ " prompt.
func guess(file, text string) chroma.Lexer {
	if file != "" {
		if lx := lexers.Match(path.Base(file)); lx != nil {
			return lx
		}
	}
	first, _, _ := strings.Cut(strings.TrimLeft(text, "\n"), "\n")
	if strings.HasPrefix(first, "$ ") {
		return lexers.Get("console")
	}
	return nil
}

// Lines splits text into lines (without their line ends) of tokens. lang
// is the fenced block's language; file, the name of the file a listing
// shows, or "". A block that names no language is read in the language
// its file name says, or as a shell session if it starts with a "$ "
// prompt. Code in a language that is unknown or cannot be guessed comes
// back as one Plain token a line; so does code the lexer cannot read.
// Empty lines have no tokens.
//
// Both renderers highlight the same blocks, so results are remembered: the
// lines returned are shared and must not be changed.
func Lines(lang, file, text string) [][]Token {
	key := lang + "\x00" + file + "\x00" + text
	cache.Lock()
	out, ok := cache.m[key]
	cache.Unlock()
	if ok {
		return out
	}
	out = lines(lang, file, text)
	cache.Lock()
	if cache.size+len(key) > maxCache {
		cache.m, cache.size = nil, 0
	}
	if cache.m == nil {
		cache.m = map[string][][]Token{}
	}
	cache.m[key] = out
	cache.size += len(key)
	cache.Unlock()
	return out
}

// cache remembers highlighted blocks, up to maxCache bytes of source.
var cache struct {
	sync.Mutex
	m    map[string][][]Token
	size int
}

const maxCache = 32 << 20

func lines(lang, file, text string) [][]Token {
	text = strings.TrimRight(text, "\n")
	lx := lexer(lang)
	if strings.TrimSpace(lang) == "" {
		lx = guess(file, text)
	}
	if lx != nil {
		if out, ok := lex(lx, text); ok {
			return out
		}
	}
	var out [][]Token
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			out = append(out, nil)
			continue
		}
		out = append(out, []Token{{Plain, l}})
	}
	return out
}

// lex tokenises text with lx. ok is false if the lexer failed, panicked
// or did not give back exactly the text it was given.
func lex(lx chroma.Lexer, text string) (out [][]Token, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = nil, false // a lexer's fault leaves the code plain
		}
	}()
	it, err := chroma.Coalesce(lx).Tokenise(&chroma.TokeniseOptions{State: "root", EnsureLF: true}, text+"\n")
	if err != nil {
		return nil, false
	}
	var line []Token
	var got strings.Builder
	for tok := it(); tok != chroma.EOF; tok = it() {
		got.WriteString(tok.Value)
		c := classOf(tok.Type)
		parts := strings.Split(tok.Value, "\n")
		for i, p := range parts {
			if i > 0 {
				out = append(out, line)
				line = nil
			}
			if p == "" {
				continue
			}
			if n := len(line); n > 0 && line[n-1].Class == c {
				line[n-1].Text += p
				continue
			}
			line = append(line, Token{c, p})
		}
	}
	if len(line) > 0 {
		out = append(out, line)
	}
	if got.String() != text+"\n" {
		return nil, false
	}
	// Tokens of white space alone take the class of nothing: a run of
	// spaces is drawn the same in any colour.
	for _, l := range out {
		for i := range l {
			if strings.TrimSpace(l[i].Text) == "" {
				l[i].Class = Plain
			}
		}
	}
	return merge(out), true
}

// merge joins neighbouring tokens of the same class.
func merge(lines [][]Token) [][]Token {
	for k, l := range lines {
		var m []Token
		for _, t := range l {
			if n := len(m); n > 0 && m[n-1].Class == t.Class {
				m[n-1].Text += t.Text
				continue
			}
			m = append(m, t)
		}
		lines[k] = m
	}
	return lines
}

// classOf maps chroma's token types onto Galley's classes.
func classOf(t chroma.TokenType) Class {
	switch t {
	case chroma.KeywordType, chroma.NameClass, chroma.NameBuiltin, chroma.NameNamespace, chroma.NameException:
		return Type
	case chroma.KeywordConstant, chroma.NameConstant, chroma.NameBuiltinPseudo, chroma.LiteralStringBoolean:
		return Constant
	case chroma.NameFunction:
		return Function
	case chroma.NameFunctionMagic, chroma.NameDecorator, chroma.NameAttribute, chroma.NameLabel,
		chroma.CommentPreproc, chroma.CommentPreprocFile:
		return Meta
	case chroma.NameTag:
		return Keyword
	case chroma.LiteralStringDoc:
		return Comment // a doc comment reads as a comment
	case chroma.GenericPrompt:
		return Prompt
	case chroma.GenericOutput, chroma.GenericTraceback:
		return Output
	case chroma.GenericDeleted:
		return Deleted
	case chroma.GenericInserted:
		return Inserted
	}
	switch {
	case t.InCategory(chroma.Keyword):
		return Keyword
	case t.InCategory(chroma.Comment):
		return Comment
	case t.InSubCategory(chroma.LiteralString):
		return String
	case t.InSubCategory(chroma.LiteralNumber):
		return Number
	}
	return Plain
}
