package hyph

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

// show formats word with its breaks: "-" marks a break found by patterns or
// exceptions, "/" a break right after an explicit hyphen.
func show(h *Hyphenator, word string, offs []int) string {
	var sb strings.Builder
	last := 0
	for _, o := range offs {
		if o < last || o > len(word) {
			sb.WriteString(word[last:])
			sb.WriteString("!bad offset ")
			return sb.String()
		}
		sb.WriteString(word[last:o])
		if h.Explicit(word, o) {
			sb.WriteString("/")
		} else {
			sb.WriteString("-")
		}
		last = o
	}
	sb.WriteString(word[last:])
	return sb.String()
}

func mustNew(t testing.TB, lang string) *Hyphenator {
	t.Helper()
	h, err := New(lang)
	if err != nil {
		t.Fatalf("New(%q): %v", lang, err)
	}
	return h
}

type hyphCase struct {
	word string
	want string // word with "-" at breaks, "/" after explicit hyphens
}

func checkCases(t *testing.T, h *Hyphenator, cases []hyphCase) {
	t.Helper()
	for _, c := range cases {
		got := h.Hyphenate(c.word)
		if s := show(h, c.word, got); s != c.want {
			t.Errorf("Hyphenate(%q) = %v (%s), want %s", c.word, got, s, c.want)
		}
		checkOffsets(t, h, c.word, got)
	}
}

// checkOffsets verifies the invariants every result must satisfy.
func checkOffsets(t testing.TB, h *Hyphenator, word string, offs []int) {
	t.Helper()
	lmin, rmin := max(h.LeftMin, 1), max(h.RightMin, 1)
	prev := 0
	for _, o := range offs {
		if o <= prev || o >= len(word) {
			t.Fatalf("Hyphenate(%q) = %v: offset %d not ascending inside the word", word, offs, o)
		}
		prev = o
		if !utf8.RuneStart(word[o]) {
			t.Fatalf("Hyphenate(%q) = %v: offset %d not on a rune boundary", word, offs, o)
		}
		before, _ := utf8.DecodeLastRuneInString(word[:o])
		after, _ := utf8.DecodeRuneInString(word[o:])
		if isApostrophe(before) || isApostrophe(after) || unicode.IsMark(after) {
			t.Fatalf("Hyphenate(%q) = %v: break at %d next to an apostrophe or before a mark", word, offs, o)
		}
		if n := countLetters(word[:o]); n < lmin {
			t.Fatalf("Hyphenate(%q) = %v: %d letters before break %d, want >= %d", word, offs, n, o, lmin)
		}
		if n := countLetters(word[o:]); n < rmin {
			t.Fatalf("Hyphenate(%q) = %v: %d letters after break %d, want >= %d", word, offs, n, o, rmin)
		}
		if h.Explicit(word, o) {
			continue
		}
		// A pattern break respects the minimums within its hyphen-separated part.
		start := strings.LastIndexFunc(word[:o], isPartSep) + 1
		end := strings.IndexFunc(word[o:], isPartSep)
		if end < 0 {
			end = len(word)
		} else {
			end += o
		}
		if n := countLetters(word[start:o]); n < lmin {
			t.Fatalf("Hyphenate(%q) = %v: %d letters of its part before break %d, want >= %d", word, offs, n, o, lmin)
		}
		if n := countLetters(word[o:end]); n < rmin {
			t.Fatalf("Hyphenate(%q) = %v: %d letters of its part after break %d, want >= %d", word, offs, n, o, rmin)
		}
	}
}

func isPartSep(r rune) bool { return isHyphen(r) || r == '\u2011' }

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) && !isApostrophe(r) {
			n++
		}
	}
	return n
}

