package chart

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bars is a grouped bar chart: one group per category, one bar per series,
// e.g. budget and actual by region, or this year and last year by month.
// Horizontal bars suit rankings and scoreboards: the first category is at
// the top.
type Bars struct {
	Title, YLabel string // YLabel names the value axis, whichever way it runs
	Unit          string // the values' unit, as coo names it: a count's labels are whole numbers
	Percent       bool   // values are fractions, shown as percentages
	Categories    []string
	Series        []BarSeries
	Horizontal    bool
	// Flagged are indexes in Categories whose input is not complete or
	// not credible: shaded behind their bars, with FlaggedName in the
	// legend ("Incomplete input" if empty), as in Fan.
	Flagged     []int
	FlaggedName string
}

// BarSeries is one series of bars, Values[i] for Categories[i]; NaN is no
// bar.
type BarSeries struct {
	Name   string
	Values []float64
}

// Bar chart sizes: 16 cm × 7.5 cm; horizontal bars grow 0.55 cm per bar
// group beyond a dozen, up to 25 cm.
const (
	barsWidth  = 16 * vg.Centimeter
	barsHeight = 7.5 * vg.Centimeter
)

// Bars draws c. It returns an error when a series is not as long as
// Categories;
// values far outside the bulk are drawn at the edge and named in
// Picture.Clipped; bars without a single finite value
// are drawn as "No data".
func (r *Renderer) Bars(c Bars) (Picture, error) {
	const kind = "bars"
	n, ns := len(c.Categories), len(c.Series)
	var core [][]float64
	for i, sr := range c.Series {
		if err := checkLen(kind, fmt.Sprintf("Series[%d].Values", i), len(sr.Values), n, "Categories"); err != nil {
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
		series[i].Values = cl.apply(strings.TrimSpace(name), series[i].Values, func(j int) string { return c.Categories[j] })
		s.add(series[i].Values...)
	}
	orig := c.Series // the values before clipping, for the tooltips
	c.Series = series
	w, h := barsWidth, barsHeight
	if c.Horizontal {
		h = min(max(barsHeight, 2.2*vg.Centimeter+vg.Length(n)*0.55*vg.Centimeter), 25*vg.Centimeter)
	}
	if s.empty() {
		return r.emptyChart(kind, c.Title, w, h)
	}
	return noting(cl.note())(r.render(kind, w, h, func(r *Renderer) (func(draw.Canvas), error) {
		labels := cleanAll(c.Categories, maxTick)
		l := &layer{}
		var keys []key
		values := ns == 1 // label each bar with its value
		vs := r.style(valueSize, false, ink)
		const group = 0.8
		bw := group / float64(ns)
		for k, sr := range c.Series {
			col := seriesColors[k%len(seriesColors)]
			if ns > 1 {
				keys = append(keys, key{name: sr.Name, area: true, color: col})
			}
			for i, v := range sr.Values {
				if !finite(v) {
					continue
				}
				a := float64(i) - group/2 + float64(k)*bw + bw*0.06
				b := a + bw*0.88
				if c.Horizontal {
					a, b = float64(n-1-i)+group/2-float64(k)*bw-bw*0.06, 0 // top down
					b = a - bw*0.88
				}
				pts := []xy{{a, 0}, {b, 0}, {b, v}, {a, v}}
				if c.Horizontal {
					pts = []xy{{0, a}, {0, b}, {v, b}, {v, a}}
				}
				l.polys = append(l.polys, poly{pts, col})
				slot := float64(i) - group/2 + float64(k)*bw
				if c.Horizontal {
					slot = float64(n-1-i) + group/2 - float64(k+1)*bw
				}
				l.hits = append(l.hits, r.barHit(c.Horizontal, slot, slot+bw, c.Categories[i], sr.Name, orig[k].Values[i], c.Unit, c.Percent))
				if values {
					l.texts = append(l.texts, valueNote(vs, c.Horizontal, (a+b)/2, v, r.formatValue(v, c.Unit, c.Percent, false)))
				}
			}
		}
		lo, hi, step := niceRange(padded(s, values, c.Horizontal), 5, true)
		var shade []poly
		for _, i := range c.Flagged {
			if i < 0 || i >= n {
				continue
			}
			x := float64(i)
			pts := []xy{{x - 0.45, lo}, {x + 0.45, lo}, {x + 0.45, hi}, {x - 0.45, hi}}
			if c.Horizontal {
				y := float64(n - 1 - i)
				pts = []xy{{lo, y - 0.45}, {hi, y - 0.45}, {hi, y + 0.45}, {lo, y + 0.45}}
			}
			shade = append(shade, poly{pts, flagFill})
		}
		if len(shade) > 0 {
			l.polys = append(shade, l.polys...) // behind the bars
			name := c.FlaggedName
			if name == "" {
				name = "Incomplete input"
			}
			keys = append(keys, key{name: name, area: true, color: flagFill})
		}
		p := r.newPlot(c.YLabel)
		va, ca := &p.Y, &p.X // value and category axes
		if c.Horizontal {
			va, ca = ca, va
			p.Y.Label.Text, p.X.Label.Text = "", p.Y.Label.Text
			labels = reversed(labels)
		}
		va.Min, va.Max = lo, hi
		va.Tick.Marker = valueTicks{step: step, percent: c.Percent, unit: c.Unit, lang: r.lang}
		ca.Min, ca.Max = -0.5, float64(n)-0.5
		p.X.LineStyle.Width, p.X.Tick.LineStyle.Width = 0, 0 // the zero line instead
		if c.Horizontal {
			p.Y.Tick.Marker = categoryTicksY(labels, p.Y.Tick.Label, h-2*pad-50)
			l.lines = append(l.lines, line{[]xy{{0, -0.5}, {0, float64(n) - 0.5}}, zeroLine})
			p.Add(grid(true), l)
		} else {
			categoryTicksX(&p.X, labels, w-2*pad-60)
			l.lines = append(l.lines, line{[]xy{{-0.5, 0}, {float64(n) - 0.5, 0}}, zeroLine})
			p.Add(grid(false), l)
		}
		return func(dc draw.Canvas) {
			p.Draw(r.header(dc, c.Title, keys))
		}, nil
	}))
}

// zeroLine is the baseline of bars.
var zeroLine = draw.LineStyle{Color: axisGrey, Width: 0.8}

// padded widens s so that labels at the end of bars fit: by 12% of the
// range on the side of the values when there are labels.
func padded(s span, labels, horizontal bool) span {
	if !labels {
		return s
	}
	r := math.Max(s.hi, 0) - math.Min(s.lo, 0)
	k := 0.06
	if horizontal {
		k = 0.14 // labels run along the value axis
	}
	if s.hi > 0 {
		s.hi += k * r
	}
	if s.lo < 0 {
		s.lo -= k * r
	}
	return s
}

// valueNote is a value label just beyond the end of a bar at category
// position at, value v: above (or right of) a positive bar, below (or left
// of) a negative one.
func valueNote(sty text.Style, horizontal bool, at, v float64, s string) note {
	n := note{text: s, style: sty}
	switch {
	case horizontal && v >= 0:
		n.at, n.dx = xy{v, at}, 3
		n.style.XAlign, n.style.YAlign = draw.XLeft, draw.YCenter
	case horizontal:
		n.at, n.dx = xy{v, at}, -3
		n.style.XAlign, n.style.YAlign = draw.XRight, draw.YCenter
	case v >= 0:
		n.at, n.dy = xy{at, v}, 2
		n.style.XAlign, n.style.YAlign = draw.XCenter, draw.YBottom
	default:
		n.at, n.dy = xy{at, v}, -2
		n.style.XAlign, n.style.YAlign = draw.XCenter, draw.YTop
	}
	return n
}

// categoryTicksX sets up a horizontal category axis of width w points:
// labels flat when they fit, broken into two lines
// at a space when that makes them fit, else turned 30 degrees and thinned
// to every k-th when even turned labels would touch.
func categoryTicksX(a *plot.Axis, labels []string, w vg.Length) {
	n := len(labels)
	if n == 0 {
		return
	}
	sty := a.Tick.Label
	slot := w / vg.Length(n)
	widest := func(ls []string) (m vg.Length) {
		for _, l := range ls {
			m = max(m, sty.Width(l))
		}
		return m
	}
	if widest(labels) > slot-4 {
		two := make([]string, n)
		for i, l := range labels {
			two[i] = twoLines(l)
		}
		if widest(two) <= slot-4 {
			labels = two
		} else {
			a.Tick.Label.Rotation = math.Pi / 6
			a.Tick.Label.XAlign, a.Tick.Label.YAlign = draw.XRight, draw.YTop
			a.Tick.Marker = labelTicks{labels: labels, every: thin(slot, 2.2*sty.Height("Ag")), phase: 0}
			return
		}
	}
	a.Tick.Marker = labelTicks{labels: labels, every: thin(slot, widest(labels)+6), phase: 0}
}

// twoLines breaks s at the space nearest its middle.
func twoLines(s string) string {
	rs := []rune(s)
	best := -1
	for i, r := range rs {
		if r == ' ' && (best < 0 || abs(i-len(rs)/2) < abs(best-len(rs)/2)) {
			best = i
		}
	}
	if best < 0 {
		return s
	}
	return string(rs[:best]) + "\n" + string(rs[best+1:])
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// categoryTicksY sets up a vertical category axis of height h points, with
// labels thinned when rows are lower than the text.
func categoryTicksY(labels []string, sty text.Style, h vg.Length) labelTicks {
	if len(labels) == 0 {
		return labelTicks{every: 1}
	}
	slot := h / vg.Length(len(labels))
	every := thin(slot, 1.1*sty.Height("Ag"))
	return labelTicks{labels: labels, every: every, phase: (len(labels) - 1) % every}
}

// thin returns the smallest k so that k slots hold need.
func thin(slot, need vg.Length) int {
	if slot <= 0 {
		return 1
	}
	return max(1, int(math.Ceil(float64(need/slot))))
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}
