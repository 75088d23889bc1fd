package main

import (
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkArticleProcess builds the bundled article, EPUB and PDF, with
// the galley command as a user runs it from the repository's root, and
// reports the median of the whole process's times: for an article, the
// program's fixed costs (start, fonts, patterns, writers) are most of
// the time. If pandoc is installed it writes the article's EPUB alone
// (the work Galley's issue compares against), in turns with Galley's
// builds, and the ratio of the two medians is reported as well.
func BenchmarkArticleProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "galley")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	pandoc, _ := exec.LookPath("pandoc")
	timed := func(name string, args ...string) time.Duration {
		cmd := exec.Command(name, args...)
		cmd.Dir = root
		start := time.Now()
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", name, err, msg)
		}
		return time.Since(start)
	}
	var galley, other []time.Duration
	for b.Loop() {
		galley = append(galley, timed(bin, "build", "-o", out, "-f", "epub,pdf", "manuscript"))
		if pandoc != "" {
			b.StopTimer()
			other = append(other, timed(pandoc, "manuscript/article.md", "--resource-path=manuscript", "-o", filepath.Join(out, "pandoc.epub")))
			b.StartTimer()
		}
	}
	median := func(ds []time.Duration) float64 {
		ds = slices.Clone(ds)
		slices.Sort(ds)
		n := len(ds)
		return float64(ds[(n-1)/2]+ds[n/2]) / 2 / float64(time.Millisecond)
	}
	b.ReportMetric(median(galley), "median-ms/build")
	if len(other) > 0 {
		b.ReportMetric(median(other), "pandoc-median-ms")
		b.ReportMetric(median(galley)/median(other), "x-pandoc")
	}
}