func TestEnglishUS(t *testing.T) {
	checkCases(t, mustNew(t, "en-US"), []hyphCase{
		{"hyphenation", "hy-phen-ation"},
		{"Hyphenation", "Hy-phen-ation"},
		{"diplomacy", "diplo-macy"},
		{"Kazakhstan", "Kaza-khstan"},
		{"international", "in-ter-na-tional"},
		{"representation", "rep-re-sen-ta-tion"},
		{"proliferation", "pro-lif-er-a-tion"},
		{"algorithm", "al-go-rithm"},
		{"computer", "com-puter"},
		{"children", "chil-dren"},
		{"policies", "poli-cies"},
		{"wonderful", "won-der-ful"},
		{"readily", "read-ily"},
		{"another", "an-other"},
		// From the \hyphenation list of hyph-en-us.tex.
		{"table", "ta-ble"},
		{"associate", "as-so-ciate"},
		{"Associates", "As-so-ciates"},
		{"reciprocity", "reci-procity"},
		{"presents", "presents"},
		{"project", "project"},
		// Surrounding punctuation and possessives.
		{"“diplomacy,”", "“diplo-macy,”"},
		{"(hyphenation).", "(hy-phen-ation)."},
		{"Kazakhstan’s", "Kaza-khstan’s"},
		{"diplomacy's", "diplo-macy's"},
		{"“Hyphenation”", "“Hy-phen-ation”"},
	})
}

func TestEnglishGB(t *testing.T) {
	for _, tag := range []string{"en-GB", "en_gb", "EN-gb"} {
		checkCases(t, mustNew(t, tag), []hyphCase{
			{"hyphenation", "hy-phen-a-tion"},
			{"diplomacy", "dip-lomacy"},
			{"Kazakhstan", "Kazakh-stan"},
			{"international", "in-ter-na-tional"},
			{"representation", "rep-res-ent-a-tion"},
			{"self-determination", "self-/de-term-in-a-tion"},
			{"table", "table"},
			// From the \hyphenation list of hyph-en-gb.tex.
			{"university", "uni-ver-sity"},
			{"however", "how-ever"},
			{"throughout", "through-out"},
		})
	}
}

func TestRussian(t *testing.T) {
	for _, tag := range []string{"ru", "ru-RU", "ru-Cyrl-RU"} {
		checkCases(t, mustNew(t, tag), []hyphCase{
			{"дипломатия", "ди-пло-ма-тия"},
			{"Дипломатия", "Ди-пло-ма-тия"},
			{"безопасность", "без-опас-ность"},
			{"государство", "го-су-дар-ство"},
			{"организация", "ор-га-ни-за-ция"},
			{"подъезд", "подъ-езд"}, // ъ1 keeps the hard sign on the first line
			{"объявление", "объ-яв-ле-ние"},
			{"семья", "се-мья"}, // ь1 is overridden by a higher even value
			{"большой", "боль-шой"},
			{"река", "ре-ка"}, // Russian minimums are 2/2 // ре-ка needs RightMin 2
			{"«безопасность»,", "«без-опас-ность»,"},
			// From the \hyphenation list of hyph-ru.tex.
			{"бизнесмен", "биз-нес-мен"},
			{"вопль", "вопль"},
		})
	}
}

func TestKazakh(t *testing.T) {
	for _, tag := range []string{"kk", "kk-KZ", "kk-Cyrl-KZ"} {
		checkCases(t, mustNew(t, tag), []hyphCase{
			{"Қазақстан", "Қа-зақ-стан"}, // no piece without a vowel
			{"Қазақстанның", "Қа-зақ-стан-ның"},
			{"дипломатия", "дип-ло-матия"},
			{"халықаралық", "ха-лы-қа-ра-лық"},
			{"біріккен", "бі-рік-кен"},
			{"үкімет", "үкі-мет"},
			{"бала", "ба-ла"}, // Kazakh minimums are 2/2
		})
	}
}

func TestMinimums(t *testing.T) {
	en := mustNew(t, "en")
	if en.LeftMin != 2 || en.RightMin != 3 {
		t.Fatalf("New(\"en\") minimums = %d/%d, want 2/3", en.LeftMin, en.RightMin)
	}
	ru := mustNew(t, "ru")
	if ru.LeftMin != 2 || ru.RightMin != 2 {
		t.Fatalf("New(\"ru\") minimums = %d/%d, want the file's 2/2", ru.LeftMin, ru.RightMin)
	}
	ru.RightMin = 3
	// Breaks the patterns allow but the default minimums forbid.
	checkCases(t, en, []hyphCase{
		{"mother", "mother"},
		{"amazing", "amaz-ing"},
		{"enough", "enough"},
		{"ugly", "ugly"},
	})
	checkCases(t, ru, []hyphCase{
		{"река", "река"},
		{"угроза", "угроза"},
		{"идея", "идея"},
	})

	en.RightMin = 2
	checkCases(t, en, []hyphCase{{"mother", "moth-er"}, {"ugly", "ug-ly"}})
	en.LeftMin = 1
	checkCases(t, en, []hyphCase{{"amazing", "a-maz-ing"}, {"enough", "e-nough"}})
	ru.LeftMin, ru.RightMin = 1, 1
	checkCases(t, ru, []hyphCase{
		{"дипломатия", "ди-пло-ма-ти-я"},
		{"угроза", "у-гро-за"},
		{"идея", "и-де-я"},
	})
	// A separate hyphenator of the same language keeps the defaults.
	checkCases(t, mustNew(t, "ru"), []hyphCase{{"дипломатия", "ди-пло-ма-тия"}})
	// Nonsense minimums behave like 1.
	en.LeftMin, en.RightMin = -5, 0
	checkCases(t, en, []hyphCase{{"amazing", "a-maz-ing"}})
}

