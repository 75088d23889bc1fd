// Package golden compares test output with golden files under testdata/,
// and rewrites them when tests run with -update.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "update golden files")

// Update reports whether the tests were asked to rewrite golden files.
func Update() bool { return *update }

// Check compares got with the file at path, or writes it there under
// -update. A mismatch reports the first differing line.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden: %v (run go test -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs (-want +got):\n%s", path, Diff(string(want), string(got)))
	}
}

// Diff returns the lines around the first difference of want and got.
func Diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	var b strings.Builder
	for j := max(0, i-2); j < i; j++ {
		b.WriteString("  " + wl[j] + "\n")
	}
	for j := i; j < min(len(wl), i+4); j++ {
		b.WriteString("- " + wl[j] + "\n")
	}
	for j := i; j < min(len(gl), i+4); j++ {
		b.WriteString("+ " + gl[j] + "\n")
	}
	return b.String()
}
