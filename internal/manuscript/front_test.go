package manuscript

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/galley-press/galley/internal/doc"
)

// TestCoverAndAccessibilityDiagnostics checks the exact text and position
// of the diagnostics about the cover and accessibility keys.
func TestCoverAndAccessibilityDiagnostics(t *testing.T) {
	good := pngBytes(t, 4, 3)
	big := noisyPNG(t, 64, 64)
	tests := []struct {
		name, md, want string
	}{
		{"cover", "---\ntitle: T\ncover:\n  src: images/a.png\n  alt: A red dot\n---\nx\n", ""},
		{"decorative cover", "---\ntitle: T\ncover:\n  src: images/a.png\n  alt: \"\"\n---\nx\n", ""},
		{"cover without alt", "---\ntitle: T\ncover:\n  src: images/a.png\n---\nx\n",
			"manuscript/a.md:4:8: image \"images/a.png\" has no alt text\n"},
		{"cover with empty alt unwritten", "---\ntitle: T\ncover:\n  src: images/a.png\n  alt:\n---\nx\n", ""},
		{"cover not found", "---\ntitle: T\ncover:\n  src: images/gone.png\n  alt: Gone\n---\nx\n",
			"manuscript/a.md:4:8: image \"images/gone.png\": file not found\n"},
		{"cover outside", "---\ntitle: T\ncover:\n  src: ../c.png\n  alt: Up\n---\nx\n",
			"manuscript/a.md:4:8: image \"../c.png\": path leads outside the manuscript folder\n"},
		{"cover not an image", "---\ntitle: T\ncover:\n  src: images/notes.txt\n  alt: Notes\n---\nx\n",
			"manuscript/a.md:4:8: image \"images/notes.txt\": not a PNG, JPEG, GIF, WebP or SVG image, or the file is damaged\n"},
		{"cover damaged", "---\ntitle: T\ncover:\n  src: images/cut.png\n  alt: Cut\n---\nx\n",
			"manuscript/a.md:4:8: image \"images/cut.png\": the file is damaged (invalid format: not enough pixel data)\n"},
		{"cover as a string", "---\ntitle: T\ncover: images/a.png\n---\nx\n",
			"manuscript/a.md:3:8: key \"cover\" must be a mapping with \"src\" and \"alt\", not a scalar\n"},
		{"cover without src", "---\ntitle: T\ncover:\n  alt: A\n---\nx\n",
			"manuscript/a.md:4:3: cover has no \"src\"\n"},
		{"cover with a caption", "---\ntitle: T\ncover:\n  src: images/a.png\n  alt: A\n  caption: C\n---\nx\n",
			"manuscript/a.md:6:3: unknown key \"caption\"\n"},
		{"cover key typo", "---\ntitle: T\ncover:\n  src: images/a.png\n  atl: A\n---\nx\n",
			"manuscript/a.md:4:8: image \"images/a.png\" has no alt text\n" +
				"manuscript/a.md:5:3: unknown key \"atl\" (did you mean \"alt\"?)\n"},
		{"top-level key typo", "---\ntitle: T\ncovr:\n  src: images/a.png\n---\nx\n",
			"manuscript/a.md:3:1: unknown key \"covr\" (did you mean \"cover\"?)\n"},
		{"hero keys unchanged", "---\ntitle: T\nimage: x\n---\nx\n",
			"manuscript/a.md:3:8: key \"image\" must be a mapping with \"src\", \"alt\", \"caption\" and \"credit\", not a scalar\n"},
		{"accessibility", "---\ntitle: T\naccessibility:\n  summary: Alt text throughout.\n  conformsTo: true\n  certifiedBy: Galley Press\n---\nx\n", ""},
		{"conformance written out", "---\ntitle: T\naccessibility:\n  conformsTo: EPUB Accessibility 1.1 - WCAG 2.2 Level AA\n---\nx\n", ""},
		{"conformance false", "---\ntitle: T\naccessibility:\n  conformsTo: False\n---\nx\n", ""},
		{"conformance unknown", "---\ntitle: T\naccessibility:\n  conformsTo: EPUB Accessibility 1.1 - WCAG 2.1 Level AA\n---\nx\n",
			"manuscript/a.md:4:15: key \"conformsTo\" must be true, false or \"EPUB Accessibility 1.1 - WCAG 2.2 Level AA\", not \"EPUB Accessibility 1.1 - WCAG 2.1 Level AA\"\n"},
		{"conformance yes", "---\ntitle: T\naccessibility:\n  conformsTo: yes\n---\nx\n",
			"manuscript/a.md:4:15: key \"conformsTo\" must be true, false or \"EPUB Accessibility 1.1 - WCAG 2.2 Level AA\", not \"yes\"\n"},
		{"conformance list", "---\ntitle: T\naccessibility:\n  conformsTo: [true]\n---\nx\n",
			"manuscript/a.md:4:15: key \"conformsTo\" must be true, false or \"EPUB Accessibility 1.1 - WCAG 2.2 Level AA\", not a list\n"},
		{"summary not a string", "---\ntitle: T\naccessibility:\n  summary:\n    - a\n---\nx\n",
			"manuscript/a.md:5:5: key \"summary\" must be a string, not a list\n"},
		{"accessibility key typo", "---\ntitle: T\naccessibility:\n  conformsto: true\n  certified_by: Me\n  hazards: none\n---\nx\n",
			"manuscript/a.md:4:3: unknown key \"conformsto\" (did you mean \"conformsTo\"?)\n" +
				"manuscript/a.md:5:3: unknown key \"certified_by\" (did you mean \"certifiedBy\"?)\n" +
				"manuscript/a.md:6:3: unknown key \"hazards\"\n"},
		{"accessibility as a string", "---\ntitle: T\naccessibility: good\n---\nx\n",
			"manuscript/a.md:3:16: key \"accessibility\" must be a mapping with \"summary\", \"conformsTo\" and \"certifiedBy\", not a scalar\n"},
		{"accessibility alias", "---\ntitle: T\naccessibility:\n  summary: &s Fine.\n---\nx\n",
			"manuscript/a.md:4:12: front matter: anchors and aliases are not supported\n"},
		{"microtype off", "---\ntitle: T\nmicrotype: false\n---\nx\n", ""},
		{"microtype on", "---\ntitle: T\nmicrotype: true\n---\nx\n", ""},
		{"microtype word", "---\ntitle: T\nmicrotype: none\n---\nx\n",
			"manuscript/a.md:3:12: key \"microtype\" must be true or false, not \"none\"\n"},
		{"microtype list", "---\ntitle: T\nmicrotype: [false]\n---\nx\n",
			"manuscript/a.md:3:12: key \"microtype\" must be true or false, not a list\n"},
		{"microtype typo", "---\ntitle: T\nmicrotyp: false\n---\nx\n",
			"manuscript/a.md:3:1: unknown key \"microtyp\" (did you mean \"microtype\"?)\n"},
	}
	extra := fstest.MapFS{
		"images/a.png":     {Data: good},
		"images/cut.png":   {Data: big[:len(big)/2]},
		"images/notes.txt": {Data: []byte("hello")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := loadText(t, tc.md, extra); got != tc.want {
				t.Errorf("Load(%.50q) diagnostics:\n%s\nwant:\n%s", tc.md, got, tc.want)
			}
		})
	}
}

