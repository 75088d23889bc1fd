package pdf

import (
	"errors"
	"fmt"

	"github.com/galley-press/galley/internal/page"
)

// checkPath reports what would keep a path from being drawn correctly.
func checkPath(p *page.Path) error {
	if p == nil {
		return errors.New("nil path")
	}
	if len(p.Segs) > 0 && p.Segs[0].Op != page.MoveTo {
		return errors.New("path does not start with a move")
	}
	for i, s := range p.Segs {
		if s.Op > page.Close {
			return fmt.Errorf("path segment %d has unknown operation %d", i+1, s.Op)
		}
	}
	if p.Stroke != nil && p.StrokeWidth < 0 {
		return fmt.Errorf("path has stroke width %v", p.StrokeWidth)
	}
	if p.Clip.W < 0 || p.Clip.H < 0 {
		return fmt.Errorf("path has clip size %v × %v", p.Clip.W, p.Clip.H)
	}
	return nil
}

// drawPath draws a vector path: its fill first, then its stroke, within its
// clip rectangle if it has one.
func (w *writer) drawPath(p *page.Path) {
	fill, stroke := p.Fill != nil, p.Stroke != nil && p.StrokeWidth > 0
	if len(p.Segs) == 0 || !fill && !stroke {
		return
	}
	pdf := w.pdf
	clip := p.Clip.W > 0 && p.Clip.H > 0
	if clip {
		// ClipRect saves the graphics state and ClipEnd restores it, so
		// colours set in between are forgotten afterwards.
		pdf.ClipRect(p.Clip.X.Points(), p.Clip.Y.Points(), p.Clip.W.Points(), p.Clip.H.Points(), false)
	}
	if fill && (!w.fillSet || w.fillColor != *p.Fill) {
		pdf.SetFillColor(int(p.Fill.R), int(p.Fill.G), int(p.Fill.B))
		w.fillColor, w.fillSet = *p.Fill, true
	}
	if stroke {
		pdf.SetDrawColor(int(p.Stroke.R), int(p.Stroke.G), int(p.Stroke.B))
		pdf.SetLineWidth(p.StrokeWidth.Points())
	}
	for _, s := range p.Segs {
		a, b, c := s.Pts[0], s.Pts[1], s.Pts[2]
		switch s.Op {
		case page.MoveTo:
			pdf.MoveTo(a.X.Points(), a.Y.Points())
		case page.LineTo:
			pdf.LineTo(a.X.Points(), a.Y.Points())
		case page.CubicTo:
			pdf.CurveBezierCubicTo(a.X.Points(), a.Y.Points(), b.X.Points(), b.Y.Points(), c.X.Points(), c.Y.Points())
		case page.Close:
			pdf.ClosePath()
		}
	}
	op := "D"
	switch {
	case fill && stroke:
		op = "FD"
	case fill:
		op = "F"
	}
	if fill && p.EvenOdd {
		op += "*"
	}
	pdf.DrawPath(op)
	if clip {
		pdf.ClipEnd()
		w.fillSet = false
	}
}
