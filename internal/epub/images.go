package epub

import (
	"bytes"
	"fmt"
	"image/png"

	"golang.org/x/image/webp"

	"github.com/galley-press/galley/internal/doc"
)

// An epubImage is a manuscript image as the EPUB holds it.
type epubImage struct {
	img       *doc.Image // the first use of the file
	path      string     // inside EPUB/
	mediaType string
	data      []byte
}

// imageSet holds the distinct images of a book, each once, in the order
// of first use.
type imageSet struct {
	list  []*epubImage
	bySrc map[string]*epubImage
}

// path returns where the image src goes inside EPUB/.
func (s *imageSet) path(src string) string {
	if e, ok := s.bySrc[src]; ok {
		return e.path
	}
	return imagePath(src)
}

// images returns the distinct images of the book.
func (s *imageSet) images() []*doc.Image {
	out := make([]*doc.Image, len(s.list))
	for i, e := range s.list {
		out[i] = e.img
	}
	return out
}

// add takes img into the set, if it has data and is not there yet.
func (s *imageSet) add(img *doc.Image) error {
	if img == nil || img.Data == nil || s.bySrc[img.Src] != nil {
		return nil
	}
	e := &epubImage{img: img, path: imagePath(img.Src), data: img.Data}
	switch img.Format {
	case "png", "jpeg", "gif":
		e.mediaType = "image/" + img.Format
	case "svg":
		e.mediaType = "image/svg+xml"
		e.data = dropDoctype(img.Data)
	case "webp":
		// WebP is not a core media type of EPUB 3.3 as EPUBCheck 4
		// knows it: the EPUB gets the image as PNG, encoded the same way
		// every time. The name keeps its extension, so that it cannot
		// meet another image of the manuscript.
		data, err := webpToPNG(img.Data)
		if err != nil {
			return fmt.Errorf("epub: image %s: %w", img.Src, err)
		}
		e.path += ".png"
		e.mediaType = "image/png"
		e.data = data
	default:
		return fmt.Errorf("epub: image %s: unsupported format %q", img.Src, img.Format)
	}
	s.list = append(s.list, e)
	s.bySrc[img.Src] = e
	return nil
}

// dropDoctype removes an SVG's document type declaration, which EPUB 3
// forbids when it names an external DTD (as Graphviz and Inkscape write
// it). A declaration with an internal subset, whose entities the image may
// use, is left alone.
func dropDoctype(data []byte) []byte {
	i := bytes.Index(data, []byte("<!DOCTYPE"))
	if i < 0 {
		return data
	}
	var quote byte
	for j := i + len("<!DOCTYPE"); j < len(data); j++ {
		c := data[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			return data
		case c == '>':
			return append(append(make([]byte, 0, len(data)-(j+1-i)), data[:i]...), data[j+1:]...)
		}
	}
	return data
}

// webpToPNG re-encodes a WebP image as PNG.
func webpToPNG(data []byte) ([]byte, error) {
	m, err := webp.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// collectImages gathers the images of d in the order the book shows
// them: the cover, the book's hero, then each chapter's hero, text, bios
// and notes.
func collectImages(d *doc.Document, chapters []chapterDoc) (*imageSet, error) {
	s := &imageSet{bySrc: map[string]*epubImage{}}
	var err error
	add := func(img *doc.Image) {
		if err == nil {
			err = s.add(img)
		}
	}
	visit := func(n doc.Node) bool {
		switch n := n.(type) {
		case *doc.Figure:
			add(n.Image)
		case *doc.Image:
			add(n)
		}
		return true
	}
	add(d.Meta.Cover)
	if d.Meta.Hero != nil {
		add(d.Meta.Hero.Image)
	}
	for _, c := range chapters {
		if c.article != nil && c.article.Hero != nil {
			add(c.article.Hero.Image)
		}
		doc.Inspect(c.ch.Blocks, visit)
		if c.article != nil {
			for _, a := range c.article.Authors {
				doc.Inspect(a.Bio, visit)
			}
		}
		for _, n := range c.ch.Notes {
			doc.Inspect(n.Blocks, visit)
		}
	}
	return s, err
}
