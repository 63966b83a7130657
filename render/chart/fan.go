package chart

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Fan is a history line with a forecast fan: the forecast mean with its 80%
// and 95% intervals as shaded bands, and an optional budget line.
type Fan struct {
	Title, YLabel string
	Unit          string   // the values' unit, as coo names it: a count's ticks are whole numbers
	Percent       bool     // values are fractions, shown as percentages
	Labels        []string // one per period, oldest first: history, then forecast periods
	// Actual holds history values, Actual[i] for Labels[i]; it may be shorter
	// than Labels. NaN is a gap: the line splits there.
	Actual []float64
	// Start is the index in Labels of the first forecast period, normally
	// len(Actual). Mean[j] and the bands are for Labels[Start+j].
	Start int
	// Mean is the forecast. Each band is optional (both ends nil) or as
	// long as Mean. The fan starts from the last actual value when that is
	// at Labels[Start-1].
	Mean, Lo80, Hi80, Lo95, Hi95 []float64
	// Budget is optional (nil), else as long as Labels; NaN where there is
	// none. It is drawn as a dashed line.
	Budget []float64
	// Flagged are indexes in Labels of months whose input is not complete
	// (a rejected cell, a refused file, a restatement), shaded behind the
	// lines with FlaggedName in the legend ("Incomplete input" if empty).
	// Indexes outside Labels are ignored.
	Flagged     []int
	FlaggedName string
}

// Fan sizes: 16 cm × 7.5 cm.
const (
	fanWidth  = 16 * vg.Centimeter
	fanHeight = 7.5 * vg.Centimeter
)

// Fan draws c. It returns an error when a slice has the wrong length or
// Start is outside Labels; a fan without a single finite value is drawn as
// "No data". Values far outside the bulk of the chart's are drawn at its
// edge and named in Picture.Clipped.
func (r *Renderer) Fan(c Fan) (Picture, error) {
	const kind = "fan"
	orig := c // the values before clipping, for the tooltips
	s, clipped, err := c.check(kind, "", "")
	if err != nil {
		return Picture{}, err
	}
	if s.empty() {
		return r.emptyChart(kind, c.Title, fanWidth, fanHeight)
	}
	return noting(clipped)(r.render(kind, fanWidth, fanHeight, func(r *Renderer) (func(draw.Canvas), error) {
		lo, hi, step := niceRange(s, 5, false)
		l, keys := c.layer(fanStyle, lo, hi)
		l.hits = r.fanHits(orig, "", c.Unit, c.Percent)
		p := r.newPlot(c.YLabel)
		p.X.Min, p.X.Max = -0.5, float64(len(c.Labels))-0.5
		p.Y.Min, p.Y.Max = lo, hi
		p.Y.Tick.Marker = valueTicks{step: step, percent: c.Percent, unit: c.Unit, lang: r.lang}
		p.X.Tick.Marker = periodTicks(cleanAll(c.Labels, maxTick), p.X.Tick.Label, fanWidth-2*pad-60)
		p.Add(grid(false), l)
		return func(dc draw.Canvas) {
			p.Draw(r.header(dc, c.Title, keys))
		}, nil
	}))
}

// check validates c, clips its values far outside the chart's range (see
// clip.go), and returns the span of what is drawn and the clipping note.
// Fields are named with prefix in errors (for small multiples,
// "Panels[2].") and values with display in the note ("Revenue ").
func (c *Fan) check(kind, prefix, display string) (span, []string, error) {
	n := len(c.Labels)
	if len(c.Actual) > n {
		return span{}, nil, fmt.Errorf("chart: %s: %sActual has %d values, more than the %d Labels", kind, prefix, len(c.Actual), n)
	}
	if c.Start < 0 || c.Start > n {
		return span{}, nil, fmt.Errorf("chart: %s: %sStart %d is outside the %d Labels", kind, prefix, c.Start, n)
	}
	m := len(c.Mean)
	if c.Start+m > n {
		return span{}, nil, fmt.Errorf("chart: %s: %sMean has %d values from Start %d, beyond the %d Labels", kind, prefix, m, c.Start, n)
	}
	fields := []struct {
		name string
		vs   []float64
	}{{"Actual", c.Actual}, {"Mean", c.Mean}, {"Lo80", c.Lo80}, {"Hi80", c.Hi80}, {"Lo95", c.Lo95}, {"Hi95", c.Hi95}, {"Budget", c.Budget}}
	for i := 2; i < 6; i++ {
		f := fields[i]
		if len(f.vs) > 0 {
			if err := checkLen(kind, prefix+f.name, len(f.vs), m, prefix+"Mean"); err != nil {
				return span{}, nil, err
			}
		}
	}
	for _, pair := range [][2]int{{2, 3}, {4, 5}} {
		if a, b := fields[pair[0]], fields[pair[1]]; (len(a.vs) == 0) != (len(b.vs) == 0) {
			return span{}, nil, fmt.Errorf("chart: %s: %s%s and %s%s come together: give both or neither", kind, prefix, a.name, prefix, b.name)
		}
	}
	if len(c.Budget) > 0 {
		if err := checkLen(kind, prefix+"Budget", len(c.Budget), n, prefix+"Labels"); err != nil {
			return span{}, nil, err
		}
	}
	cl := newClipper(c.Actual, c.Mean, c.Budget)
	at := func(off int) func(int) string {
		return func(i int) string {
			if off+i < n {
				return c.Labels[off+i]
			}
			return fmt.Sprint(off + i)
		}
	}
	name := func(f string) string { return display + f }
	c.Actual = cl.apply(name("actual"), c.Actual, at(0))
	c.Budget = cl.apply(name("budget"), c.Budget, at(0))
	c.Mean = cl.apply(name("forecast"), c.Mean, at(c.Start))
	c.Lo80 = cl.apply(name("80% low"), c.Lo80, at(c.Start))
	c.Hi80 = cl.apply(name("80% high"), c.Hi80, at(c.Start))
	c.Lo95 = cl.apply(name("95% low"), c.Lo95, at(c.Start))
	c.Hi95 = cl.apply(name("95% high"), c.Hi95, at(c.Start))
	s := emptySpan()
	for _, vs := range [][]float64{c.Actual, c.Mean, c.Lo80, c.Hi80, c.Lo95, c.Hi95, c.Budget} {
		s.add(vs...)
	}
	return s, cl.note(), nil
}

