package fonts

import (
	"sync"

	"github.com/galley-press/galley/internal/font"
)

// A Face is one of the embedded faces.
type Face struct {
	Name   string     // the name the PDF knows it by, "PTSerif-Bold"
	File   string     // its TrueType file, beside this package's source
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

// files holds the bytes of each face's file, in the order of Faces.
var files = [len(Faces)]*[]byte{
	&ptf55f, &ptf56f, &ptf75f, &ptf76f,
	&pts55f, &pts56f, &pts75f, &pts76f,
	&ptm55f, &ptm75f,
}

var (
	loadOnce sync.Once
	loaded   []Loaded
)

// Load returns the embedded faces, in the order of Faces. Each face is
// parsed the first time it measures anything (font.Lazy), once per
// process and safe for concurrent use, so that a build pays only for the
// faces it sets text in; the tests check that every face parses. The
// result is shared and must not be changed; Data is the file's bytes as
// the program image holds them. The error is always nil.
func Load() ([]Loaded, error) {
	loadOnce.Do(func() {
		out := make([]Loaded, len(Faces))
		for i, f := range Faces {
			data := *files[i]
			out[i] = Loaded{Face: f, Font: font.Lazy(f.Name, data), Data: data}
		}
		loaded = out
	})
	return loaded, nil
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

// Preload starts parsing the faces named, each on a goroutine of its own,
// and returns at once: a build that will surely set them can have them
// parsed on other cores while it reads the manuscript.
func Preload(names ...string) {
	faces, _ := Load()
	for _, name := range names {
		if i := Named(name); i >= 0 {
			go faces[i].Font.Prepare()
		}
	}
}
