package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"coo/internal/numfmt"
)

// Tooltips. A reader of the web page who points at a value sees it: the
// period or category, the series and the value, as the native tooltip of
// an SVG <title>. gonum/plot's SVG canvas cannot write titles, so the SVG
// drawing goes through a hitCanvas: layers hand it their hits (a box in
// data coordinates and its text) as they draw, and after the drawing it
// adds one invisible rectangle per hit, each with its <title>, on top of
// the picture. The PNG is drawn on a plain canvas and never sees a hit.

// hit is a tooltip over a box in data coordinates; an infinite bound
// reaches the edge of the data area (a whole column or row).
type hit struct {
	lo, hi xy
	title  string // lines separated by "\n"
}

// column is a hit over the whole height of the data area from x0 to x1.
func column(x0, x1 float64, lines ...string) hit {
	return hit{xy{x0, math.Inf(-1)}, xy{x1, math.Inf(1)}, strings.Join(lines, "\n")}
}

// hitCanvas is an SVG canvas that also collects the hits drawn on it and
// the chart's title.
type hitCanvas struct {
	*vgsvg.Canvas
	title string
	rects []hitRect
}

// hitRect is a hit in canvas coordinates (points, origin bottom left).
type hitRect struct {
	min, max vg.Point
	title    string
}

// hitsOf returns the hitCanvas under c, or nil when c is not drawn for
// the web. draw.Crop nests canvases, so it looks through them.
func hitsOf(c draw.Canvas) *hitCanvas {
	for {
		switch v := c.Canvas.(type) {
		case *hitCanvas:
			return v
		case draw.Canvas:
			c = v
		case *draw.Canvas:
			c = *v
		default:
			return nil
		}
	}
}

// setTitle records the chart's title on c if c is drawn for the web.
func setTitle(c draw.Canvas, title string) {
	if hc := hitsOf(c); hc != nil {
		hc.title = title
	}
}

// plotHits hands l's hits to c if c is drawn for the web, clipped to c.
func (l *layer) plotHits(c draw.Canvas, trX, trY func(float64) vg.Length) {
	hc := hitsOf(c)
	if hc == nil {
		return
	}
	clamp := func(v, lo, hi vg.Length) vg.Length { return max(lo, min(hi, v)) }
	for _, h := range l.hits {
		x0, x1 := trX(h.lo.x), trX(h.hi.x)
		y0, y1 := trY(h.lo.y), trY(h.hi.y)
		x0, x1 = clamp(min(x0, x1), c.Min.X, c.Max.X), clamp(max(x0, x1), c.Min.X, c.Max.X)
		y0, y1 = clamp(min(y0, y1), c.Min.Y, c.Max.Y), clamp(max(y0, y1), c.Min.Y, c.Max.Y)
		if x1-x0 < 0.5 || y1-y0 < 0.5 || h.title == "" {
			continue
		}
		hc.rects = append(hc.rects, hitRect{vg.Point{X: x0, Y: y0}, vg.Point{X: x1, Y: y1}, h.title})
	}
}

// finish adds the title and the hits to svg, the canvas's output, of
// height h: the title as the first child of <svg>, the hits as a group of
// transparent rectangles (class "hits") before </svg>. Rectangles that
// all share their top and height (the columns of a time chart) are a unit
// high in a group scaled to that height.
func (hc *hitCanvas) finish(svg []byte, h vg.Length) []byte {
	start := bytes.Index(svg, []byte("<svg"))
	end := bytes.LastIndex(svg, []byte("</svg>"))
	if start < 0 || end < start {
		return svg
	}
	open := bytes.IndexByte(svg[start:], '>')
	if open < 0 {
		return svg
	}
	open += start + 1
	var out bytes.Buffer
	out.Grow(len(svg) + len(hc.rects)*120)
	out.Write(svg[:open])
	if hc.title != "" {
		out.WriteString("\n<title>")
		escape(&out, hc.title)
		out.WriteString("</title>")
	}
	out.Write(svg[open:end])
	if len(hc.rects) > 0 {
		// Columns share their top and height: the group's transform then
		// holds them once, and each rectangle is a unit high from y = 0.
		top, height := svgNum(h-hc.rects[0].max.Y), svgNum(hc.rects[0].max.Y-hc.rects[0].min.Y)
		shared := true
		for _, r := range hc.rects {
			shared = shared && svgNum(h-r.max.Y) == top && svgNum(r.max.Y-r.min.Y) == height
		}
		if shared {
			fmt.Fprintf(&out, `<g class="hits" fill="#000" fill-opacity="0" transform="translate(0 %s) scale(1 %s)">`+"\n", top, height)
		} else {
			out.WriteString(`<g class="hits" fill="#000" fill-opacity="0">` + "\n")
		}
		for _, r := range hc.rects {
			if shared {
				fmt.Fprintf(&out, `<rect x="%s" width="%s" height="1"><title>`, svgNum(r.min.X), svgNum(r.max.X-r.min.X))
			} else {
				fmt.Fprintf(&out, `<rect x="%s" y="%s" width="%s" height="%s"><title>`,
					svgNum(r.min.X), svgNum(h-r.max.Y), svgNum(r.max.X-r.min.X), svgNum(r.max.Y-r.min.Y))
			}
			escape(&out, r.title)
			out.WriteString("</title></rect>\n")
		}
		out.WriteString("</g>\n")
	}
	out.Write(svg[end:])
	return out.Bytes()
}

