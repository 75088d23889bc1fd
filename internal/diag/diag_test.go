package diag

import (
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/source"
)

func TestListSortedAndFormatted(t *testing.T) {
	f := source.NewFile("manuscript/a.md", []byte("one\ntwo\nthree\n"))
	var l List
	l.Warnf(f.Pos(8), "footnote %q is defined but never referenced", "x")
	l.Errorf(f.Pos(4), "image %q has no alt text", "hero.png")
	if !l.HasErrors() {
		t.Fatal("HasErrors() = false, want true")
	}
	var b strings.Builder
	if err := l.Fprint(&b); err != nil {
		t.Fatal(err)
	}
	want := "manuscript/a.md:2:1: image \"hero.png\" has no alt text\n" +
		"manuscript/a.md:3:1: warning: footnote \"x\" is defined but never referenced\n"
	if b.String() != want {
		t.Errorf("Fprint = %q, want %q", b.String(), want)
	}
	if got, want := l.Err().Error(), `manuscript/a.md:2:1: image "hero.png" has no alt text`; got != want {
		t.Errorf("Err() = %q, want %q", got, want)
	}
	l.Strict()
	if got := l.Err().Error(); !strings.HasSuffix(got, "(and 1 more error)") {
		t.Errorf("after Strict, Err() = %q", got)
	}
}
