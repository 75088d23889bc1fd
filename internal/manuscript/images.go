package manuscript

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // register decoders for DecodeConfig and Decode
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp" // register the WebP decoder

	"github.com/galley-press/galley/internal/diag"
	"github.com/galley-press/galley/internal/doc"
)

// MaxSVGSide is the largest width or height, in CSS pixels, an SVG image may
// declare.
const MaxSVGSide = 100000

// loadImages reads every image the document uses, checking paths, formats,
// sizes and alt text. An image's path is relative to the Markdown file that
// names it; Image.Src becomes the path relative to the manuscript folder.
func (ld *loading) loadImages() {
	// Each distinct file is read and decoded once: seen holds those that
	// loaded, failed the reasons of those that did not.
	seen := map[string]*doc.Image{}
	failed := map[string]error{}
	dropped := map[*doc.Image]bool{}
	load := func(img *doc.Image, dir string) {
		if img.Raw {
			// Raw HTML never fails a build: its image is checked on a copy
			// and left out, with a warning, if anything is wrong with it.
			probe := *img
			probe.Raw = false
			var d diag.List
			sub := *ld
			sub.diags = &d
			sub.loadImage(&probe, dir, seen, failed)
			if d.Len() == 0 {
				*img = probe
				img.Raw = true
				return
			}
			for _, m := range d.Items() {
				ld.diags.Warnf(m.Pos, "raw HTML <img> left out: %s", m.Msg)
			}
			dropped[img] = true
			return
		}
		ld.loadImage(img, dir, seen, failed)
	}
	visitor := func(dir string) func(doc.Node) bool {
		return func(n doc.Node) bool {
			switch n := n.(type) {
			case *doc.Figure:
				load(n.Image, dir)
				return false
			case *doc.Image:
				load(n, dir)
			}
			return true
		}
	}
	ld.eachImage(load, visitor)
	if len(dropped) > 0 {
		ld.dropImages(dropped)
	}
}

// loadImage reads one image, reporting its problems: no alt text, a path
// that is refused, a file that cannot be read or decoded. Each distinct
// file is read and decoded once: seen holds those that loaded, failed the
// reasons of those that did not.
func (ld *loading) loadImage(img *doc.Image, dir string, seen map[string]*doc.Image, failed map[string]error) {
	if img.Alt == "" && !img.Decorative {
		ld.diags.Errorf(img.Pos(), "image %q has no alt text", img.Src)
	}
	p, err := ld.resolveFrom(dir, img.Src)
	if err == nil {
		img.Src = p
		if prev, ok := seen[p]; ok {
			img.Data, img.Format, img.Width, img.Height = prev.Data, prev.Format, prev.Width, prev.Height
			return
		}
		if err = failed[p]; err == nil {
			err = ld.readImage(img, p)
			if err != nil {
				failed[p] = err
			}
		}
	}
	if err != nil {
		ld.diags.Errorf(img.Pos(), "image %q: %v", img.Src, err)
		return
	}
	ld.hash.Write(img.Data)
	seen[p] = img
}

// eachImage calls load for every image of the document, with the folder
// its path is relative to.
func (ld *loading) eachImage(load func(*doc.Image, string), visitor func(string) func(doc.Node) bool) {
	meta := func(m *doc.Meta, dir string) {
		if m == nil {
			return
		}
		if m.Cover != nil {
			load(m.Cover, dir)
		}
		if m.Hero != nil {
			load(m.Hero.Image, dir)
		}
		for _, a := range m.Authors {
			doc.Inspect(a.Bio, visitor(dir))
		}
	}
	meta(&ld.d.Meta, ld.metaDir)
	for i, ch := range ld.d.Chapters {
		dir := path.Dir(ld.paths[i])
		meta(ch.Meta, dir)
		doc.Inspect(ch.Blocks, visitor(dir))
		for _, n := range ch.Notes {
			doc.Inspect(n.Blocks, visitor(dir))
		}
	}
}

