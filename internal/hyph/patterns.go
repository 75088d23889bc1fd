package hyph

import (
	"embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed patterns/*.tex
var patternFiles embed.FS

// langData is the immutable, shared data of one language: the pattern trie
// and the exception list of its pattern file. It is loaded on first use.
type langData struct {
	file string

	once sync.Once
	t    *trie
	exc  map[string][]int
	err  error
}

// languages maps our canonical language keys to their pattern files.
var languages = map[string]*langData{
	"en-us": {file: "hyph-en-us.tex"},
	"en-gb": {file: "hyph-en-gb.tex"},
	"ru":    {file: "hyph-ru.tex"},
	"kk":    {file: "hyph-kk.tex"},
}

// load parses the language's pattern file once; later calls return the cached
// result (or the cached error).
func (d *langData) load() error {
	d.once.Do(func() {
		src, err := patternFiles.ReadFile("patterns/" + d.file)
		if err != nil {
			d.err = fmt.Errorf("hyph: load %s: %w", d.file, err)
			return
		}
		d.t, d.exc, err = parseTeX(string(src))
		if err != nil {
			d.err = fmt.Errorf("hyph: load %s: %w", d.file, err)
		}
	})
	return d.err
}

// parseTeX reads the \patterns{...} and \hyphenation{...} groups of a TeX
// pattern file and builds the trie and the exception map.
func parseTeX(src string) (*trie, map[string][]int, error) {
	src = stripComments(src)
	pats, ok, err := group(src, `\patterns`)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, errors.New(`no \patterns group`)
	}
	b := newTrieBuilder()
	for _, p := range strings.Fields(pats) {
		if err := b.add(p); err != nil {
			return nil, nil, err
		}
	}
	t, err := b.finish()
	if err != nil {
		return nil, nil, err
	}
	exc := map[string][]int{}
	words, _, err := group(src, `\hyphenation`)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range strings.Fields(words) {
		if key, pos := parseException(w); key != "" {
			exc[key] = pos
		}
	}
	return t, exc, nil
}

// stripComments removes TeX comments: from an unescaped % to the end of the line.
func stripComments(src string) string {
	var sb strings.Builder
	sb.Grow(len(src))
	for line := range strings.Lines(src) {
		cut := -1
		for i := 0; i < len(line); i++ {
			if line[i] == '\\' {
				i++ // skip the escaped character
				continue
			}
			if line[i] == '%' {
				cut = i
				break
			}
		}
		if cut >= 0 {
			sb.WriteString(line[:cut])
			sb.WriteByte('\n')
		} else {
			sb.WriteString(line)
		}
	}
	return sb.String()
}

// group returns the text between the braces that follow the first occurrence
// of cmd (such as `\patterns`), and whether cmd occurs at all.
func group(src, cmd string) (string, bool, error) {
	i := strings.Index(src, cmd)
	if i < 0 {
		return "", false, nil
	}
	rest := strings.TrimLeft(src[i+len(cmd):], " \t\r\n")
	if !strings.HasPrefix(rest, "{") {
		return "", true, fmt.Errorf("%s not followed by {", cmd)
	}
	rest = rest[1:]
	j := strings.IndexByte(rest, '}')
	if j < 0 {
		return "", true, fmt.Errorf("%s group not closed", cmd)
	}
	return rest[:j], true, nil
}

// parseException turns an exception such as "ta-ble" into its lookup key
// (lowercased, without hyphens and apostrophes) and the break positions,
// counted in runes of the key. It returns an empty key for a word without
// letters.
func parseException(w string) (string, []int) {
	var sb strings.Builder
	var pos []int
	n := 0
	for _, r := range w {
		switch {
		case r == '-' || r == '\u2010':
			if n > 0 && (len(pos) == 0 || pos[len(pos)-1] != n) {
				pos = append(pos, n)
			}
		case isApostrophe(r):
		default:
			sb.WriteRune(unicode.ToLower(r))
			n++
		}
	}
	// A hyphen at the very end marks no break inside the word.
	for len(pos) > 0 && pos[len(pos)-1] >= n {
		pos = pos[:len(pos)-1]
	}
	return sb.String(), pos
}

// loTable covers Basic Latin to Cyrillic; other runes go through a map.
const loTable = 0x500

// trie is a compact letter trie of Liang patterns. The letters of all patterns
// are numbered 1..n (0 means "not in any pattern" and never matches). The
// edges of node i are edgeSym/edgeNode[edgeStart[i]:edgeStart[i+1]], sorted
// by symbol. A node that ends a pattern has its inter-letter values at
// vals[valStart[i]:valStart[i]+valLen[i]], the first applying to the
// position before the pattern's first letter.
type trie struct {
	lo [loTable]uint8
	hi map[rune]uint8

	edgeStart []int32
	edgeSym   []uint8
	edgeNode  []int32
	valStart  []int32
	valLen    []uint8
	vals      []uint8
}

