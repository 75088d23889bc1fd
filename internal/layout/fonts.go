package layout

import (
	"fmt"
	"sync"

	"github.com/galley-press/galley/fonts"
	"github.com/galley-press/galley/internal/font"
	"github.com/galley-press/galley/internal/page"
)

// faceFiles maps the names the PDF uses to the embedded files.
var faceFiles = []struct{ name, file string }{
	{"PTSerif-Regular", "PTF55F.ttf"},
	{"PTSerif-Italic", "PTF56F.ttf"},
	{"PTSerif-Bold", "PTF75F.ttf"},
	{"PTSerif-BoldItalic", "PTF76F.ttf"},
	{"PTSans-Regular", "PTS55F.ttf"},
	{"PTSans-Italic", "PTS56F.ttf"},
	{"PTSans-Bold", "PTS75F.ttf"},
	{"PTSans-BoldItalic", "PTS76F.ttf"},
	{"PTMono-Regular", "PTM55F.ttf"},
}

// typeface is one loaded face with the name the PDF knows it by.
type typeface struct {
	name string
	face *font.Face
	data []byte
}

type library struct {
	faces map[string]*typeface
}

var (
	libOnce sync.Once
	lib     *library
	libErr  error
)

// loadLibrary parses the embedded fonts once per process.
func loadLibrary() (*library, error) {
	libOnce.Do(func() {
		l := &library{faces: map[string]*typeface{}}
		for _, ff := range faceFiles {
			data, err := fonts.FS.ReadFile(ff.file)
			if err != nil {
				libErr = fmt.Errorf("layout: load font %s: %w", ff.file, err)
				return
			}
			f, err := font.Parse(ff.name, data)
			if err != nil {
				libErr = fmt.Errorf("layout: load font %s: %w", ff.file, err)
				return
			}
			l.faces[ff.name] = &typeface{name: ff.name, face: f, data: data}
		}
		lib = l
	})
	return lib, libErr
}

// family is "serif", "sans" or "mono".
func (l *library) get(family string, bold, italic bool) *typeface {
	name := map[string]string{"serif": "PTSerif", "sans": "PTSans", "mono": "PTMono"}[family]
	if family == "mono" {
		return l.faces["PTMono-Regular"]
	}
	switch {
	case bold && italic:
		name += "-BoldItalic"
	case bold:
		name += "-Bold"
	case italic:
		name += "-Italic"
	default:
		name += "-Regular"
	}
	return l.faces[name]
}

// used returns the page.Font list for the faces named in used, in the fixed
// order of faceFiles.
func (l *library) pdfFonts(used map[string]bool) []page.Font {
	var out []page.Font
	for _, ff := range faceFiles {
		if used[ff.name] {
			out = append(out, page.Font{Name: ff.name, Data: l.faces[ff.name].data})
		}
	}
	return out
}