// dropImages leaves the images in drop out of the document: as inlines,
// and the figures they make.
func (ld *loading) dropImages(drop map[*doc.Image]bool) {
	in := func(in []doc.Inline) []doc.Inline {
		var out []doc.Inline
		for i, x := range in {
			if img, ok := x.(*doc.Image); ok && drop[img] {
				if out == nil {
					out = append([]doc.Inline{}, in[:i]...)
				}
				continue
			}
			if out != nil {
				out = append(out, x)
			}
		}
		if out == nil {
			return in
		}
		return out
	}
	var blocks func([]doc.Block) []doc.Block
	blocks = func(bs []doc.Block) []doc.Block {
		out := bs[:0:0]
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Figure:
				if drop[b.Image] {
					if len(b.Caption) > 0 {
						out = append(out, &doc.Paragraph{Span: b.Span, Text: b.Caption})
					}
					continue
				}
			case *doc.Blockquote:
				b.Blocks = blocks(b.Blocks)
			case *doc.List:
				for _, it := range b.Items {
					it.Blocks = blocks(it.Blocks)
				}
			}
			out = append(out, b)
		}
		return out
	}
	for i := range ld.d.Meta.Authors {
		ld.d.Meta.Authors[i].Bio = blocks(ld.d.Meta.Authors[i].Bio)
		doc.EditInlines(ld.d.Meta.Authors[i].Bio, in)
	}
	for _, ch := range ld.d.Chapters {
		ch.Blocks = blocks(ch.Blocks)
		doc.EditInlines(ch.Blocks, in)
		for _, n := range ch.Notes {
			n.Blocks = blocks(n.Blocks)
			doc.EditInlines(n.Blocks, in)
		}
		if ch.Meta != nil {
			for i := range ch.Meta.Authors {
				ch.Meta.Authors[i].Bio = blocks(ch.Meta.Authors[i].Bio)
				doc.EditInlines(ch.Meta.Authors[i].Bio, in)
			}
		}
	}
}

var (
	errOutside  = errors.New("path leads outside the manuscript folder")
	errNotFound = errors.New("file not found")
)

// resolve checks that src names a file inside the manuscript folder and
// returns its slash path in l.FS.
func (l *Loader) resolve(src string) (string, error) {
	return l.resolveFrom(".", src)
}

// resolveFrom checks that src, a path relative to the folder dir (a slash
// path in l.FS), names a file inside the manuscript folder, and returns its
// slash path in l.FS.
func (l *Loader) resolveFrom(dir, src string) (string, error) {
	switch {
	case strings.Contains(src, "://") || strings.HasPrefix(src, "//") || strings.HasPrefix(strings.ToLower(src), "data:"):
		return "", errors.New("URLs are not fetched: put the file in the manuscript folder")
	case strings.HasPrefix(src, "/") || filepath.IsAbs(src) || strings.Contains(src, "\\"):
		return "", errors.New("absolute paths are not allowed: use a path relative to the manuscript folder")
	}
	p := path.Clean(path.Join(dir, src))
	if !fs.ValidPath(p) || p == "." {
		return "", errOutside
	}
	if l.Dir != "" {
		real, err := filepath.EvalSymlinks(filepath.Join(l.Dir, filepath.FromSlash(p)))
		if err != nil {
			return "", errNotFound
		}
		root, err := filepath.EvalSymlinks(l.Dir)
		if err != nil {
			return "", err
		}
		rel, err := filepath.Rel(root, real)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", errOutside
		}
	}
	return p, nil
}

// readImage reads the image at p, a checked path in l.FS, into img.
// doctype matches a document type declaration without an internal
// subset, such as the one naming SVG 1.1's DTD that drawing tools write.
var doctype = regexp.MustCompile(`<!DOCTYPE[^\[>]*>`)

