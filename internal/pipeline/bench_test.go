package pipeline

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/epub"
	"github.com/galley-press/galley/internal/layout"
	"github.com/galley-press/galley/internal/manuscript"
	"github.com/galley-press/galley/internal/pdf"
)

// writeBook writes a manuscript of about words words in chapters of about
// 3,000 words, made from the bundled article's paragraphs, with a figure
// and a footnote in every chapter.
func writeBook(tb testing.TB, dir string, words int) {
	tb.Helper()
	src, err := os.ReadFile(filepath.Join(bundled, "article.md"))
	if err != nil {
		tb.Fatal(err)
	}
	text := string(src)
	body := text[strings.Index(text[4:], "\n---\n")+9:]
	paras := strings.Split(strings.TrimSpace(body), "\n\n")
	img, err := os.ReadFile(filepath.Join(bundled, "images", "hero-standin.png"))
	if err != nil {
		tb.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "images"), 0o755)
	os.WriteFile(filepath.Join(dir, "images", "sun.png"), img, 0o644)
	n, ch := 0, 0
	for n < words {
		ch++
		var b strings.Builder
		if ch == 1 {
			b.WriteString("---\ntitle: A Generated Book\nauthor: Galley Bench\nlang: en\ndate: \"2020\"\n---\n\n")
		}
		fmt.Fprintf(&b, "# Chapter %d\n\n", ch)
		cw := 0
		for i := 0; cw < 3000; i++ {
			p := paras[(i+ch)%len(paras)]
			if i == 3 {
				fmt.Fprintf(&b, "## Section %d.1\n\n", ch)
				b.WriteString("![A golden sun on a sky-blue field](images/sun.png)\nCaption: The sun.\nCredit: Galley\n\n")
				p += "[^n]"
			}
			b.WriteString(p + "\n\n")
			cw += len(strings.Fields(p))
		}
		b.WriteString("[^n]: A note to the chapter.\n")
		n += cw
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d-chapter.md", ch)), []byte(b.String()), 0o644)
	}
}

// peak samples the Go heap in use while f runs and returns the maximum.
func peak(f func()) uint64 {
	var mu sync.Mutex
	var max uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			if ms.HeapInuse > max {
				max = ms.HeapInuse
			}
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	mu.Lock()
	defer mu.Unlock()
	return max
}

// benchBuild builds a generated book of words words and reports each
// stage's time (ms) and peak heap (MB).
func benchBuild(b *testing.B, words int) {
	dir := b.TempDir()
	writeBook(b, dir, words)
	date, _ := buildDate("2020", "")
	for i := 0; i < b.N; i++ {
		runtime.GC()
		stage := func(name string, f func()) {
			start := time.Now()
			p := peak(f)
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000, name+"-ms")
			b.ReportMetric(float64(p)/(1<<20), name+"-MB")
		}
		manuscript.Load(dir) // warm the file cache outside the timing
		start := time.Now()
		var err error
		var diags *diag.List
		var doc *docT
		stage("read", func() { doc, diags, err = manuscript.Load(dir) })
		if err != nil || diags.HasErrors() {
			b.Fatalf("load: %v %v", err, diags.Err())
		}
		var epubData []byte
		var pages *layoutResult
		stage("render", func() {
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { defer wg.Done(); epubData, err = epub.Render(doc, epub.Options{Date: date}) }()
			go func() {
				defer wg.Done()
				var dl diag.List
				pd, _, err := layout.Typeset(doc, layout.Options{Page: layout.A4, Date: date.Format(time.RFC3339)}, &dl)
				if err != nil {
					b.Error(err)
					return
				}
				var buf bytes.Buffer
				if err := pdf.Write(&buf, pd); err != nil {
					b.Error(err)
				}
				pages = &layoutResult{n: len(pd.Pages), size: buf.Len()}
			}()
			wg.Wait()
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "total-ms")
		if pages != nil {
			b.ReportMetric(float64(pages.n), "pages")
		}
		b.ReportMetric(float64(len(epubData))/(1<<20), "epub-MB")
	}
}

type layoutResult struct{ n, size int }

// BenchmarkBuild300k is the target: a 300,000-word book, EPUB and
// PDF, in under 2 s and 500 MB on two cores.
func BenchmarkBuild300k(b *testing.B) { benchBuild(b, 300000) }

// BenchmarkBuild600k checks that cost grows linearly: twice the book, at
// most 2.2 times the time.
func BenchmarkBuild600k(b *testing.B) { benchBuild(b, 600000) }

// BenchmarkStages300k times each stage alone.
func BenchmarkStages300k(b *testing.B) {
	dir := b.TempDir()
	writeBook(b, dir, 300000)
	date, _ := buildDate("2020", "")
	d, _, _ := manuscript.Load(dir)
	b.Run("read", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			manuscript.Load(dir)
		}
	})
	b.Run("epub", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := epub.Render(d, epub.Options{Date: date}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("layout", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var dl diag.List
			if _, _, err := layout.Typeset(d, layout.Options{Page: layout.A4}, &dl); err != nil {
				b.Fatal(err)
			}
		}
	})
	var dl diag.List
	laid, _, _ := layout.Typeset(d, layout.Options{Page: layout.A4}, &dl)
	b.Run("pdf", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var buf bytes.Buffer
			if err := pdf.Write(&buf, laid); err != nil {
				b.Fatal(err)
			}
		}
	})
}

type docT = doc.Document
