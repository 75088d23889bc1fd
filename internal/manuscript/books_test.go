package manuscript

import (
	"bytes"
	"path/filepath"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/golden"
)

// TestBooks loads each testdata/books/*.txtar as a manuscript folder (its
// files other than "tree" and "diagnostics") and compares the tree, with
// positions, and the diagnostics with those sections.
func TestBooks(t *testing.T) {
	files, _ := filepath.Glob("testdata/books/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			var inputs []txtar.File
			var wantTree, wantDiags string
			for _, f := range ar.Files {
				switch f.Name {
				case "tree":
					wantTree = string(f.Data)
				case "diagnostics":
					wantDiags = string(f.Data)
				default:
					fsys[f.Name] = &fstest.MapFile{Data: f.Data}
					inputs = append(inputs, f)
				}
			}
			l := &Loader{FS: fsys, Display: "manuscript"}
			d, diags, err := l.Load("")
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var tb, db bytes.Buffer
			if err := doc.Fprint(&tb, d, true); err != nil {
				t.Fatal(err)
			}
			diags.Fprint(&db)
			tree, dg := tb.String(), db.String()
			if golden.Update() {
				ar.Files = append(inputs, txtar.File{Name: "tree", Data: []byte(tree)})
				if dg != "" {
					ar.Files = append(ar.Files, txtar.File{Name: "diagnostics", Data: []byte(dg)})
				}
				golden.Check(t, file, txtar.Format(ar))
				return
			}
			if tree != wantTree {
				t.Errorf("tree differs (-want +got):\n%s", golden.Diff(wantTree, tree))
			}
			if dg != wantDiags {
				t.Errorf("diagnostics differ (-want +got):\n%s", golden.Diff(wantDiags, dg))
			}
		})
	}
}
