package xhtml

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/golden"
	"github.com/galley-press/galley/internal/locale"
)

// An elem is a parsed XHTML element, for checking the documents' semantics.
type elem struct {
	name     string
	attrs    map[string]string // keyed "epub:type", "role", "id", …
	children []*elem
	parent   *elem
	text     string
}

func parse(t *testing.T, b []byte) *elem {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := &elem{name: "#document"}
	cur := root
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return root
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &elem{name: tok.Name.Local, attrs: map[string]string{}, parent: cur}
			for _, a := range tok.Attr {
				k := a.Name.Local
				switch a.Name.Space {
				case "http://www.idpf.org/2007/ops":
					k = "epub:" + k
				case "xml", "http://www.w3.org/XML/1998/namespace":
					k = "xml:" + k
				}
				e.attrs[k] = a.Value
			}
			cur.children = append(cur.children, e)
			cur = e
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			for e := cur; e != nil; e = e.parent {
				e.text += string(tok)
			}
		}
	}
}

// all returns the elements under e (e included) for which f is true.
func (e *elem) all(f func(*elem) bool) []*elem {
	var out []*elem
	if f(e) {
		out = append(out, e)
	}
	for _, c := range e.children {
		out = append(out, c.all(f)...)
	}
	return out
}

func (e *elem) within(name string) *elem {
	for p := e.parent; p != nil; p = p.parent {
		if p.name == name {
			return p
		}
	}
	return nil
}

func byAttr(k, v string) func(*elem) bool { return func(e *elem) bool { return e.attrs[k] == v } }
func byName(n string) func(*elem) bool    { return func(e *elem) bool { return e.name == n } }

