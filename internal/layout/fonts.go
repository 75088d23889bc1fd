package layout

import (
	"fmt"

	"github.com/galley-press/galley/fonts"
	"github.com/galley-press/galley/internal/font"
	"github.com/galley-press/galley/internal/page"
)

// typeface is one loaded face with the name the PDF knows it by.
type typeface struct {
	name string
	face *font.Face
	data []byte
}

type library struct {
	faces map[string]*typeface
}

// loadLibrary returns the embedded faces by name. Package fonts parses
// each once per process, the first time it measures text, so a layout
// pays only for the faces it uses.
func loadLibrary() (*library, error) {
	loaded, err := fonts.Load()
	if err != nil {
		return nil, fmt.Errorf("layout: %w", err)
	}
	l := &library{faces: map[string]*typeface{}}
	for _, f := range loaded {
		l.faces[f.Name] = &typeface{name: f.Name, face: f.Font, data: f.Data}
	}
	return l, nil
}

// family is "serif", "sans" or "mono". PT Mono has a bold but no italic:
// italic mono is set upright (the code highlighter slants it instead).
func (l *library) get(family string, bold, italic bool) *typeface {
	s := font.Regular
	switch {
	case family == "mono" && bold:
		s = font.Bold
	case family == "mono":
	case bold && italic:
		s = font.BoldItalic
	case bold:
		s = font.Bold
	case italic:
		s = font.Italic
	}
	i := fonts.Find(family, s)
	if i < 0 {
		return nil
	}
	return l.faces[fonts.Faces[i].Name]
}

// pdfFonts returns the page.Font list for the faces named in used, in the
// fixed order of fonts.Faces.
func (l *library) pdfFonts(used map[string]bool) []page.Font {
	var out []page.Font
	for _, f := range fonts.Faces {
		if used[f.Name] {
			out = append(out, page.Font{Name: f.Name, Data: l.faces[f.Name].data})
		}
	}
	return out
}
