// Command standin draws the project's stand-in for the bundled article's hero
// photograph: a golden sun with rays on a sky-blue field. The credited
// photograph is not available to the project, so the manuscript ships this
// image instead; its alt text says what it is.
//
// Usage:
//
//	go run ./cmd/standin manuscript/images/hero-standin.png
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

const (
	width  = 1200
	height = 675
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: standin OUTPUT.png")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "standin:", err)
		os.Exit(1)
	}
}

func write(path string) error {
	img := draw()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// draw renders the picture with 4×4 supersampling, so edges are smooth.
func draw() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	cx, cy := float64(width)*0.5, float64(height)*0.47
	const (
		sunR   = 120.0
		rayIn  = 140.0
		rayOut = 230.0
		rays   = 32
		ss     = 4
	)
	for y := 0; y < height; y++ {
		for x := 0; x < width; x++ {
			var r, g, b float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					px := float64(x) + (float64(sx)+0.5)/ss
					py := float64(y) + (float64(sy)+0.5)/ss
					cr, cg, cb := shade(px, py, cx, cy, sunR, rayIn, rayOut, rays)
					r, g, b = r+cr, g+cg, b+cb
				}
			}
			n := float64(ss * ss)
			img.SetRGBA(x, y, color.RGBA{uint8(r / n), uint8(g / n), uint8(b / n), 255})
		}
	}
	return img
}

// shade returns the colour at (px, py): sky gradient, sun disc or ray.
func shade(px, py, cx, cy, sunR, rayIn, rayOut float64, rays int) (r, g, b float64) {
	// Sky: a vertical gradient of the flag's blue, lighter towards the horizon.
	t := py / height
	r, g, b = 0+40*t, 160+40*t, 200+30*t
	dx, dy := px-cx, py-cy
	d := math.Hypot(dx, dy)
	gold := func() (float64, float64, float64) { return 254, 197, 12 }
	if d <= sunR {
		return gold()
	}
	if d >= rayIn && d <= rayOut {
		a := math.Atan2(dy, dx)
		if a < 0 {
			a += 2 * math.Pi
		}
		step := 2 * math.Pi / float64(rays)
		phase := math.Mod(a, step) / step // 0..1 across one ray slot
		// Each ray is a wedge that narrows outwards.
		half := 0.28 * (1 - (d-rayIn)/(rayOut-rayIn))
		if math.Abs(phase-0.5) < half {
			return gold()
		}
	}
	// A thin band of gold along the hoist, as on the flag.
	if px > 40 && px < 70 && int(py/45)%2 == 0 {
		return gold()
	}
	return r, g, b
}
