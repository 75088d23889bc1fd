package markdown

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/golden"
	"github.com/galley-press/galley/internal/source"
)

// read parses one Markdown file and returns its tree dump and diagnostics.
func read(name string, src []byte) (tree, diags string) {
	f := source.NewFile(name, src)
	var d diag.List
	blocks, notes := Parse(Input{File: f, Lang: "en"}, &d)
	var tb, db bytes.Buffer
	if err := doc.Fprint(&tb, &doc.Document{Chapters: []*doc.Chapter{{File: f, Blocks: blocks, Notes: notes}}}, true); err != nil {
		tb.WriteString("error: " + err.Error())
	}
	d.Fprint(&db)
	return tb.String(), db.String()
}

// TestGolden reads each testdata/*.txtar: its "in.md" section is read, and
// the tree and diagnostics must match the "tree" and "diagnostics" sections.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var in []byte
			for _, f := range ar.Files {
				if f.Name == "in.md" {
					in = f.Data
				}
			}
			tree, diags := read("in.md", in)
			if golden.Update() {
				ar.Files = []txtar.File{{Name: "in.md", Data: in}, {Name: "tree", Data: []byte(tree)}}
				if diags != "" {
					ar.Files = append(ar.Files, txtar.File{Name: "diagnostics", Data: []byte(diags)})
				}
				golden.Check(t, file, txtar.Format(ar))
				return
			}
			var wantTree, wantDiags string
			for _, f := range ar.Files {
				switch f.Name {
				case "tree":
					wantTree = string(f.Data)
				case "diagnostics":
					wantDiags = string(f.Data)
				}
			}
			if tree != wantTree {
				t.Errorf("tree differs (-want +got):\n%s", golden.Diff(wantTree, tree))
			}
			if diags != wantDiags {
				t.Errorf("diagnostics = %q, want %q", diags, wantDiags)
			}
		})
	}
}

func TestQuotesByLanguage(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"en", `"Hi," she said -- 'quietly'...`, "“Hi,” she said – ‘quietly’…"},
		{"ru", `"Привет"`, "«Привет»"},
		{"kk", `"Сәлем"`, "«Сәлем»"},
	}
	for _, tc := range tests {
		f := source.NewFile("q.md", []byte(tc.in))
		var d diag.List
		blocks, _ := Parse(Input{File: f, Lang: tc.lang}, &d)
		got := doc.PlainText(blocks[0].(*doc.Paragraph).Text)
		if got != tc.want {
			t.Errorf("Parse(%q, %s) = %q, want %q", tc.in, tc.lang, got, tc.want)
		}
	}
}

// FuzzMarkdown checks that no input makes the reader panic, that every
// position lies inside the file, and that the dump is stable.
func FuzzMarkdown(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		if ar, err := txtar.ParseFile(file); err == nil && len(ar.Files) > 0 {
			f.Add(ar.Files[0].Data)
		}
	}
	f.Add([]byte("[^a]\n\n[^a]: x [^a]\n"))
	f.Add([]byte(strings.Repeat(">", 200) + " deep"))
	f.Add([]byte(strings.Repeat("- ", 100) + "deep\n"))
	f.Add([]byte(strings.Repeat("*a ", 80) + "x" + strings.Repeat(" a*", 80)))
	f.Add([]byte("# A\n\n### C\n\nSetext\n===\n"))
	f.Add([]byte("<div onclick=x>\n<p>a <em>b</em></p>\n<script>y</script>\n</div>\n"))
	f.Add([]byte("A <a href=\"javascript:x\">t</a> [u](javascript:y) <javascript:z>\n"))
	f.Add([]byte("AT&amp;T \\* &#x41; [r]\n\n[r]: https://example.org \"T\"\n"))
	f.Add([]byte("> - 1. > * x\n>    code\n"))
	f.Add([]byte("| a | b |\n|---|:-:|\n| <b>x</b> | `y` |\n"))
	f.Add([]byte("# Fn\n# Fn\n# A\n# A\n# A 2\n# Page 3\n# About author\n\n> ***\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file := source.NewFile("f.md", src)
		var d diag.List
		blocks, notes := Parse(Input{File: file, Lang: "en"}, &d)
		ids := map[string]bool{}
		check := func(n doc.Node) bool {
			if p := n.Pos(); p.IsValid() && (p.Offset < 0 || p.Offset > len(src)) {
				t.Fatalf("%T at offset %d outside the file of %d bytes", n, p.Offset, len(src))
			}
			if h, ok := n.(*doc.Heading); ok {
				if ids[h.Attr.ID] || ReservedID(h.Attr.ID) {
					t.Fatalf("heading id %q is repeated or reserved", h.Attr.ID)
				}
				ids[h.Attr.ID] = true
			}
			return true
		}
		doc.Inspect(blocks, check)
		for _, n := range notes {
			doc.Inspect(n.Blocks, check)
		}
		d1, _ := read("f.md", src)
		d2, _ := read("f.md", src)
		if d1 != d2 {
			t.Fatal("dump is not stable")
		}
	})
}
