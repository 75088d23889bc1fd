// Package pdf turns laid-out pages into a PDF file.
//
// It is the only part of Galley that talks to the fpdf library. Everything
// it receives has already been placed by the layout engine, so the package
// only translates page items into PDF drawing operators, embeds subsets of
// the fonts and the images once each, and wires up links, the outline and
// the document metadata. The result depends on the input alone: the same
// document always gives the same bytes, whatever the clock says.
//
// It reads page.Document values only: it never imports the document tree,
// the layout engine or the EPUB renderer.
package pdf

import (
	"bytes"
	"crypto/md5"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/galley-press/galley/internal/page"
	"github.com/galley-press/galley/internal/units"
)

// Write renders d as PDF to w. Nothing is written to w unless the whole
// file could be produced.
func Write(w io.Writer, d *page.Document) error {
	out, err := Bytes(d)
	if err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("pdf: writing: %w", err)
	}
	return nil
}

// Bytes renders d as a PDF file and returns it: for a caller that keeps
// the file in memory, one copy of it fewer than Write into a buffer.
func Bytes(d *page.Document) ([]byte, error) {
	if d == nil {
		return nil, errors.New("pdf: nil document")
	}
	names := make([]string, len(d.Fonts))
	for i, f := range d.Fonts {
		names[i] = f.Name
	}
	s, err := NewStream(d.Info, d.Fonts, names, d.Struct != nil)
	if err != nil {
		return nil, err
	}
	for _, p := range d.Pages {
		if err := s.Page(p, false); err != nil {
			s.Abort()
			return nil, err
		}
	}
	return s.Close(d.Outline, d.Struct, d.Labels, names)
}

// A dest is where a named destination points: a 1-based page number and a
// distance from the top of that page in points.
type dest struct {
	page int
	y    float64
}

// writer holds what is known of the document so far and the drawing state.
type writer struct {
	info page.Info
	// doc is the document: its pages, links, outline and resources. pdf is
	// where page contents are drawn: a template of the drawing surface's
	// (see names.go), holding a batch of pages, whose contents are
	// compressed as soon as the batch is drawn (see drawBatch).
	doc *fpdf.Fpdf
	pdf *fpdf.Fpdf

	faces     map[string]*face // by page.Font.Name
	order     []*face          // in the order the stream began with
	likely    map[string]bool  // faces expected among the document's fonts
	surface   *surface
	epoch     int                // of the surface, counting from 1
	epochIDs  []map[*face]string // by epoch: the name fpdf writes for each face
	drawnAs   []drawn            // by page index
	byFamily  map[string]*face   // the faces by the families drawing uses now
	last      state              // at the end of the last page drawn
	firstSize fpdf.SizeType
	imageIDs  map[string]string // the name fpdf draws each image by
	dests     map[string]dest   // by Dest.Name
	linkIDs   map[string]int    // fpdf link by Dest name
	linked    []string          // Dest names that Links use, in first-use order
	images    int               // image keys registered
	imageFor  map[string]string // Key to the fpdf image name
	byData    map[[md5.Size]byte]string
	date      time.Time // creation and modification date
	tags      *tagger   // nil for an untagged document

	pages   int       // pages admitted
	heights []float64 // of the pages admitted, in points
	batch   []queued  // admitted, not drawn yet
	pending []*held   // pages whose contents are drawn last
	streams [][]byte  // compressed page contents, by page index
	jobs    chan job  // page contents to compress
	done    chan compressed
	workers sync.WaitGroup
	zerrs   []error
	// annots are the link annotations of the pages being drawn, by page
	// index, added to doc's pages once they exist.
	annots map[int][]func()

	height    float64 // of the page being drawn, in points
	pageFaces uint64  // the faces selected on the page being drawn
	tbuf      []byte

	// drawing state, to avoid repeating unchanged settings
	font *face
	size units.Length
	drawState
	expand int // the horizontal scaling in force, in thousandths over 100 %

	// provisional: the page being drawn is held (see Stream.Page); its
	// empty texts are to be filled in, so they set the state that drawing
	// them will, but draw nothing. replay: a held page is drawn again for
	// good; its marks and annotations were recorded the first time.
	provisional, replay bool
	replayMarks         int  // marks made on the page being replayed
	replayOff           bool // a replayed mark differed from the recorded one
}

