package hyph

import (
	"os"
	"strings"
	"testing"
)

func TestCmpTmp(t *testing.T) {
	for _, lang := range []string{"en-us", "en-gb", "ru", "kk"} {
		h, _ := New(lang)
		b, _ := os.ReadFile("/tmp/words-" + lang)
		var sb strings.Builder
		for _, w := range strings.Split(string(b), "\n") {
			sb.WriteString(strings.ReplaceAll(showTmp(w, h.Hyphenate(w)), "|", "-") + "\n")
		}
		os.WriteFile("/tmp/go-"+lang, []byte(sb.String()), 0o644)
	}
}
