package manuscript

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// load loads an in-memory manuscript and returns its diagnostics as text.
func load(t *testing.T, fsys fstest.MapFS) string {
	t.Helper()
	l := &Loader{FS: fsys, Display: "manuscript"}
	_, diags, err := l.Load("")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var b strings.Builder
	diags.Fprint(&b)
	return b.String()
}

func TestDiagnostics(t *testing.T) {
	img := pngBytes(t, 4, 3)
	tests := []struct {
		name string
		md   string
		want string
	}{
		{"clean", "---\ntitle: T\nimage:\n  src: images/a.png\n  alt: An A\n  credit: Me\n---\n\nText.\n", ""},
		{"unknown key with suggestion", "---\ntitle: T\nsubtile: S\n---\nx\n",
			"manuscript/a.md:3:1: unknown key \"subtile\" (did you mean \"subtitle\"?)\n"},
		{"unknown key without suggestion", "---\ntitle: T\nzzzzzz: 1\n---\nx\n",
			"manuscript/a.md:3:1: unknown key \"zzzzzz\"\n"},
		{"wrong type", "---\ntitle: [a, b]\n---\nx\n",
			"manuscript/a.md:2:8: key \"title\" must be a string, not a list\n"},
		{"missing title", "Just text.\n",
			"manuscript/a.md:1:1: warning: no title given and no level-1 heading: using the name \"manuscript\"\n"},
		{"yaml syntax error positioned in the file", "---\ntitle: T\nsubtitle: a: b\n---\nx\n",
			"manuscript/a.md:3:1: front matter: mapping values are not allowed in this context\n"},
		{"unclosed front matter", "---\ntitle: T\n",
			"manuscript/a.md:1:1: front matter starts with \"---\" but has no closing \"---\" line\n"},
		{"bad language", "---\ntitle: T\nlang: english!\n---\nx\n",
			"manuscript/a.md:3:7: lang \"english!\" is not a language tag such as \"en\", \"en-GB\", \"ru\" or \"kk\"\n"},
		{"bad date", "---\ntitle: T\ndate: 18 May\n---\nx\n",
			"manuscript/a.md:3:7: date \"18 May\" is not of the form YYYY, YYYY-MM or YYYY-MM-DD\n"},
		{"alias refused", "---\ntitle: &t T\nsubtitle: *t\n---\nx\n",
			"manuscript/a.md:1:1: warning: no title given and no level-1 heading: using the name \"manuscript\"\n" +
				"manuscript/a.md:2:8: front matter: anchors and aliases are not supported\n" +
				"manuscript/a.md:3:11: front matter: anchors and aliases are not supported\n"},
		{"image without alt", "---\ntitle: T\n---\n\n![](images/a.png)\n",
			"manuscript/a.md:5:1: image \"images/a.png\" has no alt text\n"},
		{"missing image", "---\ntitle: T\n---\n\n![Gone](images/gone.png)\n",
			"manuscript/a.md:5:3: image \"images/gone.png\": file not found\n"},
		{"path escape", "---\ntitle: T\n---\n\n![Up](../secret.png)\n",
			"manuscript/a.md:5:3: image \"../secret.png\": path leads outside the manuscript folder\n"},
		{"absolute path", "---\ntitle: T\n---\n\n![Abs](/etc/passwd)\n",
			"manuscript/a.md:5:3: image \"/etc/passwd\": absolute paths are not allowed: use a path relative to the manuscript folder\n"},
		{"url refused", "---\ntitle: T\n---\n\n![Web](https://example.org/a.png)\n",
			"manuscript/a.md:5:3: image \"https://example.org/a.png\": URLs are not fetched: put the file in the manuscript folder\n"},
		{"not an image", "---\ntitle: T\n---\n\n![Text](images/notes.txt)\n",
			"manuscript/a.md:5:3: image \"images/notes.txt\": not a PNG, JPEG, GIF, WebP or SVG image, or the file is damaged\n"},
		{"hero without src", "---\ntitle: T\nimage:\n  alt: x\n---\nx\n",
			"manuscript/a.md:4:3: image has no \"src\"\n"},
		{"invalid utf-8", "---\ntitle: T\n---\nbad \xff byte\n",
			"manuscript/a.md:4:5: invalid UTF-8 byte 0xff\n"},
		{"nul byte", "---\ntitle: T\n---\nnul\x00here\n",
			"manuscript/a.md:4:4: NUL byte in text\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"a.md":             {Data: []byte(tc.md)},
				"images/a.png":     {Data: img},
				"images/notes.txt": {Data: []byte("hello")},
			}
			if got := load(t, fsys); got != tc.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestMetaAndIdentifier(t *testing.T) {
	fsys := fstest.MapFS{"a.md": {Data: []byte("---\ntitle: Notes From Kazakhstan’s Mission\nauthor:\n  - name: A B\n    bio: A *bio*.\nkeywords: x, y\n---\nBody.\n")}}
	l := &Loader{FS: fsys, Display: "manuscript"}
	d, diags, err := l.Load("")
	if err != nil || diags.HasErrors() {
		t.Fatalf("Load: %v %v", err, diags.Err())
	}
	if got, want := d.Meta.Slug, "notes-from-kazakhstans-mission"; got != want {
		t.Errorf("Slug = %q, want %q", got, want)
	}
	if got := d.Meta.Identifier; !strings.HasPrefix(got, "urn:uuid:") || len(got) != len("urn:uuid:")+36 {
		t.Errorf("Identifier = %q, want a urn:uuid", got)
	}
	d2, _, _ := l.Load("")
	if d.Meta.Identifier != d2.Meta.Identifier {
		t.Errorf("Identifier not stable: %q then %q", d.Meta.Identifier, d2.Meta.Identifier)
	}
	if got := strings.Join(d.Meta.Keywords, "|"); got != "x|y" {
		t.Errorf("Keywords = %q", got)
	}
	if len(d.Meta.Authors) != 1 || len(d.Meta.Authors[0].Bio) != 1 {
		t.Errorf("Authors = %+v, want one author with a bio", d.Meta.Authors)
	}
}

func TestSymlinkOutsideRefused(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "x.png"), pngBytes(t, 2, 2), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "x.png"), filepath.Join(dir, "link.png")); err != nil {
		t.Skip("no symlinks:", err)
	}
	md := "---\ntitle: T\n---\n\n![Link](link.png)\n"
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	diags.Fprint(&b)
	if !strings.Contains(b.String(), `image "link.png": path leads outside the manuscript folder`) {
		t.Errorf("diagnostics = %q, want the symlink refused", b.String())
	}
}
