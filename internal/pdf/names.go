package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// Fonts are named in the file by their place among the document's fonts:
// the faces its texts use, in a fixed order (page.Document.Fonts), so that
// the same fonts always get the same names. A stream learns that list only
// at Close, once every page is laid out. Until then pages are drawn with
// names guessed from the faces used so far and those the caller expects;
// Close names the fonts for good, and the pages whose guessed names turned
// out wrong have them set right (their contents are decompressed, the
// names replaced, and compressed again).
//
// fpdf knows a font by the family it was added under and writes a name
// derived from that family into the page contents. Pages are drawn on
// templates of a drawing surface, not of the document itself: the surface
// holds the fonts under their guessed families, and when a new face
// changes the guess for faces already added (it comes before them in the
// order), a new surface is made. The document gets the fonts under their
// final families at Close.

// A surface is what page contents are drawn from: an fpdf document of its
// own, holding the fonts under guessed families.
type surface struct {
	pdf *fpdf.Fpdf
	ids map[*face]string // the name fpdf writes for each face added
	// families maps the family each face was added under back to it.
	families map[string]*face
}

// rename gives every face in use the family its place among the faces in
// use or expected earns it. It reports whether the family of a face
// already added to the surface changed.
func (w *writer) rename() (changed bool) {
	n := 0
	for _, f := range w.order {
		if !f.used && !w.likely[f.name] {
			continue
		}
		fam := "f" + strconv.Itoa(n)
		n++
		if f.family != fam {
			if w.surface != nil {
				if _, added := w.surface.ids[f]; added {
					changed = true
				}
			}
			f.family = fam
		}
	}
	return changed
}

// newSurface makes a drawing surface with the fonts in use under their
// families, in the graphics state of the surface it replaces, if any.
// (Images are drawn by the names the document gives them: see image.)
func (w *writer) newSurface() error {
	var st *state
	if old := w.surface; old != nil {
		w.byFamily = old.families
		s := w.capture(old.pdf)
		st = &s
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: w.firstSize})
	pdf.SetCompression(false)
	w.surface = &surface{pdf: pdf, ids: map[*face]string{}, families: map[string]*face{}}
	w.epoch++
	w.epochIDs = append(w.epochIDs, w.surface.ids)
	for _, f := range w.order {
		if f.used {
			if err := w.addToSurface(f); err != nil {
				return err
			}
		}
	}
	if st != nil {
		w.restore(pdf, *st)
	}
	return pdf.Error()
}

// addToSurface adds f to the drawing surface under its family.
func (w *writer) addToSurface(f *face) error {
	s := w.surface
	s.pdf.AddUTF8FontFromBytes(f.family, "", f.data)
	id, err := fontID(s.pdf, f.family)
	if err != nil {
		return fmt.Errorf("font %q: %w", f.name, err)
	}
	s.ids[f] = id
	s.families[f.family] = f
	return nil
}

// fontID returns the name fpdf writes into page contents for the font it
// holds under family.
func fontID(pdf *fpdf.Fpdf, family string) (string, error) {
	return drawnName(pdf, func(t *fpdf.Tpl) { t.SetFont(family, "", 10) }, "BT /F", " 10.00 Tf ET")
}

// drawnName draws with draw on a template of pdf and returns what the
// operators it writes last hold between pre and post: the name fpdf uses
// for a font or an image, which it does not tell otherwise.
func drawnName(pdf *fpdf.Fpdf, draw func(*fpdf.Tpl), pre, post string) (string, error) {
	tpl := pdf.CreateTemplate(draw)
	if err := pdf.Error(); err != nil {
		return "", err
	}
	b := tpl.Bytes()
	i := bytes.LastIndex(b, []byte(pre))
	if i < 0 {
		return "", fmt.Errorf("no %q drawn", pre)
	}
	rest := b[i+len(pre):]
	j := bytes.Index(rest, []byte(post))
	if j <= 0 {
		return "", fmt.Errorf("no %q drawn", post)
	}
	return string(rest[:j]), nil
}

// nameFonts gives the faces in fonts, in that order, their final families,
// adds those in use to the document, and returns the name fpdf writes for
// each.
func (w *writer) nameFonts(fonts []string) (map[*face]string, error) {
	final := make(map[string]int, len(fonts))
	for i, name := range fonts {
		if _, dup := final[name]; dup {
			return nil, fmt.Errorf("font %q listed twice", name)
		}
		if w.faces[name] == nil {
			return nil, fmt.Errorf("font %q is not among the faces the stream began with", name)
		}
		final[name] = i
	}
	ids := map[*face]string{}
	last := -1
	for _, f := range w.order {
		i, ok := final[f.name]
		switch {
		case !ok && f.used:
			return nil, fmt.Errorf("text uses font %q, which is not among the document's fonts", f.name)
		case !ok:
			continue
		case i < last:
			return nil, errors.New("the document's fonts are not in the order the stream began with")
		}
		last = i
		f.family = "f" + strconv.Itoa(i)
		if !f.used {
			continue
		}
		if f.psName == "" { // checked when first used (addFont)
			f.psName = "Font" + strconv.Itoa(i)
		}
		if f.inDoc != "" {
			if f.inDoc != f.family {
				return nil, fmt.Errorf("font %q: added to the document early as %s, named %s in the end", f.name, f.inDoc, f.family)
			}
			ids[f] = f.docID
			continue
		}
		if err := w.addToDoc(f, f.family); err != nil {
			return nil, err
		}
		ids[f] = f.docID
	}
	return ids, nil
}

