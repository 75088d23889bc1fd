package pipeline

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/layout"
)

// TestWritePairAllOrNothing makes each rename in turn fail and checks that
// the folder then holds the earlier pair exactly as it was, and nothing
// else; with no failure, it holds the new pair.
func TestWritePairAllOrNothing(t *testing.T) {
	files := []*file{{"book.epub", []byte("new epub")}, {"book.pdf", []byte("new pdf")}}
	for fail := 1; fail <= 5; fail++ {
		dir := t.TempDir()
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(dir, f.name), []byte("old "+f.name), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		calls := 0
		rename = func(from, to string) error {
			calls++
			if calls == fail {
				return errors.New("disk full")
			}
			return os.Rename(from, to)
		}
		_, err := writePair(dir, files)
		rename = os.Rename
		ents, _ := os.ReadDir(dir)
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if want := []string{"book.epub", "book.pdf"}; !slices.Equal(names, want) {
			t.Errorf("rename %d fails: folder holds %q, want %q", fail, names, want)
		}
		if fail > 4 { // four renames: two set aside, two put in place
			if err != nil {
				t.Fatalf("writePair with no failure: %v", err)
			}
			for _, f := range files {
				if b, _ := os.ReadFile(filepath.Join(dir, f.name)); string(b) != string(f.data) {
					t.Errorf("%s holds %q, want %q", f.name, b, f.data)
				}
			}
			continue
		}
		if err == nil {
			t.Fatalf("rename %d fails: writePair reported no error", fail)
		}
		for _, f := range files {
			if b, _ := os.ReadFile(filepath.Join(dir, f.name)); string(b) != "old "+f.name {
				t.Errorf("rename %d fails: %s holds %q, want the earlier file", fail, f.name, b)
			}
		}
	}
}

// TestWritePairNewFolder writes a pair into a folder that does not exist yet.
func TestWritePairNewFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "books")
	outs, err := writePair(dir, []*file{{"a.epub", []byte("e")}, {"a.pdf", []byte("p")}})
	if err != nil || len(outs) != 2 {
		t.Fatalf("writePair = %v, %v", outs, err)
	}
	if outs[1].Path != filepath.Join(dir, "a.pdf") || outs[1].Size != 1 {
		t.Errorf("second output = %+v", outs[1])
	}
}

// TestVersionInBothFiles checks that the version a build is given is named
// in the EPUB's generator metadata and in the PDF's Creator.
func TestVersionInBothFiles(t *testing.T) {
	out := t.TempDir()
	res, err := Run(Options{Input: bundled, OutDir: out, EPUB: true, PDF: true, Page: layout.A4, Version: "v1.2.3-test"})
	if err != nil {
		t.Fatal(err)
	}
	opf := unzipFile(t, res.Outputs[0].Path)["EPUB/package.opf"]
	if want := `<meta name="generator" content="Galley v1.2.3-test"/>`; !strings.Contains(opf, want) {
		t.Errorf("package.opf lacks %s", want)
	}
	pdf, err := os.ReadFile(res.Outputs[1].Path)
	if err != nil {
		t.Fatal(err)
	}
	var utf16 []byte
	for _, r := range "Galley v1.2.3-test" {
		utf16 = append(utf16, 0, byte(r))
	}
	if !bytes.Contains(pdf, []byte("Galley v1.2.3-test")) && !bytes.Contains(pdf, utf16) {
		t.Error("the PDF does not name Galley v1.2.3-test")
	}
}
