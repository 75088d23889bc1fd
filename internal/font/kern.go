package font

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode"

	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// Kerning is compiled at Parse time from the font's GPOS pair-positioning
// lookups that the 'kern' feature (and a required feature, if any) selects
// for a script, following the rules of go-text's HarfBuzz port: lookups add
// up in lookup-list order, and within a lookup the first subtable that
// matches the pair wins. A font without GPOS kerning falls back to its
// legacy 'kern' table, whose subtables add up. Only advance adjustments are
// kept; placement-only adjustments and device tables are ignored.

// A script selects the GPOS script record used for kerning.
type script uint8

const (
	scriptLatin script = iota
	scriptCyrillic
	scriptGreek
	scriptOther // any other script, and strings without letters
	numScripts
)

// scriptTags are the OpenType script tags tried for each script.
var scriptTags = [numScripts]string{"latn", "cyrl", "grek", ""}

// scriptOf classifies r.
func scriptOf(r rune) script {
	switch {
	case r < 'A':
		return scriptOther
	case r < 0x250:
		if unicode.IsLetter(r) {
			return scriptLatin
		}
		return scriptOther
	case r >= 0x370 && r < 0x400:
		return scriptGreek
	case r >= 0x400 && r < 0x530:
		return scriptCyrillic
	case unicode.Is(unicode.Latin, r):
		return scriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Greek, r):
		return scriptGreek
	}
	return scriptOther
}

// scriptOfString returns the script of the first letter of s with one.
func scriptOfString(s string) script {
	for _, r := range s {
		if sc := scriptOf(r); sc != scriptOther {
			return sc
		}
	}
	return scriptOther
}

// kerning is the compiled kerning of a face. It is never modified after Parse.
type kerning struct {
	uniform  bool // every script uses the same lookups
	byScript [numScripts][]*kernLookup
	firsts   []bool // by glyph id: the glyph may start a kerning pair
}

// first reports whether any kerning pair may start with glyph g.
func (k *kerning) first(g uint16) bool { return int(g) < len(k.firsts) && k.firsts[g] }

// lookupsFor returns the lookups that kern s.
func (k *kerning) lookupsFor(s string) []*kernLookup {
	if k.uniform {
		return k.byScript[0]
	}
	return k.byScript[scriptOfString(s)]
}

// pair returns the kerning between glyphs a and b, in font units.
func (k *kerning) pair(sc script, a, b uint16) int32 {
	if !k.first(a) {
		return 0
	}
	if k.uniform {
		sc = 0
	}
	return kernPair(k.byScript[sc], a, b)
}

// kernPair sums the adjustments of lookups for the pair (a, b).
func kernPair(lookups []*kernLookup, a, b uint16) int32 {
	var total int32
	for _, lk := range lookups {
		total += lk.apply(a, b)
	}
	return total
}

// A kernLookup is one compiled lookup: its first matching subtable applies.
type kernLookup struct {
	skip []bool // by glyph id: glyphs the lookup flags ignore; nil if none
	subs []kernSub
}

func (lk *kernLookup) apply(a, b uint16) int32 {
	if lk.skip != nil && (lk.skip[a] || lk.skip[b]) {
		// HarfBuzz would look past an ignored glyph; a pair of runes has
		// nothing to look at, so the lookup does not apply.
		return 0
	}
	for i := range lk.subs {
		if v, ok := lk.subs[i].apply(a, b); ok {
			return v
		}
	}
	return 0
}

type subKind uint8

const (
	kindPairs  subKind = iota // explicit pairs: GPOS PairPos format 1, kern format 0
	kindClass                 // class pairs: GPOS PairPos format 2
	kindSimple                // another legacy kern format, asked through go-text
)

// A kernSub is one compiled subtable.
type kernSub struct {
	kind subKind

	// kindPairs: rows[first[a]-1] lists the second glyphs of a.
	first []uint32 // by glyph id: 1 + row index, 0 if not covered
	rows  []pairRow

	// kindClass: vals[(class1[a]-1)*n2 + class2[b]-1], with classes renumbered densely.
	class1 []uint16 // by glyph id: 1 + class, 0 if not covered
	class2 []uint16 // by glyph id: 1 + class, 0 if not in the second class definition
	n2     int
	vals   []int32

	simple gofont.SimpleKerns
}

// A pairRow holds the second glyphs of one first glyph, in font order, and
// the adjustments.
type pairRow struct {
	seconds []uint16
	values  []int32
}

