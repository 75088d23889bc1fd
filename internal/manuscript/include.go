package manuscript

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/galley-press/galley/internal/source"
)

// mdBook's include directives, expanded before a chapter is read:
//
//	{{#include FILE}}              the whole file
//	{{#include FILE:ANCHOR}}       the lines between "ANCHOR: name" and "ANCHOR_END: name"
//	{{#include FILE:START:END}}    lines START to END (1-based, both included;
//	                               either may be left out; FILE:N is line N alone)
//	{{#rustdoc_include FILE:…}}    the same, for print: only the lines shown
//	{{#playground FILE}}           the file in a Rust code block
//
// FILE is relative to the file that holds the directive and must lie
// inside the manuscript folder; a missing file or anchor is an error at the
// directive. Lines that mark anchors are never included. A backslash before
// the braces keeps a directive as written, without the backslash.
var directive = regexp.MustCompile(`(\\)?\{\{\s*#(include|rustdoc_include|playground|playpen)\s+([^{}\n]*?)\s*\}\}`)

// anchorLine matches a line that marks the start or end of an anchor.
var anchorLine = regexp.MustCompile(`\bANCHOR(_END)?:\s*([\w-]+)`)

const (
	// maxIncludeDepth bounds includes of files that include others.
	maxIncludeDepth = 10
)

