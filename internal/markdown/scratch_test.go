package markdown

import (
	"os"
	"testing"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/source"
)

func TestScratch(t *testing.T) {
	src := []byte("# Hello \"world\"\n\nSome *text* -- with \"quotes\" and a note[^1] and [^nope].\n\n![A sun](images/sun.png)\nCaption: The *sun*.\nCredit: Me\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- two\n\n<div>x</div>\n\n[^1]: The note.\n[^2]: Unused.\n")
	f := source.NewFile("m/a.md", src)
	var d diag.List
	blocks, notes := Parse(Input{File: f, Lang: "en"}, &d)
	doc.Fprint(os.Stdout, &doc.Document{Chapters: []*doc.Chapter{{File: f, Blocks: blocks, Notes: notes}}}, true)
	d.Fprint(os.Stdout)
}
