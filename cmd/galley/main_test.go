package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestExitCodes(t *testing.T) {
	manuscript := func(src string) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	bad := manuscript("---\ntitle: T\nsubtile: x\n---\nText.\n")
	warned := manuscript("---\ntitle: T\n---\n# One\n\n### Three\n")
	linked := manuscript("# Untitled\n\nSee [gone](gone.md) and [^x].\n")
	// stdout and stderr are patterns each stream must match in full;
	// "" means the stream must be empty.
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"no command", nil, 2, "", `(?s)galley turns a Markdown manuscript .*\nUsage:\n.*`},
		{"unknown command", []string{"bake"}, 2, "", `(?s)galley: unknown command "bake".*`},
		{"bad flag", []string{"build", "--nope"}, 2, "", `(?s)flag provided but not defined: -nope\n.*`},
		{"bad format", []string{"build", "-f", "docx", "../../manuscript"}, 2, "", `(?s).*unknown format "docx".*`},
		{"bad page size", []string{"build", "--page-size", "b5", "../../manuscript"}, 2, "", `(?s).*unknown page size "b5".*`},
		{"help", []string{"build", "--help"}, 0, "", `(?s)Usage: galley build.*`},
		{"manuscript error", []string{"build", "-o", t.TempDir(), bad}, 1, "",
			`(?s).*a\.md:3:1: unknown key "subtile" \(did you mean "subtitle"\?\)\n.*`},
		{"missing path", []string{"build", "-o", t.TempDir(), "/nonexistent"}, 1, "", `(?s).*no such file.*`},
		{"build", []string{"build", "-o", t.TempDir(), "../../manuscript"}, 0,
			`wrote .*\.epub \(.* kB\)\nwrote .*\.pdf \(.* kB\)\n3 pages, \d+ words, 1 images in .*s\n`, ""},
		{"warning builds", []string{"build", "-f", "epub", "-o", t.TempDir(), warned}, 0,
			`(?s)wrote .*\.epub.*`, `.*a\.md:6:1: warning: heading level jumps from 1 to 3\n`},
		{"strict fails on a warning", []string{"build", "--strict", "-o", t.TempDir(), warned}, 1,
			"", `(?s).*a\.md:6:1: heading level jumps from 1 to 3\n.*`},
		{"navigation is lenient", []string{"build", "-f", "epub", "-o", t.TempDir(), linked}, 0,
			`(?s)wrote .*\.epub.*`, `(?s).*a\.md:3:6: warning: link to "gone\.md": no such chapter; the link is kept as text\n.*`},
		{"strict fails on navigation", []string{"build", "--strict", "-o", t.TempDir(), linked}, 1,
			"", `(?s).*a\.md:3:25: footnote "x" is referenced but never defined; the reference is kept as text\n.*`},
		{"dump", []string{"dump", "../../manuscript"}, 0, `(?s)\(Meta\n  \(title "Notes From Kazakhstan’s Mission to the UN"\).*`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb strings.Builder
			code := run(tc.args, &out, &errb)
			if code != tc.code {
				t.Errorf("run(%q) = %d, want %d; stderr:\n%s", tc.args, code, tc.code, errb.String())
			}
			for _, s := range []struct{ name, got, want string }{{"stdout", out.String(), tc.stdout}, {"stderr", errb.String(), tc.stderr}} {
				if !regexp.MustCompile(`\A(?:` + s.want + `)\z`).MatchString(s.got) {
					t.Errorf("run(%q) %s = %q, want it to match %q", tc.args, s.name, s.got, s.want)
				}
			}
		})
	}
}
