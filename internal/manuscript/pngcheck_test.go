package manuscript

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"
)

// pngChunk is one chunk of a PNG file made by makePNG.
type pngChunk struct {
	typ  string
	data []byte
}

// makePNG joins chunks into a PNG file, with right CRCs.
func makePNG(chunks ...pngChunk) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	for _, c := range chunks {
		binary.Write(&b, binary.BigEndian, uint32(len(c.data)))
		b.WriteString(c.typ)
		b.Write(c.data)
		binary.Write(&b, binary.BigEndian, crc32.Update(crc32.ChecksumIEEE([]byte(c.typ)), crc32.IEEETable, c.data))
	}
	return b.Bytes()
}

// ihdr is the IHDR chunk of a w×h image of the given depth, colour type
// and interlace method.
func ihdr(w, h int, depth, colour, interlace byte) pngChunk {
	d := binary.BigEndian.AppendUint32(nil, uint32(w))
	d = binary.BigEndian.AppendUint32(d, uint32(h))
	return pngChunk{"IHDR", append(d, depth, colour, 0, 0, interlace)}
}

// deflate compresses raw as one zlib stream.
func deflate(raw []byte) []byte {
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	z.Write(raw)
	z.Close()
	return b.Bytes()
}

// rows returns h rows of an RGB image w pixels wide, each with the
// filter type byte f.
func rows(w, h int, f byte) []byte {
	var raw []byte
	for y := range h {
		raw = append(raw, f)
		for x := range 3 * w {
			raw = append(raw, byte(x*7+y))
		}
	}
	return raw
}

// TestPNGSound builds PNG files sound and damaged in the ways that matter
// to a decoder, and checks that pngSound never passes a file image/png
// refuses, and passes the plain ones.
func TestPNGSound(t *testing.T) {
	good := deflate(rows(5, 4, 1))
	iend := pngChunk{"IEND", nil}
	text := pngChunk{"tEXt", []byte("Comment\x00made by a test")}
	tests := []struct {
		name  string
		data  []byte
		sound bool // pngSound must pass it (it decodes)
	}{
		{"plain", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good}, iend), true},
		{"split IDAT", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good[:7]}, pngChunk{"IDAT", nil}, pngChunk{"IDAT", good[7:]}, iend), true},
		{"empty IDAT last", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good}, pngChunk{"IDAT", nil}, iend), true},
		{"text chunks", makePNG(ihdr(5, 4, 8, 2, 0), text, pngChunk{"IDAT", good}, text, iend), true},
		{"trailing bytes after IEND", append(makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good}, iend), "junk"...), true},
		{"bad filter type", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", deflate(rows(5, 4, 5))}, iend), false},
		{"short rows", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", deflate(rows(5, 4, 1)[:50])}, iend), false},
		{"extra rows", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", deflate(rows(5, 5, 1))}, iend), false},
		{"garbage after the stream", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", append(good[:len(good):len(good)], 0, 0)}, iend), false},
		{"bad adler", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", append(good[:len(good)-1:len(good)-1], good[len(good)-1]^1)}, iend), false},
		{"IDAT after another chunk", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good[:7]}, text, pngChunk{"IDAT", good[7:]}, iend), false},
		{"no IEND", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good}), false},
		{"IEND with data", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good}, pngChunk{"IEND", []byte{0}}), false},
		{"IEND first", makePNG(ihdr(5, 4, 8, 2, 0), iend, pngChunk{"IDAT", good}), false},
		{"two IHDR", makePNG(ihdr(5, 4, 8, 2, 0), ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good}, iend), false},
		{"chunk before IHDR", makePNG(text, ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good}, iend), false},
		{"interlaced", makePNG(ihdr(5, 4, 8, 2, 1), pngChunk{"IDAT", good}, iend), false},
		{"tRNS", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"tRNS", make([]byte, 6)}, pngChunk{"IDAT", good}, iend), false},
		{"bad depth", makePNG(ihdr(5, 4, 4, 2, 0), pngChunk{"IDAT", good}, iend), false},
		{"zero width", makePNG(ihdr(0, 4, 8, 2, 0), pngChunk{"IDAT", good}, iend), false},
		{"no signature", makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good}, iend)[1:], false},
	}
	for _, tt := range tests {
		_, err := png.Decode(bytes.NewReader(tt.data))
		got := pngSound(tt.data)
		if got && err != nil {
			t.Errorf("%s: pngSound passed a file png.Decode refuses (%v)", tt.name, err)
		}
		if tt.sound && (!got || err != nil) {
			t.Errorf("%s: pngSound = %v, png.Decode: %v; want both to pass", tt.name, got, err)
		}
		if !tt.sound && got {
			t.Errorf("%s: pngSound passed it", tt.name)
		}
	}
	// A bad CRC anywhere fails it.
	data := makePNG(ihdr(5, 4, 8, 2, 0), text, pngChunk{"IDAT", good}, iend)
	for i := 8; i < len(data); i++ {
		bad := bytes.Clone(data)
		bad[i] ^= 0x10
		if _, err := png.Decode(bytes.NewReader(bad)); pngSound(bad) && err != nil {
			t.Errorf("byte %d changed: pngSound passed a file png.Decode refuses (%v)", i, err)
		}
	}
}

