// Package units holds typed lengths. A Length counts scaled points (1/65536
// of a PostScript point), as TeX does, so that sums are exact and layout is
// deterministic on every machine.
package units

import (
	"math"
	"strconv"
)

// A Length is a distance in scaled points: 65536 of them make one point (1/72 in).
type Length int64

// One is the number of scaled points in one PostScript point.
const One Length = 65536

// Pt returns the length of p PostScript points, rounded to the nearest scaled point.
func Pt(p float64) Length { return Length(math.Round(p * float64(One))) }

// Mm returns the length of m millimetres.
func Mm(m float64) Length { return Pt(m * 72 / 25.4) }

// In returns the length of i inches.
func In(i float64) Length { return Pt(i * 72) }

// Points returns l in PostScript points.
func (l Length) Points() float64 { return float64(l) / float64(One) }

// Scale returns l multiplied by f, rounded to the nearest scaled point.
func (l Length) Scale(f float64) Length { return Length(math.Round(float64(l) * f)) }

// String formats l in points with at most two decimals, as "10.5pt".
func (l Length) String() string {
	return strconv.FormatFloat(math.Round(l.Points()*100)/100, 'f', -1, 64) + "pt"
}