// find searches the row with the same binary search as go-text, so that
// even an unsorted (broken) row gives the shaper's answer.
func (r *pairRow) find(g uint16) (int32, bool) {
	lo, hi := 0, len(r.seconds)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch p := r.seconds[mid]; {
		case g < p:
			hi = mid
		case g > p:
			lo = mid + 1
		default:
			return r.values[mid], true
		}
	}
	return 0, false
}

func (s *kernSub) apply(a, b uint16) (int32, bool) {
	switch s.kind {
	case kindPairs:
		if int(a) >= len(s.first) || s.first[a] == 0 {
			return 0, false
		}
		return s.rows[s.first[a]-1].find(b)
	case kindClass:
		if int(a) >= len(s.class1) || s.class1[a] == 0 || int(b) >= len(s.class2) || s.class2[b] == 0 {
			return 0, false
		}
		return s.vals[int(s.class1[a]-1)*s.n2+int(s.class2[b]-1)], true
	default:
		return int32(s.simple.KernPair(gofont.GID(a), gofont.GID(b))), true
	}
}

// compileBudget bounds the work and memory spent compiling the kerning of
// one face, counted in table entries visited or allocated. Real fonts stay
// far below it (the PT fonts use about 10,000); a broken or hostile font that
// would exceed it gets the kerning compiled so far.
const compileBudget = 1 << 24

// A compiler builds the kerning of one font.
type compiler struct {
	ft        *gofont.Font
	gpos      []byte // raw GPOS table, read for the pair lists go-text does not expose
	numGlyphs int
	firsts    []bool
	budget    int
}

// spend takes n from the budget and reports whether it was available.
func (c *compiler) spend(n int) bool {
	if n > c.budget {
		c.budget = 0
		return false
	}
	c.budget -= n
	return true
}

// compileKerning builds the kerning of ft.
func compileKerning(ft *gofont.Font, gpos []byte, numGlyphs int) kerning {
	c := &compiler{ft: ft, gpos: gpos, numGlyphs: numGlyphs, budget: compileBudget}
	c.firsts = make([]bool, numGlyphs)
	var k kerning
	compiled := map[int]*kernLookup{}
	var legacy []*kernLookup
	legacyDone := false
	for sc := range numScripts {
		indices, found := kernLookupIndices(&ft.GPOS, scriptTags[sc])
		if !found || ft.GPOS.Lookups == nil {
			if !legacyDone {
				legacy = c.legacy()
				legacyDone = true
			}
			k.byScript[sc] = legacy
			continue
		}
		for _, li := range indices {
			lk, ok := compiled[li]
			if !ok {
				lk = c.lookup(li)
				compiled[li] = lk
			}
			if lk != nil {
				k.byScript[sc] = append(k.byScript[sc], lk)
			}
		}
	}
	k.firsts = c.firsts
	k.uniform = true
	for sc := range numScripts {
		if !slices.Equal(k.byScript[sc], k.byScript[0]) {
			k.uniform = false
		}
	}
	return k
}

// kernLookupIndices returns the sorted GPOS lookup indices that HarfBuzz
// applies for kerning in the default language of the script tag (or of the
// fallback script), and whether the font has a 'kern' feature there.
func kernLookupIndices(gpos *gofont.GPOS, tag string) ([]int, bool) {
	si := -1
	if tag != "" {
		si = gpos.FindScript(ot.MustNewTag(tag))
	}
	for _, t := range []string{"DFLT", "dflt", "latn"} {
		if si >= 0 {
			break
		}
		si = gpos.FindScript(ot.MustNewTag(t))
	}
	if si < 0 {
		return nil, false
	}
	ls := gpos.Scripts[si].DefaultLangSys
	if ls == nil {
		return nil, false
	}
	kernTag := ot.MustNewTag("kern")
	var out []int
	found := false
	add := func(fi int, required bool) {
		if fi < 0 || fi >= len(gpos.Features) {
			return
		}
		feat := gpos.Features[fi]
		if feat.Tag == kernTag {
			found = true
		} else if !required {
			return
		}
		for _, li := range feat.LookupListIndices {
			if int(li) < len(gpos.Lookups) {
				out = append(out, int(li))
			}
		}
	}
	if ls.RequiredFeatureIndex != 0xFFFF {
		add(int(ls.RequiredFeatureIndex), true)
	}
	for _, fi := range ls.FeatureIndices {
		add(int(fi), false)
	}
	slices.Sort(out)
	return slices.Compact(out), found
}