// drawState is the part of the drawing state that lasts from one page to
// the next.
type drawState struct {
	textColor page.RGB
	textSet   bool
	fillColor page.RGB
	fillSet   bool
	anyFont   bool // a UTF-8 font has been selected at some time
}

// begin checks what the document needs before its first page.
func (w *writer) begin(info page.Info, fonts []page.Font, likely []string, tagged bool) error {
	w.info = info
	w.faces = make(map[string]*face, len(fonts))
	for i, f := range fonts {
		if f.Name == "" {
			return fmt.Errorf("font %d has no name", i)
		}
		if _, dup := w.faces[f.Name]; dup {
			return fmt.Errorf("font %q listed twice", f.Name)
		}
		fc := &face{index: i, name: f.Name, data: f.Data}
		w.faces[f.Name] = fc
		w.order = append(w.order, fc)
	}
	w.likely = make(map[string]bool, len(likely))
	for _, name := range likely {
		w.likely[name] = true
	}
	w.epochIDs = []map[*face]string{nil} // epoch 0: drawn under the final names
	w.dests = make(map[string]dest)
	w.linkIDs = make(map[string]int)
	w.imageFor = make(map[string]string)
	w.byData = make(map[[md5.Size]byte]string)
	w.imageIDs = make(map[string]string)
	w.annots = make(map[int][]func())
	if tagged {
		w.tags = newTagger()
	}
	if lang := info.Lang; lang != "" && !validLang(lang) {
		return fmt.Errorf("invalid language tag %q", lang)
	}
	switch date := info.Date; date {
	case "":
		w.date = time.Unix(0, 0).UTC()
	default:
		t, err := time.Parse(time.RFC3339, date)
		if err != nil {
			t, err = time.Parse(time.DateOnly, date)
		}
		if err != nil {
			return fmt.Errorf("invalid date %q: %w", date, err)
		}
		w.date = t.UTC()
	}
	return nil
}

// open starts the document, with the first page's size as its default.
func (w *writer) open(first *page.Page) error {
	pdf := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           pageSize(first),
	})
	w.doc = pdf
	pdf.SetMargins(0, 0, 0)
	pdf.SetCellMargin(0)
	pdf.SetAutoPageBreak(false, 0)
	// Page contents are compressed as they are drawn (see drawBatch).
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true)
	w.metadata()
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("setting up: %w", err)
	}
	w.firstSize = pageSize(first)
	w.rename()
	w.startWorkers()
	return nil
}

