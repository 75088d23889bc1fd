package galley_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering enforces the architecture: each third-party library has one
// importer, and the EPUB and PDF branches never import each other.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Skip("go list:", err)
	}
	const mod = "github.com/galley-press/galley/"
	only := map[string]string{
		"github.com/yuin/goldmark":       mod + "internal/markdown",
		"codeberg.org/go-pdf/fpdf":       mod + "internal/pdf",
		"go.yaml.in/yaml/v3":             mod + "internal/manuscript",
		"github.com/go-text/typesetting": mod + "internal/font",
	}
	forbidden := map[string][]string{
		mod + "internal/xhtml":  {mod + "internal/layout", mod + "internal/pdf"},
		mod + "internal/epub":   {mod + "internal/layout", mod + "internal/pdf", mod + "internal/doc"},
		mod + "internal/layout": {mod + "internal/xhtml", mod + "internal/epub", mod + "internal/pdf"},
		mod + "internal/pdf":    {mod + "internal/doc", mod + "internal/layout", mod + "internal/xhtml", mod + "internal/epub"},
		mod + "internal/doc":    {mod + "internal/markdown", mod + "internal/manuscript"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg, imports := f[0], f[1:]
		for _, imp := range imports {
			for lib, owner := range only {
				if (imp == lib || strings.HasPrefix(imp, lib+"/")) && pkg != owner && !strings.HasPrefix(pkg, owner+"/") {
					t.Errorf("%s imports %s; only %s may", pkg, imp, owner)
				}
			}
			for _, bad := range forbidden[pkg] {
				if imp == bad {
					t.Errorf("%s imports %s, against the layering", pkg, imp)
				}
			}
		}
	}
}