func TestNil(t *testing.T) {
	en := mustNew(t, "en-US")
	ru := mustNew(t, "ru")
	for _, c := range []struct {
		h    *Hyphenator
		word string
	}{
		{en, ""},
		{en, "hyphenation2"},
		{en, "1990s"},
		{en, "COVID-19"},
		{en, "P5"},
		{en, "UNSC"},
		{en, "HYPHENATION"},
		{en, "NATO’s"},
		{en, "https://example.com/hyphenation"},
		{en, "www.hyphenation.org"},
		{en, "WWW.hyphenation.org"},
		{en, "someone@hyphenation.org"},
		{en, "and/or"},
		{en, "hyphen_ation"},
		{en, "hy\u00adphenation"},
		{en, "two words"},
		{en, "—"},
		{en, "“”"},
		{en, "cat"},
		{en, "dogs"},
		{en, "don't"},
		{ru, "ООН"},
		{ru, "СССР"},
		{ru, "дом"},
		{ru, "www.дипломатия.рф"},
	} {
		if got := c.h.Hyphenate(c.word); got != nil {
			t.Errorf("Hyphenate(%q) = %v, want %v", c.word, got, []int(nil))
		}
	}
	var nilH *Hyphenator
	if got := nilH.Hyphenate("hyphenation"); got != nil {
		t.Errorf("nil Hyphenator: Hyphenate(%q) = %v, want nil", "hyphenation", got)
	}
	if got := new(Hyphenator).Hyphenate("hyphenation"); got != nil {
		t.Errorf("zero Hyphenator: Hyphenate(%q) = %v, want nil", "hyphenation", got)
	}
}

func TestApostrophes(t *testing.T) {
	checkCases(t, mustNew(t, "en-US"), []hyphCase{
		{"rocknroll", "rock-nroll"},    // "n" alone would have no vowel; it joins the shorter cluster
		{"rock’n’roll", "rock’n’roll"}, // both breaks touch an apostrophe
		{"bosun", "bo-sun"},
		{"bo'sun", "bo'sun"},
		{"halloween", "hal-loween"},
		{"Hallowe'en", "Hal-lowe'en"},
		{"O’Donnell", "O’Don-nell"},
		{"shouldn't", "shouldn't"},
	})
}

func TestExplicitHyphens(t *testing.T) {
	en := mustNew(t, "en-US")
	checkCases(t, en, []hyphCase{
		{"non-proliferation", "non-/pro-lif-er-a-tion"},
		{"non\u2010proliferation", "non\u2010/pro-lif-er-a-tion"},
		{"non\u2011proliferation", "non\u2011pro-lif-er-a-tion"}, // non-breaking hyphen
		{"well-being", "well-/be-ing"},
		{"self-determination", "self-/de-ter-mi-na-tion"},
		{"state-of-the-art", "state-/of-/the-/art"},
		{"peace-keeping", "peace-/keep-ing"},
		{"NATO-led", "NATO-/led"},
		{"e-mail", "e-mail"}, // one letter before the hyphen
		{"x-ray", "x-ray"},
		{"co-op", "co-op"}, // two letters after the hyphen
		{"-hyphenation", "-hy-phen-ation"},
		{"hyphenation-", "hy-phen-ation-"},
		{"hyphen--ation", "hy-phen--ation"},
		{"“non-proliferation”,", "“non-/pro-lif-er-a-tion”,"},
	})
	checkCases(t, mustNew(t, "ru"), []hyphCase{
		{"северо-западный", "се-ве-ро-/за-пад-ный"},
	})

	w := "non-proliferation"
	offs := en.Hyphenate(w)
	if len(offs) == 0 || offs[0] != 4 || !en.Explicit(w, 4) {
		t.Fatalf("Hyphenate(%q) = %v, want a first, explicit break at 4", w, offs)
	}
	for _, o := range offs[1:] {
		if en.Explicit(w, o) {
			t.Errorf("Explicit(%q, %d) = true, want false", w, o)
		}
	}
	for _, off := range []int{-1, 0, 3, 5, len(w), len(w) + 1} {
		if en.Explicit(w, off) {
			t.Errorf("Explicit(%q, %d) = true, want false", w, off)
		}
	}
	if !en.Explicit("non\u2010proliferation", 6) {
		t.Errorf("Explicit(%q, 6) = false, want true", "non\u2010proliferation")
	}
}

