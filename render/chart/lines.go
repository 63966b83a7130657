package chart

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Lines is one or more named series over the same periods, such as a
// regression's actual and fitted values, or its residuals with a zero line.
type Lines struct {
	Title, YLabel string
	Percent       bool     // values are fractions, shown as percentages
	Labels        []string // one per period, oldest first
	Series        []LineSeries
	// Zero draws a grey line at zero and keeps zero in the value range
	// (for residuals and changes).
	Zero bool
}

// LineSeries is one line of [Lines], Values[i] for Labels[i]; NaN is a gap
// and the line splits there. Series take the palette's colours in order.
type LineSeries struct {
	Name   string
	Values []float64
	Dashed bool // a dashed line, for fitted or derived values
	Dots   bool // a dot at every value, for values read one by one
}

// Lines sizes: those of a fan, 16 cm × 7.5 cm.
const (
	linesWidth  = fanWidth
	linesHeight = fanHeight
)

// Lines draws c. It returns an error when a series is not as long as Labels;
// values far outside the bulk are drawn at the edge and named in
// Picture.Clipped; lines without a single finite value are drawn
// as "No data". The legend names the series when there are two or more.
func (r *Renderer) Lines(c Lines) (Picture, error) {
	const kind = "lines"
	n := len(c.Labels)
	var core [][]float64
	for i, sr := range c.Series {
		if err := checkLen(kind, fmt.Sprintf("Series[%d].Values", i), len(sr.Values), n, "Labels"); err != nil {
			return Picture{}, err
		}
		core = append(core, sr.Values)
	}
	cl := newClipper(core...)
	series := slices.Clone(c.Series)
	s := emptySpan()
	for i := range series {
		name := series[i].Name
		if name != "" {
			name += " "
		}
		series[i].Values = cl.apply(strings.TrimSpace(name), series[i].Values, func(j int) string { return c.Labels[j] })
		s.add(series[i].Values...)
	}
	orig := c.Series // the values before clipping, for the tooltips
	c.Series = series
	if s.empty() {
		return r.emptyChart(kind, c.Title, linesWidth, linesHeight)
	}
	return noting(cl.note())(r.render(kind, linesWidth, linesHeight, func(r *Renderer) (func(draw.Canvas), error) {
		lo, hi, step := niceRange(s, 5, c.Zero)
		l := &layer{}
		if c.Zero {
			l.lines = append(l.lines, line{[]xy{{-0.5, 0}, {float64(n) - 0.5, 0}}, zeroLine})
		}
		var keys []key
		for k, sr := range c.Series {
			ls := draw.LineStyle{Color: seriesColors[k%len(seriesColors)], Width: 1.4}
			if sr.Dashed {
				ls.Dashes = []vg.Length{5, 2}
			}
			if sr.Dots {
				ls.Width = 0.9
				for i, v := range sr.Values {
					if finite(v) {
						l.dots = append(l.dots, dot{xy{float64(i), v}, 1.8, ls.Color})
					}
				}
			}
			l.addSeries(sr.Values, 0, ls)
			if len(c.Series) > 1 {
				keys = append(keys, lineKey(sr.Name, ls))
			}
		}
		l.hits = r.lineHits(c.Labels, orig, "", c.Percent)
		p := r.newPlot(c.YLabel)
		p.X.Min, p.X.Max = -0.5, max(float64(n)-0.5, 0.5)
		p.Y.Min, p.Y.Max = lo, hi
		p.Y.Tick.Marker = valueTicks{step: step, percent: c.Percent, lang: r.lang}
		p.X.Tick.Marker = periodTicks(cleanAll(c.Labels, maxTick), p.X.Tick.Label, linesWidth-2*pad-60)
		p.Add(grid(false), l)
		return func(dc draw.Canvas) {
			p.Draw(r.header(dc, c.Title, keys))
		}, nil
	}))
}