// TestPNGSoundEncoded checks pngSound on what image/png writes, in every
// colour type it writes, and on the manuscript's hero image.
func TestPNGSoundEncoded(t *testing.T) {
	r := image.Rect(0, 0, 13, 7)
	pal := image.NewPaletted(r, color.Palette{color.Black, color.White})
	gray, gray16 := image.NewGray(r), image.NewGray16(r)
	rgba, nrgba, rgba64 := image.NewRGBA(r), image.NewNRGBA(r), image.NewRGBA64(r)
	for y := range 7 {
		for x := range 13 {
			v := uint8(x*19 + y*31)
			gray.SetGray(x, y, color.Gray{v})
			gray16.SetGray16(x, y, color.Gray16{uint16(v) * 257})
			rgba.SetRGBA(x, y, color.RGBA{v, 255 - v, v / 2, 255})
			nrgba.SetNRGBA(x, y, color.NRGBA{v, 255 - v, v / 2, v})
			rgba64.SetRGBA64(x, y, color.RGBA64{uint16(v) * 250, 3, 4, 0xffff})
		}
	}
	hero, err := os.ReadFile("../../manuscript/images/hero-standin.png")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		img   image.Image
		data  []byte
		sound bool
	}{
		{name: "paletted", img: pal, sound: false},
		{name: "gray", img: gray, sound: true},
		{name: "gray16", img: gray16, sound: true},
		{name: "rgb", img: rgba, sound: true},
		{name: "rgba", img: nrgba, sound: true},
		{name: "rgb16", img: rgba64, sound: true},
		{name: "hero", data: hero, sound: true},
	}
	for _, tt := range tests {
		data := tt.data
		if data == nil {
			var b bytes.Buffer
			if err := png.Encode(&b, tt.img); err != nil {
				t.Fatal(err)
			}
			data = b.Bytes()
		}
		if got := pngSound(data); got != tt.sound {
			t.Errorf("%s: pngSound = %v, want %v", tt.name, got, tt.sound)
		}
		for _, n := range []int{len(data) - 13, len(data) / 2, 40} {
			if pngSound(data[:n]) {
				t.Errorf("%s: pngSound passed the file cut to %d bytes", tt.name, n)
			}
		}
	}
}

// FuzzPNGSound checks that pngSound never passes a file image/png
// refuses. The chunks' CRCs are set right before the check, so that the
// fuzzer reaches what lies past them.
func FuzzPNGSound(f *testing.F) {
	good := deflate(rows(5, 4, 1))
	f.Add(makePNG(ihdr(5, 4, 8, 2, 0), pngChunk{"IDAT", good[:9]}, pngChunk{"IDAT", good[9:]}, pngChunk{"IEND", nil}))
	f.Add(makePNG(ihdr(3, 2, 16, 6, 0), pngChunk{"IDAT", deflate(make([]byte, 2*(1+3*8)))}, pngChunk{"IEND", nil}))
	f.Add(makePNG(ihdr(9, 3, 1, 0, 0), pngChunk{"IDAT", deflate([]byte{0, 1, 2, 4, 1, 2, 3, 2, 9})}, pngChunk{"IEND", nil}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		data = bytes.Clone(data)
		for pos := 8; pos+12 <= len(data); {
			n := int(binary.BigEndian.Uint32(data[pos:]))
			if n > len(data)-pos-12 {
				break
			}
			sum := crc32.ChecksumIEEE(data[pos+4 : pos+8+n])
			binary.BigEndian.PutUint32(data[pos+8+n:], sum)
			pos += 12 + n
		}
		if pngSound(data) {
			if _, err := png.Decode(bytes.NewReader(data)); err != nil {
				t.Fatalf("pngSound passed a file png.Decode refuses: %v", err)
			}
		}
	})
}
