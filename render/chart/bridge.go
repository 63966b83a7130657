package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bridge is a variance bridge (waterfall): a starting total, the steps
// that add to or take from it, and the total they end at, e.g. from last
// year's profit to this year's, or from budget to actual.
type Bridge struct {
	Title, YLabel string
	Unit          string // the values' unit, as coo names it: a count's labels are whole numbers
	Percent       bool   // values are fractions, shown as percentages
	StartLabel    string
	Start         float64 // the starting total, drawn as a full bar
	Steps         []Step  // may be empty
	EndLabel      string  // the end total, Start plus all deltas, is drawn as a full bar
	// LowerIsBetter: the total is a cost, so an increase is bad news and
	// drawn in vermillion, a decrease in green.
	LowerIsBetter bool
}

// Step is one change in a bridge: good news is drawn in green, bad news
// in red (the colour-blind-safe bluish green and vermillion): an increase
// is good unless the bridge's LowerIsBetter.
type Step struct {
	Label string
	Delta float64
}

// Bridge sizes: 16 cm × 7.5 cm.
const (
	bridgeWidth  = 16 * vg.Centimeter
	bridgeHeight = 7.5 * vg.Centimeter
)

// Bridge draws c. Every number must be finite and within ±1e15: a bridge
// with a gap would not add up, so NaN is an error here, naming the field.
func (r *Renderer) Bridge(c Bridge) (Picture, error) {
	const kind = "bridge"
	if !finite(c.Start) || math.Abs(c.Start) > maxAbs {
		return Picture{}, fmt.Errorf("chart: %s: Start is %g, want a finite number within ±1e15", kind, c.Start)
	}
	levels := []float64{c.Start} // the running total after each bar
	s := emptySpan()
	s.add(c.Start)
	total := c.Start
	for i, st := range c.Steps {
		if !finite(st.Delta) || math.Abs(st.Delta) > maxAbs {
			return Picture{}, fmt.Errorf("chart: %s: Steps[%d].Delta (%q) is %g, want a finite number within ±1e15", kind, i, clean(st.Label, maxLabel), st.Delta)
		}
		total += st.Delta
		levels = append(levels, total)
		s.add(total)
	}
	n := len(c.Steps) + 2
	// The axis starts at zero unless every running total is positive and
	// they lie close together (within half the smallest): then zero would
	// flatten the steps into hairlines, so the axis starts below the
	// smallest total, the total bars are drawn cut, with a break mark, and
	// the steps fill the plot.
	broken := s.lo > 0 && s.hi-s.lo < 0.5*s.lo
	if broken {
		d := s.hi - s.lo
		s.add(s.lo-0.6*d, s.hi+0.1*d) // room for the cut total bars, and the labels above
	} else {
		s.add(0)
		s = padded(s, true, false)
	}
	lo, hi, step := niceRange(s, 5, !broken)
	if broken && lo < 0 {
		lo = 0
	}
	// A step too small to see at this scale is drawn minH tall, its label
	// saying its size.
	minH := 0.012 * (hi - lo)
	return r.render(kind, bridgeWidth, bridgeHeight, func(r *Renderer) (func(draw.Canvas), error) {
		labels := make([]string, 0, n)
		labels = append(labels, clean(c.StartLabel, maxTick))
		for _, st := range c.Steps {
			labels = append(labels, clean(st.Label, maxTick))
		}
		labels = append(labels, clean(c.EndLabel, maxTick))

		l := &layer{apart: true} // small steps side by side have their labels at one height
		vs := r.style(valueSize, false, ink)
		const half = 0.32
		bar := func(i int, from, to float64, col color.Color) {
			x := float64(i)
			if from == to { // no change: a line where the bar would be
				l.lines = append(l.lines, line{[]xy{{x - half, to}, {x + half, to}}, draw.LineStyle{Color: col, Width: 1.2}})
				return
			}
			if d := to - from; d != 0 && math.Abs(d) < minH {
				to = from + math.Copysign(minH, d)
			}
			l.polys = append(l.polys, poly{[]xy{{x - half, from}, {x + half, from}, {x + half, to}, {x - half, to}}, col})
		}
		// cut marks a total bar that starts below the axis: two white
		// slashes across it, just above the axis.
		cut := func(i int) {
			if !broken {
				return
			}
			x, y, d := float64(i), lo+0.05*(hi-lo), 0.025*(hi-lo)
			for _, dy := range []float64{0, 0.03 * (hi - lo)} {
				l.lines = append(l.lines, line{[]xy{{x - half - 0.05, y + dy - d/2}, {x + half + 0.05, y + dy + d/2}}, draw.LineStyle{Color: color.White, Width: 2}})
			}
		}
		connector := draw.LineStyle{Color: axisGrey, Width: 0.6, Dashes: []vg.Length{2, 1.5}}
		bar(0, 0, c.Start, neutral)
		cut(0)
		l.hits = append(l.hits, column(-0.5, 0.5, clean(c.StartLabel, maxTick), r.hoverValue(c.Start, c.Unit, c.Percent)))
		l.texts = append(l.texts, valueNote(vs, false, 0, c.Start, r.formatValue(c.Start, c.Unit, c.Percent, false)))
		for i, st := range c.Steps {
			from, to := levels[i], levels[i+1]
			col := green
			if (st.Delta < 0) != c.LowerIsBetter {
				col = vermillion
			}
			if st.Delta == 0 {
				col = muted
			}
			bar(i+1, from, to, col)
			l.hits = append(l.hits, column(float64(i)+0.5, float64(i)+1.5, clean(st.Label, maxTick),
				r.hoverChange(st.Delta, c.Unit, c.Percent)+": "+r.hoverValue(from, c.Unit, c.Percent)+" → "+r.hoverValue(to, c.Unit, c.Percent)))
			l.lines = append(l.lines, line{[]xy{{float64(i) + half, from}, {float64(i+1) - half, from}}, connector})
			// Labels above the bar, clear of the connectors.
			l.texts = append(l.texts, valueNote(vs, false, float64(i+1), math.Max(from, to), r.formatValue(st.Delta, c.Unit, c.Percent, true)))
		}
		end := float64(n - 1)
		l.lines = append(l.lines, line{[]xy{{end - 1 + half, total}, {end - half, total}}, connector})
		bar(n-1, 0, total, neutral)
		cut(n - 1)
		l.hits = append(l.hits, column(end-0.5, end+0.5, clean(c.EndLabel, maxTick), r.hoverValue(total, c.Unit, c.Percent)))
		l.texts = append(l.texts, valueNote(vs, false, end, total, r.formatValue(total, c.Unit, c.Percent, false)))
		if !broken {
			l.lines = append(l.lines, line{[]xy{{-0.5, 0}, {end + 0.5, 0}}, zeroLine})
		}

		p := r.newPlot(c.YLabel)
		p.X.Min, p.X.Max = -0.5, end+0.5
		p.Y.Min, p.Y.Max = lo, hi
		p.Y.Tick.Marker = valueTicks{step: step, percent: c.Percent, unit: c.Unit, lang: r.lang}
		p.X.LineStyle.Width, p.X.Tick.LineStyle.Width = 0, 0
		categoryTicksX(&p.X, labels, bridgeWidth-2*pad-60)
		p.Add(grid(false), l)
		return func(dc draw.Canvas) {
			p.Draw(r.header(dc, c.Title, nil))
		}, nil
	})
}
