package hyph

import (
	"embed"
	"errors"
	"fmt"
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
	b := newTrieBuilder(len(pats))
	for p := range strings.FieldsSeq(pats) {
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
	for w := range strings.FieldsSeq(words) {
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

// trieBuilder grows the trie one pattern at a time, in flat arrays: node
// i's children are a list from first[i] through next, each child j
// reached by the symbol sym[j]; a node that ends a pattern has its values
// at vals[valStart[i]:valStart[i]+valLen[i]]. Node 0 is the root, so 0
// also means "no node" in first and next.
type trieBuilder struct {
	t        *trie
	nsym     int
	first    []int32
	next     []int32
	sym      []uint8
	valStart []int32
	valLen   []uint8
	vals     []uint8
}

// newTrieBuilder returns a builder sized for patterns of about n bytes.
func newTrieBuilder(n int) *trieBuilder {
	b := &trieBuilder{
		t:        &trie{},
		first:    make([]int32, 1, n/2),
		next:     make([]int32, 1, n/2),
		sym:      make([]uint8, 1, n/2),
		valStart: make([]int32, 1, n/2),
		valLen:   make([]uint8, 1, n/2),
		vals:     make([]uint8, 0, n),
	}
	return b
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
	// The pattern's values go to the end of vals, where a new pattern
	// leaves them; a duplicate gives them to the first and they are cut.
	v0 := len(b.vals)
	b.vals = append(b.vals, 0)
	n := int32(0)
	letters := 0
	for _, r := range p {
		if r >= '0' && r <= '9' {
			b.vals[len(b.vals)-1] = uint8(r - '0')
			continue
		}
		if r == utf8.RuneError || r == '{' || r == '}' || r == '\\' {
			b.vals = b.vals[:v0]
			return fmt.Errorf("bad pattern %q", p)
		}
		s, err := b.symFor(unicode.ToLower(r))
		if err != nil {
			b.vals = b.vals[:v0]
			return err
		}
		b.vals = append(b.vals, 0)
		letters++
		k := b.first[n]
		for k != 0 && b.sym[k] != s {
			k = b.next[k]
		}
		if k == 0 {
			k = int32(len(b.sym))
			b.first = append(b.first, 0)
			b.next = append(b.next, b.first[n])
			b.sym = append(b.sym, s)
			b.valStart = append(b.valStart, 0)
			b.valLen = append(b.valLen, 0)
			b.first[n] = k
		}
		n = k
	}
	vals := b.vals[v0:]
	if letters == 0 {
		b.vals = b.vals[:v0]
		return fmt.Errorf("bad pattern %q", p)
	}
	if len(vals) > 255 {
		b.vals = b.vals[:v0]
		return fmt.Errorf("pattern too long %q", p)
	}
	if b.valLen[n] == 0 {
		b.valStart[n], b.valLen[n] = int32(v0), uint8(len(vals))
		return nil
	}
	// A duplicate pattern: keep the larger values.
	old := b.vals[b.valStart[n] : int(b.valStart[n])+len(vals)]
	for i, v := range vals {
		old[i] = max(old[i], v)
	}
	b.vals = b.vals[:v0]
	return nil
}

// finish lays the builder's nodes out as the trie's arrays, each node's
// edges sorted by symbol.
func (b *trieBuilder) finish() (*trie, error) {
	t := b.t
	nn := len(b.sym)
	if nn >= 1<<31-1 {
		return nil, errors.New("too many patterns")
	}
	t.edgeStart = make([]int32, nn+1)
	t.edgeSym = make([]uint8, 0, nn-1)
	t.edgeNode = make([]int32, 0, nn-1)
	t.valStart, t.valLen, t.vals = b.valStart, b.valLen, b.vals
	for i := range nn {
		start := len(t.edgeSym)
		t.edgeStart[i] = int32(start)
		for k := b.first[i]; k != 0; k = b.next[k] {
			// Insert k among the node's edges so far, in order of symbol.
			s := b.sym[k]
			j := len(t.edgeSym)
			t.edgeSym = append(t.edgeSym, s)
			t.edgeNode = append(t.edgeNode, k)
			for j > start && t.edgeSym[j-1] > s {
				t.edgeSym[j], t.edgeNode[j] = t.edgeSym[j-1], t.edgeNode[j-1]
				j--
			}
			t.edgeSym[j], t.edgeNode[j] = s, k
		}
	}
	t.edgeStart[nn] = int32(len(t.edgeSym))
	*b = trieBuilder{}
	return t, nil
}