func TestExceptions(t *testing.T) {
	gb := mustNew(t, "en-GB")
	gb.AddException("ta-ble")
	gb.AddException("Hyphe-na-tion")
	gb.AddException("dip-lo-ma-cy")
	gb.AddException("uni-ver-si-ty") // replaces the file's uni-ver-sity
	gb.AddException("kazakhstan")    // no hyphens: never hyphenate
	gb.AddException("")
	gb.AddException("--")
	checkCases(t, gb, []hyphCase{
		{"table", "ta-ble"},
		{"Table", "Ta-ble"},
		{"hyphenation", "hyphe-na-tion"},
		{"HyPhenation", "HyPhe-na-tion"},
		{"diplomacy", "dip-lo-macy"}, // ma-cy: RightMin still applies
		{"university", "uni-ver-sity"},
		{"Kazakhstan", "Kazakhstan"},
		{"anti-diplomacy", "anti-/dip-lo-macy"},
	})
	// Other hyphenators are unaffected.
	checkCases(t, mustNew(t, "en-GB"), []hyphCase{
		{"table", "table"},
		{"hyphenation", "hy-phen-a-tion"},
	})
	us := mustNew(t, "en-US")
	us.AddException("pre-sents") // overrides the file's "presents"
	checkCases(t, us, []hyphCase{{"presents", "pre-sents"}, {"present", "present"}})
	ru := mustNew(t, "ru")
	ru.AddException("ди-пло-ма-ти-я")
	checkCases(t, ru, []hyphCase{{"дипломатия", "ди-пло-ма-тия"}})
	ru.RightMin = 1
	checkCases(t, ru, []hyphCase{{"дипломатия", "ди-пло-ма-ти-я"}})
}

func TestNew(t *testing.T) {
	for _, tag := range []string{"en", "en-US", "EN", "en_US", "en-Latn-US", "en-AU", "en-GB", "ru", "ru-RU", "kk", "kk-KZ", " kk "} {
		if _, err := New(tag); err != nil {
			t.Errorf("New(%q) = %v, want no error", tag, err)
		}
	}
	for _, tag := range []string{"", "de", "de-DE", "fr", "kk-Latn", "ru-Latn", "enx", "english", "-"} {
		h, err := New(tag)
		if err == nil || h != nil {
			t.Errorf("New(%q) = %v, %v, want an error", tag, h, err)
			continue
		}
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("New(%q) error %v does not wrap ErrUnsupported", tag, err)
		}
		if want := `hyph: no patterns for language "` + tag + `"`; err.Error() != want {
			t.Errorf("New(%q) error = %q, want %q", tag, err, want)
		}
	}
	a, b := mustNew(t, "en"), mustNew(t, "en-US")
	if a == b || a.data != b.data {
		t.Errorf("New returns shared Hyphenators or unshared data")
	}
	if mustNew(t, "en-GB").data == a.data {
		t.Errorf("en-GB shares the en-US data")
	}
}

