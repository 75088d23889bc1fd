package layout

import (
	"bytes"
	"fmt"
	"image/png"

	"golang.org/x/image/webp"
)

// webpToPNG re-encodes a WebP image as PNG, losslessly.
func webpToPNG(data []byte) ([]byte, error) {
	img, err := webp.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("cannot decode WebP: %v", err)
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
		return nil, fmt.Errorf("cannot re-encode WebP as PNG: %v", err)
	}
	return b.Bytes(), nil
}
