package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/layout"
)

// TestReportedOnce checks that each problem the reader finds is reported
// once, where it stands, whichever outputs are built: the renderers do
// not check again, and say only what it costs them (here, the EPUB's
// accessibility conformance claim).
func TestReportedOnce(t *testing.T) {
	const claim = "---\ntitle: T\nlang: en\naccessibility:\n  conformsTo: true\n---\n\n"
	tests := []struct {
		name, src string
		want      string // every diagnostic, paths relative to the manuscript
		fails     bool
	}{
		{"headings in order", claim + "# One\n\n## Two\n\nText.\n", "", false},
		{"a skipped heading level", claim + "# One\n\n### Three\n\nText.\n",
			"a.md:1:1: warning: no accessibility conformance claim: a heading skips a level\n" +
				"a.md:10:1: warning: heading level jumps from 1 to 3\n", false},
		{"two skipped heading levels", claim + "## One\n\n# Two\n\n### Three\n",
			"a.md:1:1: warning: no accessibility conformance claim: 2 headings skip a level\n" +
				"a.md:8:1: warning: the first heading is level 2, below the chapter's highest, 1\n" +
				"a.md:12:1: warning: heading level jumps from 1 to 3\n", false},
		{"an image without alt text", claim + "Text.\n\n![](images/a.png)\n",
			"a.md:10:1: image \"images/a.png\" has no alt text\n", true},
	}
	png, err := os.ReadFile("../../manuscript/images/hero-standin.png")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "images"), 0o755); err != nil {
				t.Fatal(err)
			}
			for name, data := range map[string][]byte{"a.md": []byte(tt.src), "images/a.png": png} {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res, err := Run(Options{Input: dir, OutDir: t.TempDir(), EPUB: true, PDF: true, Page: layout.A4})
			if (err != nil) != tt.fails {
				t.Fatalf("Run: error %v, want failure %v", err, tt.fails)
			}
			var b strings.Builder
			res.Diags.Fprint(&b)
			if got := strings.ReplaceAll(b.String(), dir+string(filepath.Separator), ""); got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
