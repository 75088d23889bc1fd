package fonts

import (
	"sync"
	"testing"

	"github.com/galley-press/galley/internal/font"
	"github.com/galley-press/galley/internal/units"
)

func TestLoad(t *testing.T) {
	faces, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(faces) != len(Faces) {
		t.Fatalf("Load returned %d faces, want %d", len(faces), len(Faces))
	}
	for i, f := range faces {
		if f.Face != Faces[i] || f.Font == nil || len(f.Data) == 0 {
			t.Errorf("face %d = %+v, want %+v parsed", i, f.Face, Faces[i])
		}
		if !f.Font.HasRune('A') || !f.Font.HasRune('Ж') {
			t.Errorf("%s lacks a Latin or Cyrillic letter", f.Name)
		}
	}
	again, _ := Load()
	if &again[0] != &faces[0] {
		t.Error("a second Load parsed the faces again")
	}
}

// TestFacesParse parses every embedded file as Load's faces will on first
// use, checks that the name it carries is the one Faces gives it, and that
// the face Load hands out measures exactly as the parsed one.
func TestFacesParse(t *testing.T) {
	faces, _ := Load()
	const sample = "Tea, Wolf; “AVAST” — Қазақстан, №7 Ёж. fi ﬁ"
	size := units.Pt(10.5)
	for i, f := range Faces {
		data := *files[i]
		parsed, err := font.Parse(f.File, data)
		if err != nil {
			t.Errorf("%s: %v", f.File, err)
			continue
		}
		if parsed.Name != f.Name {
			t.Errorf("%s is named %q in the file, %q in Faces", f.File, parsed.Name, f.Name)
		}
		lazy := faces[i].Font
		if got, want := lazy.Width(sample, size), parsed.Width(sample, size); got != want {
			t.Errorf("%s: Width = %v, want %v", f.Name, got, want)
		}
		if got, want := lazy.Ascent(size)+lazy.Descent(size), parsed.Ascent(size)+parsed.Descent(size); got != want {
			t.Errorf("%s: Ascent+Descent = %v, want %v", f.Name, got, want)
		}
		if got, want := lazy.Kern('A', 'V', size), parsed.Kern('A', 'V', size); got != want {
			t.Errorf("%s: Kern(A, V) = %v, want %v", f.Name, got, want)
		}
		if &faces[i].Data[0] != &data[0] {
			t.Errorf("%s: Data is a copy of the embedded file", f.Name)
		}
	}
}

// TestLazyConcurrent measures with one fresh lazy face from many
// goroutines at once, as chapters laid out in parallel do, while Prepare
// and Preload parse faces on goroutines of their own (run with -race).
func TestLazyConcurrent(t *testing.T) {
	i := Named("PTSans-Bold")
	want, err := font.Parse(Faces[i].File, *files[i])
	if err != nil {
		t.Fatal(err)
	}
	f := font.Lazy(Faces[i].Name, *files[i])
	const word = "Kazakhstan"
	go f.Prepare()
	Preload(Faces[i].Name, "Helvetica") // an unknown name is passed over
	var wg sync.WaitGroup
	got := make([]units.Length, 8)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[g] = f.Width(word, units.Pt(12))
		}()
	}
	wg.Wait()
	for g, w := range got {
		if w != want.Width(word, units.Pt(12)) {
			t.Errorf("goroutine %d: Width = %v, want %v", g, w, want.Width(word, units.Pt(12)))
		}
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		family string
		style  font.Style
		want   string
	}{
		{"serif", font.Regular, "PTSerif-Regular"},
		{"serif", font.BoldItalic, "PTSerif-BoldItalic"},
		{"sans", font.Italic, "PTSans-Italic"},
		{"mono", font.Regular, "PTMono-Regular"},
		{"mono", font.Bold, "PTMono-Bold"},
		{"mono", font.Italic, ""},
		{"script", font.Regular, ""},
	}
	for _, tt := range tests {
		i := Find(tt.family, tt.style)
		got := ""
		if i >= 0 {
			got = Faces[i].Name
		}
		if got != tt.want {
			t.Errorf("Find(%q, %v) = %q, want %q", tt.family, tt.style, got, tt.want)
		}
		if tt.want != "" && Named(tt.want) != i {
			t.Errorf("Named(%q) = %d, want %d", tt.want, Named(tt.want), i)
		}
	}
	if Named("Helvetica") != -1 {
		t.Error(`Named("Helvetica") found a face`)
	}
}