// lookup compiles the pair-positioning subtables of GPOS lookup li, or
// returns nil if it has none.
func (c *compiler) lookup(li int) *kernLookup {
	lookup := c.ft.GPOS.Lookups[li]
	lk := &kernLookup{}
	for si, st := range lookup.Subtables {
		pp, ok := st.(tables.PairPos)
		if !ok {
			continue
		}
		var sub kernSub
		switch data := pp.Data.(type) {
		case tables.PairPosData1:
			sub, ok = c.pairList(data, li, si)
		case tables.PairPosData2:
			sub, ok = c.classPairs(data)
		default:
			ok = false
		}
		if ok {
			lk.subs = append(lk.subs, sub)
		}
	}
	if len(lk.subs) == 0 {
		return nil
	}
	lk.skip = c.skipSet(lookup.LookupOptions)
	return lk
}

// pairList compiles subtable si of lookup li, a pair list.
func (c *compiler) pairList(data tables.PairPosData1, li, si int) (kernSub, bool) {
	rows, ok := c.rawPairSets(li, si)
	if !ok || len(rows) != len(data.PairSets) || !c.spend(c.numGlyphs) {
		return kernSub{}, false
	}
	sub := kernSub{kind: kindPairs, rows: rows, first: make([]uint32, c.numGlyphs)}
	if !c.eachCovered(data.Cov(), func(g uint16, idx int) {
		if idx < len(rows) {
			sub.first[g] = uint32(idx) + 1
		}
	}) {
		return kernSub{}, false
	}
	c.markFirsts(sub.first)
	return sub, true
}

// markFirsts records the glyphs with a nonzero entry in a per-glyph table.
func (c *compiler) markFirsts(table []uint32) {
	for g, v := range table {
		if v != 0 {
			c.firsts[g] = true
		}
	}
}

// classPairs compiles a class-based pair subtable.
func (c *compiler) classPairs(data tables.PairPosData2) (kernSub, bool) {
	if data.ClassDef1 == nil || data.ClassDef2 == nil || !c.spend(2*c.numGlyphs) {
		return kernSub{}, false
	}
	sub := kernSub{
		kind:   kindClass,
		class1: make([]uint16, c.numGlyphs),
		class2: make([]uint16, c.numGlyphs),
	}
	// Renumber the classes that occur, in order of first use.
	var c1s, c2s []uint16
	dense1 := make([]uint16, data.ClassDef1.Extent()+1)
	dense2 := make([]uint16, data.ClassDef2.Extent()+1)
	if !c.spend(len(dense1) + len(dense2)) {
		return kernSub{}, false
	}
	ok := c.eachCovered(data.Cov(), func(g uint16, _ int) {
		cl, _ := data.ClassDef1.Class(tables.GlyphID(g)) // unlisted glyphs are class 0
		if int(cl) >= len(dense1) {
			return // not reached: Extent bounds the classes
		}
		if dense1[cl] == 0 {
			c1s = append(c1s, cl)
			dense1[cl] = uint16(len(c1s))
		}
		sub.class1[g] = dense1[cl]
	})
	ok = ok && c.eachClass(data.ClassDef2, func(g, cl uint16) {
		if int(cl) >= len(dense2) {
			return
		}
		if dense2[cl] == 0 {
			c2s = append(c2s, cl)
			dense2[cl] = uint16(len(c2s))
		}
		sub.class2[g] = dense2[cl]
	})
	if !ok || len(c1s) == 0 || len(c2s) == 0 || !c.spend(len(c1s)*len(c2s)) {
		return kernSub{}, false
	}
	sub.n2 = len(c2s)
	sub.vals = make([]int32, len(c1s)*len(c2s))
	for i, c1 := range c1s {
		for j, c2 := range c2s {
			rec := data.Record(c1, c2)
			sub.vals[i*sub.n2+j] = advanceOf(data.ValueFormat1, rec.ValueRecord1) +
				advanceOf(data.ValueFormat2, rec.ValueRecord2)
		}
	}
	for g, cl := range sub.class1 {
		if cl != 0 {
			c.firsts[g] = true
		}
	}
	return sub, true
}

// advanceOf returns the horizontal advance adjustment of a value record.
func advanceOf(format tables.ValueFormat, v tables.ValueRecord) int32 {
	if format&tables.XAdvance == 0 {
		return 0
	}
	return int32(v.XAdvance)
}

