package galley_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const mod = "github.com/galley-press/galley/"

// imports lists every package of the module with its imports, from go list.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{.Name}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if f[1] == "build" {
			t.Errorf("%s is named build, like the output folder", f[0])
		}
		pkgs[f[0]] = f[2:]
	}
	return pkgs
}

// under reports whether pkg is the module's package dir or one below it.
func under(pkg, dir string) bool {
	return pkg == mod+dir || strings.HasPrefix(pkg, mod+dir+"/")
}

// TestLayering enforces the architecture: each third-party library has one
// importer, the EPUB side and the layout/PDF side never import each other,
// only the EPUB renderer uses the XHTML writer, and exactly one package,
// the orchestrator, imports both renderers.
func TestLayering(t *testing.T) {
	pkgs := imports(t)
	only := map[string]string{
		"github.com/yuin/goldmark":       "internal/markdown",
		"codeberg.org/go-pdf/fpdf":       "internal/pdf",
		"go.yaml.in/yaml/v3":             "internal/manuscript",
		"github.com/go-text/typesetting": "internal/font",
		"github.com/alecthomas/chroma":   "internal/highlight",
	}
	// The two renderers' sides, and what each may never import.
	epubSide := []string{"internal/epub"}
	pdfSide := []string{"internal/layout", "internal/page", "internal/pdf", "internal/linebreak", "internal/hyph", "internal/svg"}
	forbidden := map[string][]string{
		"internal/highlight":  {"internal/doc", "internal/epub", "internal/layout", "internal/pdf", "internal/page"},
		"internal/doc":        {"internal/markdown", "internal/manuscript", "internal/epub", "internal/layout", "internal/pdf", "internal/page"},
		"internal/markdown":   {"internal/manuscript", "internal/epub", "internal/layout", "internal/pdf", "internal/page"},
		"internal/manuscript": {"internal/epub", "internal/layout", "internal/pdf", "internal/page"},
		"internal/epub/pack":  {"internal/doc", "internal/epub/xhtml"},
		"internal/pdf":        {"internal/doc", "internal/layout"},
	}
	for _, e := range epubSide {
		forbidden[e] = append(forbidden[e], pdfSide...)
	}
	for _, p := range pdfSide {
		forbidden[p] = append(forbidden[p], epubSide...)
	}
	// Leaves: packages everything may use, which import nothing of ours
	// but other leaves (the packager writes its XML by xmltext's policy).
	leaf := map[string]bool{"internal/locale": true, "internal/units": true, "internal/source": true, "internal/epub/pack": true, "internal/xmltext": true}
	var both []string
	for pkg, imps := range pkgs {
		var epub, pdf bool
		for _, imp := range imps {
			for lib, owner := range only {
				if (imp == lib || strings.HasPrefix(imp, lib+"/")) && !under(pkg, owner) {
					t.Errorf("%s imports %s; only %s may", pkg, imp, owner)
				}
			}
			for dir, bad := range forbidden {
				if !under(pkg, dir) {
					continue
				}
				for _, b := range bad {
					if under(imp, b) {
						t.Errorf("%s imports %s, against the layering", pkg, imp)
					}
				}
			}
			if leaf[strings.TrimPrefix(pkg, mod)] && strings.HasPrefix(imp, mod) && !leaf[strings.TrimPrefix(imp, mod)] {
				t.Errorf("%s imports %s; it imports nothing of Galley's but other leaves", pkg, imp)
			}
			if under(imp, "internal/epub/xhtml") && !under(pkg, "internal/epub") {
				t.Errorf("%s imports %s; only the EPUB renderer may", pkg, imp)
			}
			epub = epub || imp == mod+"internal/epub"
			pdf = pdf || imp == mod+"internal/pdf" || imp == mod+"internal/layout"
		}
		if epub && pdf {
			both = append(both, pkg)
		}
	}
	if len(both) != 1 || both[0] != mod+"internal/pipeline" {
		t.Errorf("packages importing both renderers: %v, want only %sinternal/pipeline", both, mod)
	}
}

// TestOrchestratorIsSmall keeps the orchestrator to what every build needs:
// at most 400 non-blank lines outside tests.
func TestOrchestratorIsSmall(t *testing.T) {
	files, err := filepath.Glob("internal/pipeline/*.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) != "" {
				lines++
			}
		}
	}
	if lines == 0 || lines > 400 {
		t.Errorf("internal/pipeline has %d non-blank lines outside tests, want 1 to 400", lines)
	}
}
