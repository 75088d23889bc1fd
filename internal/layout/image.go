package layout

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"

	"golang.org/x/image/webp"
)

// pdfImage returns an image in a form the PDF writer takes: PNG, JPEG or
// GIF, with PNGs 8 bits a channel and not interlaced. WebP images and PNGs
// the writer cannot take are decoded and stored again as plain PNG,
// losslessly as far as 8 bits a channel allow.
func pdfImage(format string, data []byte) (string, []byte, error) {
	switch {
	case format == "webp":
		img, err := webp.Decode(bytes.NewReader(data))
		if err != nil {
			return "", nil, fmt.Errorf("cannot decode WebP: %v", err)
		}
		out, err := plainPNG(img)
		return "png", out, err
	case format == "png" && !simplePNG(data):
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return "", nil, fmt.Errorf("cannot decode PNG: %v", err)
		}
		out, err := plainPNG(img)
		return "png", out, err
	default:
		return format, data, nil
	}
}

// simplePNG reports whether a PNG has 8 bits a channel or fewer and no
// interlacing: the IHDR chunk, first after the signature, says.
func simplePNG(data []byte) bool {
	// 8 signature bytes, 4 length, 4 type, then width(4) height(4) depth(1)
	// colour(1) compression(1) filter(1) interlace(1).
	if len(data) < 29 || string(data[12:16]) != "IHDR" {
		return false
	}
	depth, interlace := data[24], data[28]
	return depth <= 8 && interlace == 0
}

// plainPNG encodes img as an 8-bit, non-interlaced PNG.
func plainPNG(img image.Image) ([]byte, error) {
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, rgba); err != nil {
		return nil, fmt.Errorf("cannot store as PNG: %v", err)
	}
	return b.Bytes(), nil
}
