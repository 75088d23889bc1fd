package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeOneFileBook writes a book of about words words as one Markdown
// file: chapters of about 3,000 words, each a level-1 heading, a section
// heading and a footnote, made from the bundled article's paragraphs.
func writeOneFileBook(tb testing.TB, path string, words int) {
	tb.Helper()
	src, err := os.ReadFile("../../manuscript/article.md")
	if err != nil {
		tb.Fatal(err)
	}
	text := string(src)
	body := text[strings.Index(text[4:], "\n---\n")+9:]
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(body), "\n\n") {
		if !strings.HasPrefix(p, "!") && !strings.HasPrefix(p, "Caption:") && !strings.HasPrefix(p, "Credit:") {
			paras = append(paras, p)
		}
	}
	var b strings.Builder
	b.WriteString("---\ntitle: A Generated Book\nauthor: Galley Bench\nlang: en\ndate: \"2020\"\n---\n\n")
	for n, ch := 0, 1; n < words; ch++ {
		fmt.Fprintf(&b, "# Chapter %d\n\n", ch)
		for cw, i := 0, 0; cw < 3000; i++ {
			p := paras[(i+ch)%len(paras)]
			if i == 3 {
				fmt.Fprintf(&b, "## Section %d.1\n\n%s[^n%d]\n\n[^n%d]: A note to the chapter.\n\n", ch, p, ch, ch)
			} else {
				b.WriteString(p + "\n\n")
			}
			cw += len(strings.Fields(p))
			n += len(strings.Fields(p))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkProcess builds books of one Markdown file, EPUB and PDF, with
// the galley command as a user runs it, and reports the whole process's
// time and peak resident memory: the figures a user sees, for a book from
// 300,000 to 2 million words.
func BenchmarkProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "galley")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, size := range []struct {
		name  string
		words int
	}{{"300k", 300000}, {"600k", 600000}, {"2M", 2000000}} {
		b.Run(size.name, func(b *testing.B) {
			dir := b.TempDir()
			md := filepath.Join(dir, "book.md")
			writeOneFileBook(b, md, size.words)
			var peak int64
			var total time.Duration
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(bin, "build", "-o", filepath.Join(dir, "out"), md)
				start := time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("galley build: %v\n%s", err, out)
				}
				total += time.Since(start)
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, ru.Maxrss) // KiB on Linux
				}
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/build")
			b.ReportMetric(float64(peak)/1024, "peak-MiB")
		})
	}
}
