package pipeline

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/layout"
	"github.com/galley-press/galley/internal/manuscript"
	"github.com/galley-press/galley/internal/pdf"
)

// TestStreamedPDFIsTheWholeOne checks that the PDF the pipeline draws while
// the layout finishes its pages is, byte for byte, the one written from
// the whole laid-out document: for a book with a cover, a table of contents
// whose page numbers come last, parts, notes and more pages than the
// writer draws at a time, and for the bundled article.
func TestStreamedPDFIsTheWholeOne(t *testing.T) {
	book := t.TempDir()
	writeMDBook(t, book)
	for _, tc := range []struct {
		name, input string
		cover       bool
	}{{"book", book, true}, {"book without cover", book, false}, {"article", bundled, false}} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			res, err := Run(Options{Input: tc.input, OutDir: out, PDF: true, Page: layout.A4, Cover: tc.cover})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			streamed, err := os.ReadFile(res.Outputs[0].Path)
			if err != nil {
				t.Fatal(err)
			}
			d, _, err := manuscript.Load(tc.input)
			if err != nil {
				t.Fatal(err)
			}
			date, err := buildDate(d.Meta.Date, "")
			if err != nil {
				t.Fatal(err)
			}
			var diags diag.List
			laid, _, err := layout.Typeset(d, layout.Options{Page: layout.A4, Date: date.Format(time.RFC3339), Creator: generator(""), Cover: tc.cover}, &diags)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := pdf.Bytes(laid)
			if err != nil {
				t.Fatal(err)
			}
			if len(laid.Pages) <= 16 && tc.input == book {
				t.Fatalf("the book has %d pages: too few to span batches", len(laid.Pages))
			}
			if !bytes.Equal(streamed, whole) {
				t.Errorf("%s: streamed PDF (%d bytes) differs from the whole one (%d bytes)", tc.name, len(streamed), len(whole))
			}
		})
	}
}
