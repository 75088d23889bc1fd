package fonts

import (
	"testing"

	"github.com/galley-press/galley/internal/font"
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