// svgNum writes l in points to two decimals without trailing zeros:
// "2.5", "93.27", "40".
func svgNum(l vg.Length) string {
	return strconv.FormatFloat(math.Round(l.Points()*100)/100, 'f', -1, 64)
}

func escape(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s)) // a bytes.Buffer does not fail
}

// hoverValue formats v for a tooltip as the report's tables do
// (coo/internal/numfmt), with its unit: "31.86 M CNY", "12,684 units",
// "3,185.7 万元", "12.3%" (percent: v is a fraction).
func (r *Renderer) hoverValue(v float64, unit string, percent bool) string {
	if percent {
		return numfmt.Percent(v, false)
	}
	return numfmt.Value(v, unit, r.lang)
}

// hoverChange is a signed hoverValue: "+3.79 M CNY", "-2.1%".
func (r *Renderer) hoverChange(v float64, unit string, percent bool) string {
	if percent {
		return numfmt.Percent(v, true)
	}
	return numfmt.Signed(v, unit, r.lang)
}

// hoverRange formats an interval for a tooltip: "29.1 M CNY – 34.6 M CNY".
func (r *Renderer) hoverRange(lo, hi float64, unit string, percent bool) string {
	return r.hoverValue(lo, unit, percent) + " – " + r.hoverValue(hi, unit, percent)
}

// at returns vs[i] and whether it is there and finite.
func at(vs []float64, i int) (float64, bool) {
	if i < 0 || i >= len(vs) || !finite(vs[i]) {
		return 0, false
	}
	return vs[i], true
}

// fanHits are the tooltips of a fan, one per period: its actual, forecast
// with intervals, and budget. panel, if not "", heads each tooltip (the
// panel of small multiples). c holds the values before clipping.
func (r *Renderer) fanHits(c Fan, panel, unit string, percent bool) []hit {
	var hits []hit
	for i, label := range c.Labels {
		head := clean(label, maxTick)
		if panel != "" {
			head = clean(panel, maxLabel) + " · " + head
		}
		lines := []string{head}
		if v, ok := at(c.Actual, i); ok {
			lines = append(lines, r.word("Actual")+": "+r.hoverValue(v, unit, percent))
		}
		j := i - c.Start
		if v, ok := at(c.Mean, j); ok {
			lines = append(lines, r.word("Forecast")+": "+r.hoverValue(v, unit, percent))
		}
		if lo, ok := at(c.Lo80, j); ok {
			if hi, ok := at(c.Hi80, j); ok {
				lines = append(lines, r.word("80% interval")+": "+r.hoverRange(lo, hi, unit, percent))
			}
		}
		if lo, ok := at(c.Lo95, j); ok {
			if hi, ok := at(c.Hi95, j); ok {
				lines = append(lines, r.word("95% interval")+": "+r.hoverRange(lo, hi, unit, percent))
			}
		}
		if v, ok := at(c.Budget, i); ok {
			lines = append(lines, r.word("Budget")+": "+r.hoverValue(v, unit, percent))
		}
		if len(lines) == 1 {
			continue
		}
		for _, f := range c.Flagged {
			if f == i {
				name := c.FlaggedName
				if name == "" {
					name = "Incomplete input"
				}
				lines = append(lines, clean(r.word(name), maxLabel))
				break
			}
		}
		x := float64(i)
		hits = append(hits, column(x-0.5, x+0.5, lines...))
	}
	return hits
}

// lineHits are the tooltips of lines, one per period with every series'
// value; series hold the values before clipping.
func (r *Renderer) lineHits(labels []string, series []LineSeries, unit string, percent bool) []hit {
	var hits []hit
	for i, label := range labels {
		lines := []string{clean(label, maxTick)}
		for _, sr := range series {
			if v, ok := at(sr.Values, i); ok {
				s := r.hoverValue(v, unit, percent)
				if name := clean(sr.Name, maxLabel); name != "" {
					s = name + ": " + s
				}
				lines = append(lines, s)
			}
		}
		if len(lines) > 1 {
			x := float64(i)
			hits = append(hits, column(x-0.5, x+0.5, lines...))
		}
	}
	return hits
}

// barHit is the tooltip of one bar, over its whole slot from a to b on the
// category axis: the category, the series (if named) and the value.
func (r *Renderer) barHit(horizontal bool, a, b float64, category, series string, v float64, unit string, percent bool) hit {
	s := r.hoverValue(v, unit, percent)
	if series = clean(series, maxLabel); series != "" {
		s = series + ": " + s
	}
	h := column(min(a, b), max(a, b), clean(category, maxTick), s)
	if horizontal {
		h.lo, h.hi = xy{h.lo.y, h.lo.x}, xy{h.hi.y, h.hi.x}
	}
	return h
}