// eachCovered calls fn for every glyph in cov, with its coverage index. It
// reports false if the budget ran out.
func (c *compiler) eachCovered(cov tables.Coverage, fn func(g uint16, idx int)) bool {
	switch cov := cov.(type) {
	case tables.Coverage1:
		if !c.spend(len(cov.Glyphs)) {
			return false
		}
		for i, g := range cov.Glyphs {
			if int(g) < c.numGlyphs {
				fn(uint16(g), i)
			}
		}
	case tables.Coverage2:
		for _, r := range cov.Ranges {
			end := min(int(r.EndGlyphID), c.numGlyphs-1)
			if !c.spend(max(end-int(r.StartGlyphID)+1, 1)) {
				return false
			}
			for g := int(r.StartGlyphID); g <= end; g++ {
				fn(uint16(g), int(r.StartCoverageIndex)+g-int(r.StartGlyphID))
			}
		}
	}
	return true
}

// eachClass calls fn for every glyph listed in cd, with its class. It
// reports false if the budget ran out.
func (c *compiler) eachClass(cd tables.ClassDef, fn func(g, class uint16)) bool {
	switch cd := cd.(type) {
	case tables.ClassDef1:
		if !c.spend(len(cd.ClassValueArray)) {
			return false
		}
		for i, cl := range cd.ClassValueArray {
			if g := int(cd.StartGlyphID) + i; g < c.numGlyphs {
				fn(uint16(g), cl)
			}
		}
	case tables.ClassDef2:
		for _, r := range cd.ClassRangeRecords {
			end := min(int(r.EndGlyphID), c.numGlyphs-1)
			if !c.spend(max(end-int(r.StartGlyphID)+1, 1)) {
				return false
			}
			for g := int(r.StartGlyphID); g <= end; g++ {
				fn(uint16(g), r.Class)
			}
		}
	}
	return true
}

// Lookup flags that make a lookup ignore glyphs.
const (
	flagIgnoreBase      = 0x0002
	flagIgnoreLigatures = 0x0004
	flagIgnoreMarks     = 0x0008
	flagMarkFilterSet   = 0x0010
	flagMarkAttachType  = 0xFF00
)

// skipSet returns the glyphs a lookup with options ignores, by their GDEF
// class, or nil if it ignores none.
func (c *compiler) skipSet(opt gofont.LookupOptions) []bool {
	flag := opt.Flag
	gdef := &c.ft.GDEF
	if flag&(flagIgnoreBase|flagIgnoreLigatures|flagIgnoreMarks|flagMarkFilterSet|flagMarkAttachType) == 0 ||
		gdef.GlyphClassDef == nil || !c.spend(c.numGlyphs) {
		return nil
	}
	skip := make([]bool, c.numGlyphs)
	some := false
	c.eachClass(gdef.GlyphClassDef, func(g, class uint16) {
		var s bool
		switch class {
		case 1:
			s = flag&flagIgnoreBase != 0
		case 2:
			s = flag&flagIgnoreLigatures != 0
		case 3:
			switch {
			case flag&flagIgnoreMarks != 0:
				s = true
			case flag&flagMarkFilterSet != 0:
				sets := gdef.MarkGlyphSetsDef.Coverages
				in := false
				if int(opt.MarkFilteringSet) < len(sets) && sets[opt.MarkFilteringSet] != nil {
					_, in = sets[opt.MarkFilteringSet].Index(tables.GlyphID(g))
				}
				s = !in
			case flag&flagMarkAttachType != 0:
				var mc uint16
				if gdef.MarkAttachClass != nil {
					mc, _ = gdef.MarkAttachClass.Class(tables.GlyphID(g))
				}
				s = mc != flag>>8
			}
		}
		if s {
			skip[g] = true
			some = true
		}
	})
	if !some {
		return nil
	}
	return skip
}

// legacy compiles the horizontal subtables of a legacy 'kern' table, which
// HarfBuzz applies one after the other, ignoring marks.
func (c *compiler) legacy() []*kernLookup {
	var out []*kernLookup
	marks := c.skipSet(gofont.LookupOptions{Flag: flagIgnoreMarks})
	for _, st := range c.ft.Kern {
		if st.IsExtended || !st.IsHorizontal() || st.IsCrossStream() || st.IsVariation() {
			continue
		}
		var sub kernSub
		switch data := st.Data.(type) {
		case gofont.Kern0:
			var ok bool
			if sub, ok = c.kern0(data); !ok {
				continue
			}
		case gofont.SimpleKerns:
			sub = kernSub{kind: kindSimple, simple: data}
			c.markAll()
		default:
			continue // state-machine kerning is not supported
		}
		out = append(out, &kernLookup{subs: []kernSub{sub}, skip: marks})
	}
	return out
}