// dropDoctype returns an SVG without its document type declaration, if
// it has one without an internal subset: EPUB forbids the external DTD it
// names, and nothing in the image depends on it.
func dropDoctype(data []byte) []byte {
	head := data[:min(len(data), 4096)]
	loc := doctype.FindIndex(head)
	if loc == nil || bytes.Contains(head[:loc[0]], []byte("<svg")) {
		return data
	}
	return slices.Concat(data[:loc[0]], data[loc[1]:])
}

func (l *Loader) readImage(img *doc.Image, p string) error {
	f, err := l.FS.Open(p)
	if err != nil {
		return errNotFound
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxImageSize+1))
	if err != nil {
		return fmt.Errorf("cannot read: %v", err)
	}
	if len(data) > MaxImageSize {
		return fmt.Errorf("file is larger than the limit of %d bytes", MaxImageSize)
	}
	if strings.EqualFold(path.Ext(p), ".svg") || looksLikeXML(data) {
		w, h, err := svgSize(data)
		if err != nil {
			return err
		}
		img.Data, img.Format, img.Width, img.Height = dropDoctype(data), "svg", w, h
		return nil
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return errors.New("not a PNG, JPEG, GIF, WebP or SVG image, or the file is damaged")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || float64(cfg.Width)*float64(cfg.Height) > MaxImagePixels {
		return fmt.Errorf("%d×%d pixels is outside the limit of %d pixels", cfg.Width, cfg.Height, int(MaxImagePixels))
	}
	// The header alone passes for a file cut short after it; decoding the
	// whole image, once the pixel limit bounds its memory, finds the damage
	// here, with the image's position, rather than in the PDF writer. A
	// plain PNG is checked as thoroughly without making its pixels.
	if format != "png" || !pngSound(data) {
		if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
			return fmt.Errorf("the file is damaged (%s)", decodeProblem(format, err))
		}
	}
	img.Data, img.Format, img.Width, img.Height = data, format, cfg.Width, cfg.Height
	return nil
}

// decodeProblem words a decoder's error for a diagnostic: without the
// format's name, which the decoders put first ("png: invalid format: …").
func decodeProblem(format string, err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, format+": ")
	if msg == "" {
		return "unreadable"
	}
	return msg
}

// looksLikeXML reports whether data starts, after a byte order mark and
// white space, with "<": no raster format does.
func looksLikeXML(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '<'
}

const svgNS = "http://www.w3.org/2000/svg"

// svgSize reads an SVG image's size in CSS pixels from its root element's
// width, height and viewBox, and refuses an image that could run code or
// fetch anything: scripts, event handler attributes, foreignObject,
// entity declarations, and references that are neither "#fragment" nor
// "data:image/…" (in href attributes, url() values and @import). Such an
// image is refused rather than cleaned, so that the book shows exactly the
// file the author gave.
func svgSize(data []byte) (int, int, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	at := func(format string, args ...any) error {
		line, _ := dec.InputPos()
		return fmt.Errorf("line %d: %s", line, fmt.Sprintf(format, args...))
	}
	root := true
	inStyle := 0
	var width, height, viewBox string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return 0, 0, fmt.Errorf("line %d: SVG is not well-formed XML: %s", se.Line, se.Msg)
			}
			return 0, 0, fmt.Errorf("SVG is not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.Contains(t, []byte("ENTITY")) {
				return 0, 0, at("entity declarations are not allowed in an SVG image")
			}
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			isRoot := root
			if root {
				if name != "svg" || t.Name.Space != svgNS {
					return 0, 0, at("the root element is not <svg> in the SVG namespace %q", svgNS)
				}
				root = false
			}
			switch name {
			case "script":
				return 0, 0, at("<script> is not allowed in an SVG image")
			case "foreignobject":
				return 0, 0, at("<foreignObject> is not allowed in an SVG image")
			case "style":
				inStyle++
			}
			for _, a := range t.Attr {
				an := strings.ToLower(a.Name.Local)
				switch {
				case strings.HasPrefix(an, "on"):
					return 0, 0, at("event handler attribute %q is not allowed in an SVG image", a.Name.Local)
				case an == "href" && !localRef(a.Value):
					return 0, 0, at("reference to %q is not allowed: an SVG image may refer only to itself (\"#id\") or to embedded data", a.Value)
				}
				if ref, ok := outsideURL(a.Value); ok {
					return 0, 0, at("reference to %q is not allowed: an SVG image may refer only to itself (\"#id\") or to embedded data", ref)
				}
				if isRoot && a.Name.Space == "" {
					switch a.Name.Local {
					case "width":
						width = a.Value
					case "height":
						height = a.Value
					case "viewBox":
						viewBox = a.Value
					}
				}
			}
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, "style") && inStyle > 0 {
				inStyle--
			}
		case xml.CharData:
			if inStyle > 0 {
				if bytes.Contains(bytes.ToLower(t), []byte("@import")) {
					return 0, 0, at("@import is not allowed in an SVG image's style")
				}
				if ref, ok := outsideURL(string(t)); ok {
					return 0, 0, at("reference to %q is not allowed: an SVG image may refer only to itself (\"#id\") or to embedded data", ref)
				}
			}
		}
	}
	if root {
		return 0, 0, errors.New("SVG has no root element")
	}
	return svgDims(width, height, viewBox)
}

