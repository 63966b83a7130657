package chart

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Multiples is a grid of small panels, one per department or region, each
// with its own value scale, in one picture.
type Multiples struct {
	Title   string
	Percent bool // values are fractions, shown as percentages
	Cols    int  // panels per row; 0 means 3
	// Shared gives every panel the same value scale, for panels to be
	// compared with each other (scenarios); otherwise each has its own.
	Shared bool
	Panels []Panel
}

// Panel is one small chart of [Multiples]: a history line and, optionally,
// a forecast mean with its 95% band. The fields mean what they mean in
// [Fan].
type Panel struct {
	Title            string
	Labels           []string
	Actual           []float64
	Start            int
	Mean, Lo95, Hi95 []float64
	Percent          bool   // this panel's values are fractions, shown as percentages
	Unit             string // the values' unit, as coo names it: a count's ticks are whole numbers
	// Flagged and FlaggedName shade months of incomplete input, as in Fan.
	Flagged     []int
	FlaggedName string
}

// Small multiples sizes: 16 cm wide, 4.2 cm per row of panels plus 1.6 cm
// for the title and legend.
const (
	multiplesWidth = 16 * vg.Centimeter
	panelHeight    = 4.2 * vg.Centimeter
	multiplesHead  = 1.6 * vg.Centimeter
)

// Multiples draws c. It returns an error when a panel would be an error as
// a [Fan], naming the panel's field (Panels[2].Lo95). A panel without data
// says "No data"; when no panel has data the whole picture is "No data".
func (r *Renderer) Multiples(c Multiples) (Picture, error) {
	const kind = "multiples"
	cols := c.Cols
	if cols <= 0 {
		cols = 3
	}
	cols = max(1, min(cols, len(c.Panels)))
	rows := (len(c.Panels) + cols - 1) / cols
	w, h := multiplesWidth, multiplesHead+vg.Length(max(rows, 1))*panelHeight

	fans := make([]Fan, len(c.Panels))
	spans := make([]span, len(c.Panels))
	all := emptySpan()
	var clipped []string
	for i, pn := range c.Panels {
		fans[i] = Fan{Labels: pn.Labels, Actual: pn.Actual, Start: pn.Start, Mean: pn.Mean, Lo95: pn.Lo95, Hi95: pn.Hi95,
			Flagged: pn.Flagged, FlaggedName: pn.FlaggedName}
		s, notes, err := fans[i].check(kind, fmt.Sprintf("Panels[%d].", i), pn.Title+" ")
		if err != nil {
			return Picture{}, err
		}
		clipped = append(clipped, notes...)
		spans[i] = s
		all.add(s.lo, s.hi)
	}
	if all.empty() {
		return r.emptyChart(kind, c.Title, w, h)
	}
	return noting(clipped)(r.render(kind, w, h, func(r *Renderer) (func(draw.Canvas), error) {
		plots := make([][]*plot.Plot, rows)
		for j := range plots {
			plots[j] = make([]*plot.Plot, cols)
		}
		var keys []key
		seen := map[string]bool{}
		panelW := (w-2*pad)/vg.Length(cols) - 45
		for i, f := range fans {
			p := r.newPlot("")
			p.Title.Text = clean(c.Panels[i].Title, maxLabel)
			p.X.Min, p.X.Max = -0.5, max(float64(len(f.Labels))-0.5, 0.5)
			p.X.Tick.Marker = periodTicks(cleanAll(f.Labels, maxTick), p.X.Tick.Label, panelW)
			p.Add(grid(false))
			s := spans[i]
			if c.Shared && !s.empty() {
				s = all
			}
			if s.empty() {
				p.Y.Min, p.Y.Max = 0, 1
				p.Y.Tick.Marker = plot.ConstantTicks(nil)
				ts := r.style(tickSize, false, muted)
				ts.XAlign, ts.YAlign = draw.XCenter, draw.YCenter
				p.Add(&layer{texts: []note{{at: xy{(p.X.Min + p.X.Max) / 2, 0.5}, text: r.word("No data"), style: ts}}})
			} else {
				lo, hi, step := niceRange(s, 3, false)
				l, ks := f.layer(panelStyle, lo, hi)
				pn := c.Panels[i] // the values before clipping, for the tooltips
				l.hits = r.fanHits(Fan{Labels: pn.Labels, Actual: pn.Actual, Start: pn.Start, Mean: pn.Mean, Lo95: pn.Lo95, Hi95: pn.Hi95,
					Flagged: pn.Flagged, FlaggedName: pn.FlaggedName}, pn.Title, pn.Unit, c.Percent || pn.Percent)
				p.Y.Min, p.Y.Max = lo, hi
				p.Y.Tick.Marker = valueTicks{step: step, percent: c.Percent || c.Panels[i].Percent, unit: c.Panels[i].Unit, lang: r.lang}
				p.Add(l)
				for _, k := range ks {
					if !seen[k.name] {
						seen[k.name] = true
						keys = append(keys, k)
					}
				}
			}
			plots[i/cols][i%cols] = p
		}
		keys = ordered(keys)
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 14, PadY: 10, PadTop: 2}
		return func(dc draw.Canvas) {
			body := r.header(dc, c.Title, keys)
			canvases := plot.Align(plots, tiles, body)
			for j, row := range plots {
				for i, p := range row {
					if p != nil {
						p.Draw(canvases[j][i])
					}
				}
			}
		}, nil
	}))
}

// ordered puts legend keys of panels in the order of a fan's legend.
func ordered(keys []key) []key {
	var out []key
	for _, name := range []string{"Actual", "Forecast", "80% interval", "95% interval", "Budget"} {
		for _, k := range keys {
			if k.name == name {
				out = append(out, k)
			}
		}
	}
	return out
}
