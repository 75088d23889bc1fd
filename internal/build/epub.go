package build

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/galley-press/galley/internal/doc"
	"github.com/galley-press/galley/internal/epub"
	"github.com/galley-press/galley/internal/xhtml"
)

// EPUB renders d as an EPUB 3 file, dated date.
func EPUB(d *doc.Document, date time.Time) ([]byte, error) {
	m := &d.Meta
	labels := xhtml.LabelsFor(m.Lang)
	book := &epub.Book{
		Meta: epub.Metadata{
			Identifier: m.Identifier, Title: m.Title, Subtitle: m.Subtitle, Language: m.Lang,
			Date: m.Date, Modified: date, Publisher: m.Publisher, Rights: m.Rights,
			Description: m.Description, Subjects: m.Keywords,
		},
		Stylesheet: "css/galley.css",
	}
	for _, a := range m.Authors {
		book.Meta.Creators = append(book.Meta.Creators, epub.Creator{Name: a.Name, FileAs: fileAs(a.Name), Role: "aut"})
	}
	images := map[string]bool{}
	var imageOrder []*doc.Image
	addImage := func(img *doc.Image) {
		if img != nil && img.Data != nil && !images[img.Src] {
			images[img.Src] = true
			imageOrder = append(imageOrder, img)
		}
	}
	if m.Hero != nil {
		addImage(m.Hero.Image)
	}
	var toc []epub.NavPoint
	for i, ch := range d.Chapters {
		p := "text/" + ch.ID + ".xhtml"
		var article *doc.Meta
		if i == 0 {
			article = m
		}
		title := m.Title
		var buf bytes.Buffer
		err := xhtml.WriteChapter(&buf, ch, xhtml.Options{
			Lang: m.Lang, Title: title, Stylesheet: "../css/galley.css",
			ImageHref: func(src string) string { return "../" + imagePath(src) },
			Article:   article, Labels: labels,
		})
		if err != nil {
			return nil, err
		}
		book.Documents = append(book.Documents, epub.Document{Path: p, Title: title, Content: buf.Bytes()})
		np := epub.NavPoint{Title: title, Href: p}
		for _, b := range ch.Blocks {
			if h, ok := b.(*doc.Heading); ok && h.Attr.ID != "" {
				np.Children = append(np.Children, epub.NavPoint{Title: doc.PlainText(h.Text), Href: p + "#" + h.Attr.ID})
			}
		}
		if i == 0 && hasBio(m) {
			label := labels.AboutAuthor
			if bios(m) > 1 {
				label = labels.AboutAuthors
			}
			np.Children = append(np.Children, epub.NavPoint{Title: label, Href: p + "#about-author"})
		}
		toc = append(toc, np)
		visit := func(n doc.Node) bool {
			switch n := n.(type) {
			case *doc.Figure:
				addImage(n.Image)
			case *doc.Image:
				addImage(n)
			}
			return true
		}
		doc.Inspect(ch.Blocks, visit)
		for _, n := range ch.Notes {
			doc.Inspect(n.Blocks, visit)
		}
	}
	book.TOC = toc
	if len(book.Documents) > 0 {
		book.Landmarks = []epub.Landmark{
			{Type: "toc", Title: "Contents", Href: epub.NavPath + "#toc"},
			{Type: "bodymatter", Title: "Start of content", Href: book.Documents[0].Path},
		}
	}
	book.Resources = append(book.Resources, epub.Resource{Path: "css/galley.css", MediaType: "text/css", Content: xhtml.Stylesheet})
	for _, img := range imageOrder {
		book.Resources = append(book.Resources, epub.Resource{Path: imagePath(img.Src), Content: img.Data, MediaType: "image/" + img.Format})
	}
	book.Meta.Accessibility = accessibility(d, imageOrder)
	var out bytes.Buffer
	if err := epub.Write(&out, book); err != nil {
		return nil, fmt.Errorf("build: epub: %w", err)
	}
	return out.Bytes(), nil
}

// imagePath is where a manuscript image goes inside the EPUB.
func imagePath(src string) string {
	p := path.Clean(src)
	if !strings.HasPrefix(p, "images/") {
		p = "images/" + p
	}
	return p
}

func hasBio(m *doc.Meta) bool { return bios(m) > 0 }

func bios(m *doc.Meta) int {
	n := 0
	for _, a := range m.Authors {
		if len(a.Bio) > 0 {
			n++
		}
	}
	return n
}

// fileAs returns "Last, First" for a personal name of two or more words.
func fileAs(name string) string {
	f := strings.Fields(name)
	if len(f) < 2 {
		return name
	}
	return f[len(f)-1] + ", " + strings.Join(f[:len(f)-1], " ")
}

// accessibility computes the EPUB Accessibility discovery metadata from
// what the book contains, rather than asserting it.
func accessibility(d *doc.Document, images []*doc.Image) epub.Accessibility {
	a := epub.Accessibility{
		AccessModes:           []string{"textual"},
		AccessModesSufficient: []string{"textual"},
		Features:              []string{"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"},
		Hazards:               []string{"none"},
	}
	allAlt := true
	for _, img := range images {
		if img.Alt == "" && !img.Decorative {
			allAlt = false
		}
	}
	var summary []string
	if len(images) > 0 {
		a.AccessModes = append(a.AccessModes, "visual")
		a.AccessModesSufficient = append(a.AccessModesSufficient, "textual,visual")
		if allAlt {
			a.Features = append(a.Features, "alternativeText")
			if len(images) == 1 {
				summary = append(summary, "The one image has a text alternative.")
			} else {
				summary = append(summary, fmt.Sprintf("All %d images have text alternatives.", len(images)))
			}
		} else {
			a.AccessModesSufficient = []string{"textual,visual"}
			summary = append(summary, "Some images lack text alternatives.")
		}
	}
	a.Summary = strings.Join(append([]string{
		"This publication has a table of contents, headings in a logical order and a reading order that follows the text.",
		"Text can be resized and restyled by the reading system.",
	}, append(summary, "It has no known hazards.")...), " ")
	return a
}
