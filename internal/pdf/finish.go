package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
)

// An edit replaces every occurrence of old in the resources part of the
// file (from the page tree root to the cross-reference table) by new; want
// is how many there must be.
type edit struct {
	old, new string
	want     int
}

// A span is a stretch [pos, end) of the file to be replaced by repl.
type span struct {
	pos, end int
	repl     []byte
	// A content stream is written as repl, then *data (let go once
	// written), then tail, rather than copied into repl.
	data *[]byte
	tail string
}

// size is how many bytes s writes.
func (s *span) size() int {
	n := len(s.repl) + len(s.tail)
	if s.data != nil {
		n += len(*s.data)
	}
	return n
}

// finish rewrites the file fpdf produced where fpdf offers no option. It
// replaces the content stream of each object contents[k] by streams[k],
// compressed already (see drawPages), applies the edits, corrects the cross-reference table for everything that
// moved, and adds the file identifier id to the trailer. It expects the
// single-section table and trailer fpdf writes and refuses anything else.
//
// If extend is not nil, it is called with the first free object number and
// returns the structure objects of a tagged file: they are appended, the
// catalog and page objects get their keys, and each page's link
// annotations move from fpdf's inline dictionaries into objects of their
// own, which the structure tree can reference.
func finish(b []byte, contents []int, streams [][]byte, edits []edit, id []byte, extend func(first int) (*structure, error)) ([]byte, error) {
	const sx = "\nstartxref\n"
	i := bytes.LastIndex(b, []byte(sx))
	if i < 0 {
		return nil, errors.New("no startxref")
	}
	rest := b[i+len(sx):]
	j := bytes.IndexByte(rest, '\n')
	if j < 0 {
		return nil, errors.New("malformed startxref")
	}
	xref, err := strconv.Atoi(string(rest[:j]))
	if err != nil || xref < 0 || xref > i || !bytes.HasPrefix(b[xref:], []byte("xref\n")) {
		return nil, errors.New("startxref does not point at the cross-reference table")
	}
	tail := rest[j:] // "\n%%EOF\n"

	// Cross-reference table: "xref\n0 N\n" and N entries of 20 bytes.
	t := b[xref+len("xref\n") : i+1]
	nl := bytes.IndexByte(t, '\n')
	if nl < 0 {
		return nil, errors.New("malformed cross-reference table")
	}
	var first, count int
	if _, err := fmt.Sscanf(string(t[:nl]), "%d %d", &first, &count); err != nil || first != 0 || count < 1 {
		return nil, errors.New("malformed cross-reference subsection header")
	}
	entries := t[nl+1:]
	if len(entries) < 20*count {
		return nil, errors.New("cross-reference table truncated")
	}
	offsets := make([]int, count) // -1 for free entries
	for k := range count {
		e := entries[20*k : 20*k+20]
		if e[10] != ' ' || e[16] != ' ' || e[18] != ' ' || e[19] != '\n' || e[17] != 'n' && e[17] != 'f' {
			return nil, fmt.Errorf("malformed cross-reference entry %d", k)
		}
		offsets[k] = -1
		if e[17] == 'n' {
			off, err := strconv.Atoi(string(e[:10]))
			if err != nil || off >= xref {
				return nil, fmt.Errorf("malformed cross-reference entry %d", k)
			}
			offsets[k] = off
		}
	}
	trailer := entries[20*count:]
	if !bytes.HasPrefix(trailer, []byte("trailer\n<<\n")) || !bytes.HasSuffix(trailer, []byte("\n>>\n")) {
		return nil, errors.New("malformed trailer")
	}
	if bytes.Contains(trailer, []byte("/ID")) {
		return nil, errors.New("trailer already has an /ID")
	}

	body := b[:xref]
	var spans []span

	var st *structure
	if extend != nil {
		var err error
		if st, err = extend(count); err != nil {
			return nil, err
		}
		edits = append(edits, edit{old: "/Type /Catalog\n", new: "/Type /Catalog\n" + st.catalogKeys, want: 1})
		pageNums := make([]int, 0, len(st.pageEdits))
		for n := range st.pageEdits {
			pageNums = append(pageNums, n)
		}
		slices.Sort(pageNums)
		for _, n := range pageNums {
			if n <= 0 || n >= count || offsets[n] < 0 {
				return nil, fmt.Errorf("page object %d missing", n)
			}
			sp, err := tagPage(body, offsets[n], n, st)
			if err != nil {
				return nil, err
			}
			spans = append(spans, sp...)
		}
		for k, o := range st.objs {
			if o == nil {
				return nil, fmt.Errorf("object %d not written", count+k)
			}
		}
	}

	// Content streams: each replaced by its compressed stream.
	if len(streams) != len(contents) {
		return nil, fmt.Errorf("%d content streams for %d content objects", len(streams), len(contents))
	}
	for k, n := range contents {
		if n <= 0 || n >= count || offsets[n] < 0 {
			return nil, fmt.Errorf("content object %d missing", n)
		}
		pos := offsets[n]
		head := strconv.Itoa(n) + " 0 obj\n<</Length "
		if !bytes.HasPrefix(body[pos:], []byte(head)) {
			return nil, fmt.Errorf("object %d is not an uncompressed stream", n)
		}
		p := pos + len(head)
		q := bytes.IndexByte(body[p:], '>')
		if q < 0 {
			return nil, fmt.Errorf("object %d: malformed stream dictionary", n)
		}
		length, err := strconv.Atoi(string(body[p : p+q]))
		if err != nil || length < 0 {
			return nil, fmt.Errorf("object %d: malformed stream length", n)
		}
		p += q
		if !bytes.HasPrefix(body[p:], []byte(streamOpen)) || p+len(streamOpen)+length+len(streamShut) > len(body) ||
			!bytes.HasPrefix(body[p+len(streamOpen)+length:], []byte(streamShut)) {
			return nil, fmt.Errorf("object %d: malformed stream", n)
		}
		flate := strconv.Itoa(n) + " 0 obj\n<</Filter /FlateDecode /Length " + strconv.Itoa(len(streams[k])) + streamOpen
		spans = append(spans, span{pos: pos, end: p + len(streamOpen) + length + len(streamShut), repl: []byte(flate), data: &streams[k], tail: streamShut})
	}

	// Edits, in the part after the pages: the page tree root (object 1)
	// is written after the last page.
	from := 0
	if count > 1 && offsets[1] >= 0 {
		from = offsets[1]
	}
	for _, e := range edits {
		n := 0
		for off := from; ; {
			p := bytes.Index(body[off:], []byte(e.old))
			if p < 0 {
				break
			}
			spans = append(spans, span{pos: off + p, end: off + p + len(e.old), repl: []byte(e.new)})
			off += p + len(e.old)
			n++
		}
		if n != e.want {
			return nil, fmt.Errorf("found %q %d times, want %d", e.old, n, e.want)
		}
	}

	slices.SortFunc(spans, func(a, b span) int { return a.pos - b.pos })
	size := len(body)
	for k, s := range spans {
		if k > 0 && s.pos < spans[k-1].end {
			return nil, errors.New("overlapping edits")
		}
		size += s.size() - (s.end - s.pos)
	}
	// shift[k] is how far everything after spans[k-1] moves.
	shift := make([]int, len(spans)+1)
	for k, s := range spans {
		shift[k+1] = shift[k] + s.size() - (s.end - s.pos)
	}
	moved := func(off int) int {
		k := sort.Search(len(spans), func(k int) bool { return spans[k].pos >= off })
		return off + shift[k]
	}

	out := make([]byte, 0, size+len(b)-xref+64)
	last := 0
	for _, s := range spans {
		out = append(out, body[last:s.pos]...)
		out = append(out, s.repl...)
		if s.data != nil {
			out = append(out, *s.data...)
			*s.data = nil // written: the file holds it now
			out = append(out, s.tail...)
		}
		last = s.end
	}
	out = append(out, body[last:]...)
	if st != nil && bytes.HasPrefix(out, []byte("%PDF-1.")) && out[7] < '7' {
		// Tagged PDF as PDF/UA-1 knows it is PDF 1.7 (ISO 32000-1).
		out[7] = '7'
	}
	h := hex.EncodeToString(id)
	if st != nil {
		return xrefStream(out, count, offsets, moved, trailer, st, h, tail)
	}
	newXref := len(out)
	out = append(out, "xref\n"...)
	out = append(out, t[:nl+1]...)
	for k := range count {
		e := entries[20*k : 20*k+20]
		if offsets[k] < 0 {
			out = append(out, e...)
			continue
		}
		out = fmt.Appendf(out, "%010d", moved(offsets[k]))
		out = append(out, e[10:]...)
	}
	out = append(out, trailer[:len(trailer)-len(">>\n")]...)
	out = append(out, "/ID [<"+h+"> <"+h+">]\n>>\nstartxref\n"...)
	out = strconv.AppendInt(out, int64(newXref), 10)
	out = append(out, tail...)
	return out, nil
}