func kitchenArticle(t *testing.T) []byte {
	src, err := os.ReadFile("testdata/kitchen.md")
	if err != nil {
		t.Fatal(err)
	}
	ch := chapter(t, "kitchen.md", src)
	var b bytes.Buffer
	err = WriteChapter(&b, ch, Options{Lang: "en", Title: "Kitchen", Labels: locale.For("en"), Article: &doc.Meta{
		Title: "Kitchen", Subtitle: "A dek", Kicker: "Tests", Lang: "en",
		Authors: []doc.Author{{Name: "Ann Author", Bio: []doc.Block{&doc.Paragraph{Text: []doc.Inline{&doc.Text{Value: "Ann writes."}}}}}},
		Hero:    &doc.Figure{Image: &doc.Image{Src: "images/hero.png", Alt: "Hero"}, Credit: []doc.Inline{&doc.Text{Value: "Photo Agency"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSemantics checks the structural semantics the EPUB promises its
// readers and accessibility checkers.
func TestSemantics(t *testing.T) {
	root := parse(t, kitchenArticle(t))
	ids := map[string]*elem{}
	for _, e := range root.all(func(e *elem) bool { return e.attrs["id"] != "" }) {
		if ids[e.attrs["id"]] != nil {
			t.Errorf("id %q used twice", e.attrs["id"])
		}
		ids[e.attrs["id"]] = e
	}
	checks := []struct {
		name string
		ok   func() string // "" if fine, else what is wrong
	}{
		{"lang and xml:lang on the root", func() string {
			h := root.children[0]
			if h.attrs["lang"] != "en" || h.attrs["xml:lang"] != "en" {
				return "missing"
			}
			return ""
		}},
		{"one h1, the title", func() string {
			h1 := root.all(byName("h1"))
			if len(h1) != 1 || h1[0].text != "Kitchen" {
				return strconv.Itoa(len(h1)) + " h1 elements"
			}
			return ""
		}},
		{"no skipped heading levels", func() string {
			prev := 0
			for _, h := range root.all(func(e *elem) bool {
				return len(e.name) == 2 && e.name[0] == 'h' && e.name[1] >= '1' && e.name[1] <= '6'
			}) {
				lvl := int(h.name[1] - '0')
				if lvl > prev+1 {
					return h.name + " after h" + strconv.Itoa(prev)
				}
				prev = lvl
			}
			return ""
		}},
		{"dek is doc-subtitle in the header", func() string {
			d := root.all(byAttr("role", "doc-subtitle"))
			if len(d) != 1 || d[0].text != "A dek" || d[0].within("header") == nil {
				return "no dek with role doc-subtitle in the header"
			}
			return ""
		}},
		{"credits are doc-credit inside figcaption", func() string {
			cr := root.all(byAttr("role", "doc-credit"))
			if len(cr) != 2 {
				return strconv.Itoa(len(cr)) + " credits, want 2"
			}
			for _, c := range cr {
				if c.within("figcaption") == nil || c.within("figure") == nil {
					return "credit " + c.text + " outside figure > figcaption"
				}
			}
			return ""
		}},
		{"bio is an aside named by its heading", func() string {
			bio := root.all(func(e *elem) bool { return e.name == "aside" && strings.Contains(e.attrs["class"], "bio") })
			if len(bio) != 1 {
				return "no bio aside"
			}
			h := ids[bio[0].attrs["aria-labelledby"]]
			if h == nil || h.within("aside") != bio[0] || h.text == "" {
				return "bio's aria-labelledby names no heading inside it"
			}
			return ""
		}},
		{"noterefs and footnotes pair up", func() string {
			refs := root.all(byAttr("epub:type", "noteref"))
			if len(refs) == 0 {
				return "no noterefs"
			}
			for _, r := range refs {
				if r.name != "a" || r.attrs["role"] != "doc-noteref" {
					return "noteref without role doc-noteref"
				}
				if len(r.all(byName("sup"))) > 0 {
					return "sup inside a noteref"
				}
				note := ids[strings.TrimPrefix(r.attrs["href"], "#")]
				if note == nil || note.name != "aside" || note.attrs["epub:type"] != "footnote" || note.attrs["role"] != "doc-footnote" {
					return "noteref " + r.attrs["href"] + " leads to no footnote aside"
				}
				back := note.all(byAttr("role", "doc-backlink"))
				if len(back) != 1 || back[0].attrs["href"] != "#"+r.attrs["id"] || back[0].attrs["title"] == "" {
					return "footnote " + note.attrs["id"] + " has no back link to its reference"
				}
			}
			return ""
		}},
		{"images have alt", func() string {
			for _, img := range root.all(byName("img")) {
				if _, ok := img.attrs["alt"]; !ok {
					return img.attrs["src"] + " without alt"
				}
			}
			return ""
		}},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if msg := c.ok(); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestDecorativeImage(t *testing.T) {
	ch := &doc.Chapter{Blocks: []doc.Block{&doc.Figure{Image: &doc.Image{Src: "rule.png", Decorative: true}}}}
	var b bytes.Buffer
	if err := WriteChapter(&b, ch, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<img src="rule.png" alt="" role="presentation"/>`) {
		t.Errorf("decorative image not marked:\n%s", b.String())
	}
}

func TestCoverGolden(t *testing.T) {
	tests := []struct {
		name string
		opts CoverOptions
	}{
		{"cover", CoverOptions{Lang: "en", Title: "Kitchen", Stylesheet: "css/galley.css", Image: "cover.svg",
			Alt: "Tests. Kitchen. A dek. By Ann Author.", Width: 1600, Height: 2560, Labels: locale.For("en")}},
		{"cover-ru", CoverOptions{Lang: "ru", Title: "Кухня", Image: "images/cover.jpg", Labels: locale.For("ru")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteCover(&b, tc.opts); err != nil {
				t.Fatal(err)
			}
			wellFormed(t, b.Bytes())
			golden.Check(t, "testdata/"+tc.name+".xhtml", b.Bytes())
			root := parse(t, b.Bytes())
			img := root.all(byName("img"))
			if len(img) != 1 || img[0].attrs["role"] != "doc-cover" || img[0].attrs["epub:type"] != "cover" || img[0].attrs["alt"] == "" {
				t.Errorf("cover image not marked as the cover: %v", img)
			}
		})
	}
}