// sym returns the symbol number of a (lowercased) rune, 0 if no pattern uses it.
func (t *trie) sym(r rune) uint8 {
	if r >= 0 && r < loTable {
		return t.lo[r]
	}
	return t.hi[r]
}

// child returns the node reached from node n by symbol s, or -1.
func (t *trie) child(n int32, s uint8) int32 {
	lo, hi := t.edgeStart[n], t.edgeStart[n+1]
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		switch c := t.edgeSym[m]; {
		case c == s:
			return t.edgeNode[m]
		case c < s:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// match applies every pattern that occurs in w (a word framed by '.' symbols)
// to points, which has len(w)+1 entries: points[i] is the value of the gap
// before w[i]. Each gap keeps the largest value any pattern gives it.
func (t *trie) match(w []uint8, points []uint8) {
	for i := range w {
		n := int32(0)
		for j := i; j < len(w); j++ {
			if w[j] == 0 {
				break
			}
			n = t.child(n, w[j])
			if n < 0 {
				break
			}
			if l := int(t.valLen[n]); l > 0 {
				vs := t.vals[t.valStart[n] : int(t.valStart[n])+l]
				ps := points[i : i+l]
				for k, v := range vs {
					if v > ps[k] {
						ps[k] = v
					}
				}
			}
		}
	}
}

type buildNode struct {
	syms []uint8
	kids []int32
	vals []uint8
}

type trieBuilder struct {
	t     *trie
	nsym  int
	nodes []buildNode
}

func newTrieBuilder() *trieBuilder {
	return &trieBuilder{t: &trie{}, nodes: make([]buildNode, 1, 1<<14)}
}

// symFor returns the symbol of r, numbering it if it is new.
func (b *trieBuilder) symFor(r rune) (uint8, error) {
	if s := b.t.sym(r); s != 0 {
		return s, nil
	}
	if b.nsym == 255 {
		return 0, errors.New("more than 255 distinct letters in patterns")
	}
	b.nsym++
	s := uint8(b.nsym)
	if r >= 0 && r < loTable {
		b.t.lo[r] = s
	} else {
		if b.t.hi == nil {
			b.t.hi = map[rune]uint8{}
		}
		b.t.hi[r] = s
	}
	return s, nil
}

// add inserts one pattern such as ".ach4" or "1г".
func (b *trieBuilder) add(p string) error {
	vals := make([]uint8, 1, len(p)+1)
	n := int32(0)
	letters := 0
	for _, r := range p {
		if r >= '0' && r <= '9' {
			vals[len(vals)-1] = uint8(r - '0')
			continue
		}
		if r == utf8.RuneError || r == '{' || r == '}' || r == '\\' {
			return fmt.Errorf("bad pattern %q", p)
		}
		s, err := b.symFor(unicode.ToLower(r))
		if err != nil {
			return err
		}
		vals = append(vals, 0)
		letters++
		nd := &b.nodes[n]
		k := slices.Index(nd.syms, s)
		if k >= 0 {
			n = nd.kids[k]
			continue
		}
		next := int32(len(b.nodes))
		nd.syms = append(nd.syms, s)
		nd.kids = append(nd.kids, next)
		b.nodes = append(b.nodes, buildNode{})
		n = next
	}
	if letters == 0 {
		return fmt.Errorf("bad pattern %q", p)
	}
	if len(vals) > 255 {
		return fmt.Errorf("pattern too long %q", p)
	}
	nd := &b.nodes[n]
	if nd.vals == nil {
		nd.vals = vals
	} else { // a duplicate pattern: keep the larger values
		for i, v := range vals {
			nd.vals[i] = max(nd.vals[i], v)
		}
	}
	return nil
}

// finish flattens the builder's nodes into the trie's arrays.
func (b *trieBuilder) finish() (*trie, error) {
	t := b.t
	nn := len(b.nodes)
	if nn >= 1<<31-1 {
		return nil, errors.New("too many patterns")
	}
	t.edgeStart = make([]int32, nn+1)
	t.edgeSym = make([]uint8, 0, nn-1)
	t.edgeNode = make([]int32, 0, nn-1)
	t.valStart = make([]int32, nn)
	t.valLen = make([]uint8, nn)
	type edge struct {
		s uint8
		n int32
	}
	var es []edge
	for i := range b.nodes {
		nd := &b.nodes[i]
		t.edgeStart[i] = int32(len(t.edgeSym))
		es = es[:0]
		for k, s := range nd.syms {
			es = append(es, edge{s, nd.kids[k]})
		}
		slices.SortFunc(es, func(a, b edge) int { return int(a.s) - int(b.s) })
		for _, e := range es {
			t.edgeSym = append(t.edgeSym, e.s)
			t.edgeNode = append(t.edgeNode, e.n)
		}
		if nd.vals != nil {
			t.valStart[i] = int32(len(t.vals))
			t.valLen[i] = uint8(len(nd.vals))
			t.vals = append(t.vals, nd.vals...)
		}
	}
	t.edgeStart[nn] = int32(len(t.edgeSym))
	b.nodes = nil
	return t, nil
}
