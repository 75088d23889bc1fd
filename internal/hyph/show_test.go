package hyph

import (
	"os"
	"strings"
	"testing"
)

func TestShowTmp(t *testing.T) {
	for _, lang := range []string{"en-US", "en-GB", "ru", "kk"} {
		h, err := New(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.Fields(os.Getenv("WORDS")) {
			t.Logf("%s %s", lang, showTmp(w, h.Hyphenate(w)))
		}
	}
}

func showTmp(w string, offs []int) string {
	var sb strings.Builder
	last := 0
	for _, o := range offs {
		sb.WriteString(w[last:o])
		sb.WriteString("|")
		last = o
	}
	sb.WriteString(w[last:])
	return sb.String()
}
