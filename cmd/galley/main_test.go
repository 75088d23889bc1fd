package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExitCodes(t *testing.T) {
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "a.md"), []byte("---\ntitle: T\nsubtile: x\n---\nText.\n"), 0o644)
	warned := t.TempDir()
	os.WriteFile(filepath.Join(warned, "a.md"), []byte("---\ntitle: T\n---\n# One\n\n### Three\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, 2, "Usage:"},
		{"unknown command", []string{"bake"}, 2, `unknown command "bake"`},
		{"bad flag", []string{"build", "--nope"}, 2, "flag provided but not defined"},
		{"bad format", []string{"build", "-f", "docx", "../../manuscript"}, 2, `unknown format "docx"`},
		{"bad page size", []string{"build", "--page-size", "b5", "../../manuscript"}, 2, `unknown page size "b5"`},
		{"help", []string{"build", "--help"}, 0, "Usage: galley build"},
		{"manuscript error", []string{"build", "-o", t.TempDir(), bad}, 1, `a.md:3:1: unknown key "subtile" (did you mean "subtitle"?)`},
		{"missing path", []string{"build", "-o", t.TempDir(), "/nonexistent"}, 1, "no such file"},
		{"build", []string{"build", "-o", t.TempDir(), "../../manuscript"}, 0, ""},
		{"warning builds", []string{"build", "-o", t.TempDir(), warned}, 0, "warning: heading level jumps from 1 to 3"},
		{"strict fails on a warning", []string{"build", "--strict", "-o", t.TempDir(), warned}, 1, "heading level jumps from 1 to 3"},
		{"dump", []string{"dump", "../../manuscript"}, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb strings.Builder
			code := run(tc.args, &out, &errb)
			if code != tc.code {
				t.Errorf("run(%q) = %d, want %d; stderr:\n%s", tc.args, code, tc.code, errb.String())
			}
			if !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("run(%q) stderr = %q, want it to contain %q", tc.args, errb.String(), tc.stderr)
			}
		})
	}
}