func TestParse(t *testing.T) {
	for _, d := range languages {
		if err := d.load(); err != nil {
			t.Fatal(err)
		}
		if len(d.exc) == 0 && d.file != "hyph-kk.tex" {
			t.Errorf("%s: no exceptions read", d.file)
		}
	}
	// Russian single-letter patterns must be in the trie.
	ru := languages["ru"].t
	for _, p := range []string{"г", "ь"} {
		r, _ := utf8.DecodeRuneInString(p)
		n := ru.child(0, ru.sym(r))
		if n < 0 || ru.valLen[n] != 2 {
			t.Errorf("ru: single-letter pattern %q missing", p)
		}
	}
	bad := []string{
		"no groups at all",
		`\patterns{ a1b `,
		`\patterns a1b`,
		`\patterns{ 12 }`,
	}
	for _, src := range bad {
		if _, _, err := parseTeX(src); err == nil {
			t.Errorf("parseTeX(%q) = nil error, want an error", src)
		}
	}
	tr, exc, err := parseTeX("% c \\patterns{x9y}\n\\patterns{ % comment\n.ab1c a1b2 }\n\\hyphenation{ab-c-d}")
	if err != nil {
		t.Fatal(err)
	}
	if got := exc["abcd"]; len(got) != 2 || got[0] != 2 || got[1] != 3 {
		t.Errorf("exception ab-c-d = %v, want [2 3]", got)
	}
	points := make([]uint8, 7)
	w := []uint8{tr.sym('.'), tr.sym('a'), tr.sym('b'), tr.sym('c'), tr.sym('.')}
	tr.match(w, points[:len(w)+1])
	if want := []uint8{0, 0, 1, 2, 0, 0}; string(points[:len(w)+1]) != string(want) {
		t.Errorf("match(.abc.) = %v, want %v", points[:len(w)+1], want)
	}
}

func TestConcurrent(t *testing.T) {
	words := strings.Fields(benchText)
	var wg sync.WaitGroup
	for _, lang := range []string{"en-US", "en-GB", "ru", "kk", "en", "ru-RU"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h, err := New(lang)
			if err != nil {
				t.Error(err)
				return
			}
			want := make([]string, len(words))
			for i, w := range words {
				want[i] = show(h, w, h.Hyphenate(w))
			}
			var inner sync.WaitGroup
			for range 4 {
				inner.Add(1)
				go func() {
					defer inner.Done()
					for i, w := range words {
						if got := show(h, w, h.Hyphenate(w)); got != want[i] {
							t.Errorf("concurrent Hyphenate(%q) = %s, want %s", w, got, want[i])
						}
					}
				}()
			}
			inner.Wait()
		}()
	}
	wg.Wait()
}

func TestBenchTextOffsets(t *testing.T) {
	h := mustNew(t, "en-US")
	for _, w := range strings.Fields(benchText) {
		checkOffsets(t, h, w, h.Hyphenate(w))
	}
}

// fuzzLangs are the languages FuzzHyphenate exercises.
var fuzzLangs = []string{"en-US", "en-GB", "ru", "kk"}

func FuzzHyphenate(f *testing.F) {
	seeds := []string{
		"hyphenation", "Kazakhstan’s", "“diplomacy,”", "non-proliferation",
		"non\u2010proliferation", "non\u2011proliferation", "rock’n’roll",
		"дипломатия", "безопасность", "Қазақстан", "северо-западный",
		"UNSC", "P5", "https://x.org", "a@b", "e\u0301le\u0301phant",
		"", "-", "'", "’s", "a's", "\xff\xfe", "hy\xffphen", "ʼʼʼʼʼ",
		"--a--b--", "ta-ble", "İstanbul", "ǅemal", "ﬁnancial",
	}
	for i, s := range seeds {
		f.Add(s, uint8(i), uint8(2), uint8(3))
	}
	hs := make([]*Hyphenator, len(fuzzLangs))
	for i, l := range fuzzLangs {
		hs[i] = mustNew(f, l)
	}
	f.Fuzz(func(t *testing.T, word string, lang, lmin, rmin uint8) {
		h := *hs[int(lang)%len(hs)]
		h.LeftMin, h.RightMin = int(lmin%6), int(rmin%6)
		offs := h.Hyphenate(word)
		checkOffsets(t, &h, word, offs)
		if strings.IndexFunc(word, unicode.IsNumber) >= 0 && offs != nil {
			t.Fatalf("Hyphenate(%q) = %v, want nil for a word with digits", word, offs)
		}
		again := h.Hyphenate(word)
		if show(&h, word, again) != show(&h, word, offs) {
			t.Fatalf("Hyphenate(%q) = %v, then %v", word, offs, again)
		}
		h.AddException(word) // must not panic either
		checkOffsets(t, &h, word, h.Hyphenate(word))
	})
}