// kern0 turns format 0 pairs, which must be sorted, into rows.
func (c *compiler) kern0(pairs gofont.Kern0) (kernSub, bool) {
	if !c.spend(c.numGlyphs + len(pairs)) {
		return kernSub{}, false
	}
	sub := kernSub{kind: kindPairs, first: make([]uint32, c.numGlyphs)}
	var last uint32
	for i, p := range pairs {
		key := uint32(p.Left)<<16 | uint32(p.Right)
		if i > 0 && key <= last {
			// Unsorted: go-text's binary search answers, slowly but faithfully.
			c.markAll()
			return kernSub{kind: kindSimple, simple: pairs}, true
		}
		last = key
		if int(p.Left) >= c.numGlyphs {
			continue
		}
		l := uint16(p.Left)
		if sub.first[l] == 0 {
			sub.rows = append(sub.rows, pairRow{})
			sub.first[l] = uint32(len(sub.rows))
		}
		row := &sub.rows[sub.first[l]-1]
		row.seconds = append(row.seconds, uint16(p.Right))
		row.values = append(row.values, int32(p.Value))
	}
	c.markFirsts(sub.first)
	return sub, true
}

// markAll lets every glyph start a kerning pair.
func (c *compiler) markAll() {
	for i := range c.firsts {
		c.firsts[i] = true
	}
}

// rawPairSets reads the pair sets of subtable si of GPOS lookup li, a pair
// adjustment subtable in format 1 (possibly behind an extension), from the
// raw table. go-text parses these too but does not expose the records.
func (c *compiler) rawPairSets(li, si int) ([]pairRow, bool) {
	gpos := c.gpos
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(gpos) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(gpos[off:])), true
	}
	lookupList, ok := u16(8)
	if !ok {
		return nil, false
	}
	n, ok := u16(lookupList)
	if !ok || li >= n {
		return nil, false
	}
	lo, ok := u16(lookupList + 2 + 2*li)
	if !ok {
		return nil, false
	}
	lookup := lookupList + lo
	kind, ok1 := u16(lookup)
	nsub, ok2 := u16(lookup + 4)
	if !ok1 || !ok2 || si >= nsub {
		return nil, false
	}
	so, ok := u16(lookup + 6 + 2*si)
	if !ok {
		return nil, false
	}
	sub := lookup + so
	if kind == 9 { // extension
		format, ok1 := u16(sub)
		extKind, ok2 := u16(sub + 2)
		if !ok1 || !ok2 || format != 1 || extKind != 2 || sub+8 > len(gpos) {
			return nil, false
		}
		ext := int64(binary.BigEndian.Uint32(gpos[sub+4:]))
		if int64(sub)+ext > int64(len(gpos)) {
			return nil, false
		}
		sub += int(ext)
	} else if kind != 2 {
		return nil, false
	}
	format, ok := u16(sub)
	if !ok || format != 1 {
		return nil, false
	}
	vf1, ok1 := u16(sub + 4)
	vf2, ok2 := u16(sub + 6)
	nsets, ok3 := u16(sub + 8)
	if !ok1 || !ok2 || !ok3 {
		return nil, false
	}
	size1 := 2 * bits.OnesCount16(uint16(vf1))
	recLen := 2 + size1 + 2*bits.OnesCount16(uint16(vf2))
	adv1 := xAdvanceOffset(uint16(vf1))
	adv2 := xAdvanceOffset(uint16(vf2))
	if !c.spend(nsets) {
		return nil, false
	}
	rows := make([]pairRow, nsets)
	for i := range rows {
		po, ok := u16(sub + 10 + 2*i)
		if !ok {
			return nil, false
		}
		set := sub + po
		count, ok := u16(set)
		if !ok || set+2+count*recLen > len(gpos) || !c.spend(1+2*count) {
			return nil, false
		}
		row := pairRow{seconds: make([]uint16, count), values: make([]int32, count)}
		for j := range count {
			rec := gpos[set+2+j*recLen:]
			row.seconds[j] = binary.BigEndian.Uint16(rec)
			var v int32
			if adv1 >= 0 {
				v += int32(int16(binary.BigEndian.Uint16(rec[2+adv1:])))
			}
			if adv2 >= 0 {
				v += int32(int16(binary.BigEndian.Uint16(rec[2+size1+adv2:])))
			}
			row.values[j] = v
		}
		rows[i] = row
	}
	return rows, true
}

// xAdvanceOffset returns the byte offset of XAdvance in a value record of
// the given format, or -1 if absent.
func xAdvanceOffset(format uint16) int {
	if format&uint16(tables.XAdvance) == 0 {
		return -1
	}
	return 2 * bits.OnesCount16(format&uint16(tables.XPlacement|tables.YPlacement))
}
