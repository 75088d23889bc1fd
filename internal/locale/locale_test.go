package locale

import (
	"reflect"
	"testing"
)

func TestFor(t *testing.T) {
	tests := []struct{ lang, contents string }{
		{"en", "Contents"}, {"en-GB", "Contents"}, {"ru", "Содержание"}, {"RU-ru", "Содержание"},
		{"kk-KZ", "Мазмұны"}, {"fr", "Contents"}, {"", "Contents"}, {"uk", "Contents"},
	}
	for _, tc := range tests {
		if got := For(tc.lang).Contents; got != tc.contents {
			t.Errorf("For(%q).Contents = %q, want %q", tc.lang, got, tc.contents)
		}
	}
	if q := For("uk").Quotes; q != For("ru").Quotes {
		t.Errorf("Ukrainian quotes = %q, want the Russian ones", q)
	}
}

// TestEveryWordGiven checks that each language of the table gives every
// word (only By may be empty: some languages write names alone).
func TestEveryWordGiven(t *testing.T) {
	for lang, w := range table {
		v := reflect.ValueOf(*w)
		for i := 0; i < v.NumField(); i++ {
			name := v.Type().Field(i).Name
			f := v.Field(i)
			switch f.Kind() {
			case reflect.String:
				if f.String() == "" && name != "By" {
					t.Errorf("%s: %s is empty", lang, name)
				}
			case reflect.Array:
				for j := 0; j < f.Len(); j++ {
					if f.Index(j).String() == "" {
						t.Errorf("%s: %s[%d] is empty", lang, name, j)
					}
				}
			}
		}
	}
}

func TestAbout(t *testing.T) {
	if got := For("ru").About(2); got != "Об авторах" {
		t.Errorf("About(2) = %q", got)
	}
	if got := For("en").About(1); got != "About the author" {
		t.Errorf("About(1) = %q", got)
	}
}