// localRef reports whether an SVG reference stays inside the image.
func localRef(v string) bool {
	v = strings.TrimSpace(v)
	return strings.HasPrefix(v, "#") || strings.HasPrefix(strings.ToLower(v), "data:image/")
}

// outsideURL finds a CSS url(…) in s whose target is not local.
func outsideURL(s string) (string, bool) {
	low := strings.ToLower(s)
	for off := 0; ; {
		i := strings.Index(low[off:], "url(")
		if i < 0 {
			return "", false
		}
		start := off + i + len("url(")
		end := strings.IndexByte(s[start:], ')')
		if end < 0 {
			end = len(s) - start
		}
		ref := strings.Trim(strings.TrimSpace(s[start:start+end]), `"'`)
		if !localRef(ref) {
			return ref, true
		}
		off = start
	}
}

// svgDims turns an SVG root's width, height and viewBox into pixels.
func svgDims(width, height, viewBox string) (int, int, error) {
	var vw, vh float64
	if viewBox != "" {
		f := strings.FieldsFunc(viewBox, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
		if len(f) != 4 {
			return 0, 0, fmt.Errorf("SVG viewBox %q is not four numbers", viewBox)
		}
		var err1, err2 error
		vw, err1 = strconv.ParseFloat(f[2], 64)
		vh, err2 = strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil || !(vw > 0) || !(vh > 0) {
			return 0, 0, fmt.Errorf("SVG viewBox %q has no positive width and height", viewBox)
		}
	}
	w, wok := cssPixels(width)
	h, hok := cssPixels(height)
	switch {
	case wok && hok:
	case wok && vw > 0:
		h = w * vh / vw
	case hok && vw > 0:
		w = h * vw / vh
	case vw > 0:
		w, h = vw, vh
	default:
		return 0, 0, errors.New("SVG has no width and height or viewBox, so its size is unknown")
	}
	if !(w >= 0.5) || !(h >= 0.5) || w > MaxSVGSide || h > MaxSVGSide {
		return 0, 0, fmt.Errorf("SVG size %.0f×%.0f is outside 1 to %d pixels a side", w, h, MaxSVGSide)
	}
	return int(math.Round(w)), int(math.Round(h)), nil
}

// cssPixels reads an absolute CSS length ("120", "120px", "3cm") as pixels
// at 96 per inch. Relative lengths (%, em) are not sizes.
func cssPixels(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		px     float64
	}{{"px", 1}, {"pt", 96.0 / 72}, {"pc", 16}, {"mm", 96 / 25.4}, {"cm", 96 / 2.54}, {"in", 96}, {"", 1}}
	for _, u := range units {
		if !strings.HasSuffix(s, u.suffix) {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, false
		}
		return v * u.px, true
	}
	return 0, false
}