// normalizeText drops a byte-order mark and turns CRLF and lone CR line
// endings into LF, so that no carriage return reaches the outputs. Line
// numbers stay those an editor shows.
func normalizeText(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\r' {
			if i+1 < len(src) && src[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out
}

// expandIncludes returns f with its include directives expanded: a new
// File whose positions show as those of f, those inside an included text
// at its directive. name is f's slash path in the folder. f itself is
// returned if it has no directive.
func (ld *loading) expandIncludes(f *source.File, name string) *source.File {
	if !bytes.Contains(f.Src, []byte("{{")) {
		return f
	}
	var out bytes.Buffer
	var edits []source.Edit
	last := 0
	for _, m := range directive.FindAllSubmatchIndex(f.Src, -1) {
		out.Write(f.Src[last:m[0]])
		last = m[1]
		at := out.Len()
		if m[2] >= 0 { // escaped: keep it as written, without the backslash
			out.Write(f.Src[m[0]+1 : m[1]])
			edits = append(edits, source.Edit{At: at, Len: m[1] - m[0] - 1, Orig: m[0], OrigLen: m[1] - m[0]})
			continue
		}
		kind, arg := string(f.Src[m[4]:m[5]]), string(f.Src[m[6]:m[7]])
		text, err := ld.include(path.Dir(name), kind, arg, []string{name})
		if err != nil {
			ld.diags.Errorf(f.Pos(m[0]), "%s %s: %v", kind, arg, err)
			text = ""
		}
		out.WriteString(text)
		edits = append(edits, source.Edit{At: at, Len: len(text), Orig: m[0], OrigLen: m[1] - m[0]})
		if out.Len() > MaxFileSize {
			ld.diags.Errorf(f.Pos(m[0]), "with its included files the text is more than the limit of %d bytes", MaxFileSize)
			return f
		}
	}
	if edits == nil {
		return f
	}
	out.Write(f.Src[last:])
	return source.NewEditedFile(f.Name, f.Src, out.Bytes(), edits)
}

// include returns the text one directive brings in; dir is the folder of
// the file that holds it, and stack the files whose includes are being
// expanded, outermost first.
func (ld *loading) include(dir, kind, arg string, stack []string) (string, error) {
	file, extra, _ := strings.Cut(arg, " ")
	file, sel, _ := strings.Cut(file, ":")
	if file == "" {
		return "", errors.New("names no file")
	}
	p, err := ld.resolveFrom(dir, file)
	if err != nil {
		return "", err
	}
	if !ld.isFile(p) {
		return "", errNotFound
	}
	if slices.Contains(stack, p) {
		return "", fmt.Errorf("%s includes itself", p)
	}
	data, err := ld.readText(p)
	if err != nil {
		return "", err
	}
	if len(data) > MaxFileSize {
		return "", fmt.Errorf("file is more than the limit of %d bytes", MaxFileSize)
	}
	ld.hash.Write(data)
	text := string(normalizeText(data))
	lines := strings.SplitAfter(text, "\n")
	if sel != "" {
		if lines, err = selectLines(lines, sel); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	for _, l := range lines {
		if !anchorLine.MatchString(l) {
			b.WriteString(l)
		}
	}
	text = strings.TrimSuffix(b.String(), "\n")
	if kind == "playground" || kind == "playpen" {
		info := "rust"
		if extra = strings.TrimSpace(extra); extra != "" {
			info += "," + strings.Join(strings.Fields(extra), ",")
		}
		text = "```" + info + "\n" + text + "\n```"
	}
	if isMarkdown(p) && strings.Contains(text, "{{") {
		if len(stack) >= maxIncludeDepth {
			return "", fmt.Errorf("includes nested more than %d deep", maxIncludeDepth)
		}
		return ld.expandNested(path.Dir(p), text, append(stack, p))
	}
	return text, nil
}

// expandNested expands the directives of an included Markdown text.
func (ld *loading) expandNested(dir, text string, stack []string) (string, error) {
	var b strings.Builder
	last := 0
	for _, m := range directive.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(text[last:m[0]])
		last = m[1]
		if m[2] >= 0 {
			b.WriteString(text[m[0]+1 : m[1]])
			continue
		}
		s, err := ld.include(dir, text[m[4]:m[5]], text[m[6]:m[7]], stack)
		if err != nil {
			return "", fmt.Errorf("in %s: %s %s: %w", stack[len(stack)-1], text[m[4]:m[5]], text[m[6]:m[7]], err)
		}
		b.WriteString(s)
		if b.Len() > MaxFileSize {
			return "", fmt.Errorf("with its included files the text is more than the limit of %d bytes", MaxFileSize)
		}
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

// selectLines picks the lines an include's selector names: "ANCHOR",
// "START:END", "START:", ":END" or "N".
func selectLines(lines []string, sel string) ([]string, error) {
	// SplitAfter leaves an empty last element after a final newline.
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	a, b, ranged := strings.Cut(sel, ":")
	start, errA := strconv.Atoi(a)
	if a != "" && errA != nil {
		if ranged {
			return nil, fmt.Errorf("%q is neither an anchor name nor a line range", sel)
		}
		return anchored(lines, a)
	}
	from, to := 0, len(lines)
	switch {
	case a == "" && !ranged:
		return lines, nil
	case a != "" && !ranged:
		from, to = start-1, start
	default:
		if a != "" {
			from = start - 1
		}
		if b != "" {
			end, err := strconv.Atoi(b)
			if err != nil {
				return nil, fmt.Errorf("%q is not a line range", sel)
			}
			to = end
		}
	}
	from, to = max(from, 0), min(to, len(lines))
	if from >= to {
		return nil, fmt.Errorf("lines %s: the file ends at line %d", sel, len(lines))
	}
	return lines[from:to], nil
}

// anchored returns the lines between the markers of the anchor name.
func anchored(lines []string, name string) ([]string, error) {
	start := -1
	for i, l := range lines {
		for _, m := range anchorLine.FindAllStringSubmatch(l, -1) {
			if m[2] != name {
				continue
			}
			switch {
			case m[1] == "" && start < 0:
				start = i + 1
			case m[1] != "" && start >= 0:
				return lines[start:i], nil
			}
		}
	}
	if start >= 0 {
		return lines[start:], nil
	}
	return nil, fmt.Errorf("no anchor %q in the file (lines \"ANCHOR: %s\" and \"ANCHOR_END: %s\")", name, name, name)
}

// hideRustLines drops the lines of Rust code that rustdoc and mdBook hide:
// those that start with "# " or are "#" alone; "##" at the start of a line
// stands for a literal "#".
func hideRustLines(code string) string {
	if !strings.Contains(code, "#") {
		return code
	}
	var b strings.Builder
	for _, l := range strings.SplitAfter(code, "\n") {
		t := strings.TrimLeft(l, " \t")
		body := strings.TrimRight(t, "\n")
		switch {
		case body == "#" || strings.HasPrefix(body, "# "):
			continue
		case strings.HasPrefix(body, "##"):
			l = l[:len(l)-len(t)] + t[1:]
		}
		b.WriteString(l)
	}
	return b.String()
}

// isRust reports whether a code block's info string names Rust, as mdBook
// reads it: "rust", "rust,ignore".
func isRust(lang string) bool {
	first, _, _ := strings.Cut(lang, ",")
	return first == "rust"
}