// fanLook holds the line widths of a fan, full size or in a small panel.
type fanLook struct {
	actual, forecast, budget vg.Length
}

var (
	fanStyle   = fanLook{actual: 1.6, forecast: 1.4, budget: 1}
	panelStyle = fanLook{actual: 1.1, forecast: 1, budget: 0.8}
)

// Fan colours: the 95% band under the 80% band, both translucent.
var (
	band95 = withAlpha(vermillion, 0x26)
	band80 = withAlpha(vermillion, 0x55)
	// flagFill shades a month whose input is not complete, like a highlighter.
	flagFill = withAlpha(yellow, 0x99)
)

// layer returns the shapes of c on a y range of [lo, hi], and the legend.
func (c Fan) layer(look fanLook, lo, hi float64) (*layer, []key) {
	l := &layer{}
	m := len(c.Mean)
	// The fan starts at the last actual value when it is just before Start.
	var anchor *xy
	if a := c.Start - 1; a >= 0 && a < len(c.Actual) && finite(c.Actual[a]) {
		anchor = &xy{float64(a), c.Actual[a]}
	}
	band := func(lo, hi []float64, fill color.NRGBA) bool {
		if len(lo) == 0 {
			return false
		}
		drawn := false
		for j := 0; j < m; {
			if !finite(lo[j]) || !finite(hi[j]) {
				j++
				continue
			}
			var low, high []xy
			if j == 0 && anchor != nil {
				low, high = []xy{*anchor}, []xy{*anchor}
			}
			for ; j < m && finite(lo[j]) && finite(hi[j]); j++ {
				x := float64(c.Start + j)
				low, high = append(low, xy{x, lo[j]}), append(high, xy{x, hi[j]})
			}
			if len(low) == 1 { // a lone period: a short bar
				x := low[0].x
				low = []xy{{x - 0.2, low[0].y}, {x + 0.2, low[0].y}}
				high = []xy{{x - 0.2, high[0].y}, {x + 0.2, high[0].y}}
			}
			pts := append([]xy(nil), low...)
			for k := len(high) - 1; k >= 0; k-- {
				pts = append(pts, high[k])
			}
			l.polys = append(l.polys, poly{pts, fill})
			drawn = true
		}
		return drawn
	}

	flagged := false
	for _, i := range c.Flagged {
		if i < 0 || i >= len(c.Labels) {
			continue
		}
		x := float64(i)
		l.polys = append(l.polys, poly{[]xy{{x - 0.45, lo}, {x + 0.45, lo}, {x + 0.45, hi}, {x - 0.45, hi}}, flagFill})
		flagged = true
	}
	// The wider band first, so that the narrower one shows on top of it.
	has95 := band(c.Lo95, c.Hi95, band95)
	has80 := band(c.Lo80, c.Hi80, band80)
	budget := draw.LineStyle{Color: muted, Width: look.budget, Dashes: []vg.Length{4, 2.5}}
	actual := draw.LineStyle{Color: blue, Width: look.actual}
	forecast := draw.LineStyle{Color: vermillion, Width: look.forecast, Dashes: []vg.Length{5, 2}}
	if m > 0 && c.Start > 0 {
		x := float64(c.Start) - 0.5
		l.lines = append(l.lines, line{[]xy{{x, lo}, {x, hi}}, draw.LineStyle{Color: axisGrey, Width: 0.6, Dashes: []vg.Length{1, 2}}})
	}
	hasBudget := !spanOf(c.Budget).empty()
	if hasBudget { // under the other lines
		l.addSeries(c.Budget, 0, budget)
	}
	var keys []key
	if !spanOf(c.Actual).empty() {
		l.addSeries(c.Actual, 0, actual)
		keys = append(keys, lineKey("Actual", actual))
	}
	if !spanOf(c.Mean).empty() {
		mean, x0 := c.Mean, c.Start
		if anchor != nil && finite(mean[0]) {
			mean, x0 = append([]float64{anchor.y}, mean...), x0-1
		}
		l.addSeries(mean, x0, forecast)
		keys = append(keys, lineKey("Forecast", forecast))
	}
	if has80 {
		keys = append(keys, key{name: "80% interval", area: true, color: band80})
	}
	if has95 {
		keys = append(keys, key{name: "95% interval", area: true, color: band95})
	}
	if hasBudget {
		keys = append(keys, lineKey("Budget", budget))
	}
	if flagged {
		name := c.FlaggedName
		if name == "" {
			name = "Incomplete input"
		}
		keys = append(keys, key{name: name, area: true, color: flagFill})
	}
	return l, keys
}

// spanOf is the span of vs.
func spanOf(vs []float64) span {
	s := emptySpan()
	s.add(vs...)
	return s
}

func lineKey(name string, ls draw.LineStyle) key {
	return key{name: name, color: ls.Color, width: ls.Width, dashes: ls.Dashes}
}
