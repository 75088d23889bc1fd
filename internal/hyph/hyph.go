// Package hyph finds the places where a word may be hyphenated at the end of
// a line, using Frank Liang's pattern method (Word Hy-phen-a-tion by
// Com-put-er, Stanford, 1983), the method TeX uses.
//
// Liang's method does not store a dictionary of hyphenated words. Instead a
// language has a few thousand short patterns: strings of letters with small
// digits between them, such as "hy3ph" or ".ach4". The dot stands for the edge
// of a word. To hyphenate a word, we frame it with dots, lowercase it, and
// look at every gap between two letters. Every pattern whose letters occur
// somewhere in the framed word votes on the gaps it covers with its digits
// (a missing digit is 0), and each gap keeps the highest vote it receives.
// An odd final value means "a break is allowed here", an even one "no break".
// Patterns are generated from a hyphenated word list so that higher levels
// correct the mistakes of lower ones; that is why both odd and even digits
// appear. A short list of exceptions, words given with their hyphens, overrides
// the patterns. We store the patterns in a letter trie, so that all patterns
// starting at one position of the word are found in a single walk.
//
// The pattern data is the hyph-utf8 collection used by TeX Live
// (github.com/hyphenation/tex-hyphen): the files in the patterns directory
// are embedded unchanged, with their authors and licences in their headers;
// see patterns/README.md. We read their \patterns{...} and \hyphenation{...}
// groups and ignore the rest.
//
// On top of the patterns, Hyphenate applies the rules of our product: at least
// LeftMin letters before and RightMin letters after every break, no breaks in
// numbers, acronyms, URLs and e-mail addresses, no break that leaves a piece
// of a word without a vowel (the Kazakh patterns allow Қа-зақ-с-тан, which
// becomes Қа-зақ-стан), and sensible handling of surrounding punctuation,
// apostrophes and explicit hyphens.
//
// The least numbers of letters before and after a break are each
// language's own, as its pattern file gives them (its \lefthyphenmin and
// \righthyphenmin):
//
//	language        LeftMin  RightMin
//	English (US/GB)    2        3
//	Russian            2        2
//	Kazakh             2        2
package hyph

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrUnsupported is wrapped by the error New returns for a language without patterns.
var ErrUnsupported = errors.New("hyph: unsupported language")

// langError reports a language tag for which no patterns are available.
type langError struct{ lang string }

func (e *langError) Error() string { return fmt.Sprintf("hyph: no patterns for language %q", e.lang) }

func (e *langError) Unwrap() error { return ErrUnsupported }

// Hyphenator hyphenates words of one language.
//
// After construction, Hyphenate and Explicit may be called from many
// goroutines at once. AddException and changes to LeftMin or RightMin modify
// the Hyphenator and must not run concurrently with any other method; make
// them before sharing it, or synchronise externally.
type Hyphenator struct {
	// LeftMin is the least number of letters before a break; New sets 2.
	// Values below 1 are treated as 1.
	LeftMin int
	// RightMin is the least number of letters after a break; New sets 3.
	// Values below 1 are treated as 1.
	RightMin int

	lang string
	data *langData
	user map[string][]int
}

// New returns the hyphenator for a BCP 47 language tag: "en", "en-US" and
// other English regions use the American patterns, "en-GB" the British ones,
// "ru" or "ru-RU" Russian, and "kk" or "kk-KZ" Kazakh (Cyrillic script).
// Tags are matched case-insensitively and may use '_' instead of '-'. An
// unknown language yields an error wrapping ErrUnsupported.
//
// The patterns of each language are parsed once per process and shared by
// all hyphenators of that language; each call to New returns a new
// Hyphenator with its own minimums and its own user exceptions.
func New(lang string) (*Hyphenator, error) {
	key, ok := canonical(lang)
	if !ok {
		return nil, &langError{lang}
	}
	d := languages[key]
	if err := d.load(); err != nil {
		return nil, err
	}
	h := &Hyphenator{LeftMin: 2, RightMin: 3, lang: key, data: d}
	if m, ok := hyphenMins[key]; ok {
		h.LeftMin, h.RightMin = m[0], m[1]
	}
	for _, w := range galleyExceptions[key] {
		h.AddException(w)
	}
	return h, nil
}