// The frame of an uncompressed stream object as fpdf writes it.
const streamOpen, streamShut = ">>\nstream\n", "\nendstream\nendobj\n"

// tagPage returns the spans that tag the page object n at pos: keys added
// after its type, and its inline link annotations replaced by references
// to the objects st numbers for them, whose text it fills in.
func tagPage(body []byte, pos, n int, st *structure) ([]span, error) {
	head := strconv.Itoa(n) + " 0 obj\n<</Type /Page\n"
	if !bytes.HasPrefix(body[pos:], []byte(head)) {
		return nil, fmt.Errorf("object %d is not a page", n)
	}
	end := bytes.Index(body[pos:], []byte("\nendobj\n"))
	if end < 0 {
		return nil, fmt.Errorf("page object %d has no end", n)
	}
	obj := body[pos : pos+end]
	spans := []span{{pos: pos + len(head), end: pos + len(head), repl: []byte(st.pageEdits[n])}}
	refs := st.annots[n]
	const open = "\n/Annots ["
	a := bytes.Index(obj, []byte(open))
	if a < 0 {
		if len(refs) > 0 {
			return nil, fmt.Errorf("page object %d has no annotations, want %d", n, len(refs))
		}
		return spans, nil
	}
	a += len(open)
	e := bytes.Index(obj[a:], []byte("]\n"))
	if e < 0 {
		return nil, fmt.Errorf("page object %d: malformed annotations", n)
	}
	// fpdf writes each link as "<</Type /Annot ...>>" with nothing in
	// between; URIs are percent-encoded, so the marker never occurs
	// inside one.
	const mark = "<</Type /Annot "
	list := obj[a : a+e]
	var dicts [][]byte
	for len(list) > 0 {
		if !bytes.HasPrefix(list, []byte(mark)) {
			return nil, fmt.Errorf("page object %d: unexpected annotation %.20q", n, list)
		}
		next := bytes.Index(list[len(mark):], []byte(mark))
		if next < 0 {
			dicts, list = append(dicts, list), nil
			break
		}
		dicts, list = append(dicts, list[:len(mark)+next]), list[len(mark)+next:]
	}
	if len(dicts) != len(refs) {
		return nil, fmt.Errorf("page object %d has %d annotations, want %d", n, len(dicts), len(refs))
	}
	var repl bytes.Buffer
	for k, d := range dicts {
		if !bytes.HasSuffix(d, []byte(">>")) {
			return nil, fmt.Errorf("page object %d: malformed annotation", n)
		}
		if k > 0 {
			repl.WriteByte(' ')
		}
		o := refs[k]
		fmt.Fprintf(&repl, "%d 0 R", o)
		obj := append(append([]byte{}, d[:len(d)-2]...), st.annotDicts[o]...)
		obj = fmt.Appendf(obj, " /P %d 0 R>>", n)
		st.objs[o-st.first] = obj
	}
	spans = append(spans, span{pos: pos + a, end: pos + a + e, repl: repl.Bytes()})
	return spans, nil
}