func BenchmarkHyphenate(b *testing.B) {
	h := mustNew(b, "en-US")
	words := strings.Fields(benchText)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		h.Hyphenate(words[i%len(words)])
	}
}

func BenchmarkHyphenateRussian(b *testing.B) {
	h := mustNew(b, "ru")
	words := strings.Fields("Совет Безопасности Организации Объединённых Наций несёт главную ответственность за поддержание международного мира и безопасности, а государства-члены обязуются выполнять его решения; дипломатия, переговоры и посредничество остаются основными средствами урегулирования споров.")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		h.Hyphenate(words[i%len(words)])
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, name := range []string{"hyph-en-us.tex", "hyph-en-gb.tex", "hyph-ru.tex", "hyph-kk.tex"} {
		src, err := patternFiles.ReadFile("patterns/" + name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := parseTeX(string(src)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestGalleyExceptions(t *testing.T) {
	for _, lang := range []string{"en-US", "en-GB"} {
		h, err := New(lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := h.Hyphenate("Russian"); len(got) != 1 || got[0] != 3 {
			t.Errorf("%s: Hyphenate(%q) = %v, want [3] (Rus-sian)", lang, "Russian", got)
		}
	}
}

// TestDuplicatePatterns checks that a pattern given more than once keeps
// the largest value at each gap.
func TestDuplicatePatterns(t *testing.T) {
	tr, _, err := parseTeX(`\patterns{a1b 2ab a3b 1a}`)
	if err != nil {
		t.Fatal(err)
	}
	w := []uint8{tr.sym('.'), tr.sym('a'), tr.sym('b'), tr.sym('.')}
	points := make([]uint8, len(w)+1)
	tr.match(w, points)
	if want := []uint8{0, 2, 3, 0, 0}; !slices.Equal(points, want) {
		t.Errorf("match(.ab.) = %v, want %v", points, want)
	}
}

// TestTrieMatchesPatterns checks the trie against Liang's rule applied
// directly: at every place a pattern's letters occur in a framed word,
// each gap takes the largest value any such pattern gives it. The words
// are the patterns' own letters and a sample text, in all four languages.
func TestTrieMatchesPatterns(t *testing.T) {
	for key, d := range languages {
		if err := d.load(); err != nil {
			t.Fatal(err)
		}
		src, err := patternFiles.ReadFile("patterns/" + d.file)
		if err != nil {
			t.Fatal(err)
		}
		body, _, err := group(stripComments(string(src)), `\patterns`)
		if err != nil {
			t.Fatal(err)
		}
		// Each pattern's values by its letters; a pattern given twice
		// applies twice, which is the larger of its values at each gap.
		pats := map[string][]uint8{}
		words := strings.Fields(benchText)
		for _, f := range strings.Fields(body) {
			var letters []rune
			vals := []uint8{0}
			for _, r := range f {
				if r >= '0' && r <= '9' {
					vals[len(vals)-1] = uint8(r - '0')
					continue
				}
				letters = append(letters, unicode.ToLower(r))
				vals = append(vals, 0)
			}
			if old, ok := pats[string(letters)]; ok {
				for i := range vals {
					vals[i] = max(vals[i], old[i])
				}
			}
			pats[string(letters)] = vals
			words = append(words, strings.Trim(string(letters), "."))
		}
		tr := d.t
		for _, w := range words {
			framed := []rune("." + strings.ToLower(w) + ".")
			want := make([]uint8, len(framed)+1)
			for i := range framed {
				for j := i + 1; j <= len(framed); j++ {
					for k, v := range pats[string(framed[i:j])] {
						want[i+k] = max(want[i+k], v)
					}
				}
			}
			syms := make([]uint8, len(framed))
			for i, r := range framed {
				syms[i] = tr.sym(r)
			}
			got := make([]uint8, len(framed)+1)
			tr.match(syms, got)
			if !slices.Equal(got, want) {
				t.Fatalf("%s: %q: trie gives %v, the patterns %v", key, w, got, want)
			}
		}
	}
}