// addToDoc adds f to the document under family.
func (w *writer) addToDoc(f *face, family string) error {
	w.doc.AddUTF8FontFromBytes(family, "", f.data)
	if err := w.doc.Error(); err != nil {
		return fmt.Errorf("font %q: %w", f.name, err)
	}
	id, err := fontID(w.doc, family)
	if err != nil {
		return fmt.Errorf("font %q: %w", f.name, err)
	}
	f.inDoc, f.docID = family, id
	return nil
}

// addEarly adds to the document, as soon as their final names are certain,
// the faces in use that come first in the order the stream began with: a
// face whose predecessors are all in use is named by its own place, which
// no later page can change. Fonts take fpdf a while to add; this way most
// of them are added while the layout still sets text, instead of at Close.
func (w *writer) addEarly() error {
	for _, f := range w.order {
		if !f.used {
			return nil
		}
		if f.inDoc == "" {
			if err := w.addToDoc(f, "f"+strconv.Itoa(f.index)); err != nil {
				return err
			}
		}
	}
	return nil
}

// showRunes tells fpdf which characters each face drew, for its subsets.
func (w *writer) showRunes() error {
	w.doc.CreateTemplate(func(t *fpdf.Tpl) {
		for _, f := range w.order {
			if !f.used {
				continue
			}
			var rs []rune
			for i, word := range f.runes {
				for b := 0; word != 0; b, word = b+1, word>>1 {
					if word&1 != 0 {
						rs = append(rs, rune(i*64+b))
					}
				}
			}
			if len(rs) > 0 {
				t.SetFont(f.family, "", 10)
				t.Text(0, 0, string(rs))
			}
		}
	})
	return w.doc.Error()
}

// drawn records, for a page drawn on a surface, which faces it names, to
// set their names right at Close.
type drawn struct {
	epoch int
	faces uint64 // bit i: the face w.order[i] is named
}

// renamePages replaces, in the contents of every page drawn with a name
// for a face other than its final one, the old names by the final ones,
// on every core.
func (w *writer) renamePages(final map[*face]string) error {
	type fix struct {
		i    int
		from map[string]string
	}
	var fixes []fix
	for i, d := range w.drawnAs {
		if d.epoch == 0 || w.streams[i] == nil {
			continue // held, drawn under the final names
		}
		var from map[string]string
		for _, f := range w.order {
			if d.faces&f.bit() == 0 {
				continue
			}
			if old := w.epochIDs[d.epoch][f]; old != final[f] {
				if from == nil {
					from = map[string]string{}
				}
				from[old] = final[f]
			}
		}
		if from != nil {
			fixes = append(fixes, fix{i, from})
		}
	}
	if len(fixes) == 0 {
		return nil
	}
	errs := make([]error, len(fixes))
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var zbuf bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
			for k := range next {
				w.streams[fixes[k].i], errs[k] = renameIn(w.streams[fixes[k].i], fixes[k].from, zw, &zbuf)
			}
		}()
	}
	for k := range fixes {
		next <- k
	}
	close(next)
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			return fmt.Errorf("page %d: renaming fonts: %w", fixes[k].i+1, err)
		}
	}
	return nil
}

// renameIn returns the compressed contents z with every font selection
// "BT /F<old> " naming a key of from made to name its value.
func renameIn(z []byte, from map[string]string, zw *zlib.Writer, zbuf *bytes.Buffer) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	const pre = "BT /F"
	var out []byte
	rest := data
	for {
		i := bytes.Index(rest, []byte(pre))
		if i < 0 {
			break
		}
		j := bytes.IndexByte(rest[i+len(pre):], ' ')
		if j < 0 {
			break
		}
		old := string(rest[i+len(pre) : i+len(pre)+j])
		out = append(out, rest[:i+len(pre)]...)
		if nw, ok := from[old]; ok {
			out = append(out, nw...)
		} else {
			out = append(out, old...)
		}
		rest = rest[i+len(pre)+j:]
	}
	out = append(out, rest...)
	zbuf.Reset()
	zw.Reset(zbuf)
	if _, err := zw.Write(out); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return bytes.Clone(zbuf.Bytes()), nil
}
