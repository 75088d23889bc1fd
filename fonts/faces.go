package fonts

import (
	"fmt"
	"sync"

	"github.com/galley-press/galley/internal/font"
)

// A Face is one of the embedded faces.
type Face struct {
	Name   string     // the name the PDF knows it by, "PTSerif-Bold"
	File   string     // its TrueType file in FS
	Family string     // "serif", "sans" or "mono"
	Style  font.Style // PT Mono has Regular and Bold only
}

// Faces lists the embedded faces, in the fixed order a PDF lists its
// fonts.
var Faces = [...]Face{
	{"PTSerif-Regular", "PTF55F.ttf", "serif", font.Regular},
	{"PTSerif-Italic", "PTF56F.ttf", "serif", font.Italic},
	{"PTSerif-Bold", "PTF75F.ttf", "serif", font.Bold},
	{"PTSerif-BoldItalic", "PTF76F.ttf", "serif", font.BoldItalic},
	{"PTSans-Regular", "PTS55F.ttf", "sans", font.Regular},
	{"PTSans-Italic", "PTS56F.ttf", "sans", font.Italic},
	{"PTSans-Bold", "PTS75F.ttf", "sans", font.Bold},
	{"PTSans-BoldItalic", "PTS76F.ttf", "sans", font.BoldItalic},
	{"PTMono-Regular", "PTM55F.ttf", "mono", font.Regular},
	{"PTMono-Bold", "PTM75F.ttf", "mono", font.Bold},
}

// A Loaded face is a Face with its file's bytes and their parse.
type Loaded struct {
	Face
	Font *font.Face
	Data []byte
}

var (
	loadOnce sync.Once
	loaded   []Loaded
	loadErr  error
)

// Load returns the embedded faces parsed, in the order of Faces. They
// are parsed once per process; the result is shared and must not be
// changed.
func Load() ([]Loaded, error) {
	loadOnce.Do(func() {
		out := make([]Loaded, len(Faces))
		for i, f := range Faces {
			data, err := FS.ReadFile(f.File)
			if err == nil {
				out[i].Font, err = font.Parse(f.Name, data)
			}
			if err != nil {
				loadErr = fmt.Errorf("fonts: load %s: %w", f.File, err)
				return
			}
			out[i].Face, out[i].Data = f, data
		}
		loaded = out
	})
	return loaded, loadErr
}

// Find returns the index in Faces of the face of family in style s, or
// -1 if there is none (PT Mono has only its Regular and Bold).
func Find(family string, s font.Style) int {
	for i, f := range Faces {
		if f.Family == family && f.Style == s {
			return i
		}
	}
	return -1
}

// Named returns the index in Faces of the face called name, or -1.
func Named(name string) int {
	for i, f := range Faces {
		if f.Name == name {
			return i
		}
	}
	return -1
}
