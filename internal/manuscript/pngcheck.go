package manuscript

import (
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
)

// pngSound reports whether data is a PNG file of the plain, common kind
// that image/png certainly decodes: every chunk whole with a right CRC,
// IHDR first, no PLTE or tRNS chunk, not interlaced, the IDAT chunks one
// run whose data is exactly one zlib stream with a right checksum,
// holding exactly the image's rows, each with a known filter type, and
// an empty IEND chunk. It checks that without making the image: decoding
// the pixels is most of the cost of reading a PNG, and all of it when the
// file is only being checked.
//
// false says nothing about the file: it may still decode, and the caller
// decodes it to find out (and to word what is wrong with it). So pngSound
// must never say true of a file image/png refuses, and otherwise only has
// to be right for the files it is meant to speed up.
func pngSound(data []byte) bool {
	const signature = "\x89PNG\r\n\x1a\n"
	if len(data) < len(signature) || string(data[:len(signature)]) != signature {
		return false
	}
	var (
		width, height  int
		bitsPerPixel   int
		idat           [][]byte // the data of the IDAT run
		sawIHDR, ended bool
		runDone        bool // a chunk other than IDAT followed the IDAT run
	)
	for pos := len(signature); !ended; {
		if len(data)-pos < 12 {
			return false
		}
		n := binary.BigEndian.Uint32(data[pos:])
		if n > 0x7fffffff || uint64(n) > uint64(len(data)-pos-12) {
			return false
		}
		typ := string(data[pos+4 : pos+8])
		body := data[pos+8 : pos+8+int(n)]
		sum := binary.BigEndian.Uint32(data[pos+8+int(n):])
		if crc32.Update(crc32.ChecksumIEEE(data[pos+4:pos+8]), crc32.IEEETable, body) != sum {
			return false
		}
		pos += 12 + int(n)
		if !sawIHDR && typ != "IHDR" {
			return false
		}
		if len(idat) > 0 && typ != "IDAT" {
			runDone = true
		}
		switch typ {
		case "IHDR":
			if sawIHDR || n != 13 {
				return false
			}
			sawIHDR = true
			width = int(binary.BigEndian.Uint32(body[0:]))
			height = int(binary.BigEndian.Uint32(body[4:]))
			depth, color := body[8], body[9]
			if body[10] != 0 || body[11] != 0 || body[12] != 0 {
				return false // other compression or filter methods, or interlaced
			}
			if width <= 0 || height <= 0 || width > 1<<24 || height > 1<<24 {
				return false
			}
			var channels int
			switch color {
			case 0: // grey
				channels = 1
			case 2: // RGB
				channels = 3
			case 4: // grey and alpha
				channels = 2
			case 6: // RGB and alpha
				channels = 4
			default: // paletted, or no colour type
				return false
			}
			switch {
			case depth == 8 || depth == 16:
			case color == 0 && (depth == 1 || depth == 2 || depth == 4):
			default:
				return false
			}
			bitsPerPixel = channels * int(depth)
		case "PLTE", "tRNS":
			return false
		case "IDAT":
			if runDone {
				return false
			}
			idat = append(idat, body)
		case "IEND":
			if n != 0 || len(idat) == 0 {
				return false
			}
			ended = true
		}
	}
	return pixelsSound(&chunks{parts: idat}, width, height, bitsPerPixel)
}

// pixelsSound reports whether r holds exactly one zlib stream with a right
// checksum, of height rows of a filter type byte and width pixels of
// bitsPerPixel each, and nothing after it.
func pixelsSound(r *chunks, width, height, bitsPerPixel int) bool {
	z, err := zlib.NewReader(r)
	if err != nil {
		return false
	}
	row := make([]byte, 1+(bitsPerPixel*width+7)/8)
	for range height {
		if _, err := io.ReadFull(z, row); err != nil {
			return false
		}
		if row[0] > 4 {
			return false
		}
	}
	if n, err := z.Read(row[:1]); n != 0 || !errors.Is(err, io.EOF) {
		return false
	}
	return r.len() == 0
}

// chunks reads the concatenation of parts, a byte at a time if asked,
// so that the zlib reader takes no more than it needs.
type chunks struct {
	parts [][]byte
}

func (c *chunks) Read(p []byte) (int, error) {
	for len(c.parts) > 0 && len(c.parts[0]) == 0 {
		c.parts = c.parts[1:]
	}
	if len(c.parts) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.parts[0])
	c.parts[0] = c.parts[0][n:]
	return n, nil
}

func (c *chunks) ReadByte() (byte, error) {
	var b [1]byte
	if _, err := c.Read(b[:]); err != nil {
		return 0, err
	}
	return b[0], nil
}

// len returns the number of bytes left.
func (c *chunks) len() int {
	n := 0
	for _, p := range c.parts {
		n += len(p)
	}
	return n
}
