package pack

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"time"
)

const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
  <rootfiles>
    <rootfile full-path="EPUB/` + PackagePath + `" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`

// An entry is one file of the ZIP container.
type entry struct {
	name   string
	data   []byte
	packed *Packed // data compressed already, or nil
	store  bool
}

// A Packed document is a content document checked and compressed as Write
// does it, so that a book's documents need not be kept whole until it is
// written: Pack one as soon as it is made, and let its text go.
type Packed struct {
	scan     scan
	err      error
	deflated []byte
	crc      uint32
	size     int
}

// Pack checks content, a content document, and compresses it. What is
// wrong with it is reported by Write, as for a document given whole.
func Pack(content []byte) (*Packed, error) {
	p := &Packed{crc: crc32.ChecksumIEEE(content), size: len(content)}
	p.scan, p.err = scanXHTML(content)
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err == nil {
		_, err = fw.Write(content)
	}
	if err == nil {
		err = fw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("epub: compress: %w", err)
	}
	p.deflated = buf.Bytes()
	return p, nil
}

// write renders the generated files and writes the container.
func (p *packager) write(w io.Writer) error {
	entries := []entry{
		{name: "mimetype", data: []byte("application/epub+zip"), store: true},
		{name: "META-INF/container.xml", data: []byte(containerXML)},
		{name: "EPUB/" + PackagePath, data: p.packageDoc()},
		{name: "EPUB/" + NavPath, data: p.navDoc()},
		{name: "EPUB/" + NCXPath, data: p.ncxDoc()},
	}
	for _, it := range p.items {
		entries = append(entries, entry{name: "EPUB/" + it.path, data: it.content, packed: it.packed})
	}

	zw := zip.NewWriter(w)
	date, clock := dosTime(p.modified)
	var (
		buf bytes.Buffer
		fw  *flate.Writer
	)
	for _, e := range entries {
		fh := &zip.FileHeader{
			Name:           e.name,
			CreatorVersion: 3<<8 | 20, // made on Unix by a ZIP 2.0 writer
			ReaderVersion:  20,
			Method:         zip.Deflate,
			// The MS-DOS fields, not Modified: setting Modified makes
			// archive/zip add an extended-timestamp extra field.
			ModifiedDate:       date,
			ModifiedTime:       clock,
			CRC32:              crc32.ChecksumIEEE(e.data),
			UncompressedSize64: uint64(len(e.data)),
			ExternalAttrs:      0o100644 << 16, // regular file, rw-r--r--
		}
		if !isASCII(e.name) {
			fh.Flags |= 0x800 // the name is UTF-8
		}
		body := e.data
		if e.packed != nil {
			fh.CRC32, fh.UncompressedSize64 = e.packed.crc, uint64(e.packed.size)
			body = e.packed.deflated
		} else if e.store {
			fh.Method = zip.Store
			fh.ReaderVersion = 10
		} else {
			buf.Reset()
			if fw == nil {
				var err error
				if fw, err = flate.NewWriter(&buf, flate.BestCompression); err != nil {
					return fmt.Errorf("epub: write %s: %w", e.name, err)
				}
			} else {
				fw.Reset(&buf)
			}
			if _, err := fw.Write(e.data); err != nil {
				return fmt.Errorf("epub: write %s: %w", e.name, err)
			}
			if err := fw.Close(); err != nil {
				return fmt.Errorf("epub: write %s: %w", e.name, err)
			}
			body = buf.Bytes()
		}
		fh.CompressedSize64 = uint64(len(body))
		// CreateRaw writes the header exactly as given: unlike
		// CreateHeader it adds no extended-timestamp extra field and no
		// data descriptor, both of which the mimetype entry must lack.
		out, err := zw.CreateRaw(fh)
		if err != nil {
			return fmt.Errorf("epub: write %s: %w", e.name, err)
		}
		if _, err := out.Write(body); err != nil {
			return fmt.Errorf("epub: write %s: %w", e.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("epub: write zip central directory: %w", err)
	}
	return nil
}

// dosTime converts t, already in UTC, to MS-DOS date and time fields,
// clamped to the years those fields can hold (1980–2107).
func dosTime(t time.Time) (date, clock uint16) {
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	} else if t.Year() > 2107 {
		t = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	date = uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
	clock = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()/2)
	return date, clock
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
