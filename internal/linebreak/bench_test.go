package linebreak

import (
	"math/rand/v2"
	"testing"

	"github.com/galley-press/galley/internal/units"
)

// bookPara returns a paragraph of about n items set in a 10pt text face:
// words of 1 to 14 letters (4.75 on average, as in English) with letter widths between 2.5pt and 7.5pt,
// interword glue 3.33pt plus 1.67pt minus 1.11pt, hyphenation points in
// longer words (hyphen 3.33pt, penalty 50), a 15pt indentation and the
// conventional ending.
func bookPara(r *rand.Rand, n int) []Item {
	items := []Item{NewBox(units.Pt(15))}
	for len(items) < n {
		if len(items) > 1 {
			items = append(items, NewGlue(units.Pt(3.33), units.Pt(1.67), units.Pt(1.11)))
		}
		letters := 1 + r.IntN(4) + r.IntN(4)
		if r.IntN(8) == 0 {
			letters += 2 + r.IntN(6)
		}
		var w units.Length
		for i := range letters {
			if i >= 2 && letters-i >= 3 && r.IntN(3) == 0 {
				items = append(items, NewBox(w), NewPenalty(units.Pt(3.33), 50, true))
				w = 0
			}
			w += units.Pt(2.5 + 5*r.Float64())
		}
		items = append(items, NewBox(w))
	}
	return Finish(items)
}

// The measure of a book page: 330pt.
var bookWidths = []units.Length{units.Pt(330)}

func BenchmarkBreak(b *testing.B) {
	p := DefaultParams()
	b.Run("paragraph1000", func(b *testing.B) {
		items := bookPara(rand.New(rand.NewPCG(1, 1)), 1000)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Break(items, bookWidths, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("book5000x120", func(b *testing.B) {
		r := rand.New(rand.NewPCG(2, 2))
		book := make([][]Item, 5000)
		for i := range book {
			book[i] = bookPara(r, 120)
		}
		b.ReportAllocs()
		for b.Loop() {
			for _, items := range book {
				if _, err := Break(items, bookWidths, p); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// TestBookPasses checks that the benchmark's paragraphs are typical: most
// are set without hyphenation, and few need the last resort (at the default
// tolerance of 200, without emergency stretch).
func TestBookPasses(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	count := map[int]int{}
	for range 500 {
		items := bookPara(r, 120)
		res, err := Break(items, bookWidths, DefaultParams())
		if err != nil {
			t.Fatal(err)
		}
		if msg := checkShape(items, DefaultParams(), res); msg != "" {
			t.Fatalf("Break(book paragraph): %s", msg)
		}
		count[res.Pass]++
	}
	t.Logf("passes: %v", count)
	if count[4] > 25 { // 5%
		t.Errorf("Break(book paragraphs) used the last resort %d times in 500, want at most 25", count[4])
	}
}