// hyphenMins are the least letters before and after a break, by language
// key, where the pattern file gives other values than 2 and 3.
var hyphenMins = map[string][2]int{
	"ru": {2, 2},
	"kk": {2, 2},
}

// galleyExceptions are words the patterns break wrongly, found in Galley's
// own manuscripts, by language key.
var galleyExceptions = map[string][]string{
	"en-us": {"Rus-sian", "Rus-sians"},
	"en-gb": {"Rus-sian", "Rus-sians"},
}

// canonical maps a BCP 47 tag to a key of the languages table.
func canonical(tag string) (string, bool) {
	parts := strings.Split(strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-")), "-")
	var script, region string
	for _, p := range parts[1:] {
		switch {
		case len(p) == 4 && script == "" && region == "" && isAlpha(p):
			script = p
		case (len(p) == 2 && isAlpha(p) || len(p) == 3 && isNum(p)) && region == "":
			region = p
		}
	}
	switch parts[0] {
	case "en", "eng":
		if script != "" && script != "latn" {
			return "", false
		}
		if region == "gb" || region == "uk" {
			return "en-gb", true
		}
		return "en-us", true
	case "ru", "rus":
		if script != "" && script != "cyrl" {
			return "", false
		}
		return "ru", true
	case "kk", "kaz":
		if script != "" && script != "cyrl" {
			return "", false
		}
		return "kk", true
	}
	return "", false
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func isNum(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// AddException records the hyphenation of a word, written with hyphens at
// the permitted breaks, such as "ta-ble"; a word without hyphens is never
// hyphenated. User exceptions take precedence over the pattern file's
// exceptions and over its patterns, case-insensitively; LeftMin and RightMin
// still apply. A later exception for the same word replaces an earlier one.
// AddException must not be called concurrently with other methods.
func (h *Hyphenator) AddException(word string) {
	if h == nil {
		return
	}
	key, pos := parseException(strings.TrimSpace(word))
	if key == "" {
		return
	}
	if h.user == nil {
		h.user = map[string][]int{}
	}
	h.user[key] = pos
}

// Explicit reports whether a break at byte offset off in word follows an
// explicit hyphen ('-' or U+2010), as the breaks Hyphenate returns right
// after such hyphens do. At such a break the caller must not insert another
// hyphen: the line already ends with one.
func (h *Hyphenator) Explicit(word string, off int) bool {
	if off <= 0 || off > len(word) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(word[:off])
	return isHyphen(r)
}

// isHyphen reports whether r is an explicit hyphen at which a line may break.
func isHyphen(r rune) bool { return r == '-' || r == '\u2010' }

// isApostrophe reports whether r is an apostrophe: part of a word, but no
// break is allowed next to it.
func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02BC' }

// unit is one letter (or combining mark) of the word's letter core.
type unit struct {
	off   int // byte offset in the word
	flags uint8
}

const (
	uLetter    = 1 << iota // a letter, counted for the minimums
	uMark                  // a combining mark: never break before it
	uAfterApos             // follows an apostrophe: never break before it
)

// Hyphenate returns the byte offsets in word at which a hyphen may be
// inserted, ascending. A break at offset o splits word into word[:o] and
// word[o:]. It returns nil when word offers no break, and always for words
// with digits, URLs and e-mail addresses, acronyms (all-capital words of two
// or more letters) and words of fewer than LeftMin+RightMin letters.
//
// The word may carry leading and trailing punctuation, such as quotes, a
// comma or a possessive "’s"; only the letters between them are hyphenated.
// Apostrophes inside the word belong to it, but no break is placed next to
// them. A word containing explicit hyphens ('-' or U+2010) may break right
// after each of them (see Explicit), provided LeftMin letters precede and
// RightMin letters follow in the whole word; each hyphen-separated part is
// also hyphenated on its own. A non-breaking hyphen (U+2011) separates parts
// but offers no break itself.
func (h *Hyphenator) Hyphenate(word string) []int {
	if h == nil || h.data == nil || h.data.t == nil || word == "" {
		return nil
	}
	if looksLikeAddress(word) {
		return nil
	}
	for _, r := range word {
		if class(r)&cNumber != 0 {
			return nil
		}
	}
	start, end := coreBounds(word)
	if start >= end {
		return nil
	}
	lmin, rmin := max(h.LeftMin, 1), max(h.RightMin, 1)
	letters, upper, lower := 0, 0, 0
	for _, r := range word[start:end] {
		c := class(r)
		switch {
		case isApostrophe(r), isHyphen(r), r == '\u2011':
		case c&cLetter != 0:
			letters++
			if c&cUpper != 0 {
				upper++
			} else if c&cLower != 0 {
				lower++
			}
		case c&cMark != 0:
		default:
			return nil // slashes, dots, symbols, soft hyphens: not a plain word
		}
	}
	if letters < lmin+rmin || lower == 0 && upper >= 2 {
		return nil
	}

	var ubuf [64]unit
	units := ubuf[:0]
	var out []int
	seen := 0 // letters of the core before the current rune
	apos := false
	prevLetter := false
	for i, r := range word[start:end] {
		off := start + i
		switch {
		case isApostrophe(r):
			apos = true
			prevLetter = false
		case isHyphen(r) || r == '\u2011':
			out = h.part(word, units, lmin, rmin, out)
			units = units[:0]
			apos = false
			after := off + utf8.RuneLen(r)
			if r != '\u2011' && prevLetter && after < end && seen >= lmin && letters-seen >= rmin {
				if next, _ := utf8.DecodeRuneInString(word[after:]); class(next)&cLetter != 0 && !isApostrophe(next) {
					out = append(out, after)
				}
			}
			prevLetter = false
		default: // a letter or a mark, as checked above
			u := unit{off: off}
			if class(r)&cLetter != 0 {
				u.flags = uLetter
				seen++
			} else {
				u.flags = uMark
			}
			if apos {
				u.flags |= uAfterApos
				apos = false
			}
			units = append(units, u)
			prevLetter = true
		}
	}
	return h.part(word, units, lmin, rmin, out)
}

// part hyphenates one hyphen-free stretch of letters, given as units of
// word, and appends the breaks to out.
func (h *Hyphenator) part(word string, units []unit, lmin, rmin int, out []int) []int {
	n := len(units)
	if n < 2 {
		return out
	}
	t := h.data.t
	dot := t.sym('.')
	var wbuf [66]uint8
	w := append(wbuf[:0], dot)
	var kbuf [128]byte
	key := kbuf[:0]
	letters, upper, lower := 0, 0, 0
	for _, u := range units {
		r, _ := utf8.DecodeRuneInString(word[u.off:])
		if u.flags&uLetter != 0 {
			letters++
			if c := class(r); c&cUpper != 0 {
				upper++
			} else if c&cLower != 0 {
				lower++
			}
		}
		lr := toLower(r)
		w = append(w, t.sym(lr))
		key = utf8.AppendRune(key, lr)
	}
	w = append(w, dot)
	if letters < lmin+rmin || lower == 0 && upper >= 2 {
		return out
	}
	var pbuf [67]uint8
	var points []uint8
	if len(w)+1 <= len(pbuf) {
		points = pbuf[:len(w)+1]
	} else {
		points = make([]uint8, len(w)+1)
	}
	if pos, ok := h.exception(key); ok {
		for _, p := range pos {
			if p > 0 && p < n {
				points[p+1] = 1
			}
		}
	} else {
		t.match(w, points)
	}
	// points[k+1] is the gap between units[k-1] and units[k].
	var kbufs [32]int
	cuts := kbufs[:0]
	before := 0
	for k, u := range units {
		if k > 0 && points[k+1]&1 == 1 && u.flags&(uMark|uAfterApos) == 0 &&
			before >= lmin && letters-before >= rmin {
			cuts = append(cuts, k)
		}
		if u.flags&uLetter != 0 {
			before++
		}
	}
	cuts = syllables(word, units, cuts)
	for _, k := range cuts {
		out = append(out, units[k].off)
	}
	return out
}

// syllables drops breaks (indices into units) that would leave a piece of
// the word without a vowel. Such a piece joins the neighbour with which it
// makes the shorter run of consonants, the next one on a tie: Қа-зақ-с-тан
// becomes Қа-зақ-стан (с joins тан), Kaza-kh-stan becomes Kazakh-stan (kh
// joins Kaza). Words in a script whose vowels it does not know keep their
// breaks.
func syllables(word string, units []unit, cuts []int) []int {
	if len(cuts) == 0 {
		return cuts
	}
	isV := func(k int) bool {
		r, _ := utf8.DecodeRuneInString(word[units[k].off:])
		return isVowel(r)
	}
	vowel := func(from, to int) bool {
		for k := from; k < to; k++ {
			if isV(k) {
				return true
			}
		}
		return false
	}
	if !vowel(0, len(units)) {
		return cuts
	}
	for i := 0; i <= len(cuts); {
		from, to := 0, len(units)
		if i > 0 {
			from = cuts[i-1]
		}
		if i < len(cuts) {
			to = cuts[i]
		}
		if vowel(from, to) {
			i++
			continue
		}
		if i == len(cuts) { // the last piece joins the one before
			cuts = cuts[:i-1]
			i--
			continue
		}
		if i == 0 { // the first piece joins the next
			cuts = cuts[1:]
			continue
		}
		onset, coda := to-from, to-from
		for k := to; k < len(units) && !isV(k); k++ {
			onset++
		}
		for k := from - 1; k >= 0 && !isV(k); k-- {
			coda++
		}
		if coda < onset {
			cuts = append(cuts[:i-1], cuts[i:]...)
			i--
		} else {
			cuts = append(cuts[:i], cuts[i+1:]...)
		}
	}
	return cuts
}

// isVowel reports whether r is a vowel letter of the Latin or Cyrillic
// alphabets Galley hyphenates (y counts, as in "rhythm"; so do the Kazakh
// у and и, which are often vowels).
func isVowel(r rune) bool {
	switch toLower(r) {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'à', 'á', 'â', 'ä', 'æ', 'è', 'é', 'ê', 'ë', 'ì', 'í', 'î', 'ï', 'ò', 'ó', 'ô', 'ö', 'ø', 'ù', 'ú', 'û', 'ü', 'ÿ', 'œ',
		'а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'ә', 'ө', 'ү', 'ұ', 'і':
		return true
	}
	return false
}

// exception looks key up in the user's and then in the file's exceptions.
func (h *Hyphenator) exception(key []byte) ([]int, bool) {
	if h.user != nil {
		if pos, ok := h.user[string(key)]; ok {
			return pos, true
		}
	}
	pos, ok := h.data.exc[string(key)]
	return pos, ok
}

// looksLikeAddress reports whether word looks like a URL or an e-mail address.
func looksLikeAddress(word string) bool {
	if strings.Contains(word, "://") || strings.IndexByte(word, '@') >= 0 {
		return true
	}
	for i := 0; i+4 <= len(word); i++ {
		if word[i]|0x20 == 'w' && word[i+1]|0x20 == 'w' && word[i+2]|0x20 == 'w' && word[i+3] == '.' {
			return true
		}
	}
	return false
}

// coreBounds returns the byte range of word's letter core: from its first
// letter to the end of its last letter (with any combining marks after it),
// without a trailing possessive "’s" or "'s".
func coreBounds(word string) (start, end int) {
	start = -1
	for i, r := range word {
		if isApostrophe(r) {
			continue
		}
		c := class(r)
		if c&cLetter != 0 {
			if start < 0 {
				start = i
			}
			end = i + utf8.RuneLen(r)
		} else if start >= 0 && c&cMark != 0 && end == i {
			end = i + utf8.RuneLen(r)
		}
	}
	if start < 0 {
		return 0, 0
	}
	// Drop a possessive ending: letters + apostrophe + "s".
	if last := word[end-1]; (last == 's' || last == 'S') && end-1 > start {
		a, size := utf8.DecodeLastRuneInString(word[start : end-1])
		if isApostrophe(a) && end-1-size > start {
			p, _ := utf8.DecodeLastRuneInString(word[start : end-1-size])
			if class(p)&(cLetter|cMark) != 0 {
				end = end - 1 - size
			}
		}
	}
	return start, end
}