// drawing takes in use the faces called names before the pages that name
// them come (see Stream.Drawing), opening the document at the size given
// for its first page.
func (w *writer) drawing(names []string, width, height units.Length) error {
	if w.doc == nil {
		if w.pages > 0 || width <= 0 || height <= 0 {
			return fmt.Errorf("first page announced with size %v × %v", width, height)
		}
		if err := w.open(&page.Page{Width: width, Height: height}); err != nil {
			return err
		}
	}
	for _, name := range names {
		f, ok := w.faces[name]
		if !ok {
			return fmt.Errorf("unknown font %q announced", name)
		}
		if !f.used {
			if err := w.addFont(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// admit checks page pi and makes ready what drawing it needs: its fonts,
// its images, the links it makes and the destinations it holds.
func (w *writer) admit(p *page.Page, pi int) error {
	if p == nil {
		return fmt.Errorf("page %d is nil", pi+1)
	}
	if p.Width <= 0 || p.Height <= 0 {
		return fmt.Errorf("page %d has size %v × %v", pi+1, p.Width, p.Height)
	}
	for ii, it := range p.Items {
		where := func(format string, a ...any) error {
			return fmt.Errorf("page %d, item %d: %s", pi+1, ii+1, fmt.Sprintf(format, a...))
		}
		switch v := it.(type) {
		case *page.Text:
			if v == nil {
				return where("nil text")
			}
			f, ok := w.faces[v.Font]
			if !ok {
				return where("text uses unknown font %q", v.Font)
			}
			if v.Size <= 0 {
				return where("text has font size %v", v.Size)
			}
			if !f.used {
				if err := w.addFont(f); err != nil {
					return err
				}
			}
		case *page.Image:
			if v == nil {
				return where("nil image")
			}
			if v.W <= 0 || v.H <= 0 {
				return where("image %q has size %v × %v", v.Key, v.W, v.H)
			}
			if imageType(v.Format) == "" {
				return where("image %q has unsupported format %q", v.Key, v.Format)
			}
			if _, seen := w.imageFor[imageKey(v)]; !seen {
				if err := w.registerImage(v); err != nil {
					return err
				}
			}
		case *page.Rule:
			if v == nil {
				return where("nil rule")
			}
		case *page.Link:
			if v == nil {
				return where("nil link")
			}
			switch {
			case v.URL != "" && v.Dest != "":
				return where("link has both a URL and a destination")
			case v.URL == "" && v.Dest == "":
				return where("link has no target")
			case v.Dest != "":
				if _, ok := w.linkIDs[v.Dest]; !ok {
					id := w.doc.AddLink()
					w.linkIDs[v.Dest] = id
					w.linked = append(w.linked, v.Dest)
					if t, ok := w.dests[v.Dest]; ok {
						w.doc.SetLink(id, t.y, t.page)
					}
				}
			}
		case *page.Path:
			if err := checkPath(v); err != nil {
				return where("%v", err)
			}
		case *page.Dest:
			if v == nil {
				return where("nil destination")
			}
			if v.Name == "" {
				return where("destination has no name")
			}
			if _, dup := w.dests[v.Name]; dup {
				return where("destination %q defined twice", v.Name)
			}
			t := dest{page: pi + 1, y: v.Y.Points()}
			w.dests[v.Name] = t
			if id, ok := w.linkIDs[v.Name]; ok {
				w.doc.SetLink(id, t.y, t.page)
			}
		case nil:
			return where("nil item")
		default:
			return where("unknown item type %T", it)
		}
	}
	return w.doc.Error()
}

// addFont takes f in use, the first time a text uses it, under the family
// its place earns it (see names.go); the drawing surface gets it before the
// next batch is drawn, the document at Close.
func (w *writer) addFont(f *face) error {
	ps, err := checkFont(f.data)
	if err != nil {
		return fmt.Errorf("font %q: %w", f.name, err)
	}
	if ps == "" {
		ps = pdfName(f.name)
	}
	f.psName, f.used = ps, true
	if err := w.addEarly(); err != nil {
		return err
	}
	if w.rename() {
		return w.newSurface()
	}
	return nil
}

// imageKey identifies an image: by its Key, or by its data if it has none.
func imageKey(im *page.Image) string {
	if im.Key != "" {
		return im.Key
	}
	sum := md5.Sum(im.Data)
	return "\x00" + string(sum[:])
}

// imageType returns the fpdf image type for a page.Image format, or "".
func imageType(format string) string {
	switch format {
	case "png", "PNG":
		return "png"
	case "jpeg", "jpg", "JPEG", "JPG":
		return "jpg"
	case "gif", "GIF":
		return "gif"
	}
	return ""
}

// close draws what is left, checks that every link and bookmark found its
// destination, and returns the finished file.
func (w *writer) close(outline []page.Bookmark, root *page.Elem, labels []string, fonts []string) ([]byte, error) {
	if w.pages == 0 {
		return nil, errors.New("document has no pages")
	}
	var st *state
	if w.surface != nil {
		w.byFamily = w.surface.families
		s := w.capture(w.surface.pdf)
		st = &s
	}
	final, err := w.nameFonts(fonts)
	if err != nil {
		return nil, err
	}
	w.byFamily = map[string]*face{}
	for f := range final {
		w.byFamily[f.family] = f
	}
	// The pages still waiting are drawn on the document itself, under the
	// final names: for a file of a batch or less, all of them.
	w.surface = &surface{pdf: w.doc, ids: final, families: w.byFamily}
	w.epoch++
	w.epochIDs = append(w.epochIDs, final)
	if st != nil {
		w.restore(w.doc, *st)
	}
	if err := w.drawBatch(); err != nil {
		return nil, err
	}
	if err := w.drawHeld(); err != nil {
		return nil, err
	}
	if err := w.showRunes(); err != nil {
		return nil, err
	}
	if err := w.stopWorkers(); err != nil {
		return nil, err
	}
	if err := w.renamePages(final); err != nil {
		return nil, err
	}
	// The document ends in the state the last page ended in.
	w.restore(w.doc, w.last)
	for _, name := range w.linked {
		if _, ok := w.dests[name]; !ok {
			return nil, fmt.Errorf("link to unknown destination %q", name)
		}
	}
	for i, b := range outline {
		if _, ok := w.dests[b.Dest]; !ok {
			return nil, fmt.Errorf("bookmark %d (%q) points to unknown destination %q", i+1, b.Title, b.Dest)
		}
	}
	if w.tags != nil {
		if root == nil {
			return nil, errors.New("tagged document without a structure root")
		}
		if err := checkStruct(root); err != nil {
			return nil, err
		}
		w.tags.root = root
		w.tags.grow(w.pages)
	}
	pdf := w.doc
	w.outline(outline)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("outline: %w", err)
	}

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("producing file: %w", err)
	}

	// fpdf names embedded subsets "utf8" plus the family and writes no
	// file identifier and dates without a time zone; finish corrects that.
	var edits []edit
	for _, f := range w.order {
		if !f.used {
			continue
		}
		name := f.subsetName()
		edits = append(edits,
			edit{old: "/BaseFont /utf8" + f.family + "\n", new: "/BaseFont /" + name + "\n", want: 2},
			edit{old: "/FontName /utf8" + f.family + "\n", new: "/FontName /" + name + "\n", want: 1})
	}
	stamp := w.date.Format("20060102150405")
	edits = append(edits,
		edit{old: "/CreationDate (D:" + stamp + ")", new: "/CreationDate (D:" + stamp + "Z)", want: 1},
		edit{old: "/ModDate (D:" + stamp + ")", new: "/ModDate (D:" + stamp + "Z)", want: 1})
	var id [md5.Size]byte
	if w.info.ID != "" {
		id = md5.Sum([]byte(w.info.ID))
	} else {
		// Without an identifier, the file's own contents make one.
		h := md5.New()
		h.Write(buf.Bytes())
		for _, s := range w.streams {
			h.Write(s)
		}
		h.Sum(id[:0])
	}
	// fpdf numbers page n's object 2n+1 and its content stream 2n+2.
	contents := make([]int, w.pages)
	for n := range contents {
		contents[n] = 2*(n+1) + 2
	}
	var extend func(first int) (*structure, error)
	if w.tags != nil {
		labels := pageLabels(labels, w.pages)
		extend = func(first int) (*structure, error) {
			return w.tags.build(first, func(i int) int { return 2*(i+1) + 1 }, labels)
		}
	}
	out, err := finish(buf.Bytes(), contents, w.streams, edits, id[:], extend)
	if err != nil {
		return nil, fmt.Errorf("finishing file: %w", err)
	}
	return out, nil
}

// metadata fills in the information dictionary and the catalog language.
// Strings are handed to fpdf already encoded as UTF-16, since fpdf's own
// conversion cannot encode characters beyond the BMP.
func (w *writer) metadata() {
	pdf, info := w.doc, w.info
	pdf.SetTitle(utf16Text(info.Title), false)
	pdf.SetAuthor(utf16Text(info.Author), false)
	pdf.SetSubject(utf16Text(info.Subject), false)
	pdf.SetKeywords(utf16Text(info.Keywords), false)
	pdf.SetCreator(utf16Text(info.Creator), false)
	if info.Producer != "" {
		pdf.SetProducer(utf16Text(info.Producer), false)
	}
	if info.Lang != "" {
		pdf.SetLang(info.Lang)
	}
	if w.tags != nil {
		pdf.SetXmpMetadata(xmp(info, w.date))
	}
	pdf.SetCreationDate(w.date)
	pdf.SetModificationDate(w.date)
}

// registerImage adds im, the first time a page uses it, under its Key.
// Images with the same data but different keys share one registration.
func (w *writer) registerImage(im *page.Image) error {
	seq := w.images // counts keys, shared data or not
	w.images++
	sum := md5.Sum(im.Data)
	if name, ok := w.byData[sum]; ok {
		w.imageFor[imageKey(im)] = name
		return nil
	}
	name := "img" + strconv.Itoa(seq)
	opts := fpdf.ImageOptions{ImageType: imageType(im.Format), AllowNegativePosition: true}
	info := w.doc.RegisterImageOptionsReader(name, opts, bytes.NewReader(im.Data))
	if err := w.doc.Error(); err != nil {
		return fmt.Errorf("image %q: %w", im.Key, err)
	}
	if info == nil {
		return fmt.Errorf("image %q: not registered", im.Key)
	}
	if err := orderImage(info, seq); err != nil {
		return fmt.Errorf("image %q: %w", im.Key, err)
	}
	id, err := imageID(w.doc, name)
	if err != nil {
		return fmt.Errorf("image %q: %w", im.Key, err)
	}
	w.imageIDs[name] = id
	w.byData[sum] = name
	w.imageFor[imageKey(im)] = name
	return nil
}

// orderImage makes fpdf write images in a fixed order. fpdf sorts images by
// pixel width and leaves images of equal width in map order, which changes
// from run to run. Adding seq/2²⁴ to the stored width breaks the ties by
// first use; fpdf writes the width truncated to an integer, so the file
// still carries the true width. The field is only reachable through the
// gob round trip fpdf offers.
func orderImage(info *fpdf.ImageInfoType, seq int) error {
	raw, err := info.GobEncode()
	if err != nil {
		return err
	}
	var (
		data, smask, pal []byte
		n, bpc           int
		wd, ht           float64
		cs, filter, dp   string
		trns             []int
		scale, dpi       float64
	)
	dec := gob.NewDecoder(bytes.NewReader(raw))
	fields := []any{&data, &smask, &n, &wd, &ht, &cs, &pal, &bpc, &filter, &dp, &trns, &scale, &dpi}
	for _, f := range fields {
		if err := dec.Decode(f); err != nil {
			return fmt.Errorf("reading image record: %w", err)
		}
	}
	if seq >= 1<<23 {
		return errors.New("too many images")
	}
	wd = float64(int(wd)) + float64(seq)/(1<<24)
	var out bytes.Buffer
	enc := gob.NewEncoder(&out)
	for _, f := range []any{data, smask, n, wd, ht, cs, pal, bpc, filter, dp, trns, scale, dpi} {
		if err := enc.Encode(f); err != nil {
			return fmt.Errorf("writing image record: %w", err)
		}
	}
	return info.GobDecode(out.Bytes())
}

// drawItems draws the items of page pi in order.
func (w *writer) drawItems(items []page.Item, pi int) {
	pdf := w.pdf
	defer w.closeMark()
	for _, it := range items {
		switch v := it.(type) {
		case *page.Text:
			if v.Text == "" && !w.provisional {
				continue
			}
			w.mark(v.Elem, pi)
			f := w.faces[v.Font]
			if w.font != f || w.size != v.Size {
				w.pageFaces |= f.bit()
				pdf.SetFont(f.family, "", v.Size.Points())
				w.font, w.size, w.anyFont = f, v.Size, true
			}
			if !w.textSet || w.textColor != v.Color {
				pdf.SetTextColor(int(v.Color.R), int(v.Color.G), int(v.Color.B))
				w.textColor, w.textSet = v.Color, true
			}
			if v.Expand != w.expand {
				// Horizontal scaling (Tz) is part of the text state, which
				// lasts from one text object to the next.
				pdf.RawWriteStr(strconv.FormatFloat(100+float64(v.Expand)/10, 'f', -1, 64) + " Tz")
				w.expand = v.Expand
			}
			if v.Text == "" {
				continue // to be filled in: the state is set, nothing drawn
			}
			text := v.Text
			if v.SpaceAfter {
				// An invisible space, for text extraction and the
				// structure tree: the next word is placed on its own.
				text += " "
			}
			if v.Slant != 0 {
				// An oblique: skew about the baseline's start.
				pdf.TransformBegin()
				pdf.TransformSkewX(math.Atan(v.Slant)*180/math.Pi, v.X.Points(), v.Y.Points())
				w.text(v.X.Points(), v.Y.Points(), bmpText(text, f))
				pdf.TransformEnd()
				continue
			}
			w.text(v.X.Points(), v.Y.Points(), bmpText(text, f))
		case *page.Image:
			w.mark(v.Elem, pi)
			w.image(w.imageIDs[w.imageFor[imageKey(v)]], v.X.Points(), v.Y.Points(), v.W.Points(), v.H.Points())
		case *page.Rule:
			if v.W == 0 || v.H == 0 {
				continue
			}
			w.mark(v.Elem, pi)
			if !w.fillSet || w.fillColor != v.Color {
				pdf.SetFillColor(int(v.Color.R), int(v.Color.G), int(v.Color.B))
				w.fillColor, w.fillSet = v.Color, true
			}
			pdf.Rect(v.X.Points(), v.Y.Points(), v.W.Points(), v.H.Points(), "F")
		case *page.Link:
			if w.replay {
				continue // added when the page was first drawn
			}
			// Annotations belong to the document's page, not its contents.
			x, y, wd, ht := v.X.Points(), v.Y.Points(), v.W.Points(), v.H.Points()
			if v.URL != "" {
				uri := uriText(v.URL)
				w.annots[pi] = append(w.annots[pi], func() { w.doc.LinkString(x, y, wd, ht, uri) })
			} else {
				id := w.linkIDs[v.Dest]
				w.annots[pi] = append(w.annots[pi], func() { w.doc.Link(x, y, wd, ht, id) })
			}
			contents := v.Contents
			if contents == "" {
				contents = v.URL
			}
			w.annot(v.Elem, contents, pi)
		case *page.Path:
			w.mark(v.Elem, pi)
			w.drawPath(v)
		case *page.Dest:
			// collected by plan
		}
	}
}

// outline adds the bookmarks in Document.Outline order. fpdf attaches a
// bookmark to the current page, so each is added after switching back to
// its destination's page; fpdf also measures every bookmark's position
// against the height of the last page, which is compensated here.
func (w *writer) outline(bookmarks []page.Bookmark) {
	pdf := w.doc
	if len(bookmarks) == 0 {
		return
	}
	last := pdf.PageNo()
	lastH := w.heights[last-1]
	prev := -1
	for _, b := range bookmarks {
		t := w.dests[b.Dest]
		// fpdf links an entry to the most recent entry one level up, so
		// a level may be at most one deeper than the one before.
		level := max(0, min(b.Level, prev+1))
		prev = level
		title := utf16Text(b.Title)
		if w.anyFont {
			// fpdf converts the title itself when a UTF-8 font is current.
			title = bmpText(b.Title, nil)
		}
		pdf.SetPage(t.page)
		pdf.Bookmark(title, level, t.y+lastH-w.heights[t.page-1])
	}
	pdf.SetPage(last)
}