// objsPerStream is how many structure objects go in one object stream.
const objsPerStream = 400

// xrefStream ends a tagged file: it packs the structure objects st adds,
// which are many and small, into compressed object streams (PDF 1.5), and
// writes a cross-reference stream in place of fpdf's table, since objects
// in object streams can only be found through one. out is the file so
// far; count, offsets and moved describe fpdf's objects; trailer is fpdf's
// trailer dictionary, whose /Root and /Info are kept.
func xrefStream(out []byte, count int, offsets []int, moved func(int) int, trailer []byte, st *structure, id string, tail []byte) ([]byte, error) {
	keys := map[string]string{}
	for _, k := range []string{"/Root ", "/Info "} {
		i := bytes.Index(trailer, []byte("\n"+k))
		if i < 0 {
			return nil, fmt.Errorf("trailer has no %s", k)
		}
		v := trailer[i+1+len(k):]
		v = v[:bytes.IndexByte(v, '\n')]
		keys[k] = string(v)
	}
	type entry struct {
		typ      byte
		f2       int
		f3       uint16
		inStream bool
	}
	n := len(st.objs)
	streams := (n + objsPerStream - 1) / objsPerStream
	size := count + n + streams + 1
	xs := make([]entry, size)
	xs[0] = entry{typ: 0, f2: 0, f3: 0xFFFF}
	for k := 1; k < count; k++ {
		if offsets[k] < 0 {
			xs[k] = entry{typ: 0, f3: 0}
			continue
		}
		xs[k] = entry{typ: 1, f2: moved(offsets[k])}
	}
	var zbuf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&zbuf, zlib.DefaultCompression)
	if err != nil {
		return nil, err
	}
	for s := 0; s < streams; s++ {
		num := count + n + s
		var head, data bytes.Buffer
		lo, hi := s*objsPerStream, min(n, (s+1)*objsPerStream)
		for k := lo; k < hi; k++ {
			fmt.Fprintf(&head, "%d %d ", count+k, data.Len())
			data.Write(st.objs[k])
			data.WriteByte('\n')
			xs[count+k] = entry{typ: 2, f2: num, f3: uint16(k - lo)}
		}
		zbuf.Reset()
		zw.Reset(&zbuf)
		zw.Write(head.Bytes())
		zw.Write(data.Bytes())
		if err := zw.Close(); err != nil {
			return nil, err
		}
		xs[num] = entry{typ: 1, f2: len(out)}
		out = fmt.Appendf(out, "%d 0 obj\n<</Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d>>\nstream\n", num, hi-lo, head.Len(), zbuf.Len())
		out = append(out, zbuf.Bytes()...)
		out = append(out, "\nendstream\nendobj\n"...)
	}
	self := size - 1
	xref := len(out)
	xs[self] = entry{typ: 1, f2: xref}
	var raw bytes.Buffer
	for _, e := range xs {
		if e.f2 < 0 || e.f2 > 1<<32-1 {
			return nil, errors.New("file too large for the cross-reference stream")
		}
		raw.Write([]byte{e.typ, byte(e.f2 >> 24), byte(e.f2 >> 16), byte(e.f2 >> 8), byte(e.f2), byte(e.f3 >> 8), byte(e.f3)})
	}
	zbuf.Reset()
	zw.Reset(&zbuf)
	zw.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		return nil, err
	}
	out = fmt.Appendf(out, "%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] /Root %s /Info %s /ID [<%s> <%s>] /Filter /FlateDecode /Length %d>>\nstream\n",
		self, size, keys["/Root "], keys["/Info "], id, id, zbuf.Len())
	out = append(out, zbuf.Bytes()...)
	out = append(out, "\nendstream\nendobj\nstartxref\n"...)
	out = strconv.AppendInt(out, int64(xref), 10)
	out = append(out, tail...)
	return out, nil
}