// metaOf loads fsys and returns the book's metadata as text: cover,
// summary, claim and certifier, with the diagnostics.
func metaOf(t *testing.T, fsys fstest.MapFS) string {
	t.Helper()
	l := &Loader{FS: fsys, Display: "m"}
	d, diags, err := l.Load("")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var b strings.Builder
	if c := d.Meta.Cover; c != nil {
		fmt.Fprintf(&b, "cover %s %q decorative=%v %s %d×%d %d bytes\n", c.Src, c.Alt, c.Decorative, c.Format, c.Width, c.Height, len(c.Data))
	}
	fmt.Fprintf(&b, "summary=%q conformsTo=%v certifiedBy=%q\n", d.Meta.AccessibilitySummary, d.Meta.ConformsTo, d.Meta.CertifiedBy)
	for _, ch := range d.Chapters {
		if ch.Meta != nil && (ch.Meta.Cover != nil || ch.Meta.ConformsTo || ch.Meta.AccessibilitySummary != "" || ch.Meta.CertifiedBy != "") {
			fmt.Fprintf(&b, "chapter %s keeps book keys\n", ch.ID)
		}
	}
	diags.Fprint(&b)
	return b.String()
}

// TestCoverAndAccessibilityMeta checks that the keys reach doc.Meta from a
// Markdown file's front matter and from book.yaml, and that a chapter's
// front matter in a book leaves them out with a warning.
func TestCoverAndAccessibilityMeta(t *testing.T) {
	png := pngBytes(t, 4, 3)
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"article", fstest.MapFS{
			"a.md":         file("---\ntitle: T\ncover:\n  src: images/c.png\n  alt: A red dot\naccessibility:\n  summary: \" Alt text throughout. \"\n  conformsTo: true\n  certifiedBy: Galley Press\n---\nx\n"),
			"images/c.png": {Data: png},
		}, "cover images/c.png \"A red dot\" decorative=false png 4×3 " + fmt.Sprint(len(png)) + " bytes\n" +
			"summary=\"Alt text throughout.\" conformsTo=true certifiedBy=\"Galley Press\"\n"},
		{"claim written out, decorative cover", fstest.MapFS{
			"a.md":  file("---\ntitle: T\ncover: {src: c.png, alt: \"\"}\naccessibility: {conformsTo: \"EPUB Accessibility 1.1 - WCAG 2.2 Level AA\"}\n---\nx\n"),
			"c.png": {Data: png},
		}, "cover c.png \"\" decorative=true png 4×3 " + fmt.Sprint(len(png)) + " bytes\n" +
			"summary=\"\" conformsTo=true certifiedBy=\"\"\n"},
		{"book.yaml", fstest.MapFS{
			"book.yaml":     file("title: B\ncover:\n  src: art/cover.png\n  alt: The cover\naccessibility:\n  conformsTo: false\n  summary: S\nchapters: [text/one.md, text/two.md]\n"),
			"art/cover.png": {Data: png},
			"text/one.md":   file("# One\n"),
			"text/two.md":   file("---\ntitle: Two\ncover:\n  src: ../art/cover.png\n  alt: Again\naccessibility:\n  conformsTo: true\n---\n# Two\n"),
		}, "cover art/cover.png \"The cover\" decorative=false png 4×3 " + fmt.Sprint(len(png)) + " bytes\n" +
			"summary=\"S\" conformsTo=false certifiedBy=\"\"\n" +
			"m/text/two.md:3:1: warning: key \"cover\" applies to the whole book and is left out of a chapter's front matter\n" +
			"m/text/two.md:6:1: warning: key \"accessibility\" applies to the whole book and is left out of a chapter's front matter\n"},
		{"folder of chapters: the first file's keys are the book's", fstest.MapFS{
			"01.md": file("---\ntitle: One\naccessibility: {summary: First}\n---\nx\n"),
			"02.md": file("---\ntitle: Two\naccessibility: {summary: Second}\n---\nx\n"),
		}, "summary=\"First\" conformsTo=false certifiedBy=\"\"\n" +
			"m/02.md:3:1: warning: key \"accessibility\" applies to the whole book and is left out of a chapter's front matter\n"},
		{"no keys", fstest.MapFS{"a.md": file("---\ntitle: T\n---\nx\n")},
			"summary=\"\" conformsTo=false certifiedBy=\"\"\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := metaOf(t, tc.fsys); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestCoverInDump checks that the dump shows the cover and the
// accessibility keys.
func TestCoverInDump(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md":  file("---\ntitle: T\ncover: {src: c.png, alt: Dot}\naccessibility: {summary: S, conformsTo: true, certifiedBy: C}\n---\nx\n"),
		"c.png": {Data: pngBytes(t, 2, 2)},
	}
	d, _, err := (&Loader{FS: fsys, Display: "m"}).Load("")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := doc.Fprint(&b, d, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(cover\n    (Image \"c.png\" alt=\"Dot\" @3:14))", "(accessibilitySummary \"S\")", "(conformsTo)", "(certifiedBy \"C\")"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("dump lacks %q:\n%s", want, b.String())
		}
	}
}

// TestMicrotypeKey checks that microtype: false reaches doc.Meta from a
// Markdown file and from book.yaml, that microtypography is on without the
// key, and that a chapter's front matter in a book leaves it out with a
// warning.
func TestMicrotypeKey(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want bool
		diag string
	}{
		{"off", fstest.MapFS{"a.md": file("---\ntitle: T\nmicrotype: false\n---\nx\n")}, true, ""},
		{"on", fstest.MapFS{"a.md": file("---\ntitle: T\nmicrotype: true\n---\nx\n")}, false, ""},
		{"absent", fstest.MapFS{"a.md": file("---\ntitle: T\n---\nx\n")}, false, ""},
		{"book.yaml", fstest.MapFS{
			"book.yaml": file("title: B\nmicrotype: false\nchapters: [one.md]\n"),
			"one.md":    file("# One\n"),
		}, true, ""},
		{"chapter", fstest.MapFS{
			"book.yaml": file("title: B\nchapters: [one.md, two.md]\n"),
			"one.md":    file("# One\n"),
			"two.md":    file("---\ntitle: Two\nmicrotype: false\n---\n# Two\n"),
		}, false, "m/two.md:3:1: warning: key \"microtype\" applies to the whole book and is left out of a chapter's front matter\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := &Loader{FS: tc.fsys, Display: "m"}
			d, diags, err := l.Load("")
			if err != nil {
				t.Fatal(err)
			}
			if d.Meta.NoMicrotype != tc.want {
				t.Errorf("NoMicrotype = %v, want %v", d.Meta.NoMicrotype, tc.want)
			}
			var b strings.Builder
			diags.Fprint(&b)
			if b.String() != tc.diag {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", b.String(), tc.diag)
			}
		})
	}
}
